/// Where one run's reports go: the main report (standard output or `--output`, in `--format`) and
/// each `--report`, all written from the same audit.
struct ReportOutputs {
    /// The main report's sink.
    let sink: TextSink
    /// The main report's style (colors only on a terminal); report files are plain.
    let style: Style
    let context: ReportContext
    /// The main report's format.
    let format: OutputFormat
    /// `--quiet` with the main report on standard output: nothing is written there when the
    /// command passes. Report files are always written.
    let silencesPass: Bool
    /// The `--report` files with their formats.
    let reports: [(format: OutputFormat, sink: TextSink)]

    /// Whether the audit may stop early: the reader of standard output went away and no file
    /// still wants the rows.
    var canStop: Bool { sink.closed && reports.isEmpty }

    /// One writer for every report: the main one (silent on a pass under `--quiet`), then each file's.
    func writer() -> any ReportWriter {
        let main = format.writer(sink: sink, style: style, context: context)
        let first = silencesPass ? QuietWriter(main) : main
        guard !reports.isEmpty else { return first }
        return FanOutWriter([first] + reports.map { $0.format.writer(sink: $0.sink, style: Style(enabled: false), context: context) })
    }

    /// Writes a finished report in every format asked for; the main report is left empty when
    /// the command `passed` and `silencesPass`.
    func write(passed: Bool, _ render: (OutputFormat, Style) -> String) {
        if !(silencesPass && passed) { sink.write(render(format, style)) }
        for report in reports { report.sink.write(render(report.format, Style(enabled: false))) }
    }
}
