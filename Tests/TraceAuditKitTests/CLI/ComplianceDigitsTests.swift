import Foundation
import Testing
@testable import TraceAuditKit

/// "compliance 95.80% against --min-compliance 95.80%" failed while both read the same (issue 20):
/// the verdict shows as many digits as it takes to tell the two apart, in every format.
@Suite("Compliance digits")
struct ComplianceDigitsTests {
    @Test func complianceAndMinimumAreToldApart() throws {
        // 958 of 1000 traced: 95.8%, under a minimum of 95.801%.
        let jobs = (1...1000).map { id in
            SnapshotFile.Job(id: .integer(Int64(id)), createdAt: "2026-03-01 08:00:00+00", traceId: id <= 958 ? "t" : nil)
        }
        let file = try SnapshotFile(jobs: jobs)
        let arguments = ["check", "--db", file.path, "--max-violations", "100", "--min-compliance", "95.801"]
        let human = run(arguments)
        #expect(human.code == .violations)
        let words = human.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("compliance 95.800% against --min-compliance 95.801%"), "\(human.output)")
        let json = try run(arguments + ["--format", "json"]).json
        #expect(json.value("verdict.compliance_percent") as? Double == 95.8)
        #expect(json.value("verdict.min_compliance_percent") as? Double == 95.801)
        // Apart at two decimals, two decimals.
        let plain = run(["check", "--db", file.path, "--max-violations", "100", "--min-compliance", "96"])
        #expect(plain.output.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("compliance 95.80% against --min-compliance 96.00%"))
    }
}
