/// Why traceaudit could not give a verdict. Violations are not errors: they are an `AuditReport`.
public enum TraceAuditError: Error, Equatable, Sendable {
    /// The command line is wrong; the message says what and how to fix it. Exit 2.
    case usage(String)
    /// The audit could not be carried out: connection, missing table or column, query error,
    /// timeout. The message is one line for a person, with no password in it. Exit 3.
    case cannotCheck(String)
    /// A signal stopped the audit before it finished. Exit 128 + the signal's number.
    case interrupted(signal: Int32)
    /// The reader of standard output went away (`| head`); the run ends quietly with its verdict.
    case outputClosed(passed: Bool)

    /// The process exit code for this error.
    public var exitCode: ExitCode {
        switch self {
        case .usage: return .usageError
        case .cannotCheck: return .cannotCheck
        case .interrupted(let signal): return ExitCode(rawValue: 128 + signal)
        case .outputClosed(let passed): return passed ? .passed : .violations
        }
    }

    /// The one-line message.
    public var message: String {
        switch self {
        case .usage(let message), .cannotCheck(let message): return message
        case .interrupted(let signal): return "interrupted by signal \(signal); the audit did not finish"
        case .outputClosed: return "standard output was closed"
        }
    }
}

/// traceaudit's exit codes, a contract with CI pipelines and cron.
public struct ExitCode: RawRepresentable, Hashable, Sendable {
    /// The numeric code.
    public let rawValue: Int32

    /// Creates a code.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The policy holds.
    public static let passed = ExitCode(rawValue: 0)
    /// Violations (or undated jobs without a trace) were found.
    public static let violations = ExitCode(rawValue: 1)
    /// The command line was wrong.
    public static let usageError = ExitCode(rawValue: 2)
    /// The audit could not be carried out; never read this as a pass.
    public static let cannotCheck = ExitCode(rawValue: 3)
}
