import Testing
@testable import TraceAuditKit

/// Which command takes which option, written out by hand from what each command really reads, so
/// that a change to the option table (`Option.declaration`) has to be a change here too.
@Suite("The option table")
struct OptionTableTests {
    static let everywhere: Set<String> = ["--db", "--cutoff", "--table", "--timeout", "--max-parallel", "--help", "--version"]
    static let reporting: Set<String> = ["--format", "--output", "--report", "--quiet", "--warn-only", "--post", "--notify-on", "--state"]
    /// The alert options, which need a format --post sends and --post itself.
    static let alerts: Set<String> = ["--post", "--notify-on", "--state"]
    static let window: Set<String> = ["--since", "--until", "--day"]
    static let freshness: Set<String> = ["--max-age", "--min-jobs"]
    static let rows: Set<String> = ["--limit", "--all"]
    static let listing: Set<String> = ["--placeholders"]
    /// The CI gate's thresholds and baseline.
    static let gate: Set<String> = ["--max-violations"]
    static let baseline: Set<String> = ["--baseline"]
    static let compliance: Set<String> = ["--min-compliance"]
    static let mail: Set<String> = ["--mail-to", "--mail-from", "--subject-prefix"]

    /// Every command, as typed, with the exact options it accepts.
    static let accepted: [(command: [String], options: Set<String>)] = [
        (["check"], everywhere.union(reporting).union(window).union(rows).union(gate).union(baseline).union(compliance).union(freshness).union(mail)),
        (["violations"], everywhere.union(reporting).union(window).union(rows).union(gate).union(baseline).union(mail)),
        (["legacy"], everywhere.union(reporting).union(window).union(gate).union(freshness).union(mail)),
        (["distribution"], everywhere.union(reporting).union(window).union(gate).union(compliance).union(freshness).union(mail)),
        (["daily"], everywhere.union(reporting).union(window).union(["--days"]).union(gate).union(compliance).union(freshness).union(mail)),
        (["logs"], everywhere.union(reporting).union(window).union(rows).union(["--allow-empty", "--supabase", "--function"])),
        (["readiness"], everywhere.union(reporting).union(["--days", "--logs", "--logs-cover", "--require-traffic", "--allow-empty", "--allow-empty-days", "--require-all-types", "--supabase", "--function"]).union(mail)),
        (["doctor"], everywhere.union(["--format", "--output"])),
        (["sql", "check"], everywhere.union(window).union(rows).union(listing).union(baseline).union(["--policy"])),
        (["sql", "violations"], everywhere.union(window).union(rows).union(listing).union(baseline)),
        (["sql", "legacy"], everywhere.union(window).union(listing)),
        (["sql", "distribution"], everywhere.union(window).union(listing)),
        (["sql", "daily"], everywhere.union(window).union(["--days"]).union(listing)),
        (["sql", "readiness"], everywhere.union(["--days"]).union(listing)),
    ]

    /// A valid value for each option that takes one.
    static let values: [String: String] = [
        "--db": "postgresql://auditor@db.internal/orchestrator", "--format": "json", "--since": "2026-03-01",
        "--until": "2026-04-01", "--days": "3", "--limit": "5", "--cutoff": "2026-02-01", "--table": "jobs",
        "--output": "report.json", "--report": "json=other.json", "--baseline": "baseline.json", "--max-violations": "3", "--min-compliance": "99.5", "--logs": "app.log", "--timeout": "5", "--max-parallel": "2",
        "--day": "2026-03-02", "--max-age": "24h", "--min-jobs": "10",
        "--mail-to": "oncall@example.com", "--mail-from": "audit@example.com", "--subject-prefix": "[jobs]",
        "--post": "https://hooks.example.com/services/x", "--notify-on": "always", "--state": "alerts.json",
        "--supabase": "abcdefghijklmnopqrst", "--function": "orchestrator",
        "--logs-cover": "2026-03-01..now",
    ]

    /// The environment of the parses: `logs --supabase` needs its token there.
    static let environment = ["SUPABASE_ACCESS_TOKEN": "sbp_test"]

    static let target = "postgresql://auditor@db.internal/orchestrator"

    static func commandLine(_ command: [String], with option: String) -> [String] {
        // logs reads log files, or the API with --supabase (which --function goes with).
        command + (command != ["logs"] ? [] : option == "--supabase" ? [] : option == "--function" ? ["--supabase", "abcdefghijklmnopqrst"] : ["app.log"])
            + ["--db", target, option] + (values[option].map { [$0] } ?? [])
            + (command == ["readiness"] && (option == "--allow-empty" || option == "--logs-cover") ? ["--logs", "app.log"] : [])
            + (command == ["readiness"] && option == "--function" ? ["--supabase", "abcdefghijklmnopqrst"] : [])
            + (mail.contains(option) ? ["--format", "email"] + (option == "--mail-to" ? [] : ["--mail-to", "a@example.com"]) : [])
            + (alerts.contains(option) ? ["--format", "json"] + (option == "--post" ? [] : ["--post", "@url"]) : [])
    }

    /// The mail options need `--format email`, which needs a recipient and refuses `--quiet`.
    @Test(arguments: [
        (["check", "--db", "x.sqlite", "--mail-to", "a@example.com"], "--mail-to goes with --format email or --report email=FILE"),
        (["check", "--db", "x.sqlite", "--format", "email"], "--format email needs a recipient: --mail-to user@example.com (repeat for more)"),
        (["check", "--db", "x.sqlite", "--format", "email", "--mail-to", "a@example.com\nBcc: b@example.com"], "--mail-to 'a@example.com\\nBcc: b@example.com' is not an e-mail address"),
        (["check", "--db", "x.sqlite", "--format", "email", "--mail-to", "a@example.com", "--quiet"], "--quiet goes badly with --format email"),
        (["check", "--db", "x.sqlite", "--format", "email", "--mail-to", "a@example.com", "--subject-prefix", "x\r\nBcc: b@example.com"], "--subject-prefix"),
        (["logs", "app.log", "--format", "html"], "--format html is for the check, violations, legacy, distribution, daily and readiness commands, not logs"),
        (["readiness", "--db", "x.sqlite", "--format", "email"], "--format email needs a recipient"),
    ])
    func mailOptions(arguments: [String], message: String) {
        let result = run(arguments)
        #expect(result.code == .usageError)
        #expect(result.errors.hasPrefix("traceaudit: error: \(message)"), "\(result.errors)")
    }

    /// `--report email=FILE` takes the mail options too: the report file is the message.
    @Test func mailOptionsGoWithAnEmailReportFile() throws {
        guard case .tableCheck(let options) = try Command.parse(
            ["check", "--db", "x.sqlite", "--report", "email=daily.eml", "--mail-to", "a@example.com", "--quiet"])
        else { throw TestFailure("not a table check") }
        #expect(options.report.destination.mail.recipients.map(\.address) == ["a@example.com"] && options.report.quiet)
    }

    /// Every `--mail-to` is a recipient, in order.
    @Test func mailSettingsReachTheWriter() throws {
        guard case .tableCheck(let options) = try Command.parse(
            ["daily", "--db", "x.sqlite", "--format", "email", "--mail-to", "a@example.com", "--mail-to", "Zoë Ops <ops@example.com>",
             "--mail-from", "audit@example.com", "--subject-prefix", ""])
        else { throw TestFailure("not a table check") }
        #expect(options.report.destination.mail.recipients.map(\.address) == ["a@example.com", "ops@example.com"])
        #expect(options.report.destination.mail.recipients[1].name == "Zoë Ops")
        #expect(options.report.destination.mail.sender?.address == "audit@example.com" && options.report.destination.mail.subjectPrefix == "")
    }

    /// `readiness --allow-empty` without `--logs` would change nothing: refused.
    @Test func allowEmptyNeedsLogsUnderReadiness() {
        let result = run(["readiness", "--db", "x.sqlite", "--allow-empty"])
        #expect(result.code == .usageError)
        #expect(result.errors.contains("--allow-empty goes with --logs"))
    }

    /// The commands (not under sql) that take `option`, by the hand-written table.
    static func takers(of option: String) -> [String] {
        accepted.filter { $0.command.count == 1 && $0.options.contains(option) }.map { $0.command[0] }
    }

    @Test func everyCommandIsListed() {
        let listed = Set(Self.accepted.map { $0.command.joined(separator: " ") })
        #expect(listed.isSuperset(of: AuditCommand.allCases.map(\.rawValue)))
        // Every option is taken by some command, and has a valid value here if it takes one.
        #expect(Set(Self.accepted.flatMap(\.options)) == Set(Option.allCases.map(\.rawValue)))
        #expect(Set(Self.values.keys) == Set(Option.allCases.filter { $0.valueName != nil }.map(\.rawValue)))
    }

    /// Every option with every command: accepted exactly when listed, otherwise exit 2 with a
    /// message naming every command that takes it.
    @Test(arguments: Self.accepted.map { $0.command.joined(separator: " ") })
    func optionsOfCommand(_ name: String) throws {
        let accepted = try #require(Self.accepted.first { $0.command.joined(separator: " ") == name })
        for option in Option.allCases.map(\.rawValue) {
            let arguments = Self.commandLine(accepted.command, with: option)
            if accepted.options.contains(option) {
                #expect(throws: Never.self, "\(arguments)") { try Command.parse(arguments, environment: Self.environment) }
            } else {
                let result = run(arguments)
                #expect(result.code == .usageError, "\(arguments)")
                let message = result.errors.split(separator: "\n").first.map(String.init) ?? ""
                #expect(message.hasPrefix("traceaudit: error: \(option) goes with "), "\(arguments)")
                for taker in Self.takers(of: option) {
                    #expect(message.contains(taker), "\(arguments): \(message) does not name \(taker)")
                }
                #expect(message.contains("not \(name)"), "\(arguments): \(message)")
            }
        }
    }

    /// What the parser gives each command is what the command reads.
    @Test func acceptedOptionsReachTheirCommand() throws {
        guard case .readiness(let readiness) = try Command.parse(
            ["readiness", "--db", Self.target, "--days", "14", "--require-traffic", "--logs", "a.log", "b.log", "--timeout", "2"])
        else { throw TestFailure("not readiness") }
        #expect(readiness.readiness.days == 14 && readiness.readiness.requireTraffic && readiness.readiness.logFiles == ["a.log", "b.log"])
        #expect(readiness.database.timeoutMilliseconds == 2000)
        #expect(!readiness.readiness.allowEmptyDays && !readiness.readiness.requireAllTypes)
        guard case .readiness(let lenient) = try Command.parse(["readiness", "--db", Self.target, "--allow-empty-days", "--require-all-types"])
        else { throw TestFailure("not readiness") }
        #expect(lenient.readiness.allowEmptyDays && !lenient.readiness.requireTraffic && lenient.readiness.requireAllTypes)
        guard case .logs(let logs) = try Command.parse(["logs", "a.log", "-", "--since", "2026-03-01", "--all", "--quiet"]) else {
            throw TestFailure("not logs")
        }
        #expect(logs.logs.logFiles == ["a.log", "-"] && logs.database == nil && logs.report.request.violationLimit == nil && logs.report.quiet)
        #expect(logs.report.request.window.since?.description == "2026-03-01T00:00:00Z")
        guard case .doctor(let doctor) = try Command.parse(["doctor", "--db", "s.sqlite", "--table", "x.jobs", "--format", "json"]) else {
            throw TestFailure("not doctor")
        }
        #expect(doctor.report.request.policy.table.description == "x.jobs" && doctor.report.destination.format == .json)
        guard case .sql(let sql, _) = try Command.parse(["sql", "daily", "--db", Self.target, "--days", "3", "--timeout", "9"]) else {
            throw TestFailure("not sql")
        }
        #expect(sql.command == .daily && sql.request.dailyDays?.count == 3 && sql.database.timeoutMilliseconds == 9000)
    }

    /// The report's options are one group, read by one function: the same words give the same
    /// `ReportOptions` to every command that writes a report.
    @Test func reportOptionsAreOneGroupForEveryCommand() throws {
        let words = [
            "--db", "x.sqlite", "--format", "json", "--output", "r.json", "--report", "junit=r.xml", "--report", "markdown+=s.md",
            "--quiet", "--warn-only", "--post", "https://hooks.example.com/x", "--cutoff", "2026-03-01", "--table", "s.jobs",
        ]
        var groups: [String: ReportOptions] = [:]
        for command in ["check", "violations", "legacy", "distribution", "daily", "logs", "readiness"] {
            switch try Command.parse([command] + (command == "logs" ? ["a.log"] : []) + words) {
            case .tableCheck(let options): groups[command] = options.report
            case .logs(let options): groups[command] = options.report
            case .readiness(let options): groups[command] = options.report
            default: throw TestFailure("\(command) is not a report")
            }
        }
        let check = try #require(groups["check"])
        #expect(check.destination.format == .json && check.destination.outputPath == "r.json" && check.quiet && check.warnOnly)
        #expect(check.destination.reports == [ReportFile(format: .junit, path: "r.xml"), ReportFile(format: .markdown, path: "s.md", appends: true)])
        #expect(check.destination.post != nil && check.request.policy.table.description == "s.jobs")
        for (command, group) in groups {
            #expect(group.destination == check.destination && group.quiet && group.warnOnly, "\(command)")
            #expect(group.request.policy == check.request.policy, "\(command)")
        }
    }

    /// `--timeout` is PostgreSQL's statement timeout: refused for a SQLite snapshot (from `--db` or
    /// the environment) and for `logs` without a database.
    @Test(arguments: [
        (["check", "--timeout", "5", "--db", "snap.sqlite"], [String: String](), "--db 'snap.sqlite' is a SQLite snapshot"),
        (["doctor", "--timeout", "5"], ["TRACEAUDIT_DB": "snap.sqlite"], "$TRACEAUDIT_DB 'snap.sqlite' is a SQLite snapshot"),
        (["sql", "--timeout", "5", "--db", "sqlite:x"], [:], "--db 'x' is a SQLite snapshot"),
        (["logs", "a.log", "--timeout", "5"], [:], "logs reads no database without --db"),
    ])
    func timeoutIsForPostgreSQL(arguments: [String], environment: [String: String], reason: String) {
        let result = run(arguments, environment: environment)
        #expect(result.code == .usageError)
        #expect(result.errors.hasPrefix("traceaudit: error: --timeout applies to PostgreSQL only"))
        #expect(result.errors.contains(reason))
        #expect(throws: Never.self) { try Command.parse(["logs", "a.log", "--timeout", "5", "--db", Self.target]) }
    }

    /// The examples, each refused with where the option belongs.
    @Test(arguments: [
        (["readiness", "--since", "2d", "--db", "x.sqlite"], "--since goes with the check, violations, legacy, distribution, daily and logs commands, not readiness; readiness reads whole UTC days back from today: use --days"),
        (["doctor", "--quiet", "--db", "x.sqlite"], "--quiet goes with the check, violations, legacy, distribution, daily, logs and readiness commands, not doctor"),
        (["sql", "violations", "--format", "json", "--db", "x.sqlite"], "--format goes with the check, violations, legacy, distribution, daily, logs, readiness and doctor commands, not sql violations (sql prints the statements, which --format does not change)"),
        (["logs", "a.log", "--logs", "b.log"], "--logs goes with readiness, not logs; logs reads the files named after it: traceaudit logs FILE…"),
        (["legacy", "--limit", "5", "--db", "x.sqlite"], "--limit goes with the check, violations and logs commands, not legacy"),
    ])
    func refusals(arguments: [String], message: String) {
        let result = run(arguments)
        #expect(result.code == .usageError)
        #expect(result.errors.hasPrefix("traceaudit: error: \(message)\n"))
    }

    /// `help CMD` and `CMD --help` list only CMD's options; `--help` lists every option with the
    /// commands that take it.
    @Test func helpListsEachCommandsOptions() throws {
        for entry in Self.accepted where entry.command.count == 1 {
            let help = run(["help"] + entry.command).output
            #expect(run(entry.command + ["--help"]).output == help)
            let options = try #require(help.split(separator: "\n\n").first { $0.hasPrefix("Options:") })
            let listed = Set(options.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  --") else { return nil }
                return line.split(separator: " ").first.map(String.init)
            })
            #expect(listed == entry.options, "help \(entry.command[0])")
        }
        let general = run(["--help"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for option in Option.allCases {
            #expect(general.contains(" " + option.rawValue + " "), "\(option.rawValue) in --help")
        }
        #expect(general.contains("[check, violations, legacy, distribution, daily, logs, sql]"))
        #expect(general.contains("[readiness]"))
        #expect(general.contains("[every command; PostgreSQL only]"))
    }

    /// For `logs`, the window bounds when entries were logged (and, in the cross-check, when jobs
    /// succeeded), not when jobs were created.
    @Test func logsHelpSaysWhatItsWindowBounds() {
        let help = run(["help", "logs"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for option in ["--since WHEN", "--until WHEN", "--day DAY"] {
            let start = help.range(of: option)
            #expect(start != nil, "\(option) in help logs")
            guard let start else { continue }
            let line = help[start.upperBound...].prefix(60)
            #expect(line.contains("log entries logged"), "\(option): \(line)")
            #expect(!line.contains("jobs created"), "\(option): \(line)")
        }
    }
}
