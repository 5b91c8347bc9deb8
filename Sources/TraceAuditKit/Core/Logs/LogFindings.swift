/// What the logs say: every POLICY_VIOLATION entry counted, by job type and UTC day, the most
/// recent entries kept, and the records that could not be read reported.
public struct LogFindings: Sendable {
    /// Entries with the marker.
    public private(set) var count = 0
    /// Entries per job type (nil: the entry names none).
    public private(set) var byType: [String?: Int] = [:]
    /// Entries per UTC day of `when` (nil: no timestamp).
    public private(set) var byDay: [UTCDay?: Int] = [:]
    /// The most recent entries, oldest first, at most `limit`.
    public private(set) var entries: [LoggedViolation] = []
    /// Records that could not be read (entries whose fields were unreadable included).
    public private(set) var unreadable = 0
    /// Where the first few unreadable records are: `file:line`.
    public private(set) var unreadablePlaces: [String] = []
    /// Entries that name no job id.
    public private(set) var entriesWithoutId = 0
    /// Records read.
    public private(set) var records = 0
    /// The earliest and latest timestamp seen on any line read, entry or not.
    public private(set) var firstLogged: Instant?
    public private(set) var lastLogged: Instant?
    /// The job ids named by the entries, for the cross-check.
    private(set) var jobIds: Set<String> = []
    /// Each input's earliest and latest timestamp on any record, in reading order (an input
    /// without a timestamped record has none).
    private var inputSpans: [(input: String, first: Instant, last: Instant)] = []

    /// How many entries to keep, the latest; nil keeps all (`logs --all` streams them instead).
    let limit: Int?
    /// Only entries whose `when` lies in this window count (entries without a time always count).
    let window: TimeWindow
    private var ring: [LoggedViolation] = []
    private var ringStart = 0

    static let placesKept = 5

    /// Whether to remember job ids (only the cross-check needs them).
    let collectsJobIds: Bool

    init(limit: Int?, window: TimeWindow, collectsJobIds: Bool) {
        self.limit = limit
        self.window = window
        self.collectsJobIds = collectsJobIds
    }

    /// Counts one record; returns the entry when it is one that counts (in the window).
    @discardableResult
    mutating func add(_ reading: LoggedViolation.Reading, at position: LogRecords.Position, timestamp: Instant?) -> LoggedViolation? {
        records += 1
        if let timestamp {
            firstLogged = firstLogged.map { min($0, timestamp) } ?? timestamp
            lastLogged = lastLogged.map { max($0, timestamp) } ?? timestamp
            if let last = inputSpans.last, last.input == position.input {
                inputSpans[inputSpans.count - 1] = (last.input, min(last.first, timestamp), max(last.last, timestamp))
            } else {
                inputSpans.append((position.input, timestamp, timestamp))
            }
        }
        switch reading {
        case .other: return nil
        case .unreadable:
            noteUnreadable(position)
            return nil
        case .violation(let entry):
            if let when = entry.when, !window.contains(when) { return nil }
            if !entry.readable { noteUnreadable(position) }
            count += 1
            byType[entry.type, default: 0] += 1
            byDay[entry.when?.day, default: 0] += 1
            if entry.jobId == nil { entriesWithoutId += 1 }
            if collectsJobIds, let id = entry.jobId { jobIds.insert(id) }
            keep(entry)
            return entry
        }
    }

    private mutating func noteUnreadable(_ position: LogRecords.Position) {
        unreadable += 1
        if unreadablePlaces.count < LogFindings.placesKept {
            unreadablePlaces.append("\(position.input):\(position.line)" + (position.index.map { " [\($0)]" } ?? ""))
        }
    }

    private mutating func keep(_ entry: LoggedViolation) {
        guard let limit else { return ring.append(entry) }
        guard limit > 0 else { return }
        if ring.count < limit {
            ring.append(entry)
        } else {
            ring[ringStart] = entry
            ringStart = (ringStart + 1) % limit
        }
    }

    /// Finishes collecting: `entries` in order.
    mutating func close() {
        entries = Array(ring[ringStart...] + ring[..<ringStart])
    }

    /// Types by count, most first.
    public var typesByCount: [(type: String?, count: Int)] {
        byType.sorted { $0.value != $1.value ? $0.value > $1.value : ($0.key ?? "") < ($1.key ?? "") }.map { ($0.key, $0.value) }
    }

    /// Days, newest first; entries without a time last.
    public var daysNewestFirst: [(day: UTCDay?, count: Int)] {
        byDay.sorted { ($0.key?.number ?? .min) > ($1.key?.number ?? .min) }.map { ($0.key, $0.value) }
    }

    /// The span the logs cover: from the first timestamp to just after the last.
    public var covered: TimeWindow? {
        guard let firstLogged, let lastLogged else { return nil }
        return TimeWindow(since: firstLogged, until: lastLogged.adding(microseconds: 1))
    }

    /// What the records are evidence for (readiness): each input from its first to just after its
    /// last timestamped record of any kind, so a gap between two files is not covered.
    public var coverage: LogCoverage {
        LogCoverage(inputSpans.map { TimeWindow(since: $0.first, until: $0.last.adding(microseconds: 1)) }, source: .records)
    }
}
