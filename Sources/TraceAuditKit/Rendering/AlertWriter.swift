/// The writer of the alert formats (slack, pagerduty) for the table's checks: it keeps the newest
/// violation rows a list shows, then writes the whole alert at the end (`SlackWriter.message`,
/// `PagerDutyWriter.event`); when the audit could not run, the ERROR alert.
final class AlertWriter: ReportWriter {
    private let sink: TextSink
    private let context: ReportContext
    private let format: OutputFormat
    private var rows: [Violation] = []

    /// `format` is `.slack` or `.pagerduty`.
    init(_ format: OutputFormat, sink: TextSink, context: ReportContext) {
        self.format = format
        self.sink = sink
        self.context = context
    }

    func rowLimit(requested: Int?) -> Int? {
        min(requested ?? AlertSummary.itemsShown, AlertSummary.itemsShown)
    }

    func begin(_ report: AuditReport) throws {}

    func violation(_ violation: Violation) throws {
        rows.append(violation)
    }

    func end(_ report: AuditReport) throws {
        sink.write(AlertWriter.rendered(AlertSummary(report, rows: rows), format, context: context))
    }

    func failed(_ error: TraceAuditError) -> Bool {
        sink.write(AlertWriter.rendered(AlertSummary(error, context: context), format, context: context))
        return true
    }

    /// `alert` in `format` (slack or pagerduty), with a final newline.
    static func rendered(_ alert: AlertSummary, _ format: OutputFormat, context: ReportContext) -> String {
        format == .pagerduty ? PagerDutyWriter.event(alert, context: context).serialized() + "\n" : SlackWriter.message(alert, context: context)
    }
}
