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
}
