/// Sorts succeeded jobs into undated, legacy and post-cutoff UTC days as they stream past, in
/// memory that grows only with the number of days and job types.
struct AuditTally {
    let cutoff: Instant
    let window: TimeWindow
    private(set) var legacy = TraceCount()
    private(set) var undated = TraceCount()
    private(set) var diagnosis = ViolationDiagnosis()
    private var days: [Int64: Int] = [:]
    private var dayCounts: [(day: Int64, count: TraceCount)] = []
    private var lastDay: Int64 = .min
    private var lastIndex = 0
    /// The newest violations, for engines that find them during the scan (SQLite); nil otherwise.
    var newest: NewestViolations?
    /// readiness' counts, for a plan with a readiness scan (which fills only these); nil otherwise.
    var readiness: ReadinessTally?
    /// The undated jobs without a trace with the highest rowids, for engines that find them during
    /// the scan (SQLite); nil otherwise.
    var undatedKept: NewestViolations?
    /// The newest created_at of a dated succeeded job in the window, in microseconds; .min for none.
    private(set) var newestSucceeded: Int64 = .min
    /// Succeeded jobs since the cutoff in the window, per type.
    private(set) var succeededByType: [String?: Int] = [:]

    /// A tally that keeps the newest `limit` violations (nil: none kept) and the `undated` highest
    /// rowids of undated jobs without a trace (0: none kept, `.max`: all).
    init(cutoff: Instant, window: TimeWindow, keepingNewest limit: Int? = nil, keepingUndated undated: Int = 0) {
        self.cutoff = cutoff
        self.window = window
        newest = limit.map(NewestViolations.init(limit:))
        undatedKept = undated > 0 ? NewestViolations(limit: undated) : nil
    }

    /// Counts one succeeded job; `type` and `rowid` matter only for a violation. Dated jobs
    /// outside the window are skipped. Returns true for a job since the cutoff in the window,
    /// whose type the caller counts (`addSucceeded`, or `TypeCounter` on SQLite).
    @inline(__always) @discardableResult
    mutating func add(
        createdAt: Instant?, missingTrace: Bool, type: @autoclosure () -> String?, rowid: @autoclosure () -> Int64 = 0
    ) -> Bool {
        guard let createdAt else {
            if missingTrace { undatedKept?.offer(.init(createdAt: 0, rowid: rowid())) }
            undated.add(missingTrace: missingTrace)
            return false
        }
        guard window.contains(createdAt) else { return false }
        if createdAt.microseconds > newestSucceeded { newestSucceeded = createdAt.microseconds }
        guard createdAt >= cutoff else {
            legacy.add(missingTrace: missingTrace)
            return false
        }
        let day = createdAt.day.number
        if day != lastDay { select(day: day) }
        dayCounts[lastIndex].count.add(missingTrace: missingTrace)
        if missingTrace {
            diagnosis.add(type: type(), count: 1, first: createdAt, last: createdAt)
            newest?.offer(.init(createdAt: createdAt.microseconds, rowid: rowid()))
        }
        return true
    }

    /// Adds the counts of another part of the same scan.
    mutating func merge(_ other: AuditTally) {
        legacy = legacy + other.legacy
        undated = undated + other.undated
        diagnosis.merge(other.diagnosis)
        for (day, count) in other.dayCounts { add(count, era: .current(UTCDay(number: day))) }
        if let other = other.newest { newest?.merge(other) }
        if let other = other.readiness { readiness?.merge(other) }
        if let other = other.undatedKept { undatedKept?.merge(other) }
        newestSucceeded = max(newestSucceeded, other.newestSucceeded)
        for (type, count) in other.succeededByType { succeededByType[type, default: 0] += count }
    }

    /// Notes a dated succeeded job in the window that an engine found as the newest of a group.
    mutating func noteSucceeded(at instant: Instant) {
        newestSucceeded = max(newestSucceeded, instant.microseconds)
    }

    /// Counts succeeded jobs since the cutoff of `type` that an engine already grouped.
    mutating func addSucceeded(type: String?, count: Int) {
        succeededByType[type, default: 0] += count
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

    /// Counts violations that an engine already grouped by type.
    mutating func addViolations(type: String?, count: Int, first: Instant?, last: Instant?) {
        diagnosis.add(type: type, count: count, first: first, last: last)
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

    /// Post-cutoff days with jobs, newest first.
    var daily: [DailyCompliance] {
        dayCounts.sorted { $0.day > $1.day }.map { DailyCompliance(day: UTCDay(number: $0.day), jobs: $0.count) }
    }

    /// All post-cutoff succeeded jobs in the window.
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
