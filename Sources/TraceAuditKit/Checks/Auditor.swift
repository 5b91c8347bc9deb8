/// Runs one of the table's commands in a session and feeds a report writer as results arrive, so
/// that violation rows are streamed rather than held in memory.
enum Auditor {
    /// Audits for `command` at `now` (ages and partial days are reckoned from it) and returns the
    /// report; rows go to `writer` between its `begin` and `end`.
    ///
    /// With a `baseline`, every violation is read once more in the same consistent read, before
    /// the report begins, to count those it acknowledges (each entry one violation) and find its
    /// stale entries and the table's duplicate ids: the verdict considers every violation, not only
    /// the rows listed, and memory holds only the baseline and the violations' ids.
    static func run(
        _ command: AuditCommand, _ request: AuditRequest, session: AuditSession, writer: any ReportWriter,
        gate: AuditGate = AuditGate(), baseline: Baseline? = nil, now: Instant = .now, shouldStop: () -> Bool = { false }
    ) throws(TraceAuditError) -> AuditReport {
        var planned = session.plan(command, request, rowLimit: writer.rowLimit(requested: request.violationLimit))
        planned.readsEveryViolation = baseline != nil
        planned.readsTrend = writer.wantsTrend
        return try session.read(planned) { plan, standby in
            let tally = try session.scan(plan)
            let readsEverything = plan.reading == .everything
            var report = AuditReport(
                policy: request.policy, window: request.window, command: command, violationCount: tally.diagnosis.total,
                diagnosis: tally.diagnosis, violationLimit: request.violationLimit, legacy: tally.legacy,
                distribution: tally.distribution,
                daily: daily(tally.daily, days: request.dailyDays).map { day in
                    var day = day
                    day.partial = DailyCompliance.isPartial(day.day, window: request.window, now: now)
                    return day
                },
                undated: tally.undated, columns: plan.columns, standby: standby, dailyDays: request.dailyDays, gate: gate,
                freshness: Freshness(
                    newestSucceeded: readsEverything && tally.newestSucceeded != .min ? Instant(microseconds: tally.newestSucceeded) : nil,
                    asOf: now, succeededJobs: tally.legacy.total + tally.distribution.total,
                    maxAge: readsEverything ? request.maxAge : nil, minJobs: readsEverything ? request.minJobs : nil))
            report.byType = report.diagnosis.byType.map { entry in
                TypeCompliance(
                    type: entry.type, violations: entry.count, succeeded: readsEverything ? tally.succeededByType[entry.type] ?? 0 : nil)
            }
            // Looked for only when the window holds violations: a clean window (the cron's usual
            // day) costs no read of the days before it, which without the partial index is a walk
            // over every job between the cutoff and the window.
            if plan.firstViolation != nil, tally.diagnosis.total > 0, let since = request.window.since {
                report.beforeWindow = BeforeWindow(first: try session.firstViolation(plan, after: tally), since: since)
            }
            if plan.readsTrend, let days = request.trendDays, readsEverything {
                report.trend = trend(days, window: request.window, tally: tally, earlier: try session.trend(plan), now: now)
            }
            try session.undatedIds(plan, after: tally) { report.undatedIds.append($0) }
            var matcher = baseline.map(Baseline.Matcher.init)
            if var claiming = matcher {
                report.gate.hasBaseline = true
                if tally.diagnosis.total > 0 {
                    try session.everyViolation(plan) { violation in
                        guard !shouldStop() else { throw TraceAuditError.outputClosed(passed: false) }
                        claiming.claim(violation)
                    }
                }
                report.gate.acknowledged = claiming.acknowledged
                report.gate.duplicateIds = claiming.duplicateIds
                (report.gate.stale, report.gate.outsideWindow) = claiming.unclaimed(window: request.window)
                matcher = claiming
            }
            try writer.begin(report)
            try session.violations(plan, after: tally) { violation in
                guard !shouldStop() else { throw TraceAuditError.outputClosed(passed: report.passed) }
                var violation = violation
                violation.acknowledged = matcher?.isAcknowledged(violation) ?? false
                try writer.violation(violation)
            }
            try writer.end(report)
            return report
        }
    }

    /// The trend's `days`, newest first, each whole: the window's scan counted its own days, and
    /// `earlier` (the scan over the days before the window, when it started later than them) the
    /// rest. A day is partial when the read covers only part of it or it includes `now`.
    static func trend(_ days: ClosedRange<Int64>, window: TimeWindow, tally: AuditTally, earlier: AuditTally?, now: Instant) -> [DailyCompliance] {
        var jobs: [Int64: TraceCount] = [:]
        for day in tally.daily + (earlier?.daily ?? []) { jobs[day.day.number] = (jobs[day.day.number] ?? TraceCount()) + day.jobs }
        let covered = TimeWindow(since: earlier?.window.since ?? window.since, until: window.until)
        return days.reversed().map { number in
            let day = UTCDay(number: number)
            return DailyCompliance(day: day, jobs: jobs[number] ?? TraceCount(), partial: DailyCompliance.isPartial(day, window: covered, now: now))
        }
    }

    /// The days to show, newest first: those with jobs, or every day of `days` (zero for days
    /// without jobs) and any later day with jobs (dated after today: the window has no end, so
    /// they count in the verdict, and the rows must add up to it).
    static func daily(_ days: [DailyCompliance], days range: ClosedRange<Int64>?) -> [DailyCompliance] {
        guard let range else { return days }
        var byDay: [Int64: DailyCompliance] = [:]
        for day in days { byDay[day.day.number] = day }
        let later = days.filter { !range.contains($0.day.number) }.sorted { $0.day.number > $1.day.number }
        return later + range.reversed().map { byDay[$0] ?? DailyCompliance(day: UTCDay(number: $0), jobs: TraceCount()) }
    }
}
