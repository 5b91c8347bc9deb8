/// The help texts.
enum Help {
    static let usage = "Usage: traceaudit [check] --db TARGET [--format table|json] [--cutoff ISO8601] [--table NAME] [--limit N] [--timeout SECONDS]"

    static func text(for topic: AuditCommand?) -> String {
        switch topic {
        case nil: return general
        case .check: return check
        }
    }

    static let general = """
        traceaudit \(TraceAudit.version): audits the trace-ID policy of a job orchestrator's executor_jobs table.

        The policy: a job created on or after the cutoff (2026-02-01T00:00:00Z) that reached status
        'succeeded' must have a trace_id (NULL and '' are both missing). Older jobs are legacy.

        \(usage)
               traceaudit help [COMMAND]
               traceaudit --version

        Commands:
        \(AuditCommand.allCases.map { "  " + $0.rawValue.padding(12) + $0.summary }.joined(separator: "\n"))
          help        show help for a command

        \(optionsText)

        Exit status:
          0  the policy holds
          1  violations, or succeeded jobs without a trace whose created_at is unreadable
          2  usage error
          3  could not check (connection, missing table or column, query error, timeout)

        Examples:
          traceaudit --db fixtures/demo.sqlite
          traceaudit check --db snapshot.sqlite --format json > audit.json
          traceaudit --db snapshot.sqlite --cutoff 2026-03-01 --table audit.executor_jobs
          traceaudit --db 'postgresql://auditor@db.internal:5432/orchestrator?sslmode=require'
          PGSERVICE=orchestrator traceaudit --db postgresql://
        """

    static let check = """
        traceaudit check: run every check of the trace-ID policy in one scan of the table.

        \(usage)

        Reports the violations (succeeded jobs since the cutoff without a trace: id, type,
        created_at, updated_at, correlation_id, trace_id, newest first), legacy jobs without a trace
        (tolerated), the has/missing distribution since the cutoff, compliance per UTC day, and
        succeeded jobs whose created_at is NULL or unreadable (undated).

        \(optionsText)

        Examples:
          traceaudit check --db fixtures/demo.sqlite
          traceaudit check --db fixtures/demo.sqlite --format json --limit 10
        """

    static let optionsText = """
        Options:
          --db TARGET       a SQLite snapshot (path, or sqlite:PATH), or PostgreSQL: a postgresql:// URL
                            or a libpq keyword string. Default: $TRACEAUDIT_DB, then $DATABASE_URL
          --format FORMAT   table (default, for people) or json (one object; schema in README.md)
          --cutoff INSTANT  first instant the policy covers (default 2026-02-01T00:00:00Z); a date
                            means midnight UTC
          --table NAME      the jobs table, optionally schema.table (default executor_jobs)
          --limit N         most violation rows to list, newest first (default 50); the count stays exact
          --timeout SECONDS longest a PostgreSQL statement may run (default 300); then exit 3
          -h, --help        show this help
          --version         show the version
        """
}

extension String {
    func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(1, width - count))
    }
}
