import Testing
@testable import TraceAuditKit

/// `PGConnection.stream` hands over every row, whether libpq streams them one result each or, when
/// it could not switch to single-row mode, all in one result.
@Suite("PGConnection stream", .enabled(if: TestServer.enabled), .timeLimit(.minutes(5)))
struct PGConnectionStreamTests {
    @Test(arguments: [true, false])
    func everyRowArrivesInOrder(singleRowMode: Bool) throws {
        let connection = try TestServer.admin()
        var seen: [String] = []
        try connection.stream("SELECT g::text, (g * 2)::text FROM generate_series(1, 1000) AS g", singleRowMode: singleRowMode) { rows in
            #expect(rows.count == (singleRowMode ? 1 : 1000 - seen.count))
            seen.append("\(rows.text(row: 0, column: 0) ?? "NULL")=\(rows.text(row: 0, column: 1) ?? "NULL")")
        }
        #expect(seen.count == 1000)
        #expect(seen.enumerated().allSatisfy { $0.element == "\($0.offset + 1)=\(($0.offset + 1) * 2)" })
    }

    @Test func aFailureMidStreamIsThrownAfterTheRowsBeforeIt() throws {
        let connection = try TestServer.admin()
        var count = 0
        #expect(throws: PGError.self) {
            try connection.stream("SELECT 1 / (3 - g) FROM generate_series(1, 5) AS g") { _ in count += 1 }
        }
        #expect(count == 2)
        // The connection is usable afterwards.
        var value: String?
        try connection.stream("SELECT 'ok'") { value = $0.text(row: 0, column: 0) }
        #expect(value == "ok")
    }
}
