/// Counts a scan's rows per job type without making a String per row (the scan calls it for every
/// succeeded job since the cutoff). Tables have a handful of types, so each row's bytes are
/// compared with the types seen so far, the last match first; past `listed` types the rest are
/// counted in a dictionary by their bytes. Names are made once per type.
struct TypeCounter {
    /// The types seen, in the order first seen, with their counts.
    private var types: [(bytes: [UInt8], count: Int)] = []
    private var last = 0
    private var nulls = 0
    private var more: [[UInt8]: Int] = [:]
    /// How many types are compared one by one before the dictionary takes over.
    static let listed = 32

    mutating func countNull() {
        nulls += 1
    }

    /// Counts one row whose type has `bytes` (valid for this call only).
    @inline(__always)
    mutating func count(_ bytes: UnsafeRawBufferPointer) {
        if last < types.count, Self.equal(types[last].bytes, bytes) {
            types[last].count += 1
            return
        }
        for index in types.indices where Self.equal(types[index].bytes, bytes) {
            types[index].count += 1
            last = index
            return
        }
        if types.count < Self.listed {
            types.append((Array(bytes), 1))
            last = types.count - 1
        } else {
            more[Array(bytes), default: 0] += 1
        }
    }

    @inline(__always)
    private static func equal(_ known: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard known.count == bytes.count else { return false }
        return known.withUnsafeBytes { known in
            for offset in 0..<bytes.count where known[offset] != bytes[offset] { return false }
            return true
        }
    }

    /// The counts by type, as `SQLiteStatement.text(at:)` names them.
    var byType: [String?: Int] {
        var counts: [String?: Int] = nulls > 0 ? [nil: nulls] : [:]
        for (bytes, count) in types { counts[String(decoding: bytes, as: UTF8.self), default: 0] += count }
        for (bytes, count) in more { counts[String(decoding: bytes, as: UTF8.self), default: 0] += count }
        return counts
    }
}
