/// A column of the violations table.
enum ViolationColumn: CaseIterable {
    case id, type, createdAt, updatedAt, correlationId, traceId, baseline

    var header: String {
        switch self {
        case .id: "ID"
        case .type: "TYPE"
        case .createdAt: "CREATED_AT"
        case .updatedAt: "UPDATED_AT"
        case .correlationId: "CORRELATION_ID"
        case .traceId: "TRACE_ID"
        case .baseline: "BASELINE"
        }
    }
}

/// Which columns of the violations table a width leaves room for, and how wide each is. A job id
/// is never cut: to fit the width, the correlation id is shortened (to `shortestCorrelationId`)
/// or else left out, then UPDATED_AT is left out, then the type is shortened or else left out
/// (JSON and CSV carry every value). A row whose id is wider than its column has the id on a line
/// of its own, whole, and its other values on the next line; a terminal narrower than the id
/// wraps that line, which holds nothing else.
struct ViolationTableLayout {
    /// The columns shown, in order.
    let shown: [ViolationColumn]
    private let table: TextTable
    private let widths: [Int]

    /// The narrowest a shortened correlation id gets before the column is left out.
    static let shortestCorrelationId = 12

    init(fitting rows: [[ViolationColumn: String]], columns available: [ViolationColumn], width: Int) {
        func makeTable(_ columns: [ViolationColumn], shrinking: Set<ViolationColumn>) -> TextTable {
            let layout = columns.map { column in
                TextTable.Column(
                    header: column.header, shrinks: shrinking.contains(column), shrinkOrder: column == .correlationId ? 0 : 1,
                    minimum: column == .correlationId ? Self.shortestCorrelationId : TextTable.narrowestColumn)
            }
            return TextTable(columns: layout, rows: rows.map { row in columns.map { row[$0] ?? "" } }, width: width)
        }
        func total(_ table: TextTable) -> Int {
            table.widths(for: table.rows).reduce(table.indent + 2 * max(0, table.columns.count - 1), +)
        }
        var columns = available
        var chosen = makeTable(columns, shrinking: [])
        let steps: [(shrink: Set<ViolationColumn>, drop: ViolationColumn?)] = [
            ([.correlationId], nil), ([], .correlationId), ([], .updatedAt), ([.type], nil), ([], .type),
        ]
        for step in steps where total(chosen) > width {
            if let drop = step.drop { columns.removeAll { $0 == drop } }
            chosen = makeTable(columns, shrinking: step.shrink)
        }
        var widths = chosen.widths(for: chosen.rows)
        let excess = total(chosen) - width
        if excess > 0, let id = columns.firstIndex(of: .id) {
            widths[id] = max(ViolationColumn.id.header.count, widths[id] - excess)
        }
        shown = columns
        table = chosen.fixing(widths: widths)
        self.widths = widths
    }

    func header(style: Style) -> String {
        table.line(shown.map(\.header), header: true, style: style)
    }

    /// One row: its values under the columns, the id before them on a line of its own when it is
    /// wider than its column.
    func line(_ row: [ViolationColumn: String], style: Style) -> String {
        let id = row[.id] ?? ""
        guard let index = shown.firstIndex(of: .id), id.unicodeScalars.count > widths[index] else {
            return table.line(shown.map { row[$0] ?? "" }, header: false, style: style)
        }
        return String(repeating: " ", count: table.indent) + id + "\n"
            + table.line(shown.map { $0 == .id ? "" : row[$0] ?? "" }, header: false, style: style)
    }
}
