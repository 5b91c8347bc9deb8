/// Every option of traceaudit, spelled as on the command line, with its row of the option table
/// (`declaration`): the value it takes, the commands that accept it, the databases it applies to
/// and its help line.
///
/// The table is the one place that says which command takes which option: the parser refuses an
/// option a command would ignore (exit 2, naming the commands that take it) and help lists each
/// command's own options from it. Adding an option is a case here, its row in `declaration`, and a
/// field (read in `Command+Parsing.swift`) on the options of the commands that take it.
public enum Option: String, CaseIterable, Hashable, Sendable {
    case db = "--db"
    case format = "--format"
    case since = "--since"
    case until = "--until"
    case day = "--day"
    case days = "--days"
    case limit = "--limit"
    case all = "--all"
    case cutoff = "--cutoff"
    case table = "--table"
    case output = "--output"
    case report = "--report"
    case baseline = "--baseline"
    case maxViolations = "--max-violations"
    case minCompliance = "--min-compliance"
    case quiet = "--quiet"
    case warnOnly = "--warn-only"
    case logs = "--logs"
    case supabase = "--supabase"
    case function = "--function"
    case logsCover = "--logs-cover"
    case requireTraffic = "--require-traffic"
    case maxAge = "--max-age"
    case minJobs = "--min-jobs"
    case allowEmpty = "--allow-empty"
    case allowEmptyDays = "--allow-empty-days"
    case requireAllTypes = "--require-all-types"
    case mailTo = "--mail-to"
    case mailFrom = "--mail-from"
    case subjectPrefix = "--subject-prefix"
    case timeout = "--timeout"
    case post = "--post"
    case notifyOn = "--notify-on"
    case state = "--state"
    case maxParallel = "--max-parallel"
    case placeholders = "--placeholders"
    case policy = "--policy"
    case help = "--help"
    case version = "--version"

    /// The option's row of the table.
    var declaration: Declaration {
        switch self {
        case .db:
            Declaration(
                "TARGET", for: .everyCommand, sql: .printable,
                help: "a SQLite snapshot (path, or sqlite:PATH), or PostgreSQL: a postgresql:// URL or a libpq keyword string; default $TRACEAUDIT_DB, then $DATABASE_URL (logs reads a database only with --db)")
        case .format:
            Declaration(
                "FORMAT", for: .reporting + [.doctor],
                help: "table (default), json, junit, markdown, github, prometheus, csv (violations, daily and logs), email or html (the table's checks and readiness), slack or pagerduty (an alert, see --post), ids (violations and logs: the job ids, one a line); doctor: table or json")
        case .since:
            Declaration(
                "WHEN", for: .windowed, sql: .checks,
                help: "only jobs created at or after WHEN: an ISO 8601 date or instant, today or yesterday (midnight UTC), or a span back from now (90m, 24h, 7d, 2w)",
                helpFor: [
                    .logs: "only log entries logged at or after WHEN (and, with --db, jobs that succeeded then or later): an ISO 8601 date or instant, today or yesterday (midnight UTC), or a span back from now (90m, 24h, 7d, 2w)"
                ])
        case .until:
            Declaration(
                "WHEN", for: .windowed, sql: .checks, help: "only jobs created before WHEN (same forms; --until today ends at midnight UTC)",
                helpFor: [.logs: "only log entries logged before WHEN (and, with --db, jobs that succeeded before it); same forms"])
        case .day:
            Declaration(
                "DAY", for: .windowed, sql: .checks,
                help: "only jobs created on that complete UTC day: YYYY-MM-DD, yesterday or today (instead of --since/--until)",
                helpFor: [.logs: "only log entries logged on that complete UTC day (and, with --db, jobs that succeeded on it): YYYY-MM-DD, yesterday or today"])
        case .days:
            Declaration(
                "N", for: [.daily, .readiness], sql: [.daily, .readiness],
                help: "daily: the last N UTC days, today included, days without jobs too (default 30); readiness: the complete days required clean before today (default 7)",
                helpFor: [
                    .daily: "the last N UTC days, today included, days without jobs too (default 30)",
                    .readiness: "the complete UTC days required clean before today (default 7)",
                ])
        case .limit:
            Declaration(
                "N", for: .listingRows, sql: [.check, .violations],
                help: "most violation rows (or log entries) listed, newest first (default 50); the count stays exact")
        case .all:
            Declaration(nil, for: .listingRows, sql: [.check, .violations], help: "list every violation row (or log entry), streamed")
        case .cutoff:
            Declaration(
                "INSTANT", for: .everyCommand, sql: .printable,
                help: "first instant the policy covers (default 2026-02-01T00:00:00Z; a date is midnight UTC)")
        case .table:
            Declaration("NAME", for: .everyCommand, sql: .printable, help: "the jobs table, optionally schema.table (default executor_jobs)")
        case .output:
            Declaration(
                "FILE", for: .reporting + [.doctor],
                help: "write the report to FILE atomically (temporary file, then rename) instead of standard output")
        case .report:
            Declaration(
                "FORMAT=FILE", for: .reporting,
                help: "also write the same audit in FORMAT to FILE atomically (repeatable); FORMAT+=FILE appends instead (a shared step summary)")
        case .baseline:
            Declaration(
                "FILE", for: [.check, .violations], sql: [.check, .violations],
                help: "fail only on violations not in FILE: a JSON report (traceaudit violations --all --format json) or job ids, one a line; lists stale entries")
        case .maxViolations:
            Declaration(
                "N", for: .checks,
                help: "pass with up to N violations (not counting --baseline's); default 0, the policy's own; undated jobs without a trace still fail")
        case .minCompliance:
            Declaration(
                "PERCENT", for: [.check, .distribution, .daily],
                help: "also fail when under PERCENT of the window's succeeded jobs since the cutoff have a trace_id (0 to 100)")
        case .quiet:
            Declaration(nil, for: .reporting, help: "print nothing when the audit passes (for cron, which mails only output); a report file (--output, --report) is still written whole")
        case .warnOnly:
            Declaration(nil, for: .reporting, help: "exit 0 even with violations (the policy's log-only mode); a failure to check still exits 3")
        case .logs:
            Declaration(
                "FILE", for: [.readiness],
                help: "also require no POLICY_VIOLATION entry in these logs (repeat, or list files after it; - is standard input)")
        case .supabase:
            Declaration(
                "REF", for: [.logs, .readiness],
                help: "fetch the edge function's logs of Supabase project REF from the Management API (token in $SUPABASE_ACCESS_TOKEN; logs: default span the last 24 h; readiness: the window, a day covered only where the API still returns the function's records)",
                helpFor: [
                    .logs: "fetch the edge function's logs of Supabase project REF from the Management API (token in $SUPABASE_ACCESS_TOKEN; default span the last 24 h)",
                    .readiness: "fetch the edge function's logs of Supabase project REF for the window (token in $SUPABASE_ACCESS_TOKEN); a day counts as log-clean only where the API still returns the function's records (the plan's log retention)",
                ])
        case .function:
            Declaration("NAME", for: [.logs, .readiness], help: "with --supabase: the edge function whose logs are read (default orchestrator)")
        case .logsCover:
            Declaration(
                "SINCE..UNTIL", for: [.readiness],
                help: "with --logs: the span a filtered export covers (e.g. 2026-11-29..now); by default each file covers its first to its last record")
        case .allowEmpty:
            Declaration(
                nil, for: [.logs, .readiness],
                help: "a log input with no records passes (by default it cannot be checked: exit 3); readiness: with --logs")
        case .maxAge:
            Declaration(
                "SPAN", for: .freshness,
                help: "fail (exit 1) when the newest succeeded job in the window is older than SPAN (90m, 24h, 2d), or there is none")
        case .minJobs:
            Declaration("N", for: .freshness, help: "fail (exit 1) when the window holds fewer than N succeeded jobs")
        case .requireTraffic:
            Declaration(nil, for: [.readiness], help: "a day without succeeded jobs is not clean (no evidence is not proof): the default, named")
        case .allowEmptyDays:
            Declaration(nil, for: [.readiness], help: "count complete days without succeeded jobs as clean (the streak still starts at the first day with jobs)")
        case .requireAllTypes:
            Declaration(nil, for: [.readiness], help: "NOT READY while a job type seen in the last 30 days has no traced success in the window")
        case .mailTo:
            Declaration(
                "ADDRESS", for: .checks + [.readiness],
                help: "with --format email: a recipient, user@example.com or 'Name <user@example.com>' (repeat for more)")
        case .mailFrom:
            Declaration("ADDRESS", for: .checks + [.readiness], help: "with --format email: the sender (default traceaudit@ this host's fully qualified name; without one, exit 2)")
        case .subjectPrefix:
            Declaration("TEXT", for: .checks + [.readiness], help: "with --format email: the subject's first word (default [traceaudit]; '' for none)")
        case .timeout:
            Declaration(
                "SECONDS", for: .everyCommand, sql: .printable, targets: [.postgresql],
                help: "longest a PostgreSQL statement may run (default 300), then exit 3; with --post also the longest the delivery may take, retries included (default 60); --supabase: the longest one API request may take, retries included (default 60)")
        case .post:
            Declaration(
                "URL|@FILE", for: .reporting,
                help: "send the report (--format slack, pagerduty or json) as an HTTPS POST to URL, or to the URL in FILE (keeps a webhook out of argv); never echoed; exit 3 when it fails")
        case .notifyOn:
            Declaration(
                "WHEN", for: .reporting,
                help: "with --post: change (the default with --state) posts only a new verdict or new violations; always posts every run")
        case .state:
            Declaration(
                "FILE", for: .reporting,
                help: "with --post: keep the last verdict, violation count and newest violation per table in FILE (atomic, locked), for --notify-on change")
        case .maxParallel:
            Declaration(
                "N", for: .everyCommand, sql: .printable, targets: [.postgresql],
                help: "at most N parallel workers per PostgreSQL query (0: one server process), to spare the server's cores")
        case .placeholders:
            Declaration(
                nil, for: [], sql: .printable,
                help: "sql: print $1/?1 placeholders with each statement's parameters listed above it, instead of literals")
        case .policy:
            Declaration(
                nil, for: [], sql: [.check],
                help: "sql: print the policy's own checks instead of the plan: Test 1 to 3, daily compliance and the undated jobs, corrected ('' is missing, UTC days), for psql or sqlite3")
        case .help:
            Declaration(nil, for: .everyCommand, sql: .printable, help: "show help (also -h); after a command, that command's help")
        case .version:
            Declaration(nil, for: .everyCommand, sql: .printable, help: "show the version")
        }
    }

    /// One row of the option table.
    struct Declaration {
        /// What the value is called in help and messages (`WHEN`), or nil for a flag.
        var value: String?
        /// The commands that take the option.
        var commands: Set<AuditCommand>
        /// The commands CMD for which `sql CMD` takes it too: it changes the statements printed.
        var sql: Set<AuditCommand>
        /// The kinds of database the option applies to (`--timeout`: PostgreSQL only).
        var targets: Set<TargetKind>

        /// The line in `--help`.
        var help: String
        /// The line in `help COMMAND`, where the option means something else for each command.
        var helpFor: [AuditCommand: String]

        init(
            _ value: String?, for commands: Set<AuditCommand>, sql: Set<AuditCommand> = [],
            targets: Set<TargetKind> = Set(TargetKind.allCases), help: String, helpFor: [AuditCommand: String] = [:]
        ) {
            self.value = value
            self.commands = commands
            self.sql = sql
            self.targets = targets
            self.help = help
            self.helpFor = helpFor
        }
    }

    /// The value's name in help (`WHEN`), or nil for a flag.
    var valueName: String? { declaration.value }

    /// Whether `command` takes the option; `underSQL` for `sql COMMAND`.
    func isTaken(by command: AuditCommand, underSQL: Bool) -> Bool {
        underSQL ? declaration.sql.contains(command) : declaration.commands.contains(command)
    }

    /// The commands that take the option, in help's order, with `sql` when it prints them.
    var commandNames: [String] {
        AuditCommand.allCases.filter { declaration.commands.contains($0) }.map(\.rawValue)
            + (declaration.sql.isEmpty ? [] : ["sql"])
    }
}

/// What kind of database a command reads: none (`logs` without `--db`), a SQLite snapshot, or
/// PostgreSQL.
public enum TargetKind: String, CaseIterable, Hashable, Sendable {
    case none
    case sqlite
    case postgresql

    init(_ target: DatabaseTarget?) {
        switch target {
        case nil: self = .none
        case .sqlite?: self = .sqlite
        case .postgresql?: self = .postgresql
        }
    }
}

extension Set where Element == AuditCommand {
    /// Every command.
    static var everyCommand: Self { Set(AuditCommand.allCases) }
    /// The table's checks.
    static var checks: Self { Set(TableCheck.allCases.map(\.command)) }
    /// The commands that give a verdict in a report: the checks, logs and readiness.
    static var reporting: Self { checks.union([.logs, .readiness]) }
    /// The commands whose jobs or log entries are bounded by `--since`/`--until`.
    static var windowed: Self { checks.union([.logs]) }
    /// The checks that read every succeeded job, and so can tell how fresh the newest is.
    static var freshness: Self { checks.subtracting([.violations]) }
    /// The commands that list violation rows or log entries (`--limit`, `--all`).
    static var listingRows: Self { [.check, .violations, .logs] }
    /// The commands `sql` prints the statements of.
    static var printable: Self { checks.union([.readiness]) }

    static func + (set: Self, more: Self) -> Self { set.union(more) }
}
