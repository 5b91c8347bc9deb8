/// Sorts succeeded jobs into legacy, post-cutoff days and undated as they stream past, in constant
/// memory per UTC day.
struct AuditTally {
    let cutoff: Instant
    private(set) var legacy = TraceCount()
    private(set) var undated = TraceCount()
    private var days: [Int64: Int] = [:]
    private var dayCounts: [(day: Int64, count: TraceCount)] = []
    private var lastDay: Int64 = .min
    private var lastIndex = 0

    init(cutoff: Instant) {
        self.cutoff = cutoff
    }

    /// Counts one succeeded job.
    @inline(__always)
    mutating func add(createdAt: Instant?, missingTrace: Bool) {
        guard let createdAt else { return undated.add(missingTrace: missingTrace) }
        guard createdAt >= cutoff else { return legacy.add(missingTrace: missingTrace) }
        let day = createdAt.day.number
        if day != lastDay { select(day: day) }
        dayCounts[lastIndex].count.add(missingTrace: missingTrace)
    }

    /// Counts a group of succeeded jobs that an engine already aggregated.
    mutating func add(_ count: TraceCount, era: Era) {
        switch era {
        case .undated: undated = undated + count
        case .legacy: legacy = legacy + count
        case .current(let day):
            select(day: day.number)
            dayCounts[lastIndex].count = dayCounts[lastIndex].count + count
        }
    }

    private mutating func select(day: Int64) {
        if let index = days[day] {
            lastIndex = index
        } else {
            lastIndex = dayCounts.count
            days[day] = lastIndex
            dayCounts.append((day, TraceCount()))
        }
        lastDay = day
    }

    /// Post-cutoff days, newest first.
    var daily: [DailyCompliance] {
        dayCounts.sorted { $0.day > $1.day }.map { DailyCompliance(day: UTCDay(number: $0.day), jobs: $0.count) }
    }

    /// All post-cutoff succeeded jobs.
    var distribution: TraceCount {
        dayCounts.reduce(TraceCount()) { $0 + $1.count }
    }

    /// Where a group of jobs falls relative to the cutoff.
    enum Era: Hashable {
        case undated
        case legacy
        case current(UTCDay)
    }
}
