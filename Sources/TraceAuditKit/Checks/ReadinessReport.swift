/// The strict-mode activation criterion as a verdict, as of now: today so far and the last N
/// complete UTC days have no violation, no undated job without a trace, and (with `--logs`) no
/// POLICY_VIOLATION entry.
///
/// Jobs are dated by when they succeeded (`ReadinessClock`). Evidence is required: a complete day
/// without succeeded jobs is not clean unless `--allow-empty-days`, and the streak never reaches
/// back before the first day with succeeded jobs. Every job type seen in the last 30 days is a
/// path; a path without a traced success in the window is unverified (NOT READY with
/// `--require-all-types`).
public struct ReadinessReport: Sendable {
    /// One day of the criterion.
    public struct Day: Sendable {
        public var day: UTCDay
        /// Succeeded jobs that day (by the clock).
        public var succeeded: Int
        /// Violations that day.
        public var violations: Int
        /// POLICY_VIOLATION log entries that day (nil when no logs were given).
        public var logged: Int?
        /// The day lies before the policy's cutoff day: the policy did not cover it.
        public var beforeCutoff: Bool
        /// The day lies before the first day with succeeded jobs: there is no evidence for it.
        public var beforeEvidence: Bool
        /// Today: the day so far. Its violations count; it needs no jobs yet.
        public var partial: Bool

        /// Why the day is not clean, or nil when it is.
        func problem(allowEmptyDays: Bool) -> String? {
            if beforeCutoff { return "before the policy's cutoff" }
            if violations > 0 { return "\(violations) violation\(violations == 1 ? "" : "s")" + (partial ? " today" : "") }
            if let logged, logged > 0 { return "\(logged) POLICY_VIOLATION log entr\(logged == 1 ? "y" : "ies")" + (partial ? " today" : "") }
            if partial || succeeded > 0 { return nil }
            if beforeEvidence { return "before the first succeeded job (no evidence)" }
            return allowEmptyDays ? nil : "no succeeded jobs (no evidence)"
        }
    }

    /// A job type seen in the last 30 days: a path the policy asks to see traced.
    public struct Path: Sendable {
        /// The type, nil for jobs without one.
        public var type: String?
        /// The last day a job of this type succeeded.
        public var lastSeen: UTCDay
        /// Succeeded jobs of this type in the readiness window.
        public var succeededInWindow: Int
        /// Of those, jobs with a trace.
        public var tracedInWindow: Int

        /// It succeeded with a trace inside the window.
        public var verified: Bool { tracedInWindow > 0 }
        /// The type as reports show it.
        var label: String { type ?? "(no type)" }
    }

    public var policy: Policy
    /// The complete days required clean before today.
    public var requiredDays: Int
    /// Today, then the N complete days before it, newest first.
    public var days: [Day]
    /// Whether complete days without succeeded jobs count as clean (`--allow-empty-days`).
    public var allowEmptyDays: Bool
    /// Whether unverified paths make the verdict NOT READY (`--require-all-types`).
    public var requireAllTypes: Bool
    /// The clock that dated the jobs.
    var clock: ReadinessClock
    /// Jobs dated by created_at because their updated_at is NULL or unreadable.
    public var datedByCreatedAt: Int
    /// Jobs whose updated_at is earlier than their created_at (clock skew), dated by created_at.
    public var clockSkew = 0
    /// Succeeded jobs without a trace whose created_at is NULL or unreadable: they may lie in any day.
    public var undatedMissingTrace: Int
    /// Log entries with no timestamp and no created_at: they may lie in any day.
    public var undatedLogEntries: Int?
    /// The first day with succeeded jobs, nil when there are none.
    public var evidenceSince: UTCDay?
    /// Complete days clean in a row back from yesterday, when today is clean too (else 0).
    public var streakDays: Int
    /// The first day of that streak.
    public var streakSince: UTCDay?
    /// The latest day that is not clean (today included), if any within reach of the streak.
    public var lastBrokenDay: UTCDay?
    /// The job types seen in the last 30 days (and in the window, if longer).
    public var paths: [Path]
    /// The first day a path is looked for.
    public var pathsSince: UTCDay
    /// When the verdict was given; the streak ends here.
    public var now: Instant
    /// On a hot standby, how fresh the data is; nil on a primary or a snapshot.
    public var standby: Standby?

    /// Today, UTC.
    public var today: UTCDay { now.day }

    /// The first day of the window.
    public var windowStart: UTCDay { days.last?.day ?? today }

    /// Whether days without jobs count as not clean (the default; `--require-traffic` names it).
    public var requireTraffic: Bool { !allowEmptyDays }

    /// Days of the window that are not clean, with why.
    public var broken: [(day: UTCDay, reason: String)] {
        days.compactMap { day in day.problem(allowEmptyDays: allowEmptyDays).map { (day.day, $0) } }
    }

    /// Complete days of the window without succeeded jobs.
    public var emptyDays: [UTCDay] { days.filter { $0.succeeded == 0 && !$0.beforeCutoff && !$0.partial }.map(\.day) }

    /// No succeeded job in the whole window.
    public var noEvidence: Bool { days.allSatisfy { $0.succeeded == 0 } }

    /// Paths without a traced success in the window.
    public var unverifiedPaths: [Path] { paths.filter { !$0.verified } }

    /// READY: today and the required days clean, nothing undated, and (with `--require-all-types`)
    /// every path verified.
    public var ready: Bool {
        streakDays >= requiredDays && broken.isEmpty && undatedMissingTrace == 0 && (undatedLogEntries ?? 0) == 0
            && !(noEvidence && !allowEmptyDays) && !(requireAllTypes && !unverifiedPaths.isEmpty)
    }

    /// Scans the table once (and reads the logs, if given) for the verdict as of `now`.
    static func run(_ options: ReadinessOptions, session: AuditSession, now: Instant) throws(TraceAuditError) -> ReadinessReport {
        let policy = options.request.policy
        let scope = ReadinessScope(now: now, requiredDays: options.readinessDays)
        let today = scope.today
        var logsByDay: [UTCDay?: Int]?
        if !options.logFiles.isEmpty {
            var findings = LogFindings(limit: 0, window: .all, collectsJobIds: false)
            try LogScanner.scan(options.logFiles, allowEmpty: options.allowEmpty, into: &findings)
            logsByDay = findings.byDay
        }
        let planned = session.plan(.readiness, options.request, rowLimit: 0).readiness(scope)
        // The session fits the plan to the table, which sets the clock by its columns.
        let (tally, standby) = try session.read(planned) { plan, standby in
            (try session.scan(plan).readiness ?? ReadinessTally(cutoff: policy.cutoff, scope: plan.readiness ?? scope), standby)
        }
        // Anything dated after now (a clock ahead of ours) counts as today's.
        var later = ReadinessTally.Counts()
        for (day, counts) in tally.days where day > today.number { later = later + counts }
        var loggedLater = 0
        for case let (day?, count) in logsByDay ?? [:] where day.number > today.number { loggedLater += count }
        let evidenceSince = tally.days.filter { $0.value.succeeded > 0 }.keys.min().map { UTCDay(number: min($0, today.number)) }
        let cutoffDay = policy.cutoff.day.number
        func day(_ number: Int64) -> Day {
            let partial = number == today.number
            let counts = (tally.days[number] ?? ReadinessTally.Counts()) + (partial ? later : ReadinessTally.Counts())
            return Day(
                day: UTCDay(number: number), succeeded: counts.succeeded, violations: counts.violations,
                logged: logsByDay.map { ($0[UTCDay(number: number)] ?? 0) + (partial ? loggedLater : 0) },
                // The cutoff's own day counts only when the cutoff is midnight.
                beforeCutoff: number < cutoffDay || (number == cutoffDay && policy.cutoff != UTCDay(number: number).start),
                beforeEvidence: number < (evidenceSince?.number ?? .max), partial: partial)
        }
        let days = (0...Int64(options.readinessDays)).map { day(today.number - $0) }
        var streak = 0
        var lastBroken: UTCDay?
        if days[0].problem(allowEmptyDays: options.allowEmptyDays) != nil {
            lastBroken = today
        } else {
            var number = today.number - 1
            while true {
                let candidate = day(number)
                if candidate.problem(allowEmptyDays: options.allowEmptyDays) != nil {
                    if !candidate.beforeCutoff && !candidate.beforeEvidence { lastBroken = candidate.day }
                    break
                }
                streak += 1
                number -= 1
            }
        }
        return ReadinessReport(
            policy: policy, requiredDays: options.readinessDays, days: days, allowEmptyDays: options.allowEmptyDays,
            requireAllTypes: options.requireAllTypes, clock: tally.scope.clock, datedByCreatedAt: tally.datedByCreatedAt,
            clockSkew: tally.clockSkew,
            undatedMissingTrace: tally.undated.missingTrace, undatedLogEntries: logsByDay.map { $0[nil] ?? 0 },
            evidenceSince: evidenceSince, streakDays: streak,
            streakSince: streak > 0 ? UTCDay(number: today.number - Int64(streak)) : nil, lastBrokenDay: lastBroken,
            paths: paths(tally, windowStart: scope.windowStart, today: today), pathsSince: scope.typesSince, now: now, standby: standby)
    }

    /// The paths the tally saw, by type, with their counts inside the window.
    private static func paths(_ tally: ReadinessTally, windowStart: UTCDay, today: UTCDay) -> [Path] {
        var byType: [String?: Path] = [:]
        for (key, counts) in tally.types {
            let day = UTCDay(number: min(key.day, today.number))
            var path = byType[key.type] ?? Path(type: key.type, lastSeen: day, succeededInWindow: 0, tracedInWindow: 0)
            path.lastSeen = max(path.lastSeen, day)
            if key.day >= windowStart.number {
                path.succeededInWindow += counts.succeeded
                path.tracedInWindow += counts.traced
            }
            byType[key.type] = path
        }
        return byType.values.sorted { ($0.type ?? "\u{10FFFF}") < ($1.type ?? "\u{10FFFF}") }
    }
}
