/// `logs --all`: every entry written as it is read and the summary after it, so memory stays flat
/// however long the logs are.
///
/// JSON (its `logged.entries` array comes before the counts), CSV (rows only) and the table (the
/// entries, then the verdict and summary) stream every entry. JUnit and GitHub show at most the
/// latest 10 entries and Prometheus none, so they keep no more than that and are written whole at
/// the end. Markdown puts its verdict before the entries and has no room for every one, so the
/// parser refuses it with `--all`. Every report of the run (`--format`, each `--report`) is one
/// lane of the stream.
final class LogStream: LogEntryWriter {
    /// One report being written.
    private final class Lane {
        let format: OutputFormat
        let sink: TextSink
        let style: Style
        /// Standard output under `--quiet`: nothing is written when the logs pass.
        let quiet: Bool
        var started = false
        var written = 0
        /// The table's first rows, held to align its columns; later rows take the same widths.
        var pending: [LoggedViolation] = []
        var table: IdTableLayout?

        init(format: OutputFormat, sink: TextSink, style: Style, quiet: Bool) {
            self.format = format
            self.sink = sink
            self.style = style
            self.quiet = quiet
        }
    }

    private let lanes: [Lane]
    private let context: ReportContext
    private let inputs: [String]
    private let policy: Policy
    private let window: TimeWindow
    /// Stands in for the entries in the JSON report, which is split there.
    private static let placeholder = "\u{0}entries\u{0}"

    /// The formats that write every entry as it is read.
    static let streamingFormats: Set<OutputFormat> = [.json, .csv, .table, .ids]

    /// The stream of the reports in `outputs` for reading `logs`, or nil when `request` lists a
    /// bounded number of entries.
    init?(_ logs: LogsRequest, request: AuditRequest, outputs: ReportOutputs) {
        guard request.violationLimit == nil else { return nil }
        lanes = [Lane(format: outputs.format, sink: outputs.sink, style: outputs.style, quiet: outputs.silencesPass)]
            + outputs.reports.map { Lane(format: $0.format, sink: $0.sink, style: Style(enabled: false), quiet: false) }
        context = outputs.context
        inputs = logs.logFiles
        policy = request.policy
        window = request.window
    }

    /// The entries kept for the reports written at the end: the latest 10 for the formats that
    /// show that many, none for the others.
    var kept: Int {
        lanes.map { (lane: Lane) -> Int in
            switch lane.format {
            case .junit: JUnitWriter.rowsShown
            case .github: GitHubWriter.annotationsShown
            case .slack, .pagerduty: AlertSummary.itemsShown
            default: 0
            }
        }.max() ?? 0
    }

    /// One entry, as it is read.
    func entry(_ entry: LoggedViolation) {
        for lane in lanes where LogStream.streamingFormats.contains(lane.format) {
            start(lane)
            switch lane.format {
            case .json:
                lane.sink.write((lane.written == 0 ? "\n      " : ",\n      ") + LogReport.entryJSON(entry).serialized(indent: 3))
            case .csv:
                lane.sink.write(LogReport.csvRecord(entry))
            case .ids:
                if let line = IdsWriter.line(entry.jobId) { lane.sink.write(line) }
            default:
                if let table = lane.table {
                    lane.sink.write(table.line(LogReport.entryRow(entry), style: lane.style))
                } else {
                    lane.pending.append(entry)
                    if lane.pending.count == TableWriter.alignmentRows { flushPending(lane) }
                }
            }
            lane.written += 1
        }
    }

    /// The summary, once the logs (and the table) are read.
    func end(_ report: LogReport) {
        for lane in lanes where !(lane.quiet && report.passed) {
            guard LogStream.streamingFormats.contains(lane.format) else {
                lane.sink.write(report.rendered(lane.format, context: context, style: lane.style))
                continue
            }
            start(lane)
            switch lane.format {
            case .json:
                let parts = LogStream.split(report.json(context, entries: .raw(LogStream.placeholder)).serialized())
                lane.sink.write((lane.written == 0 ? "]" : "\n    ]") + parts.after + "\n")
            case .csv, .ids:
                break
            default:
                flushPending(lane)
                lane.sink.write((lane.written == 0 ? "" : "\n") + report.table(context, lane.style, entriesStreamed: true))
            }
        }
    }

    /// What comes before the first entry: known before any is read.
    private func start(_ lane: Lane) {
        guard !lane.started else { return }
        lane.started = true
        switch lane.format {
        case .json:
            let empty = LogReport(
                policy: policy, inputs: inputs, findings: LogFindings(limit: 0, window: window, collectsJobIds: false),
                coverage: LogCoverage([], source: .records))
            lane.sink.write(LogStream.split(empty.json(context, entries: .raw(LogStream.placeholder)).serialized()).before + "[")
        case .csv:
            lane.sink.write(LogReport.csvHeader)
        case .ids:
            break
        default:
            lane.sink.write(lane.style.bold("traceaudit") + " logs · every entry as it is read, the summary after them\n\n")
        }
    }

    private func flushPending(_ lane: Lane) {
        guard !lane.pending.isEmpty else { return }
        let table = LogReport.entryTable(for: lane.pending, width: context.width)
        lane.sink.write(table.render(lane.pending.map(LogReport.entryRow), style: lane.style))
        lane.table = table
        lane.pending = []
    }

    private static func split(_ text: String) -> (before: String, after: String) {
        let parts = text.split(separator: placeholder, maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}
