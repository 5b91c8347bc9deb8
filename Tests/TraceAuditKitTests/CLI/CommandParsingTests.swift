import Testing
@testable import TraceAuditKit

@Suite("Parsing the command line")
struct CommandParsingTests {
    func options(_ arguments: [String], environment: [String: String] = [:], now: Instant = .now) throws -> TableCheckOptions {
        guard case .tableCheck(let options) = try Command.parse(arguments, environment: environment, now: now) else {
            throw TestFailure("not a table check: \(arguments)")
        }
        return options
    }

    @Test func defaults() throws {
        let parsed = try options(["--db", "snap.sqlite"])
        #expect(parsed.check == .check)
        #expect(parsed.database.target == .sqlite(path: "snap.sqlite"))
        #expect(parsed.report.destination.format == .table)
        #expect(parsed.report.request.policy.cutoff.description == "2026-02-01T00:00:00Z")
        #expect(parsed.report.request.policy.table.description == "main.executor_jobs")
        #expect(parsed.report.request.violationLimit == 50)
    }

    /// The table is resolved for the engine, never left to the connection's search_path (issue 20
    /// item 1): NAME is public.NAME on PostgreSQL, main.NAME on SQLite; a schema given is kept.
    @Test(arguments: [
        (["--db", "postgresql://h/db"], "public.executor_jobs"),
        (["--db", "postgresql://h/db", "--table", "jobs"], "public.jobs"),
        (["--db", "postgresql://h/db", "--table", "audit.jobs"], "audit.jobs"),
        (["--db", "snap.sqlite", "--table", "jobs"], "main.jobs"),
        (["--db", "snap.sqlite", "--table", "other.jobs"], "other.jobs"),
    ])
    func tableResolvedForTheEngine(arguments: [String], table: String) throws {
        #expect(try options(arguments).report.request.policy.table.description == table)
    }

    @Test func logsBeforeTheCommandWordStillNameIt() throws {
        let parsed = try Command.parse(["--logs", "a.log", "b.log", "readiness", "--db", "x.sqlite"])
        guard case .readiness(let options) = parsed else { throw TestFailure("not readiness: \(parsed)") }
        #expect(options.readiness.logFiles == ["a.log", "b.log"])
        // A log file named like a command, after the command word, stays a file.
        guard case .readiness(let named) = try Command.parse(["readiness", "--db", "x.sqlite", "--logs", "check"]) else {
            throw TestFailure("not readiness")
        }
        #expect(named.readiness.logFiles == ["check"])
    }

    @Test func everyOptionInBothSpellings() throws {
        let spaced = try options([
            "check", "--db", "a.db", "--format", "json", "--cutoff", "2026-03-01", "--table", "s.jobs", "--limit", "7",
        ])
        let joined = try options(["--db=a.db", "--format=json", "--cutoff=2026-03-01", "--table=s.jobs", "--limit=7", "check"])
        #expect(spaced == joined)
        #expect(spaced.report.destination.format == .json)
        #expect(spaced.report.request.policy.cutoff.description == "2026-03-01T00:00:00Z")
        #expect(spaced.report.request.policy.table.quoted == "\"s\".\"jobs\"")
        #expect(spaced.report.request.violationLimit == 7)
    }

    @Test(arguments: [
        ("postgresql://u@h:5432/db", DatabaseTarget.postgresql(connection: "postgresql://u@h:5432/db")),
        ("postgres://h/db", .postgresql(connection: "postgres://h/db")),
        ("host=h dbname=db", .postgresql(connection: "host=h dbname=db")),
        ("sqlite:snap.sqlite", .sqlite(path: "snap.sqlite")),
        ("/var/snap.sqlite", .sqlite(path: "/var/snap.sqlite")),
    ])
    func targets(text: String, target: DatabaseTarget) throws {
        #expect(try options(["--db", text]).database.target == target)
    }

    @Test func targetFromEnvironment() throws {
        #expect(try options([], environment: ["TRACEAUDIT_DB": "a.db", "DATABASE_URL": "b.db"]).database.target == .sqlite(path: "a.db"))
        #expect(
            try options([], environment: ["DATABASE_URL": "postgresql://h/db"]).database.target
                == .postgresql(connection: "postgresql://h/db"))
        #expect(try options(["--db", "c.db"], environment: ["TRACEAUDIT_DB": "a.db"]).database.target == .sqlite(path: "c.db"))
        #expect(try options([], environment: ["TRACEAUDIT_DB": "", "DATABASE_URL": "b.db"]).database.target == .sqlite(path: "b.db"))
    }

    @Test func helpAndVersion() throws {
        #expect(try Command.parse(["--help"]) == .help(nil))
        #expect(try Command.parse(["-h"]) == .help(nil))
        #expect(try Command.parse(["help"]) == .help(nil))
        #expect(try Command.parse(["help", "check"]) == .help(.command(.check)))
        #expect(try Command.parse(["check", "--help"]) == .help(.command(.check)))
        #expect(try Command.parse(["violations", "-h"]) == .help(.command(.violations)))
        #expect(try Command.parse(["help", "sql"]) == .help(.sql))
        #expect(try Command.parse(["sql", "--help"]) == .help(.sql))
        #expect(try Command.parse(["--version"]) == .version)
        #expect(try Command.parse(["--db", "x", "--version"]) == .version)
        // Help explains a command even with options it would refuse.
        #expect(try Command.parse(["readiness", "--since", "2d", "--help"]) == .help(.command(.readiness)))
    }

    /// Each mistake is a usage error whose message says what is wrong.
    @Test(arguments: [
        (["--db", "a.db", "--frmat", "json"], "unknown option '--frmat'; did you mean '--format'?"),
        (["--db"], "option '--db' needs a value (TARGET)"),
        (["--db", "a.db", "--format", "xml"], "unknown format 'xml'"),
        (["--db", "a.db", "--format", "jsn"], "did you mean 'json'?"),
        (["--db", "a.db", "--cutoff", "last tuesday"], "--cutoff 'last tuesday' is not an ISO 8601"),
        (["--db", "a.db", "--cutoff", "2026-02-30"], "is not an ISO 8601"),
        (["--db", "a.db", "--limit", "-1"], "--limit '-1' is not a whole number"),
        (["--db", "a.db", "--limit", "ten"], "--limit 'ten' is not a whole number"),
        (["--db", "a.db", "--table", "a;b"], "--table 'a;b' is not a table name; use letters, digits, _ and $ (not first)"),
        (["--db", "postgresql://h/db", "--table", "pg_temp.executor_jobs"], "names a session's temporary schema"),
        (["chek", "--db", "a.db"], "unknown command 'chek'; did you mean 'check'?"),
        (["check", "check", "--db", "a.db"], "unexpected argument 'check'"),
        (["--db", "a.db", "--help=yes"], "option '--help' takes no value"),
        ([], "no database given"),
        (["--db", ""], "--db is empty"),
        (["help", "nope"], "no help for 'nope'"),
        (["help", "dayly"], "no help for 'dayly'; did you mean 'daily'?"),
        (["violatons", "--db", "a.db"], "did you mean 'violations'?"),
        (["--db", "a.db", "--limit", "5", "--all"], "--limit and --all cannot go together"),
        (["--db", "a.db", "--days", "7"], "--days goes with the daily and readiness commands"),
        (["daily", "--db", "a.db", "--days", "0"], "--days '0' is not a whole number of days"),
        (["--db", "a.db", "--since", "lastweek"], "--since 'lastweek' is not an ISO 8601 date or instant, today, yesterday, nor a span"),
        (["--db", "a.db", "--day", "2026-02-30"], "--day '2026-02-30' is not a UTC day; give YYYY-MM-DD, yesterday or today"),
        (["--db", "a.db", "--day", "yesterday", "--since", "2d"], "--day names a whole UTC day and cannot go with --since or --until"),
        (["--db", "a.db", "--max-age", "soon"], "--max-age 'soon' is not a span such as 90m, 24h or 2d"),
        (["--db", "a.db", "--min-jobs", "0"], "--min-jobs '0' is not a whole number of jobs (1 or more)"),
        (["--db", "a.db", "--until", "5y"], "--until '5y' is not"),
        (["--db", "a.db", "--since", "2026-03-01", "--until", "2026-02-01"], "is not before --until"),
        (["--db", "a.db", "--format", "csv"], "--format csv is for the violations, daily and logs commands, not check"),
        (["legacy", "--db", "a.db", "--format", "csv"], "not legacy"),
        (["--db", "postgresql://h/db", "--timeout", "0"], "--timeout '0' is not a number of seconds"),
        (["--db", "a.db", "--output", ""], "--output is empty"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect {
            try Command.parse(arguments)
        } throws: { error in
            guard case .usage(let usage) = error as? TraceAuditError else { return false }
            return FailureText.line(usage, quote: Echo.shown).contains(message)
        }
    }

    static let now = Instant(parsing: "2026-11-29T16:20:00Z")!

    @Test(arguments: [
        ("90m", "2026-11-29T14:50:00Z"), ("24h", "2026-11-28T16:20:00Z"), ("7d", "2026-11-22T16:20:00Z"),
        ("2w", "2026-11-15T16:20:00Z"), ("30s", "2026-11-29T16:19:30Z"), ("2026-11-01", "2026-11-01T00:00:00Z"),
        ("2026-11-01T12:00:00+02:00", "2026-11-01T10:00:00Z"), ("today", "2026-11-29T00:00:00Z"),
        ("yesterday", "2026-11-28T00:00:00Z"),
    ])
    func windowBounds(text: String, instant: String) throws {
        let parsed = try options(["--db", "a.db", "--since", text], now: Self.now)
        #expect(parsed.report.request.window.since?.description == instant)
        #expect(parsed.report.request.window.until == nil)
    }

    /// Complete UTC days: `--day` is exactly that day; `--since yesterday --until today` too.
    @Test(arguments: [
        (["--day", "2026-11-03"], "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"),
        (["--day", "yesterday"], "2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z"),
        (["--day", "today"], "2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z"),
        (["--since", "yesterday", "--until", "today"], "2026-11-28T00:00:00Z", "2026-11-29T00:00:00Z"),
    ])
    func completeDays(arguments: [String], since: String, until: String) throws {
        let parsed = try options(["--db", "a.db"] + arguments, now: Self.now)
        #expect(parsed.report.request.window.since?.description == since)
        #expect(parsed.report.request.window.until?.description == until)
    }

    /// `--max-age` and `--min-jobs` reach the request.
    @Test func freshnessThresholds() throws {
        let parsed = try options(["--db", "a.db", "--max-age", "36h", "--min-jobs", "1000"], now: Self.now)
        #expect(parsed.report.request.maxAge == 129_600_000_000)
        #expect(parsed.report.request.minJobs == 1000)
    }

    /// `daily --days N`: the last N UTC days, today included, never before the cutoff.
    @Test func dailyDays() throws {
        let parsed = try options(["daily", "--db", "a.db", "--days", "7"], now: Self.now)
        #expect(parsed.report.request.window.since?.description == "2026-11-23T00:00:00Z")
        let range = try #require(parsed.report.request.dailyDays)
        #expect(UTCDay(number: range.lowerBound).description == "2026-11-23")
        #expect(UTCDay(number: range.upperBound).description == "2026-11-29")
        let early = try options(["daily", "--db", "a.db", "--days", "30", "--until", "2026-02-05"], now: Self.now)
        #expect(early.report.request.dailyDays.map { UTCDay(number: $0.lowerBound).description } == "2026-02-01")
        #expect(early.report.request.dailyDays.map { UTCDay(number: $0.upperBound).description } == "2026-02-04")
        let defaulted = try options(["daily", "--db", "a.db"], now: Self.now)
        #expect(defaulted.report.request.dailyDays?.count == 30)
    }

    @Test func ciAndCronOptions() throws {
        let parsed = try options(["violations", "--db", "a.db", "--all", "--output", "r.json", "--quiet", "--warn-only", "--format", "csv"])
        #expect(parsed.check == .violations)
        #expect(parsed.report.request.violationLimit == nil)
        #expect(parsed.report.destination.outputPath == "r.json")
        #expect(parsed.report.quiet && parsed.report.warnOnly)
        #expect(parsed.report.destination.format == .csv)
        guard case .sql(let sql, _) = try Command.parse(["sql", "violations", "--db", "a.db"]) else {
            Issue.record("sql is not parsed")
            return
        }
        #expect(sql.command == .violations)
    }

    @Test func usageErrorsExitTwoWithUsageLine() {
        let result = run(["--db", "a.db", "--frmat", "json"])
        #expect(result.code == .usageError)
        #expect(result.output.isEmpty)
        #expect(result.errors == """
            traceaudit: error: unknown option '--frmat'; did you mean '--format'?
            \(Help.usage)
            See 'traceaudit --help'.

            """)
    }

    @Test func editDistance() {
        #expect(Command.editDistance("kitten", "sitting") == 3)
        #expect(Command.editDistance("", "abc") == 3)
        #expect(Command.suggestion(for: "--zzzzzz", among: ["--db", "--format"]).isEmpty)
    }
}
