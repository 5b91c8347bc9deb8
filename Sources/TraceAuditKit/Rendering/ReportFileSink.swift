/// A report file that is finished only when the run is: `--output`, `--report FORMAT=FILE`
/// (`OutputFile`) and `--report FORMAT+=FILE` (`AppendedReport`).
protocol ReportFileSink: TextSink {
    /// Makes the finished report durable without putting it in place; throws (exit 3, and the
    /// file is left as it was) when it cannot.
    func prepare() throws(TraceAuditError)
    /// Puts the finished report in place; throws (exit 3) when it cannot.
    func commit() throws(TraceAuditError)
    /// Undoes a `commit` that cannot be taken back otherwise (an append); nothing for the others.
    func withdraw()
    /// Leaves the file as it was before the run.
    func discard()
}

extension ReportFileSink {
    func withdraw() {}
}

extension OutputFile: ReportFileSink {}

extension Array where Element == any ReportFileSink {
    /// Commits a run's report files all or none: every one is prepared (synced, flushed) first,
    /// then the appends are made (each cut back off when a later one fails), then the replacements
    /// renamed, which a full disk cannot stop. A failure leaves every replaced file as it was.
    func commitAll() throws(TraceAuditError) {
        do throws(TraceAuditError) {
            for file in self { try file.prepare() }
            let ordered = filter { $0 is AppendedReport } + filter { !($0 is AppendedReport) }
            var committed: [any ReportFileSink] = []
            do throws(TraceAuditError) {
                for file in ordered {
                    try file.commit()
                    committed.append(file)
                }
            } catch {
                for file in committed { file.withdraw() }
                throw error
            }
        } catch {
            for file in self { file.discard() }
            throw error
        }
    }
}
