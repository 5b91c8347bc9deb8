/// A report file that is finished only when the run is: `--output`, `--report FORMAT=FILE`
/// (`OutputFile`) and `--report FORMAT+=FILE` (`AppendedReport`).
protocol ReportFileSink: TextSink {
    /// Puts the finished report in place; throws (exit 3) when it cannot.
    func commit() throws(TraceAuditError)
    /// Leaves the file as it was before the run.
    func discard()
}

extension OutputFile: ReportFileSink {}
