/// Runs one audit command against a source and feeds a report writer as results arrive, so that
/// violation rows are streamed rather than held in memory.
enum Auditor {
    /// Audits for `command` and returns the report; rows go to `writer` between its `begin` and `end`.
    static func run(
        _ command: AuditCommand, _ request: AuditRequest, source: any AuditSource, writer: any ReportWriter,
        shouldStop: () -> Bool = { false }
    ) throws(TraceAuditError) -> AuditReport {
        try source.withSnapshot(of: request.policy.table) {
            let tally = try source.scan(request, violationsOnly: command == .violations)
            let distribution = tally.distribution
            let violationCount = tally.diagnosis.total
            let report = AuditReport(
                policy: request.policy, window: request.window, command: command, violationCount: violationCount,
                diagnosis: tally.diagnosis, violationLimit: request.violationLimit, legacy: tally.legacy,
                distribution: distribution, daily: daily(tally.daily, days: request.dailyDays), undated: tally.undated)
            let limit = writer.rowLimit(requested: request.violationLimit)
            try writer.begin(report)
            if command.listsViolations && violationCount > 0 && limit != 0 {
                try source.violations(request, limit: limit, after: tally) { violation in
                    guard !shouldStop() else { throw TraceAuditError.outputClosed(passed: report.passed) }
                    try writer.violation(violation)
                }
            }
            try writer.end(report)
            return report
        }
    }

    /// The days to show: those with jobs, or every day of `days` (zero for days without jobs).
    static func daily(_ days: [DailyCompliance], days range: ClosedRange<Int64>?) -> [DailyCompliance] {
        guard let range else { return days }
        var byDay: [Int64: DailyCompliance] = [:]
        for day in days { byDay[day.day.number] = day }
        return range.reversed().map { byDay[$0] ?? DailyCompliance(day: UTCDay(number: $0), jobs: TraceCount()) }
    }
}
