/// A writer that drops everything when the audit passes (`--quiet`): cron mails only output.
final class QuietWriter: ReportWriter {
    private let inner: any ReportWriter
    private var silent = false

    init(_ inner: any ReportWriter) {
        self.inner = inner
    }

    func rowLimit(requested: Int?) -> Int? { inner.rowLimit(requested: requested) }

    var wantsTrend: Bool { inner.wantsTrend }

    func begin(_ report: AuditReport) throws {
        silent = report.passed
        if !silent { try inner.begin(report) }
    }

    func violation(_ violation: Violation) throws {
        if !silent { try inner.violation(violation) }
    }

    func end(_ report: AuditReport) throws {
        if !silent { try inner.end(report) }
    }

    func failed(_ error: TraceAuditError) -> Bool {
        inner.failed(error)
    }
}
