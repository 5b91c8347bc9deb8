/// What the logs say: every POLICY_VIOLATION entry counted, by job type and UTC day, the most
/// recent entries kept, and the records that could not be read reported.
public struct LogFindings: Sendable {
    /// Entries with the marker.
    public private(set) var count = 0
    /// Entries per job type (nil: the entry names none).
    public private(set) var byType: [String?: Int] = [:]
    /// Entries per UTC day of their log time (nil: undated).
    public private(set) var byDay: [UTCDay?: Int] = [:]
    /// The most recent entries by log time, oldest first, at most `limit`.
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
    /// Only entries logged in this window count (entries without a log time always count).
    let window: TimeWindow
    private var ring: [(key: (Int64, Int), entry: LoggedViolation)] = []
    private var sequence = 0
    /// Entries without a job id and without a log time (or too many spans to keep).
    public private(set) var entriesWithoutIdUndated = 0
    /// The spans around the entries without a job id, merged, in order.
    private(set) var withoutIdSpans: [(Int64, Int64)] = []

    static let placesKept = 5

    /// Whether to remember job ids (only the cross-check needs them).
    let collectsJobIds: Bool

    init(limit: Int?, window: TimeWindow, collectsJobIds: Bool) {
        self.limit = limit
        self.window = window
        self.collectsJobIds = collectsJobIds
    }

    /// Counts one record of `input` read, logged at `timestamp` (nil: the record has no log time).
    mutating func noteRecord(timestamp: Instant?, input: String) {
        records += 1
        if let timestamp {
            firstLogged = firstLogged.map { min($0, timestamp) } ?? timestamp
            lastLogged = lastLogged.map { max($0, timestamp) } ?? timestamp
            if let last = inputSpans.last, last.input == input {
                inputSpans[inputSpans.count - 1] = (last.input, min(last.first, timestamp), max(last.last, timestamp))
            } else {
                inputSpans.append((input, timestamp, timestamp))
            }
        }
    }

    /// Counts one entry already noted as a record; returns it when it counts (in the window, or
    /// undated: an entry without a log time counts in every window).
    @discardableResult
    mutating func add(_ entry: LoggedViolation) -> LoggedViolation? {
        if let when = entry.when, !window.contains(when) { return nil }
        count += 1
        byType[entry.type, default: 0] += 1
        byDay[entry.when?.day, default: 0] += 1
        if entry.jobId == nil { noteWithoutId(entry.when) }
        if collectsJobIds, let id = entry.jobId { jobIds.insert(id) }
        keep(entry)
        return entry
    }

    /// Counts one record that could not be read.
    mutating func noteUnreadable(_ position: LogRecords.Position) {
        unreadable += 1
        if unreadablePlaces.count < LogFindings.placesKept {
            unreadablePlaces.append("\(position.input):\(position.line)" + (position.index.map { " [\($0)]" } ?? ""))
        }
    }

    /// An entry without a job id cannot be matched to a row: the violations succeeded within
    /// `LikelyCauses.slack` of it (of any time, when it is undated) are "not matched" rather than
    /// unlogged. The spans are kept merged, at most `spansKept` of them; past that every
    /// violation is not matched.
    private mutating func noteWithoutId(_ when: Instant?) {
        entriesWithoutId += 1
        guard let when else { return entriesWithoutIdUndated += 1 }
        var span = (when.microseconds - LikelyCauses.slack, when.microseconds + LikelyCauses.slack)
        var merged: [(Int64, Int64)] = []
        for existing in withoutIdSpans {
            if existing.1 < span.0 || existing.0 > span.1 {
                merged.append(existing)
            } else {
                span = (min(existing.0, span.0), max(existing.1, span.1))
            }
        }
        merged.append(span)
        merged.sort { $0.0 < $1.0 }
        withoutIdSpans = merged
        if withoutIdSpans.count > LogFindings.spansKept { entriesWithoutIdUndated += 1 }
    }

    static let spansKept = 1000

    /// Whether a violation that succeeded at `instant` may be one an entry without a job id
    /// stands for.
    public func mayBeUnnamedEntry(_ instant: Instant?) -> Bool {
        guard entriesWithoutId > 0 else { return false }
        guard entriesWithoutIdUndated == 0, let instant else { return true }
        return withoutIdSpans.contains { $0.0 <= instant.microseconds && instant.microseconds <= $0.1 }
    }

    /// Keeps the latest `limit` entries by log time (ties: the order read); undated entries count as
    /// the newest, so that they are always shown.
    private mutating func keep(_ entry: LoggedViolation) {
        sequence += 1
        let key = (entry.loggedAt?.microseconds ?? .max, sequence)
        guard let limit else { return ring.append((key, entry)) }
        guard limit > 0 else { return }
        if ring.count == limit {
            guard key > ring[0].key else { return }
            ring.removeFirst()
        }
        var low = 0
        var high = ring.count
        while low < high {
            let middle = (low + high) / 2
            if ring[middle].key < key { low = middle + 1 } else { high = middle }
        }
        ring.insert((key, entry), at: low)
    }

    /// Finishes collecting: `entries` in order of log time.
    mutating func close() {
        if limit == nil { ring.sort { $0.key < $1.key } }
        entries = ring.map(\.entry)
    }

    /// Types by count, most first.
    public var typesByCount: [(type: String?, count: Int)] {
        byType.sorted { $0.value != $1.value ? $0.value > $1.value : ($0.key ?? "") < ($1.key ?? "") }.map { ($0.key, $0.value) }
    }

    /// Days, newest first; undated entries last.
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
