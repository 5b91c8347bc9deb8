import Testing
@testable import TraceAuditKit

@Suite("Table names")
struct TableNameTests {
    @Test(arguments: [
        ("executor_jobs", "\"executor_jobs\""),
        ("audit.executor_jobs", "\"audit\".\"executor_jobs\""),
        ("Jobs$2026", "\"Jobs$2026\""),
        ("_private", "\"_private\""),
    ])
    func acceptsAndQuotes(text: String, quoted: String) throws {
        #expect(try #require(TableName(text)).quoted == quoted)
    }

    @Test(arguments: [
        "executor_jobs; DROP TABLE x", "jobs\"", "jobs'", "a.b.c", ".jobs", "jobs.", "", "1jobs", "jobs-2026",
        "jobs table", String(repeating: "a", count: 64), "jöbs",
    ])
    func refuses(text: String) {
        #expect(TableName(text) == nil)
    }

    @Test func quoteDoublesInnerQuotes() {
        #expect(quote("a\"b") == "\"a\"\"b\"")
    }
}
