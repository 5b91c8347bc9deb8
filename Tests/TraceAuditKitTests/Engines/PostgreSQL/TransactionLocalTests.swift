import Foundation
import Testing
@testable import TraceAuditKit

/// What a PostgreSQL audit sends can leave nothing on a pooled server connection: checked on the
/// query files and the plans themselves, without a server.
@Suite("PostgreSQL: nothing outlives the audit's transaction")
struct TransactionLocalTests {
    /// A query file's text without its comments, uppercased.
    static func code(_ query: Query) -> String {
        query.text.split(separator: "\n").map { line in line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: "\n").uppercased()
    }

    /// No session-level setting, prepared statement, temporary object, advisory lock or LISTEN.
    @Test(arguments: Query.all.filter { $0.dialect == .postgresql }.map(\.name))
    func queryFileLeavesNothing(name: String) throws {
        let query = try #require(Query.all.first { $0.dialect == .postgresql && $0.name == name })
        let code = Self.code(query)
        for forbidden in ["PREPARE", "TEMP", "TEMPORARY", "PG_ADVISORY_[A-Z_]*", "LISTEN", "DISCARD", "RESET", "SET SESSION", "CREATE", "DECLARE"] {
            #expect(code.range(of: "\\b\(forbidden)\\b", options: .regularExpression) == nil, "\(query.path) contains \(forbidden)")
        }
        let setsSomething = code.contains("SET_CONFIG(") || code.range(of: #"(^|\s)SET\s"#, options: .regularExpression) != nil
        if setsSomething {
            #expect(!code.contains(", FALSE)") && !code.contains(",FALSE)"), "\(query.path) sets something for the session")
            #expect(code.range(of: #"(^|\s)SET\s+(?!LOCAL)"#, options: .regularExpression) == nil, "\(query.path) uses SET without LOCAL")
        }
    }

    /// Every command's plan opens the one read-only transaction first, sets its transaction-local
    /// settings next, and ends it last: every statement in between runs inside it.
    @Test(arguments: AuditCommand.allCases)
    func everyPlanRunsInOneTransaction(command: AuditCommand) {
        let plan = AuditPlan(command, AuditRequest(), rowLimit: 50, dialect: .postgresql, timeoutMilliseconds: 5_000, maxParallelWorkers: 1)
        let names = plan.statements.map(\.query.name)
        #expect(Array(names.prefix(3)) == ["begin", "settings", "parallel"], "\(names)")
        #expect(names.last == "commit", "\(names)")
        #expect(names.filter { $0 == "begin" || $0 == "commit" }.count == 2, "\(names)")
        #expect(Self.code(Query.PostgreSQL.begin).contains("READ ONLY"))
    }
}
