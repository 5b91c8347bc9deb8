/// The options every command that writes a report takes, as one group (like SwiftPM's
/// `@OptionGroup`): parsed once by `Command.parse`, handed whole to `ReportRun`, so that an output
/// option is added here and nowhere else.
public struct ReportOptions: Hashable, Sendable {
    /// The policy, the window (with `daily --days`, the days), and how many rows to list.
    public var request = AuditRequest()
    /// The format, `--output`, each `--report`, the e-mail's settings and `--post`.
    public var destination = ReportDestination()
    /// Print nothing when the command passes (`--quiet`).
    public var quiet = false
    /// Exit 0 even when the command fails (`--warn-only`); a failure to check still exits 3.
    public var warnOnly = false

    public init() {}

    /// `--quiet` with the report on standard output: a pass leaves standard output empty (a
    /// report in a file is always written).
    var silencesPass: Bool { quiet && destination.outputPath == nil }
}
