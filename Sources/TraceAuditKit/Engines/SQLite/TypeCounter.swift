/// Counts a scan's rows per job type without making a String per row: rows are grouped by a hash
/// of the type's bytes, each checked byte for byte against its group's first value (a row that
/// differs, a hash collision, is counted by name instead). The names are made once per type.
struct TypeCounter {
    private var groups: [SQLiteStatement.TextKey: (bytes: [UInt8]?, count: Int)] = [:]
    private var collided: [String?: Int] = [:]

    /// Counts the current row of `statement` by its type in `column`.
    @inline(__always)
    mutating func count(_ statement: SQLiteStatement, column: Int32) {
        let key = statement.textKey(at: column)
        guard let group = groups[key] else {
            groups[key] = (statement.bytes(at: column), 1)
            return
        }
        if statement.text(at: column, equals: group.bytes) {
            groups[key]?.count += 1
        } else {
            collided[statement.text(at: column), default: 0] += 1
        }
    }

    /// The counts by type, as `SQLiteStatement.text(at:)` names them.
    var byType: [String?: Int] {
        var counts = collided
        for group in groups.values {
            let name = group.bytes.map { String(decoding: $0, as: UTF8.self) }
            counts[name, default: 0] += group.count
        }
        return counts
    }
}
