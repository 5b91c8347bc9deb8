/// What readiness' scan needs beyond the policy: the clock that dates a job, and from when the job
/// types are kept (the paths seen in the last 30 days, or the readiness window if longer).
struct ReadinessScope: Sendable, Equatable {
    /// Days a job type stays "seen" for the all-paths check.
    static let pathDays: Int64 = 30

    var clock: ReadinessClock
    /// The verdict's instant: the streak ends here.
    var now: Instant
    /// The complete days required clean before today.
    var requiredDays: Int

    init(clock: ReadinessClock = .updatedAt, now: Instant, requiredDays: Int) {
        self.clock = clock
        self.now = now
        self.requiredDays = requiredDays
    }

    /// Today, the partial UTC day that ends at `now`.
    var today: UTCDay { now.day }

    /// The first day of the readiness window: today and the required complete days before it.
    var windowStart: UTCDay { UTCDay(number: today.number - Int64(requiredDays)) }

    /// The first day whose jobs' types are kept: 30 days back, or the window's start if earlier.
    var typesSince: UTCDay { UTCDay(number: min(today.number - ReadinessScope.pathDays, windowStart.number)) }
}
