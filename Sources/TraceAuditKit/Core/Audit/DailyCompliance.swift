/// One UTC day of post-cutoff succeeded jobs and the share of them that carry a trace.
public struct DailyCompliance: Hashable, Sendable {
    /// The UTC day.
    public var day: UTCDay
    /// The day's succeeded jobs by trace presence.
    public var jobs: TraceCount
    /// The counts cover only part of the day: it includes the audit's time (or is later), or an
    /// edge of the window cuts it.
    public var partial = false

    /// A day's counts.
    public init(day: UTCDay, jobs: TraceCount, partial: Bool = false) {
        self.day = day
        self.jobs = jobs
        self.partial = partial
    }

    /// Succeeded jobs that day.
    public var totalSucceeded: Int { jobs.total }
    /// Of those, jobs with a trace.
    public var withTrace: Int { jobs.hasTrace }
    /// Of those, jobs without a trace: violations.
    public var withoutTrace: Int { jobs.missingTrace }

    /// The traced share in hundredths of a percent, rounded half up: 9412 is 94.12 %.
    ///
    /// Nil for a day with no succeeded jobs: no evidence is not compliance.
    public var complianceHundredths: Int? {
        guard jobs.total > 0 else { return nil }
        return (jobs.hasTrace * 20_000 + jobs.total) / (2 * jobs.total)
    }

    /// Whether `day` is only partly covered by `window` read at `now`.
    static func isPartial(_ day: UTCDay, window: TimeWindow, now: Instant) -> Bool {
        if day.number >= now.day.number { return true }
        if let since = window.since, since.day == day, since != day.start { return true }
        if let until = window.until, until.day == day, until != day.start { return true }
        return false
    }

    /// `complianceHundredths` as a percentage with two decimals, `94.12`; nil for a day without jobs.
    public var compliancePercentText: String? {
        complianceHundredths.map { String($0 / 100) + "." + twoDigits($0 % 100) }
    }
}
