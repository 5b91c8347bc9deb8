/// The strict-mode activation criterion as a verdict, as of now: today so far and the last N
/// complete UTC days have no violation, no undated job without a trace, and (with logs) no
/// POLICY_VIOLATION entry, each day inside the time the logs cover.
///
/// Jobs are dated by when they succeeded (`ReadinessClock`). Evidence is required: a complete day
/// without succeeded jobs is not clean unless `--allow-empty-days`, a day the logs do not cover
/// whole (today: up to now) is not log-clean, and the streak never reaches back before the first
/// day with succeeded jobs. Every job type seen in the last 30 days is a path: verified, failing or
/// unexercised in the window (NOT READY unless verified, with `--require-all-types`). NOT READY
/// carries the instant it could flip (`readyAt`), READY the instant it began (`readySince`).
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
        /// Whether the logs cover the whole day (today: up to now); nil when no logs were given.
        public var logsCovered: Bool?

        /// What a day whose logs do not cover it is called.
        static let notCovered = "logs: not covered"

        /// Why the day is not clean, or nil when it is; `ignoringCoverage` asks whether the day
        /// would be clean with logs that cover it.
        func problem(allowEmptyDays: Bool, ignoringCoverage: Bool = false) -> String? {
            if beforeCutoff { return "before the policy's cutoff" }
            if violations > 0 { return "\(violations) violation\(violations == 1 ? "" : "s")" + (partial ? " today" : "") }
            if let logged, logged > 0 { return "\(logged) POLICY_VIOLATION log entr\(logged == 1 ? "y" : "ies")" + (partial ? " today" : "") }
            if logsCovered == false && !ignoringCoverage { return Day.notCovered }
            if partial || succeeded > 0 { return nil }
            if beforeEvidence { return "before the first succeeded job (no evidence)" }
            return allowEmptyDays ? nil : "no succeeded jobs (no evidence)"
        }
    }

    /// How a path stands in the readiness window.
    public enum PathState: String, Sendable, CaseIterable {
        case verified
        case failing
        case unexercised
    }

    /// One of the policy's three criteria for strict mode, with its state and its evidence.
    public struct Criterion: Sendable {
        public enum State: String, Sendable {
            case met
            case notMet = "not_met"
            /// A decision people take; the tool can only inform it.
            case humanStep = "human_step"
        }

        /// Stable name for programs: `clean_days`, `paths_verified`, `team_confident`.
        public var id: String
        /// The criterion in the policy's words.
        public var title: String
        public var state: State
        /// What the state rests on, one fact a line.
        public var evidence: [String]
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
        /// Violations of this type in the readiness window.
        public var violationsInWindow: Int = 0

        /// Verified: a traced success in the window and no violation there.
        public var verified: Bool { state == .verified }
        /// Its class: failing (a violation in the window), verified (a traced success and no
        /// violation), or unexercised (no traced success in the window).
        public var state: PathState {
            if violationsInWindow > 0 { return .failing }
            return tracedInWindow > 0 ? .verified : .unexercised
        }
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
    /// What the logs cover; nil when the verdict rests on the table alone (no `--logs`).
    public var logCoverage: LogCoverage?
    /// POLICY_VIOLATION entries in the window's days (nil without logs).
    public var loggedInWindow: Int? { days.contains { $0.logged != nil } ? days.reduce(0) { $0 + ($1.logged ?? 0) } : nil }
    /// The day from which the flip date counts: the latest day not clean for a reason that logs
    /// covering it would not mend (a violation, a log entry, a day without jobs, the start of the
    /// evidence or of the policy).
    var lastBreakingDay: UTCDay
    /// The day before the streak (today when today is not clean).
    var streakBreakDay: UTCDay
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

    /// Paths not verified: failing or unexercised.
    public var unverifiedPaths: [Path] { paths.filter { !$0.verified } }

    /// The paths in one class.
    public func paths(_ state: PathState) -> [Path] { paths.filter { $0.state == state } }

    /// Days of the window the logs do not cover (none without logs).
    public var uncoveredDays: [UTCDay] { days.filter { $0.logsCovered == false && !$0.beforeCutoff }.map(\.day) }

    /// READY since this instant: the start of the day on which the streak reached the required days.
    public var readySince: Instant? { ready ? UTCDay(number: streakBreakDay.number + Int64(requiredDays) + 1).start : nil }

    /// The earliest instant at which the verdict would be READY if no new violation appears and the
    /// evidence holds (every day with succeeded jobs unless `--allow-empty-days`, logs covering
    /// every day when `--logs` is given, a traced success on every path with
    /// `--require-all-types`): the end of the last breaking day plus the required clean days.
    /// Nil when READY, or when waiting cannot make it READY (`readyAtRequires` says what can).
    public var readyAt: Instant? {
        guard !ready, undatedReasons.isEmpty else { return nil }
        let flip = UTCDay(number: lastBreakingDay.number + Int64(requiredDays) + 1).start
        return flip > now ? flip : nil
    }

    /// What besides waiting the verdict needs to become READY (empty when READY).
    public var readyAtRequires: [String] {
        guard !ready else { return [] }
        var needs: [String] = []
        if !undatedReasons.isEmpty { needs.append("jobs and log entries with a time: waiting cannot date them") }
        let uncovered = uncoveredDays
        if !uncovered.isEmpty {
            needs.append(
                "logs covering " + ReadinessReport.dayList(uncovered)
                    + (logCoverage?.source == .fetched
                        ? " (the API returned no record of the function there: past the plan's log retention, or no traffic; a log drain keeps them longer)"
                        : " (a fetch, or --logs-cover for a filtered export)"))
        }
        if requireAllTypes {
            let unverified = unverifiedPaths
            if !unverified.isEmpty {
                needs.append("a traced success and no violation on " + unverified.map(\.label).joined(separator: ", ") + " (--require-all-types)")
            }
        }
        return needs
    }

    /// Days as people read them: `2026-12-01`, `2026-12-01 to 2026-12-05` for a run of days.
    static func dayList(_ days: [UTCDay]) -> String {
        var runs: [(UTCDay, UTCDay)] = []
        for day in days.sorted() {
            if let last = runs.last, last.1.number + 1 == day.number { runs[runs.count - 1].1 = day } else { runs.append((day, day)) }
        }
        return runs.map { $0.0 == $0.1 ? $0.0.description : "\($0.0) to \($0.1)" }.joined(separator: ", ")
    }

    /// Whether the days decide READY: today and the required days clean, with evidence, nothing undated.
    var daysClean: Bool {
        streakDays >= requiredDays && broken.isEmpty && undatedMissingTrace == 0 && (undatedLogEntries ?? 0) == 0
            && !(noEvidence && !allowEmptyDays)
    }

    /// READY: today and the required days clean, nothing undated, and (with `--require-all-types`)
    /// every path verified.
    public var ready: Bool {
        daysClean && !(requireAllTypes && !unverifiedPaths.isEmpty)
    }

    /// The `--logs` files as evidence: their entries by day, and what they cover: `--logs-cover`
    /// when given, else each file from its first to its last record of any kind.
    static func readLogs(_ readiness: ReadinessRequest) throws(TraceAuditError) -> ReadinessLogs? {
        guard !readiness.logFiles.isEmpty else { return nil }
        var findings = LogFindings(limit: 0, window: .all, collectsJobIds: false)
        try LogScanner.scan(readiness.logFiles, allowEmpty: readiness.allowEmpty, into: &findings)
        return ReadinessLogs(
            entriesByDay: findings.byDay, coverage: readiness.logsCover.map { LogCoverage([$0], source: .stated) } ?? findings.coverage)
    }

    /// Scans the table once for the verdict as of `now`, with the logs' evidence: `logs` when a
    /// source hands it in (a fetch), else the `--logs` files, else none (the table alone).
    static func run(
        _ request: AuditRequest, readiness: ReadinessRequest, session: AuditSession, now: Instant, logs given: ReadinessLogs? = nil
    ) throws(TraceAuditError) -> ReadinessReport {
        let policy = request.policy
        let scope = ReadinessScope(now: now, requiredDays: readiness.days)
        let today = scope.today
        var logs = given
        if logs == nil { logs = try readLogs(readiness) }
        let logsByDay = logs?.entriesByDay
        let planned = session.plan(.readiness, request, rowLimit: 0).readiness(scope)
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
                beforeEvidence: number < (evidenceSince?.number ?? .max), partial: partial,
                logsCovered: logs.map { $0.coverage.covers(UTCDay(number: number), now: now) })
        }
        let days = (0...Int64(readiness.days)).map { day(today.number - $0) }
        /// The latest day not clean, from today back (it ends: days before the evidence are not clean).
        func breakDay(ignoringCoverage: Bool) -> Day {
            var number = today.number
            while true {
                let candidate = day(number)
                if candidate.problem(allowEmptyDays: readiness.allowEmptyDays, ignoringCoverage: ignoringCoverage) != nil { return candidate }
                number -= 1
            }
        }
        let breaking = breakDay(ignoringCoverage: false)
        let streak = breaking.day == today ? 0 : Int(today.number - breaking.day.number - 1)
        let lastBroken: UTCDay? = breaking.day == today || (!breaking.beforeCutoff && !breaking.beforeEvidence) ? breaking.day : nil
        return ReadinessReport(
            policy: policy, requiredDays: readiness.days, days: days, allowEmptyDays: readiness.allowEmptyDays,
            requireAllTypes: readiness.requireAllTypes, clock: tally.scope.clock, datedByCreatedAt: tally.datedByCreatedAt,
            clockSkew: tally.clockSkew,
            undatedMissingTrace: tally.undated.missingTrace, undatedLogEntries: logsByDay.map { $0[nil] ?? 0 },
            evidenceSince: evidenceSince, streakDays: streak,
            streakSince: streak > 0 ? UTCDay(number: today.number - Int64(streak)) : nil, lastBrokenDay: lastBroken,
            paths: paths(tally, windowStart: scope.windowStart, today: today), pathsSince: scope.typesSince, now: now,
            logCoverage: logs?.coverage, lastBreakingDay: logs == nil ? breaking.day : breakDay(ignoringCoverage: true).day,
            streakBreakDay: breaking.day, standby: standby)
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
                path.violationsInWindow += counts.violations
            }
            byType[key.type] = path
        }
        return byType.values.sorted { ($0.type ?? "\u{10FFFF}") < ($1.type ?? "\u{10FFFF}") }
    }
}
