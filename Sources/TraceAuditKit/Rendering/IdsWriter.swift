/// `--format ids`: the job id of each violation listed, one a line and nothing else, newest first,
/// written as the rows stream (`--all` for every one; `--limit` applies as to the table), then the
/// ids of the undated jobs without a trace. For a retry script: `… --format ids | xargs …`.
///
/// A job whose id is NULL has no line. An id holding a control character (a line break would
/// split it) is escaped as on a terminal, so every line is one id.
final class IdsWriter: ReportWriter {
    private let sink: TextSink

    init(sink: TextSink) {
        self.sink = sink
    }

    func begin(_ report: AuditReport) throws {}

    func violation(_ violation: Violation) throws {
        if let line = IdsWriter.line(violation.id) { sink.write(line) }
    }

    func end(_ report: AuditReport) throws {
        sink.write(report.undatedIds.compactMap(IdsWriter.line).joined())
    }

    /// One id as its line, or nil for a NULL id.
    static func line(_ id: String?) -> String? {
        id.map { Escape.terminal($0) + "\n" }
    }
}
