/// Columns of text aligned for a fixed-width terminal.
struct TextTable {
    /// A column: its header, whether numbers in it are right-aligned, and whether its values may
    /// be shortened to fit the width (never numbers).
    struct Column {
        var header: String
        var alignRight = false
        var shrinks = true
        /// Columns with a lower order are shortened first (down to `minimum`); within an order,
        /// the widest first.
        var shrinkOrder = 0
        /// The narrowest the column is shortened to.
        var minimum = TextTable.narrowestColumn
        /// Whether a shortened value keeps its end (`…trator.log:12`, a place whose line tells
        /// entries apart) rather than its start.
        var keepsEnd = false
    }

    var columns: [Column]
    var rows: [[String]] = []
    private var widths: [Int]?
    var indent = 2
    /// The line width to fit, or nil for none: the widest text columns are then shortened, their
    /// values ending in `…`.
    var width: Int?

    /// The narrowest a shortened column gets.
    static let narrowestColumn = 6

    init(columns: [Column], rows: [[String]] = [], width: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.width = width
    }

    /// The table, header first, each line ending in a newline.
    func render(style: Style) -> String {
        line(columns.map(\.header), header: true, style: style) + rows.map { line($0, header: false, style: style) }.joined()
    }

    /// The width of the table's lines with no value shortened.
    var naturalWidth: Int {
        var copy = self
        copy.width = nil
        return copy.measure(rows).reduce(indent + 2 * max(0, columns.count - 1), +)
    }

    /// Each column's width: its widest value, then, when the line is wider than `width`, the
    /// widest text columns shortened in turn.
    private func measure(_ rows: [[String]]) -> [Int] {
        var widths = columns.map { $0.header.unicodeScalars.count }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.unicodeScalars.count)
            }
        }
        guard let width else { return widths }
        let separators = indent + 2 * max(0, columns.count - 1)
        while widths.reduce(separators, +) > width {
            let shrinkable = widths.indices.filter { !columns[$0].alignRight && columns[$0].shrinks && widths[$0] > columns[$0].minimum }
            guard let order = shrinkable.map({ columns[$0].shrinkOrder }).min(),
                let widest = shrinkable.filter({ columns[$0].shrinkOrder == order }).max(by: { widths[$0] < widths[$1] })
            else { break }
            widths[widest] -= 1
        }
        return widths
    }

    /// This table with these column widths, for writing rows one by one.
    func fixing(widths: [Int]) -> TextTable {
        var copy = self
        copy.widths = widths
        return copy
    }

    /// Each column's width for `rows`, fitted to `width` as `render` fits them.
    func widths(for rows: [[String]]) -> [Int] {
        widths ?? measure(rows)
    }

    /// One row, padded to the column widths; a value wider than its column is shortened with `…`,
    /// except in a column that never shrinks (an id), which is written whole.
    func line(_ cells: [String], header: Bool, style: Style) -> String {
        let widths = self.widths ?? measure(rows)
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let cell = !columns[index].shrinks ? cell
                : columns[index].keepsEnd ? TerminalText.clippedKeepingEnd(cell, to: widths[index]) : TerminalText.clipped(cell, to: widths[index])
            let padding = String(repeating: " ", count: max(0, widths[index] - cell.unicodeScalars.count))
            let isLast = index == cells.count - 1
            let padded = columns[index].alignRight ? padding + cell : (isLast ? cell : cell + padding)
            parts.append(header ? style.dim(padded) : padded)
        }
        return String(repeating: " ", count: indent) + parts.joined(separator: "  ") + "\n"
    }
}
