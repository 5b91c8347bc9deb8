/// What to audit and how much of it to bring back.
public struct AuditRequest: Hashable, Sendable {
    /// The policy: cutoff and table.
    public var policy: Policy
    /// The span of created_at looked at.
    public var window: TimeWindow
    /// The most violation rows to return, newest first; nil for all. The count is always exact.
    public var violationLimit: Int?
    /// For `daily --days N`: the days to list, with zero for days without jobs.
    public var dailyDays: ClosedRange<Int64>?
    /// `--max-age`: the oldest the newest succeeded job may be, in microseconds; nil for no check.
    public var maxAge: Int64?
    /// `--min-jobs`: the fewest succeeded jobs the window may hold; nil for no check.
    public var minJobs: Int?
    /// check and daily: the days of the e-mail's trend (`trendDays(for:now:)`), read only for an
    /// e-mail report; nil for none.
    public var trendDays: ClosedRange<Int64>?

    /// The days of the e-mail's trend.
    public static let trendLength = 7

    /// The last `trendLength` UTC days up to the window's last day, or today when the window ends
    /// later or has no end.
    public static func trendDays(for window: TimeWindow, now: Instant) -> ClosedRange<Int64> {
        let last = min(window.until.flatMap { $0.adding(microseconds: -1) } ?? now, now).day.number
        return last - Int64(trendLength) + 1 ... last
    }

    /// A request; by default the policy's own values, the whole table and 50 rows.
    public init(policy: Policy = Policy(), window: TimeWindow = .all, violationLimit: Int? = 50) {
        self.policy = policy
        self.window = window
        self.violationLimit = violationLimit
    }

    /// The earliest created_at a violation can have: the cutoff, or the window's start if later.
    var violationsSince: Instant {
        max(policy.cutoff, window.since ?? policy.cutoff)
    }
}
