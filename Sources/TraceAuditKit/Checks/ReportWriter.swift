/// Writes a report in one format as the audit produces it: the summary first, then the violation
/// rows one at a time (so `violations --all` streams in flat memory), then the end.
protocol ReportWriter: AnyObject {
    /// How many violation rows the format wants, given what was asked for; nil for all, 0 for none.
    func rowLimit(requested: Int?) -> Int?
    /// Whether the format shows the last days' trend (`AuditReport.trend`), which may cost a read.
    var wantsTrend: Bool { get }
    /// The summary is known: counts, diagnosis, days.
    func begin(_ report: AuditReport) throws
    /// One violation row, newest first.
    func violation(_ violation: Violation) throws
    /// All rows were handed over.
    func end(_ report: AuditReport) throws
    /// The audit could not run; formats that report that themselves (Prometheus' `traceaudit_up 0`,
    /// a JUnit error) write it, the others nothing. Returns whether anything was written.
    func failed(_ error: TraceAuditError) -> Bool
}

extension ReportWriter {
    func rowLimit(requested: Int?) -> Int? { requested }
    var wantsTrend: Bool { false }
    func failed(_ error: TraceAuditError) -> Bool { false }
}
