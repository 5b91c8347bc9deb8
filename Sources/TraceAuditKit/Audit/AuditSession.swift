/// One audit on one engine: what both engines do alike. Every read happens in one consistent
/// snapshot that first checks the table has the columns the policy needs; every failure comes
/// out as one `TraceAuditError` line.
struct AuditSession {
    let engine: any AuditEngine
    /// PostgreSQL's statement timeout, for the plans this session makes.
    let timeoutMilliseconds: Int
    /// PostgreSQL: the most parallel workers per query (`--max-parallel`), for the plans this
    /// session makes; nil for the server's setting.
    var maxParallelWorkers: Int? = nil

    var display: String { engine.display }
    var dialect: Dialect { engine.dialect }

    /// The columns of `executor_jobs` that the checks read.
    static let requiredColumns = ["id", "type", "status", "created_at", "updated_at", "trace_id", "correlation_id"]

    /// The plan of `command` on this engine.
    func plan(_ command: AuditCommand, _ request: AuditRequest, rowLimit: Int?) -> AuditPlan {
        AuditPlan(
            command, request, rowLimit: rowLimit, dialect: dialect, timeoutMilliseconds: timeoutMilliseconds,
            maxParallelWorkers: maxParallelWorkers)
    }

    /// Opens the plan's consistent read, checks the columns, runs `body` with the plan fitted to
    /// the table (`RowAccess`) and ends the read.
    func read<T>(_ plan: AuditPlan, _ body: (AuditPlan) throws -> T) throws(TraceAuditError) -> T {
        do {
            return try engine.withConsistentRead(opening: plan.opening, closing: plan.closing) {
                let columns = try checkColumns(plan)
                return try body(try fitted(plan, columns: columns))
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

    /// Every violation in the request's window, newest first, without a scan before.
    func everyViolation(_ request: AuditRequest, each: (Violation) throws -> Void) throws {
        try engine.rows(QueryPlan.violations(request, limit: nil, dialect), each: each)
    }

    /// The jobs with these ids (as text), in any order; ids not in the table are not handed over.
    func jobs(_ ids: [String], table: TableName, each: (FoundJob) throws -> Void) throws {
        try engine.jobs(QueryPlan.loggedJobs(ids, table: table, dialect), each: each)
    }

    /// doctor: the table's size and indexes and the engine's plans for the checks.
    func doctor(_ request: AuditRequest, now: Instant) throws(TraceAuditError) -> DoctorReport {
        let table = request.policy.table
        let base = AuditPlan(request, dialect: dialect, timeoutMilliseconds: timeoutMilliseconds, maxParallelWorkers: maxParallelWorkers)
        return try read(base) { base in
            let size = try engine.size(QueryPlan.doctorTable(table, dialect, access: base.access))
            let indexes = try engine.indexes(QueryPlan.doctorIndexes(table, dialect))
            let plans = try AuditPlan.doctorPlans(request, dialect: dialect, now: now).map { check, plan in
                DoctorReport.Plan(check: check, lines: try engine.explain(plan.reaching(base.access).scan()))
            }
            return DoctorReport(
                engine: dialect, target: display, table: table, size: size, indexes: indexes, plans: plans,
                suggestions: DoctorReport.suggestions(for: table, engine: dialect, indexes: indexes))
        }
    }

    /// The plan fitted to the table: readiness' clock by its columns, and on SQLite how the scan
    /// can reach the table's rows (a view, a table without a usable rowid, or one whose kind cannot
    /// be read is read whole).
    private func fitted(_ plan: AuditPlan, columns: [String: String]) throws -> AuditPlan {
        var plan = plan
        plan.readiness?.clock = ReadinessClock(columns: columns, dialect: dialect)
        guard let statement = plan.tableKind else { return plan }
        let kind = try engine.tableKind(statement)
        return plan.reaching(RowAccess(kind: kind?.type ?? "unknown", withoutRowid: kind?.withoutRowid ?? true, columns: columns.keys))
    }

    /// Names the first column the checks need that the table lacks, or says the table is missing;
    /// returns the table's columns.
    private func checkColumns(_ plan: AuditPlan) throws -> [String: String] {
        let table = plan.table
        let columns = try engine.columns(plan.columns)
        guard !columns.isEmpty else {
            let hint = dialect == .postgresql ? " (or not visible on its search_path)" : ""
            throw TraceAuditError.cannotCheck("table \(table) not found in \(display)\(hint); name the jobs table with --table")
        }
        if let missing = AuditSession.requiredColumns.first(where: { columns[$0] == nil }) {
            throw TraceAuditError.cannotCheck(
                "table \(table) in \(display) has no column \(missing); the audit needs \(AuditSession.requiredColumns.joined(separator: ", "))")
        }
        if dialect == .postgresql, let type = columns["created_at"], !type.hasPrefix("timestamp") {
            throw TraceAuditError.cannotCheck(
                "column created_at of \(table) has type \(type); the audit needs timestamp with or without time zone")
        }
        return columns
    }
}
