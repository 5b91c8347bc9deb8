extension OutputFormat {
    /// The writer of this format, writing to `sink`.
    func writer(sink: TextSink, style: Style, context: ReportContext) -> any ReportWriter {
        switch self {
        case .table: return TableWriter(sink: sink, style: style, context: context)
        case .json: return JSONWriter(sink: sink, context: context)
        case .junit: return JUnitWriter(sink: sink, context: context)
        case .markdown: return MarkdownWriter(sink: sink, context: context)
        case .github: return GitHubWriter(sink: sink, warnOnly: context.warnOnly)
        case .prometheus: return PrometheusWriter(sink: sink, context: context)
        case .csv: return CSVWriter(sink: sink, command: context.command)
        case .email: return EmailWriter(sink: sink, context: context, mail: context.mail)
        case .html: return HTMLWriter(sink: sink, context: context)
        case .slack, .pagerduty: return AlertWriter(self, sink: sink, context: context)
        case .ids: return IdsWriter(sink: sink)
        }
    }
}
