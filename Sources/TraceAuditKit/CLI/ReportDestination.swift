/// How a report is written and where to.
public struct ReportDestination: Hashable, Sendable {
    /// The report's format; the parser accepts only the formats the command can write.
    public var format: OutputFormat = .table
    /// Write the report to this file atomically instead of standard output (`--output`).
    public var outputPath: String?
    /// Further reports of the same audit (`--report FORMAT=PATH`, repeatable), each in its own file.
    public var reports: [ReportFile] = []
    /// Sender, recipients and subject prefix of `--format email`.
    public var mail = MailSettings()
    /// Where and when the report is posted as an alert (`--post`, `--notify-on`, `--state`).
    public var post: AlertPost?

    public init(format: OutputFormat = .table, outputPath: String? = nil, reports: [ReportFile] = []) {
        self.format = format
        self.outputPath = outputPath
        self.reports = reports
    }

    /// Whether a report goes to a file (`--output` or `--report`): then a CI log would not show
    /// the verdict unless it is also said on standard error.
    var writesFiles: Bool { outputPath != nil || !reports.isEmpty }
}
