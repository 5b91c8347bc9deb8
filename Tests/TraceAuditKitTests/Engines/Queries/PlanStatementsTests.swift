import Foundation
import Testing
@testable import TraceAuditKit

/// Every statement an `AuditPlan` holds, for every command `sql` lists, window, row limit, row
/// access and success clock, runs on a real engine with its parameters bound: what `traceaudit
/// sql` prints and what the engines execute is one list, so checking the list checks both.
@Suite("Every planned statement runs", .timeLimit(.minutes(2)))
struct PlanStatementsTests {
    static let windows = [
        TimeWindow.all, TimeWindow(since: Instant(parsing: "2026-02-11")), TimeWindow(until: Instant(parsing: "2026-02-11")),
        TimeWindow(since: Instant(parsing: "2026-02-10"), until: Instant(parsing: "2026-02-12")),
    ]

    /// The plans of every printable command, window and row limit, readiness with both clocks,
    /// and the baseline's extra read, on `dialect`.
    static func plans(_ dialect: Dialect, table: TableName = .executorJobs) -> [AuditPlan] {
        var plans: [AuditPlan] = []
        for command in AuditCommand.allCases where Set<AuditCommand>.printable.contains(command) {
            for window in windows {
                for limit in [0, 5, nil] as [Int?] {
                    var request = AuditRequest(policy: Policy(table: table), window: window, violationLimit: limit)
                    request.dailyDays = command == .daily ? 1 ... 30 : nil
                    var plan = AuditPlan(command, request, rowLimit: limit, dialect: dialect, timeoutMilliseconds: 60_000)
                    if command == .readiness {
                        for clock in [ReadinessClock.updatedAt, .createdAt] {
                            plans.append(plan.readiness(ReadinessScope(clock: clock, now: Instant(parsing: "2026-02-13")!, requiredDays: 7)))
                        }
                        continue
                    }
                    plans.append(plan)
                    plan.readsEveryViolation = true
                    plans.append(plan)
                }
            }
        }
        return plans
    }

    /// A SQLite plan opens its read transaction (Queries/sqlite/begin.sql) first and ends it
    /// last, as a PostgreSQL plan does (TransactionLocalTests): the listing shows what runs.
    @Test func everySQLitePlanRunsInOneReadTransaction() {
        for plan in Self.plans(.sqlite) {
            let names = plan.statements.map(\.query.name)
            #expect(names.first == "begin" && names.last == "commit", "\(names)")
            #expect(names.filter { $0 == "begin" || $0 == "commit" }.count == 2, "\(names)")
        }
    }

    @Test(arguments: [RowAccess.plainRowid, .rowid(alias: "rowid"), .wholeTable])
    func onSQLite(access: RowAccess) throws {
        let file = try SnapshotFile(jobs: WorkflowTests.jobs())
        let connection = try SQLiteConnection(uri: "file:\(file.path)?mode=ro", busyTimeoutMilliseconds: 10)
        var count = 0
        for plan in Self.plans(.sqlite).map({ $0.reaching(access) }) {
            var statements = plan.statements
            for clock in [ReadinessClock.updatedAt, .createdAt] {
                var clocked = plan
                clocked.successClock = clock
                statements.append(clocked.violationsSucceeded(in: plan.request.window))
            }
            for statement in statements {
                let prepared = try connection.prepare(statement.sql)
                try prepared.bind(statement.parameters)
                while try prepared.step() {}
                count += 1
            }
        }
        #expect(count > 300)
    }

    @Test(.enabled(if: TestServer.enabled))
    func onPostgreSQL() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([TestServer.createJobs("\(schema).executor_jobs")])
            let table = try #require(TableName("\(schema).executor_jobs"))
            let connection = try TestServer.admin()
            var count = 0
            for plan in Self.plans(.postgresql, table: table) {
                var statements = plan.statements
                // The cross-check's read, with both clocks, inside the plan's transaction.
                for clock in [ReadinessClock.updatedAt, .createdAt] {
                    var clocked = plan
                    clocked.successClock = clock
                    statements.insert(clocked.violationsSucceeded(in: plan.request.window), at: statements.count - plan.closing.count)
                }
                for statement in statements {
                    try connection.execute(statement.sql, statement.postgresParameters) { _ in }
                    count += 1
                }
            }
            #expect(count > 300)
        }
    }
}
