/// Why traceaudit could not give a verdict. Violations are not errors: they are an `AuditReport`.
public enum TraceAuditError: Error, Equatable, Sendable {
    /// The command line is wrong. Exit 2.
    case usage(UsageError)
    /// The audit could not be carried out: connection, missing table or column, query error,
    /// timeout, a file that cannot be read or written. Exit 3.
    case failed(Failure)
    /// A signal stopped the audit before it finished. Exit 128 + the signal's number.
    case interrupted(signal: Int32)
    /// The reader of standard output went away (`| head`); the run ends quietly with its verdict.
    case outputClosed(passed: Bool)

    /// The process exit code for this error.
    public var exitCode: ExitCode {
        switch self {
        case .usage: return .usageError
        case .failed: return .cannotCheck
        case .interrupted(let signal): return ExitCode(rawValue: 128 + signal)
        case .outputClosed(let passed): return passed ? .passed : .violations
        }
    }

    /// The failure, when the audit could not be carried out.
    public var failure: Failure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }

    /// A signal that System reported.
    init(_ interrupted: Interrupted) {
        self = .interrupted(signal: interrupted.signal)
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
