/// Feeds one audit to several writers as its rows stream (`--format` with `--report`s): one scan,
/// one snapshot, every report from the same numbers. Each writer gets the rows its own limit asks
/// for (GitHub's ten annotations, the JSON's `--limit`), and the read asks for the most any wants.
final class FanOutWriter: ReportWriter {
    private let writers: [any ReportWriter]
    private var limits: [Int?]
    private var rows = 0

    init(_ writers: [any ReportWriter]) {
        self.writers = writers
        limits = Array(repeating: nil, count: writers.count)
    }

    func rowLimit(requested: Int?) -> Int? {
        limits = writers.map { $0.rowLimit(requested: requested) }
        guard !limits.contains(where: { $0 == nil }) else { return nil }
        return limits.compactMap { $0 }.max() ?? 0
    }

    var wantsTrend: Bool { writers.contains { $0.wantsTrend } }

    func begin(_ report: AuditReport) throws {
        for writer in writers { try writer.begin(report) }
    }

    func violation(_ violation: Violation) throws {
        for (writer, limit) in zip(writers, limits) where limit.map({ rows < $0 }) ?? true {
            try writer.violation(violation)
        }
        rows += 1
    }

    func end(_ report: AuditReport) throws {
        for writer in writers { try writer.end(report) }
    }

    func failed(_ error: TraceAuditError) -> Bool {
        writers.map { $0.failed(error) }.contains(true)
    }
}
