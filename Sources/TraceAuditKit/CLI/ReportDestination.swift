/// How a report is written and where to.
public struct ReportDestination: Hashable, Sendable {
    /// The report's format; the parser accepts only the formats the command can write.
    public var format: OutputFormat = .table
    /// Write the report to this file atomically instead of standard output (`--output`).
    public var outputPath: String?

    public init(format: OutputFormat = .table, outputPath: String? = nil) {
        self.format = format
        self.outputPath = outputPath
    }
}
