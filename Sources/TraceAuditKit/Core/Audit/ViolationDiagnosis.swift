/// What on-call needs beyond the rows: which job types skip the trace, and since when.
public struct ViolationDiagnosis: Hashable, Sendable {
    /// Violations per job type, most first (then by type); a nil type is a NULL `type` column.
    public var byType: [(type: String?, count: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : ($0.key ?? "") < ($1.key ?? "") }
            .map { (type: $0.key, count: $0.value) }
    }
    /// All the violations counted.
    public var total: Int { counts.values.reduce(0, +) }
    /// The earliest violation's created_at.
    public var first: Instant?
    /// The latest violation's created_at.
    public var last: Instant?

    private var counts: [String?: Int] = [:]

    /// An empty diagnosis.
    public init() {}

    /// Adds `count` violations of `type` created between `first` and `last`.
    mutating func add(type: String?, count: Int, first: Instant?, last: Instant?) {
        counts[type, default: 0] += count
        if let first { self.first = self.first.map { min($0, first) } ?? first }
        if let last { self.last = self.last.map { max($0, last) } ?? last }
    }

    /// Adds another diagnosis's counts.
    mutating func merge(_ other: ViolationDiagnosis) {
        for (type, count) in other.counts { counts[type, default: 0] += count }
        if let first = other.first { self.first = self.first.map { min($0, first) } ?? first }
        if let last = other.last { self.last = self.last.map { max($0, last) } ?? last }
    }

}
