/// Which columns of a table with a job id a width leaves room for, and how wide each is. The id
/// is never cut: to fit the width, the layout tries `steps` in turn (shortening some columns or
/// leaving one out; JSON and CSV carry every value) until the table fits. A row whose id is wider
/// than its column (always one wider than half the line) has the id on a line of its own, whole,
/// and its other values on the next line; a terminal narrower than the id wraps that line, which
/// holds nothing else.
struct IdTableLayout {
    /// One way to narrow the table: these columns (by header) shortened, down to their
    /// `minimum`, and the others not, after `drop` (a header) is left out.
    struct Step {
        var shrink: Set<String> = []
        var drop: String?
    }

    /// The columns shown, in order.
    let shown: [TextTable.Column]
    private let table: TextTable
    private let widths: [Int]
    private let id: String

    /// Lays out `rows` (values by column header) under the `available` columns for `width`;
    /// `id` is the header of the id column. A column's own `shrinks` says whether a later value
    /// wider than the laid-out column is shortened (for rows written one by one).
    init(fitting rows: [[String: String]], columns available: [TextTable.Column], id: String, steps: [Step], width: Int) {
        // An id wider than half the line goes on a line of its own whatever the columns: it
        // does not take the other rows' room (their places, their types).
        let measured = rows.map { row in
            var row = row
            if let value = row[id], value.unicodeScalars.count > width / 2 { row[id] = "" }
            return row
        }
        func makeTable(_ columns: [TextTable.Column], shrinking: Set<String>) -> TextTable {
            var layout = columns
            for index in layout.indices { layout[index].shrinks = shrinking.contains(layout[index].header) }
            return TextTable(columns: layout, rows: measured.map { row in columns.map { row[$0.header] ?? "" } }, width: width)
        }
        func total(_ table: TextTable) -> Int {
            table.widths(for: table.rows).reduce(table.indent + 2 * max(0, table.columns.count - 1), +)
        }
        var columns = available
        var chosen = makeTable(columns, shrinking: [])
        for step in steps where total(chosen) > width {
            if let drop = step.drop { columns.removeAll { $0.header == drop } }
            chosen = makeTable(columns, shrinking: step.shrink)
        }
        var widths = chosen.widths(for: chosen.rows)
        let excess = total(chosen) - width
        if excess > 0, let index = columns.firstIndex(where: { $0.header == id }) {
            widths[index] = max(id.count, widths[index] - excess)
        }
        var table = chosen.fixing(widths: widths)
        table.columns = columns
        table.rows = []
        shown = columns
        self.table = table
        self.widths = widths
        self.id = id
    }

    /// The header line.
    func header(style: Style) -> String {
        table.line(shown.map(\.header), header: true, style: style)
    }

    /// One row: its values under the columns, the id before them on a line of its own when it is
    /// wider than its column.
    func line(_ row: [String: String], style: Style) -> String {
        let value = row[id] ?? ""
        guard let index = shown.firstIndex(where: { $0.header == id }), value.unicodeScalars.count > widths[index] else {
            return table.line(shown.map { row[$0.header] ?? "" }, header: false, style: style)
        }
        return String(repeating: " ", count: table.indent) + value + "\n"
            + table.line(shown.map { $0.header == id ? "" : row[$0.header] ?? "" }, header: false, style: style)
    }

    /// The header and `rows`.
    func render(_ rows: [[String: String]], style: Style) -> String {
        header(style: style) + rows.map { line($0, style: style) }.joined()
    }
}
