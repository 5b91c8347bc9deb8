/// One audit on one engine: what both engines do alike. Every read happens in one consistent
/// snapshot that first checks the table has the columns the policy needs; every failure comes
/// out as one `Failure`.
struct AuditSession {
    let engine: any AuditEngine
    /// PostgreSQL's statement timeout, for the plans this session makes.
    let timeoutMilliseconds: Int
    /// PostgreSQL: the most parallel workers per query (`--max-parallel`), for the plans this
    /// session makes; nil for the server's setting.
    var maxParallelWorkers: Int? = nil

    var display: String { engine.display }
    var dialect: Dialect { engine.dialect }

    /// The columns of `executor_jobs` that the checks need; `JobColumns` are shown when present.
    static let requiredColumns = JobColumns.required

    /// The plan of `command` on this engine.
    func plan(_ command: AuditCommand, _ request: AuditRequest, rowLimit: Int?) -> AuditPlan {
        AuditPlan(
            command, request, rowLimit: rowLimit, dialect: dialect, timeoutMilliseconds: timeoutMilliseconds,
            maxParallelWorkers: maxParallelWorkers)
    }

    /// Opens the plan's consistent read, checks the columns, reads a standby's freshness, runs
    /// `body` with the plan fitted to the table (`RowAccess`, and the optional columns it has) and
    /// that freshness (nil on a primary or a snapshot), and ends the read.
    func read<T>(_ plan: AuditPlan, _ body: (AuditPlan, Standby?) throws -> T) throws(TraceAuditError) -> T {
        do {
            return try engine.withConsistentRead(opening: plan.opening, closing: plan.closing) {
                let columns = try checkColumns(plan)
                var plan = try fitted(plan, columns: columns)
                plan.columns = JobColumns { columns[$0]?.readable == true }
                let standby = try plan.standby.flatMap(engine.standby)
                return try body(plan, standby)
            }
        } catch let error as TraceAuditError {
            throw error
        } catch {
            throw engine.describe(error, table: plan.table)
        }
    }

    /// The plan's scan.
    func scan(_ plan: AuditPlan) throws -> AuditTally {
        try engine.scan(plan)
    }

    /// The violation rows the plan asks for, newest first, given what the scan found.
    func violations(_ plan: AuditPlan, after tally: AuditTally, each: (Violation) throws -> Void) throws {
        guard let statement = plan.rows(after: tally) else { return }
        try engine.rows(statement, each: each)
    }

    /// The earliest violation before the plan's window, or up to the window's first when the
    /// scan counted any there; nil when there is none or the plan does not look.
    func firstViolation(_ plan: AuditPlan, after tally: AuditTally) throws -> Violation? {
        guard let statement = plan.firstViolation(after: tally) else { return nil }
        var first: Violation?
        try engine.rows(statement) { first = first ?? $0 }
        return first
    }

    /// The trend's days before the plan's window, as the plan's own scan counts them; nil when the
    /// plan reads no trend there.
    func trend(_ plan: AuditPlan) throws -> AuditTally? {
        guard let trend = plan.trend else { return nil }
        return try engine.scan(trend)
    }

    /// `--baseline`: every violation of the plan's window, newest first, after its scan.
    func everyViolation(_ plan: AuditPlan, each: (Violation) throws -> Void) throws {
        guard let statement = plan.everyViolation else { return }
        try engine.rows(statement, each: each)
    }

    /// The ids of undated jobs without a trace the plan asks for, given what the scan found.
    func undatedIds(_ plan: AuditPlan, after tally: AuditTally, each: (String?) throws -> Void) throws {
        guard let statement = plan.undatedRows(after: tally) else { return }
        try engine.ids(statement, each: each)
    }

    /// Every violation that succeeded in `window` by the plan's clock, newest first, without a
    /// scan before, with the optional columns the table has: what the log cross-check searches.
    func violationsSucceeded(_ plan: AuditPlan, in window: TimeWindow, each: (Violation) throws -> Void) throws {
        try engine.rows(plan.violationsSucceeded(in: window), each: each)
    }

    /// The jobs with these ids (as text), in any order; ids not in the table are not handed over.
    func jobs(_ ids: [String], table: TableName, each: (FoundJob) throws -> Void) throws {
        try engine.jobs(QueryPlan.loggedJobs(ids, table: table, dialect), each: each)
    }

    /// doctor: the table's size and indexes and the engine's plans for the checks.
    func doctor(_ request: AuditRequest, now: Instant) throws(TraceAuditError) -> DoctorReport {
        let table = request.policy.table
        let base = AuditPlan(request, dialect: dialect, timeoutMilliseconds: timeoutMilliseconds, maxParallelWorkers: maxParallelWorkers)
        return try read(base) { base, standby in
            let size = try engine.size(QueryPlan.doctorTable(table, dialect, access: base.access))
            let indexes = try engine.indexes(QueryPlan.doctorIndexes(table, dialect))
            let partitions = try size.partitioned ? engine.partitions(QueryPlan.doctorPartitions(table)) : []
            let plans = try AuditPlan.doctorPlans(request, dialect: dialect, now: now).map { check, plan in
                DoctorReport.Plan(check: check, lines: try engine.explain(plan.reaching(base.access).scan()))
            }
            return DoctorReport(
                engine: dialect, target: display, table: table, standby: standby, size: size, partitions: partitions,
                indexes: indexes, plans: plans,
                suggestions: DoctorReport.suggestions(for: table, engine: dialect, indexes: indexes, partitioned: size.partitioned))
        }
    }

    /// The plan fitted to the table: the clock of when a job succeeded by its columns, and on SQLite how the scan
    /// can reach the table's rows (a view, a table without a usable rowid, or one whose kind cannot
    /// be read is read whole).
    private func fitted(_ plan: AuditPlan, columns: [String: TableColumn]) throws -> AuditPlan {
        var plan = plan
        // A column the role may not read is not there for the clock.
        let clock = ReadinessClock(columns: columns.filter(\.value.readable).mapValues(\.type), dialect: dialect)
        plan.readiness?.clock = clock
        plan.successClock = clock
        guard let statement = plan.tableKind else { return plan }
        let kind = try engine.tableKind(statement)
        return plan.reaching(RowAccess(kind: kind?.type ?? "unknown", withoutRowid: kind?.withoutRowid ?? true, columns: columns.keys))
    }

    /// Names the first column the checks need that the table lacks or the role cannot read, or says
    /// the table is missing; returns the table's columns by name.
    private func checkColumns(_ plan: AuditPlan) throws -> [String: TableColumn] {
        let table = plan.table
        var columns: [String: TableColumn] = [:]
        for column in try engine.columns(plan.columnList) where columns[column.name] == nil { columns[column.name] = column }
        let needs = AuditSession.requiredColumns
        func failure(_ kind: Failure.Kind) -> TraceAuditError {
            .failed(Failure(kind, target: display, table: table.description, statement: plan.columnList.query.path))
        }
        guard !columns.isEmpty else { throw failure(.schema(.missingTable)) }
        // A materialized view holds the rows of its last refresh, not the table's rows now.
        if columns.values.contains(where: { $0.relationKind == "m" }) { throw failure(.schema(.materializedView)) }
        if let missing = needs.first(where: { columns[$0] == nil }) { throw failure(.schema(.missingColumn(missing, needs: needs))) }
        if let unreadable = needs.first(where: { columns[$0]?.readable == false }) {
            throw failure(.permission(.column(unreadable, needs: needs, quoted: table.quoted)))
        }
        if dialect == .postgresql, let type = columns["created_at"]?.type, !type.hasPrefix("timestamp") {
            throw failure(.schema(.createdAtType(type)))
        }
        if let trace = columns["trace_id"], !trace.holdsTraces {
            throw failure(.schema(.traceType(trace.type, base: trace.baseType.flatMap { $0 == trace.type ? nil : $0 })))
        }
        return columns
    }
}
