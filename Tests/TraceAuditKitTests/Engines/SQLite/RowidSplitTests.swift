import Foundation
import Testing
@testable import TraceAuditKit

/// The rowid split holds for every range of Int64 rowids: no arithmetic trap from the data.
@Suite("Splitting the rowid range")
struct RowidSplitTests {
    /// Checks that `parts` cover `range` exactly, in order, without overlap, in at most `count` parts.
    static func expectCovers(_ parts: [ClosedRange<Int64>], _ range: ClosedRange<Int64>, count: Int) {
        #expect(!parts.isEmpty && parts.count <= max(1, count), "\(parts) for \(range) in \(count)")
        #expect(parts.first?.lowerBound == range.lowerBound)
        #expect(parts.last?.upperBound == range.upperBound)
        for (left, right) in zip(parts, parts.dropFirst()) {
            #expect(left.upperBound < right.lowerBound && left.upperBound &+ 1 == right.lowerBound, "\(parts)")
        }
    }

    @Test(arguments: [
        1 ... Int64.max, Int64.min ... 0, Int64.min ... Int64.max, -1 ... Int64.max, Int64.min ... Int64.min,
        Int64.max ... Int64.max, Int64.max - 1 ... Int64.max, 0 ... 0, 1 ... 4_000_000, -5 ... 5,
    ])
    func extremeRangesSplitExactly(range: ClosedRange<Int64>) {
        for count in 1 ... 9 { Self.expectCovers(SQLiteSnapshot.split(range, into: count), range, count: count) }
    }

    /// Rowids at both ends of Int64 (a scan split between threads) are read and counted; this
    /// crashed with an overflow (SIGILL, exit 132).
    @Test(arguments: [(Int64(1), Int64.max), (Int64.min, Int64(0)), (Int64.min, Int64.max)])
    func extremeRowidsAreAudited(first: Int64, last: Int64) throws {
        let file = try SnapshotFile(jobs: [
            Job(id: .integer(first), createdAt: "2026-02-10 00:00:00", traceId: nil),
            Job(id: .integer(last), createdAt: "2026-02-11 00:00:00", traceId: ""),
        ])
        let before = file.fingerprint
        let result = try runProcess(executableURL.path, ["--db", file.path, "--format", "json"])
        #expect(result.status == 1, "exit \(result.status): \(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json.int("violations.count") == 2)
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite"])
    }
}
