/// The strict-mode activation criterion as a verdict: the last N complete UTC days have no
/// violation, no undated job without a trace, and (with `--logs`) no POLICY_VIOLATION entry.
///
/// Days without succeeded jobs are reported: no evidence is not proof. By default they count as
/// clean; `--require-traffic` counts them as not clean.
public struct ReadinessReport: Sendable {
    /// One day of the criterion.
    public struct Day: Sendable {
        public var day: UTCDay
        /// Succeeded jobs that day.
        public var succeeded: Int
        /// Violations that day.
        public var violations: Int
        /// POLICY_VIOLATION log entries that day (nil when no logs were given).
        public var logged: Int?
        /// The day lies before the policy's cutoff day: the policy did not cover it.
        public var beforeCutoff: Bool

        /// Why the day is not clean, or nil when it is.
        func problem(requireTraffic: Bool) -> String? {
            if beforeCutoff { return "before the policy's cutoff" }
            if violations > 0 { return "\(violations) violation\(violations == 1 ? "" : "s")" }
            if let logged, logged > 0 { return "\(logged) POLICY_VIOLATION log entr\(logged == 1 ? "y" : "ies")" }
            if requireTraffic && succeeded == 0 { return "no succeeded jobs (--require-traffic)" }
            return nil
        }
    }

    public var policy: Policy
    /// The days required clean.
    public var requiredDays: Int
    /// The last N complete days, newest first.
    public var days: [Day]
    /// Whether days without jobs count as not clean.
    public var requireTraffic: Bool
    /// Succeeded jobs without a trace whose created_at is NULL or unreadable: they may lie in any day.
    public var undatedMissingTrace: Int
    /// Log entries with no timestamp and no created_at: they may lie in any day.
    public var undatedLogEntries: Int?
    /// Complete days clean in a row, back from yesterday.
    public var streakDays: Int
    /// The first day of that streak.
    public var streakSince: UTCDay?
    /// The latest day with a violation (or log entry), if any.
    public var lastBrokenDay: UTCDay?
    /// When the verdict was given.
    public var today: UTCDay
    /// On a hot standby, how fresh the data is; nil on a primary or a snapshot.
    public var standby: Standby?

    /// Days of the window that are not clean, with why.
    public var broken: [(day: UTCDay, reason: String)] {
        days.compactMap { day in day.problem(requireTraffic: requireTraffic).map { (day.day, $0) } }
    }

    /// Days of the window without succeeded jobs.
    public var emptyDays: [UTCDay] { days.filter { $0.succeeded == 0 && !$0.beforeCutoff }.map(\.day) }

    /// READY: every required day clean, nothing undated.
    public var ready: Bool {
        broken.isEmpty && undatedMissingTrace == 0 && (undatedLogEntries ?? 0) == 0
    }

    /// Scans the table once (and reads the logs, if given) for the verdict as of `now`.
    static func run(_ options: ReadinessOptions, session: AuditSession, now: Instant) throws(TraceAuditError) -> ReadinessReport {
        let today = now.day
        let policy = options.request.policy
        var logsByDay: [UTCDay?: Int]?
        if !options.logFiles.isEmpty {
            var findings = LogFindings(limit: 0, window: TimeWindow(until: today.start), collectsJobIds: false)
            try LogScanner.scan(options.logFiles, allowEmpty: options.allowEmpty, into: &findings)
            logsByDay = findings.byDay
        }
        // The whole table (the plan's window): undated jobs may lie in any day, and only a full read finds them all.
        let plan = session.plan(.readiness, options.request, rowLimit: 0)
        let (tally, standby) = try session.read(plan) { plan, standby in (try session.scan(plan), standby) }
        var perDay: [Int64: DailyCompliance] = [:]
        for day in tally.daily { perDay[day.day.number] = day }
        let cutoffDay = policy.cutoff.day.number
        func day(_ number: Int64) -> Day {
            let counts = perDay[number]
            return Day(
                day: UTCDay(number: number), succeeded: counts?.totalSucceeded ?? 0, violations: counts?.withoutTrace ?? 0,
                logged: logsByDay.map { $0[UTCDay(number: number)] ?? 0 },
                // The cutoff's own day counts only when the cutoff is midnight.
                beforeCutoff: number < cutoffDay || (number == cutoffDay && policy.cutoff != UTCDay(number: number).start))
        }
        let days = (1...Int64(options.readinessDays)).map { day(today.number - $0) }
        var streak = 0
        var number = today.number - 1
        var lastBroken: UTCDay?
        while true {
            let candidate = day(number)
            if candidate.problem(requireTraffic: options.requireTraffic) != nil {
                if !candidate.beforeCutoff { lastBroken = candidate.day }
                break
            }
            streak += 1
            number -= 1
        }
        return ReadinessReport(
            policy: policy, requiredDays: options.readinessDays, days: days, requireTraffic: options.requireTraffic,
            undatedMissingTrace: tally.undated.missingTrace, undatedLogEntries: logsByDay.map { $0[nil] ?? 0 },
            streakDays: streak, streakSince: streak > 0 ? UTCDay(number: today.number - Int64(streak)) : nil,
            lastBrokenDay: lastBroken, today: today, standby: standby)
    }
}
