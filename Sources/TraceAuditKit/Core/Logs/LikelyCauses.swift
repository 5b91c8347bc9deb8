/// The policy's troubleshooting step: records that show one of the violation's known causes
/// (`ownership_lost_before_trace_id_update`, a failed trace_id update, an ownership guard failure)
/// remembered by job id and correlation id for a bounded look-back, so that each POLICY_VIOLATION
/// entry of the same job can name its likely cause in flat memory.
public struct LikelyCauses: Sendable {
    /// A known cause, and where the record that shows it is.
    public struct Cause: Hashable, Sendable {
        /// `ownership_lost_before_trace_id_update`, `trace_id_update_failed` or
        /// `ownership_guard_failure`.
        public var name: String
        /// `file:line` of the record that shows it.
        public var place: String
    }

    /// How many records back a cause is still looked up.
    let lookBack: Int
    /// The most causes remembered at once.
    let capacity: Int
    private var byKey: [String: (cause: Cause, record: Int)] = [:]
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

    /// Remembers the cause `record` (the `number`th record read) shows, if any, under its job id
    /// and correlation id.
    mutating func note(_ bytes: UnsafeBufferPointer<UInt8>, at position: LogRecords.Position, number: Int) {
        guard let name = LikelyCauses.name(in: bytes) else { return }
        let fields = LoggedViolation.read(bytes, source: position.input, line: position.line, anchor: nil)
        let place = "\(position.input):\(position.line)" + (position.index.map { " [\($0)]" } ?? "")
        for key in [fields.jobId.map { "job " + $0 }, fields.correlationId.map { "correlation " + $0 }].compactMap({ $0 }) {
            byKey[key] = (Cause(name: name, place: place), number)
            order.append((key, number))
        }
        forget(before: number)
    }

    /// The cause remembered for `entry`'s job (by job id, else correlation id), when it was
    /// shown within the look-back of the `number`th record.
    mutating func cause(for entry: LoggedViolation, number: Int) -> Cause? {
        forget(before: number)
        for key in [entry.jobId.map { "job " + $0 }, entry.correlationId.map { "correlation " + $0 }].compactMap({ $0 }) {
            if let found = byKey[key] { return found.cause }
        }
        return nil
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
