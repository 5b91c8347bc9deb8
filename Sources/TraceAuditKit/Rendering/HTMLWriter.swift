/// `--format html`: one self-contained page (`HTMLReport` for a browser): no request of any kind
/// leaves it, which its Content-Security-Policy enforces.
final class HTMLWriter: ReportWriter {
    private let sink: TextSink
    private let context: ReportContext
    private var rows: [Violation] = []

    init(sink: TextSink, context: ReportContext) {
        self.sink = sink
        self.context = context
    }

    func begin(_ report: AuditReport) throws {}

    func violation(_ violation: Violation) throws {
        rows.append(violation)
    }

    func end(_ report: AuditReport) throws {
        sink.write(HTMLReport(report: report, rows: rows, context: context, medium: .page).document)
    }
}
