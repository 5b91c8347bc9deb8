/// The policy's troubleshooting step: records that show one of the violation's known causes
/// (`ownership_lost_before_trace_id_update`, a failed trace_id update, an ownership guard failure)
/// matched to each POLICY_VIOLATION entry of the same job (same job id or correlation id) by
/// time, before or after it, whatever order the file is in (platform exports are newest first):
/// within `slack` of the entry when both records are dated, within `lookBack` records when one is
/// not. Causes are remembered for a bounded look-back, and entries wait a bounded number of
/// records for a cause that comes after them (`PendingEntries`), so memory stays flat.
public struct LikelyCauses: Sendable {
    /// A known cause, and where the record that shows it is.
    public struct Cause: Hashable, Sendable {
        /// `ownership_lost_before_trace_id_update`, `trace_id_update_failed` or
        /// `ownership_guard_failure`.
        public var name: String
        /// `file:line` of the record that shows it.
        public var place: String
    }

    /// A cause as remembered: under which keys, at which record and time.
    struct Noted {
        var cause: Cause
        var keys: [String]
        var record: Int
        var time: Instant?
    }

    /// How far apart in time a cause and its violation may be logged.
    static let slack: Int64 = 5 * 60 * 1_000_000
    /// How many records back a cause is still looked up.
    let lookBack: Int
    /// The most causes remembered at once.
    let capacity: Int
    private var byKey: [String: Noted] = [:]
    private var order: [(key: String, record: Int)] = []
    private var orderStart = 0

    init(lookBack: Int = 100_000, capacity: Int = 10_000) {
        self.lookBack = lookBack
        self.capacity = capacity
    }

    private static let ownership = Array("wnership".utf8)
    private static let traceId = Array("trace_id".utf8)

    /// The known cause a record without the marker shows, if any.
    static func name(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let hasOwnership = LoggedViolation.find(ownership, in: bytes, from: 0) != nil
        let hasTraceId = LoggedViolation.find(traceId, in: bytes, from: 0) != nil
        guard hasOwnership || hasTraceId else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        if text.contains("ownership_lost_before_trace_id_update") { return "ownership_lost_before_trace_id_update" }
        if hasOwnership, text.contains("guard") { return "ownership_guard_failure" }
        if hasTraceId, text.contains("fail") || text.contains("error") { return "trace_id_update_failed" }
        return nil
    }

    /// The keys an entry's job is known by.
    static func keys(jobId: String?, correlationId: String?) -> [String] {
        [jobId.map { "job " + $0 }, correlationId.map { "correlation " + $0 }].compactMap { $0 }
    }

    /// Remembers the cause `bytes` (the `number`th record read, logged at `time`) shows, if any,
    /// under its job id and correlation id; returns it for the entries still waiting.
    @discardableResult
    mutating func note(_ bytes: UnsafeBufferPointer<UInt8>, at position: LogRecords.Position, number: Int, time: Instant? = nil) -> Noted? {
        guard let name = LikelyCauses.name(in: bytes) else { return nil }
        let fields = LoggedViolation.read(bytes, source: position.input, line: position.line, anchor: nil)
        let place = "\(position.input):\(position.line)" + (position.index.map { " [\($0)]" } ?? "")
        let keys = LikelyCauses.keys(jobId: fields.jobId, correlationId: fields.correlationId)
        let noted = Noted(cause: Cause(name: name, place: place), keys: keys, record: number, time: time)
        for key in keys {
            byKey[key] = noted
            order.append((key, number))
        }
        forget(before: number)
        return keys.isEmpty ? nil : noted
    }

    /// The cause remembered for `entry`'s job (by job id, else correlation id), when it is close
    /// enough to the `number`th record (see `matches`).
    mutating func cause(for entry: LoggedViolation, number: Int) -> Cause? {
        forget(before: number)
        for key in LikelyCauses.keys(jobId: entry.jobId, correlationId: entry.correlationId) {
            if let found = byKey[key], LikelyCauses.matches(found, entry, number: number, lookBack: lookBack) { return found.cause }
        }
        return nil
    }

    /// Whether a cause and an entry of the same job are close enough: within `slack` when both
    /// are dated, within `lookBack` records when either is not.
    static func matches(_ noted: Noted, _ entry: LoggedViolation, number: Int, lookBack: Int) -> Bool {
        if let causeTime = noted.time, let entryTime = entry.loggedAt {
            return abs(causeTime.microseconds - entryTime.microseconds) <= slack
        }
        return abs(number - noted.record) <= lookBack
    }

    private mutating func forget(before number: Int) {
        while orderStart < order.count, order.count - orderStart > capacity || number - order[orderStart].record > lookBack {
            let (key, record) = order[orderStart]
            if byKey[key]?.record == record { byKey[key] = nil }
            orderStart += 1
        }
        if orderStart > 4096 && orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }
}

/// Entries held back a bounded number of records, so that a cause logged after them in the file
/// (a newest-first export) can still be named; handed on in the order they were read.
struct PendingEntries {
    /// How many records an entry waits.
    let lookAhead: Int
    private var queue: [(entry: LoggedViolation, record: Int)] = []
    /// Queue positions (counted from the first entry ever queued) of the waiting entries, by key.
    private var byKey: [String: [Int]] = [:]
    private var start = 0
    /// How many entries were dropped from the front of `queue`.
    private var base = 0

    /// A thousand records: enough for a cause logged around its violation in any order, short
    /// enough that `logs --all` on a live pipe writes each entry soon after it is read.
    init(lookAhead: Int = 1000) {
        self.lookAhead = lookAhead
    }

    mutating func append(_ entry: LoggedViolation, record: Int) {
        for key in LikelyCauses.keys(jobId: entry.jobId, correlationId: entry.correlationId) {
            byKey[key, default: []].append(base + queue.count)
        }
        queue.append((entry, record))
    }

    /// Names `noted` as the cause of the waiting entries of its job that have none yet.
    mutating func attach(_ noted: LikelyCauses.Noted) {
        for key in noted.keys {
            for position in byKey[key] ?? [] where position - base >= start {
                let index = position - base
                guard queue[index].entry.likelyCause == nil,
                    LikelyCauses.matches(noted, queue[index].entry, number: queue[index].record, lookBack: lookAhead)
                else { continue }
                queue[index].entry.likelyCause = noted.cause
            }
        }
    }

    /// Hands on the entries that waited long enough by the `record`th record (all of them when
    /// `record` is nil, at the end of the input).
    mutating func release(by record: Int?, _ handle: (LoggedViolation) throws -> Void) throws {
        while start < queue.count, record.map({ $0 - queue[start].record > lookAhead }) ?? true {
            let entry = queue[start].entry
            for key in LikelyCauses.keys(jobId: entry.jobId, correlationId: entry.correlationId) {
                if var positions = byKey[key] {
                    positions.removeAll { $0 <= base + start }
                    byKey[key] = positions.isEmpty ? nil : positions
                }
            }
            start += 1
            try handle(entry)
        }
        if start > 1024 && start * 2 > queue.count {
            queue.removeFirst(start)
            base += start
            start = 0
        }
    }
}
