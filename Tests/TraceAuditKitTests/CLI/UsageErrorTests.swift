import Testing
@testable import TraceAuditKit

/// Parse errors are values (`UsageError`): each wrong command line gives the case that names
/// what is wrong, and the one renderer words it.
@Suite("Usage errors as values")
struct UsageErrorTests {
    static func error(_ arguments: [String]) -> UsageError? {
        do {
            _ = try Command.parse(arguments)
            return nil
        } catch {
            guard case .usage(let usage) = error else { return nil }
            return usage
        }
    }

    @Test(arguments: [
        (["--db", "a.db", "--fromat", "json"], UsageError.unknownOption("--fromat", hint: .didYouMean("--format"))),
        (["--db", "a.db", "--zzzzzzzz"], .unknownOption("--zzzzzzzz", hint: nil)),
        (["--db", "a.db", "--quiet=yes"], .unexpectedValue(option: "--quiet")),
        (["--db", "a.db", "--limit"], .missingValue(option: "--limit", valueName: "N", next: nil)),
        (["--db", "a.db", "--limit", "--all"], .missingValue(option: "--limit", valueName: "N", next: "--all")),
        (["--db", "a.db", "--limit", "x"], .invalidValue(option: "--limit", value: "x", expected: "a whole number of rows (0 or more)")),
        (["--db", "a.db", "--max-age", "soon"], .invalidValue(option: "--max-age", value: "soon", expected: "a span such as 90m, 24h or 2d")),
        (["--db", "a.db", "--min-jobs", "0"], .invalidValue(option: "--min-jobs", value: "0", expected: "a whole number of jobs (1 or more)")),
        (["--db", "postgresql://h/db", "--timeout", "0"], .invalidValue(option: "--timeout", value: "0", expected: "a number of seconds (0.001 to 604800)")),
        (["--db", "a.db", "--output", ""], .emptyValue(option: "--output", remedy: "give a file name")),
        (["--db", ""], .emptyValue(option: "--db", remedy: "give a SQLite file or a postgresql:// URL")),
        (["--db", "a.db", "--format", "csv"], .formatNotForCommand(format: "csv", command: "check", writers: ["violations", "daily", "logs"], report: nil)),
        (["--db", "a.db", "--format", "jsn"], .unknownFormat("jsn", choices: OutputFormat.allCases.map(\.rawValue), hint: .didYouMean("json"), report: nil)),
        (["--db", "a.db", "--limit", "5", "--all"], .conflicting("--limit", "--all", reason: "--limit and --all cannot go together; give one")),
        (["check"], .missingDatabase),
        (["chekc", "--db", "a.db"], .unknownCommand("chekc", hint: .didYouMean("check"))),
        (["check", "--db", "a.db", "extra"], .unexpectedArgument("extra", hint: nil, note: nil)),
        (["check", "postgresql://h/db"], .unexpectedArgument("postgresql://h/db", hint: .database("postgresql://h/db"), note: nil)),
        (["readiness", "--db", "a.db", "--since", "7d"], .notForCommand(option: "--since", command: "readiness", takenBy: ["check", "violations", "daily", "legacy", "distribution", "logs"], underSQL: false, takesIt: false)),
    ])
    func wrongCommandLinesAreTyped(arguments: [String], expected: UsageError) {
        let found = Self.error(arguments)
        if case .notForCommand(let option, let command, _, let underSQL, let takesIt)? = found,
            case .notForCommand(let wantOption, let wantCommand, _, let wantUnder, let wantTakes) = expected
        {
            // Which commands take an option is the option table's business: the case is what is checked here.
            #expect([option, command] == [wantOption, wantCommand] && underSQL == wantUnder && takesIt == wantTakes, "\(found!)")
        } else if case .formatNotForCommand(let format, let command, _, let report)? = found,
            case .formatNotForCommand(let wantFormat, let wantCommand, _, let wantReport) = expected
        {
            #expect(format == wantFormat && command == wantCommand && report == wantReport, "\(found!)")
        } else {
            #expect(found == expected, "\(arguments): \(String(describing: found))")
        }
    }

    /// The renderer keeps the words the tests and people know, with the password left out.
    @Test func renderedAsBefore() {
        #expect(FailureText.line(.unknownOption("--fromat", hint: .didYouMean("--format"))) == "unknown option '--fromat'; did you mean '--format'?")
        #expect(
            FailureText.line(.missingValue(option: "--limit", valueName: "N", next: "--all"))
                == "option '--limit' needs a value (N); '--all' is an option (a value that starts with - goes as --limit=VALUE)")
        let secret = "postgresql://u:s3cret@h/db"
        let line = FailureText.line(.unexpectedArgument(secret, hint: .database(secret), note: nil), quote: Echo.shown)
        #expect(!line.contains("s3cret"), "\(line)")
        #expect(line.hasPrefix("unexpected argument 'postgresql://u@h/db'; did you mean --db 'postgresql://u@h/db'?"), "\(line)")
        #expect(
            FailureText.line(.notForCommand(option: "--logs", command: "logs", takenBy: ["readiness"], underSQL: false, takesIt: false))
                == "--logs goes with readiness, not logs; logs reads the files named after it: traceaudit logs FILE…")
    }
}
