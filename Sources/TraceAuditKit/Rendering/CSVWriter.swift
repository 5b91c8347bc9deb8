/// `--format csv` (RFC 4180: CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes
/// doubled) of the violation rows (`violations`) or the days (`daily`). NULL is an empty field.
final class CSVWriter: ReportWriter {
    private let sink: TextSink
    private let command: AuditCommand
    /// With a baseline, the rows end with `acknowledged` (true or false).
    private var marksAcknowledged = false

    init(sink: TextSink, command: AuditCommand) {
        self.sink = sink
        self.command = command
    }

    func rowLimit(requested: Int?) -> Int? { command == .violations ? requested : 0 }

    func begin(_ report: AuditReport) throws {
        marksAcknowledged = report.gate.hasBaseline
        if command == .violations {
            sink.write(CSVWriter.record(
                ["id", "type", "created_at", "updated_at", "correlation_id", "trace_id"] + (marksAcknowledged ? ["acknowledged"] : [])))
        }
    }

    func violation(_ violation: Violation) throws {
        sink.write(CSVWriter.record([
            violation.id, violation.type, violation.createdAt.description, violation.updatedAt?.description,
            violation.correlationId, violation.traceId,
        ] + (marksAcknowledged ? [violation.acknowledged ? "true" : "false"] : [])))
    }

    func end(_ report: AuditReport) throws {
        guard command == .daily else { return }
        sink.write(CSVWriter.record(["day", "total_succeeded", "with_trace", "without_trace", "compliance_percent", "partial"]))
        for day in report.daily {
            sink.write(CSVWriter.record([
                day.day.description, String(day.totalSucceeded), String(day.withTrace), String(day.withoutTrace),
                day.compliancePercentText, day.partial ? "true" : "false",
            ]))
        }
    }

    /// One record, CRLF-terminated.
    static func record(_ fields: [String?]) -> String {
        fields.map(Escape.csv).joined(separator: ",") + "\r\n"
    }
}
