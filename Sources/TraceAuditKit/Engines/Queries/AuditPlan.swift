/// Every statement one audit runs, decided once: the engines execute it, and `traceaudit sql`
/// prints it, so the listing is what runs.
///
/// What only the data can decide is decided here too, from what the scan found, by
/// `rows(after:)`: on SQLite the newest violations are read by the rowids the scan kept; on
/// PostgreSQL the rows are read from the day on which the newest `limit` violations start.
struct AuditPlan: Sendable {
    /// What the scan reads.
    enum Reading: Sendable {
        /// Every succeeded job: all the checks.
        case everything
        /// Only succeeded jobs without a trace: the violations check's own scan.
        case violationsOnly
    }

    let dialect: Dialect
    /// The policy, the window (decided here once), and the rows the scan keeps.
    let request: AuditRequest
    let reading: Reading
    /// Violation rows to read after the scan: nil for all, 0 for none.
    let rowLimit: Int?
    /// `--baseline`: every violation is read once after the scan, before the rows listed, to
    /// count those the baseline acknowledges.
    var readsEveryViolation = false
    /// Ids of undated jobs without a trace to read after the scan: nil for all, 0 for none.
    let undatedLimit: Int?
    /// PostgreSQL's statement timeout.
    let timeoutMilliseconds: Int
    /// The optional columns the violation rows read; the session sets them from the columns check
    /// (before it, and in `traceaudit sql`, both).
    var columns = JobColumns.all
    /// SQLite: how the scan reaches the rows; an ordinary table's until the session has read the
    /// table's schema (`reaching(_:)`).
    private(set) var access: RowAccess = .plainRowid
    /// PostgreSQL: the most parallel workers per query (`--max-parallel`); nil for the server's.
    let maxParallelWorkers: Int?
    /// readiness: its scan replaces the audit's scan.
    var readiness: ReadinessScope?
    /// Whether the earliest violation before the window is looked for (check, violations, daily):
    /// the scan reads only the window, whose first violation need not be the first of all.
    var findsFirstViolation = false
    /// An e-mail report: the trend's days (`AuditRequest.trendDays`) that lie before the window are
    /// read too (`trend`), for their daily numbers only.
    var readsTrend = false
    /// The clock of when a job succeeded; updated_at until the session has read the table's
    /// columns.
    var successClock: ReadinessClock = .updatedAt

    init(
        _ request: AuditRequest, reading: Reading = .everything, rowLimit: Int? = 0, undatedLimit: Int? = 0, dialect: Dialect,
        timeoutMilliseconds: Int = 300_000, maxParallelWorkers: Int? = nil
    ) {
        self.undatedLimit = undatedLimit
        var request = request
        request.violationLimit = rowLimit.map { min($0, request.violationLimit ?? $0) } ?? request.violationLimit
        self.request = request
        self.reading = reading
        self.rowLimit = rowLimit
        self.dialect = dialect
        self.timeoutMilliseconds = timeoutMilliseconds
        self.maxParallelWorkers = maxParallelWorkers
    }

    var table: TableName { request.policy.table }

    /// The statements that open the audit's consistent read: the transaction (on PostgreSQL, then
    /// its transaction-local settings).
    var opening: [PlannedStatement] {
        switch dialect {
        case .postgresql: QueryPlan.postgresOpening(timeoutMilliseconds: timeoutMilliseconds, maxParallelWorkers: maxParallelWorkers)
        case .sqlite: [QueryPlan.sqliteBegin]
        }
    }

    /// The statements that end it.
    var closing: [PlannedStatement] { [dialect == .postgresql ? QueryPlan.postgresCommit : QueryPlan.sqliteCommit] }

    /// The table's columns, checked before anything is counted.
    var columnList: PlannedStatement { QueryPlan.columns(table, dialect) }

    /// PostgreSQL: whether the server is a hot standby and how fresh its data is, read after the
    /// columns check in the audit's transaction.
    var standby: PlannedStatement? { dialect == .postgresql ? QueryPlan.postgresStandby : nil }

    /// SQLite: what the table is, read after its columns to decide how the scan reaches its rows.
    var tableKind: PlannedStatement? { dialect == .sqlite ? QueryPlan.tableKind(table) : nil }

    /// This plan for a table whose rows the scan reaches as `access` says.
    func reaching(_ access: RowAccess) -> AuditPlan {
        var plan = self
        plan.access = access
        return plan
    }

    /// Every violation that succeeded in `window` by the plan's clock, newest first: what the log
    /// cross-check searches for jobs no entry mentions.
    func violationsSucceeded(in window: TimeWindow) -> PlannedStatement {
        switch successClock {
        case .updatedAt:
            return QueryPlan.violationsSucceeded(request.policy, in: window, dialect, columns: columns)
        case .createdAt:
            var created = request
            created.window = window
            return QueryPlan.violations(created, limit: nil, dialect, columns: columns)
        }
    }

    /// SQLite: the first and last rowid, which the scan is split by; none for a table read whole.
    var rowidRange: PlannedStatement? {
        dialect == .sqlite && request.window.isOpen && access != .wholeTable ? QueryPlan.rowidRange(table, access: access) : nil
    }

    /// The single scan; on SQLite over one part of the rowids.
    func scan(rowids: ClosedRange<Int64> = .min ... .max) -> PlannedStatement {
        if let readiness { return QueryPlan.readinessScan(request, readiness, dialect, rowids: rowids, access: access) }
        return QueryPlan.scan(request, violationsOnly: reading == .violationsOnly, dialect, rowids: rowids, access: access)
    }

    /// Whether the rows are read by the rowids the scan keeps (SQLite with a limit, on a table
    /// with a rowid).
    var readsKeptRowids: Bool { dialect == .sqlite && rowLimit != nil && access != .wholeTable }

    /// The statement for the violation rows, as far as it is known before the scan.
    var rows: PlannedStatement? {
        guard rowLimit != 0 else { return nil }
        return readsKeptRowids
            ? QueryPlan.violationsByRowid([], table: table, access: access, columns: columns)
            : QueryPlan.violations(request, limit: rowLimit, dialect, columns: columns)
    }

    /// The statement for the violation rows given what the scan found; nil when none are wanted
    /// or there are none.
    func rows(after tally: AuditTally) -> PlannedStatement? {
        guard rowLimit != 0, tally.diagnosis.total > 0 else { return nil }
        if readsKeptRowids, let rowLimit, let newest = tally.newest, newest.limit >= rowLimit {
            return QueryPlan.violationsByRowid(Array(newest.newestFirst.prefix(rowLimit)), table: table, access: access, columns: columns)
        }
        guard dialect == .postgresql, let rowLimit, rowLimit > 0 else {
            return QueryPlan.violations(request, limit: rowLimit, dialect, columns: columns)
        }
        var seen = 0
        for day in tally.daily {
            seen += day.withoutTrace
            if seen >= rowLimit {
                var narrowed = request
                narrowed.window.since = max(request.window.since ?? day.day.start, day.day.start)
                return QueryPlan.violations(narrowed, limit: rowLimit, dialect, columns: columns)
            }
        }
        return QueryPlan.violations(request, limit: rowLimit, dialect, columns: columns)
    }

    /// `--baseline`: every violation in the window, newest first, to count those the baseline lists.
    var everyViolation: PlannedStatement? {
        readsEveryViolation ? QueryPlan.violations(request, limit: nil, dialect, columns: columns) : nil
    }

    /// The earliest violation before the window, as far as it is known before the scan: looked
    /// for only when the window starts after the cutoff (before it, the window holds every
    /// violation since the cutoff).
    var firstViolation: PlannedStatement? {
        guard findsFirstViolation, readiness == nil, let since = request.window.since, since > request.policy.cutoff else { return nil }
        return QueryPlan.firstViolation(request.policy, before: since, dialect, columns: columns)
    }

    /// The earliest violation given what the scan found: before the window's start, or, when the
    /// window holds violations, up to and including its first, so the row is the first of all.
    func firstViolation(after tally: AuditTally) -> PlannedStatement? {
        guard firstViolation != nil, let since = request.window.since else { return nil }
        let bound = tally.diagnosis.first.flatMap { $0.adding(microseconds: 1) }.map { max($0, since) } ?? since
        return QueryPlan.firstViolation(request.policy, before: bound, dialect, columns: columns)
    }

    /// The part of the trend's days (`AuditRequest.trendDays`) before the window, from the cutoff
    /// on: nil when no trend is read or the window already covers them.
    var trendWindow: TimeWindow? {
        guard readsTrend, readiness == nil, reading == .everything, let days = request.trendDays, let since = request.window.since else {
            return nil
        }
        let start = max(request.policy.cutoff, UTCDay(number: days.lowerBound).start)
        return start < since ? TimeWindow(since: start, until: since) : nil
    }

    /// The trend's read: this plan's scan over `trendWindow`, of which only the days are used (the
    /// window's own days come from its scan, so each day is read once and whole).
    var trend: AuditPlan? {
        guard let window = trendWindow else { return nil }
        var earlier = request
        earlier.window = window
        earlier.dailyDays = nil
        var plan = AuditPlan(
            earlier, rowLimit: 0, undatedLimit: 0, dialect: dialect, timeoutMilliseconds: timeoutMilliseconds,
            maxParallelWorkers: maxParallelWorkers)
        plan.access = access
        plan.columns = columns
        plan.successClock = successClock
        return plan
    }

    /// Whether the undated ids are read by the rowids the scan keeps (SQLite, on a table with a
    /// rowid).
    var readsKeptUndatedRowids: Bool { dialect == .sqlite && access != .wholeTable }

    /// The statement for the undated ids, as far as it is known before the scan.
    var undatedRows: PlannedStatement? {
        guard undatedLimit != 0 else { return nil }
        return readsKeptUndatedRowids
            ? QueryPlan.undatedByRowid([], table: table, access: access) : QueryPlan.undated(request, limit: undatedLimit, dialect)
    }

    /// The statement for the undated ids given what the scan found; nil when none are wanted or
    /// there are none.
    func undatedRows(after tally: AuditTally) -> PlannedStatement? {
        guard undatedLimit != 0, tally.undated.missingTrace > 0 else { return nil }
        if readsKeptUndatedRowids, let kept = tally.undatedKept {
            return QueryPlan.undatedByRowid(kept.newestFirst, table: table, access: access)
        }
        return QueryPlan.undated(request, limit: undatedLimit, dialect)
    }

    /// Every statement in the order it runs, with the rows' statements as known before the scan.
    var statements: [PlannedStatement] {
        opening + [columnList] + [tableKind, standby, rowidRange].compactMap { $0 } + [scan()]
            + [trend?.scan(), firstViolation, undatedRows, everyViolation, rows].compactMap { $0 } + closing
    }

    /// What a reader of the listing needs to know that the statements do not say.
    var notes: [String] {
        var notes: [String] = []
        if dialect == .sqlite {
            notes.append("traceaudit opens the file read-only.")
            let read = readiness == nil ? "created_at" : "created_at and updated_at"
            notes.append("SQLite hands over the scan's rows; traceaudit reads each \(read) and aggregates in its own process,")
            switch access {
            case .rowid(let alias):
                if rowidRange != nil {
                    notes.append("splitting a large table's rowid range between threads, each with its own read-only connection.")
                }
                if alias != "rowid" { notes.append("User columns take the name rowid, so the rowid is read as \(alias).") }
            case .wholeTable:
                notes.append("on this one connection: the table has no rowid to split it by (a view, a WITHOUT ROWID table,")
                notes.append("or user columns named rowid, oid and _rowid_), so the scan reads it whole.")
            }
        }
        if dialect == .postgresql {
            notes.append("When the session's own statement_timeout cancels the first statements (before the audit's applies),")
            notes.append("traceaudit rolls back and reads where that setting comes from (\(QueryPlan.postgresStatementTimeoutSource.query.path)).")
            notes.append("When the server refuses a read (insufficient privilege), traceaudit rolls back and reads whether row-level")
            notes.append("security applies, and to which role (through a view: its owner unless it is security_invoker),")
            notes.append("to tell the two apart (\(Query.PostgreSQL.rowSecurity.path)).")
        }
        if rows != nil {
            notes.append("The rows' updated_at and correlation_id are read as NULL when the table lacks them (the policy does not need them).")
            if readsKeptRowids {
                notes.append("The scan keeps the newest violations' rowids and instants; they are then read by rowid (?1 lists them, [] here).")
            } else if dialect == .postgresql && rowLimit != nil {
                notes.append("The rows are read from the day on which the newest violations start ($2), as the scan counted them.")
            }
            notes.append("The violation rows are read only when the scan counts any.")
        }
        if let readiness, readiness.clock == .updatedAt {
            var byCreatedAt = self
            byCreatedAt.readiness?.clock = .createdAt
            notes.append("On a table without an updated_at timestamp column, \(byCreatedAt.scan().query.path) runs instead of \(scan().query.path).")
        }
        if let trend {
            notes.append("An e-mail report shows the last \(AuditRequest.trendLength) UTC days; the scan is run again over those before the window")
            let span = [trend.request.window.since, trend.request.window.until].compactMap { $0?.description }.joined(separator: " to ")
            notes.append("(\(trend.scan().query.path), \(span)) for their daily numbers alone.")
        }
        if firstViolation != nil {
            notes.append("The window starts after the cutoff, so \(QueryPlan.firstViolation(request.policy, before: request.policy.cutoff, dialect).query.path) reads the first violation")
            notes.append("up to the window's first (\(dialect == .sqlite ? "?3" : "$3") just after it): the first of all; only when the scan counts violations in the window.")
        }
        if undatedRows != nil {
            if readsKeptUndatedRowids {
                notes.append("The scan keeps the rowids of undated jobs without a trace; their ids are read by rowid (?1 lists them, [] here).")
            }
            notes.append("The undated jobs' ids are read only when the scan counts any.")
        }
        if dialect == .sqlite && statements.contains(where: { $0.sql.contains("traceaudit_instant(") }) {
            notes.append("traceaudit_instant(x) is traceaudit's own timestamp reader, registered on its connection; sqlite3 lacks it.")
        }
        return notes
    }

    /// The plans `doctor` explains: every check, the last day, and the violations check.
    static func doctorPlans(_ request: AuditRequest, dialect: Dialect, now: Instant) -> [(check: String, plan: AuditPlan)] {
        var whole = request
        whole.window = .all
        var lastDay = request
        lastDay.window = TimeWindow(since: now.adding(microseconds: -Instant.microsecondsPerDay))
        return [
            ("check (every check)", AuditPlan(whole, dialect: dialect)),
            ("check --since 1d", AuditPlan(lastDay, dialect: dialect)),
            ("violations", AuditPlan(whole, reading: .violationsOnly, dialect: dialect)),
        ]
    }
}

extension AuditPlan {
    /// The plan of one of the table's commands: what it reads, and the window it reads it in
    /// (readiness reads the whole table: an undated job may lie in any day).
    init(
        _ command: AuditCommand, _ request: AuditRequest, rowLimit: Int?, dialect: Dialect, timeoutMilliseconds: Int,
        maxParallelWorkers: Int? = nil
    ) {
        var request = request
        if command == .readiness { request.window = .all }
        self.init(
            request, reading: command == .violations ? .violationsOnly : .everything,
            rowLimit: command.listsViolations ? rowLimit : 0, undatedLimit: command == .readiness ? 0 : rowLimit,
            dialect: dialect, timeoutMilliseconds: timeoutMilliseconds, maxParallelWorkers: maxParallelWorkers)
        // Only the on-call's diagnosis reads before its window: a CI gate's or a cron's windowed
        // check stays a windowed read (on SQLite, and on PostgreSQL without the partial index, the
        // first of all costs a read of every job between the cutoff and the window).
        findsFirstViolation = command == .violations
    }

    /// This plan (readiness': the whole table, as an undated job may lie in any day) with
    /// readiness' own scan in place of the audit's.
    func readiness(_ scope: ReadinessScope) -> AuditPlan {
        var plan = self
        plan.readiness = scope
        return plan
    }
}
