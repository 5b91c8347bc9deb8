/// Succeeded jobs bucketed by the UTC day on which they succeeded (by the scope's clock), and, from
/// `typesSince` on, by job type too: memory grows with days and types, never with rows.
struct ReadinessTally: Sendable {
    /// The counts of one bucket.
    struct Counts: Sendable, Equatable {
        /// Succeeded jobs.
        var succeeded = 0
        /// Of those, jobs whose trace is missing.
        var missingTrace = 0
        /// Of those, jobs created on or after the cutoff: violations.
        var violations = 0
        /// Jobs dated by created_at because their updated_at is NULL or unreadable.
        var datedByCreatedAt = 0
        /// Jobs whose updated_at is earlier than their created_at (clock skew), dated by created_at:
        /// a job cannot succeed before it was created.
        var clockSkew = 0

        /// Jobs with a trace.
        var traced: Int { succeeded - missingTrace }

        @inline(__always)
        mutating func add(_ other: Counts) {
            succeeded += other.succeeded
            missingTrace += other.missingTrace
            violations += other.violations
            datedByCreatedAt += other.datedByCreatedAt
            clockSkew += other.clockSkew
        }

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(
                succeeded: a.succeeded + b.succeeded, missingTrace: a.missingTrace + b.missingTrace,
                violations: a.violations + b.violations, datedByCreatedAt: a.datedByCreatedAt + b.datedByCreatedAt,
                clockSkew: a.clockSkew + b.clockSkew)
        }
    }

    /// A day and a job type (nil when the job has none).
    struct TypeDay: Hashable, Sendable {
        var day: Int64
        var type: String?
    }

    let cutoff: Instant
    let scope: ReadinessScope
    private let typesSince: Instant
    /// Every dated day's counts.
    private(set) var days: [Int64: Counts] = [:]
    /// From `scope.typesSince` on, each day's counts by type.
    private(set) var types: [TypeDay: Counts] = [:]
    /// Succeeded jobs whose created_at is NULL or unreadable: whether the policy covers them and
    /// when they succeeded is unknown.
    private(set) var undated = Counts()

    init(cutoff: Instant, scope: ReadinessScope) {
        self.cutoff = cutoff
        self.scope = scope
        typesSince = scope.typesSince.start
    }

    /// Counts one succeeded job read row by row (SQLite).
    @inline(__always)
    mutating func add(createdAt: Instant?, updatedAt: Instant?, missingTrace: Bool, type: @autoclosure () -> String?) {
        var counts = Counts(succeeded: 1, missingTrace: missingTrace ? 1 : 0)
        guard let createdAt else { return undated.add(counts) }
        if createdAt >= cutoff { counts.violations = counts.missingTrace }
        let clock: Instant
        if scope.clock == .updatedAt, let updatedAt {
            // A job cannot succeed before it was created: the later of the two dates it.
            if updatedAt < createdAt { counts.clockSkew = 1 }
            clock = max(updatedAt, createdAt)
        } else {
            clock = createdAt
            if scope.clock == .updatedAt { counts.datedByCreatedAt = 1 }
        }
        add(counts, day: clock.day.number, type: clock >= typesSince ? .some(type()) : .none)
    }

    /// Counts a group the engine aggregated (PostgreSQL): `day` nil for undated jobs; `type` nil
    /// for jobs before `typesSince`, `.some(nil)` for recent jobs without a type.
    mutating func add(_ counts: Counts, day: Int64?, type: String??) {
        guard let day else { return undated.add(counts) }
        days[day, default: Counts()].add(counts)
        if case .some(let type) = type { types[TypeDay(day: day, type: type), default: Counts()].add(counts) }
    }

    /// Adds another part of the same scan.
    mutating func merge(_ other: ReadinessTally) {
        undated.add(other.undated)
        for (day, counts) in other.days { days[day, default: Counts()].add(counts) }
        for (key, counts) in other.types { types[key, default: Counts()].add(counts) }
    }

    /// Jobs dated by created_at for want of a readable updated_at.
    var datedByCreatedAt: Int { days.values.reduce(0) { $0 + $1.datedByCreatedAt } }

    /// Jobs whose updated_at is earlier than their created_at, dated by created_at.
    var clockSkew: Int { days.values.reduce(0) { $0 + $1.clockSkew } }
}
