import Foundation
import Testing
@testable import TraceAuditKit

@Suite("Embedded SQL")
struct EmbeddedQueriesTests {
    static let queriesFolder = Repository.path("Queries")

    /// The binary carries exactly the text of every file in Queries/, and nothing else.
    @Test func embeddedTextEqualsTheFiles() throws {
        var onDisk: [String: String] = [:]
        for dialect in Dialect.allCases {
            let folder = Self.queriesFolder.appendingPathComponent(dialect.rawValue)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".sql") {
                onDisk["\(dialect.rawValue)/\(name)"] = try String(
                    contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            }
        }
        #expect(!onDisk.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: Query.all.map { ($0.path.replacingOccurrences(of: "Queries/", with: ""), $0.text) }) == onDisk)
    }

    /// No statement is written in Swift: a string that starts like one appears only where doctor
    /// puts EXPLAIN before a statement of Queries/ (`PlannedStatement.explained`). Printed advice
    /// (doctor's CREATE INDEX, a GRANT in a message) is not run, so it is not looked for.
    @Test func swiftWritesNoStatement() throws {
        let keywords = ["SELECT", "WITH", "VALUES", "TABLE", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
            "SET", "RESET", "SHOW", "PRAGMA", "EXPLAIN", "DISCARD", "DECLARE", "FETCH", "CLOSE", "PREPARE", "EXECUTE"]
        let statement = try Regex("\"(" + keywords.joined(separator: "|") + ")\\b")
        var found: [String] = []
        for (path, text) in try LayerTests.sources(under: "") {
            let code = LayerTests.withoutComments(text)
            for match in code.matches(of: statement) {
                found.append("\(URL(fileURLWithPath: path).lastPathComponent): \(code[match.range].dropFirst())")
            }
        }
        #expect(found.sorted() == ["PlannedStatement.swift: EXPLAIN", "PlannedStatement.swift: EXPLAIN"])
    }
}
