/// Columns of text aligned for a fixed-width terminal.
struct TextTable {
    /// A column: its header and whether numbers in it are right-aligned.
    struct Column {
        var header: String
        var alignRight = false
    }

    var columns: [Column]
    var rows: [[String]] = []
    private var widths: [Int]?
    var indent = 2

    init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The table, header first, each line ending in a newline.
    func render(style: Style) -> String {
        line(columns.map(\.header), header: true, style: style) + rows.map { line($0, header: false, style: style) }.joined()
    }

    /// This table with its column widths fixed to fit `rows`, for writing later rows one by one.
    func fixingWidths(to rows: [[String]]) -> TextTable {
        var copy = self
        copy.widths = measure(rows)
        return copy
    }

    private func measure(_ rows: [[String]]) -> [Int] {
        var widths = columns.map { $0.header.unicodeScalars.count }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.unicodeScalars.count)
            }
        }
        return widths
    }

    /// One row, padded to the column widths.
    func line(_ cells: [String], header: Bool, style: Style) -> String {
        let widths = self.widths ?? measure(rows)
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let padding = String(repeating: " ", count: max(0, widths[index] - cell.unicodeScalars.count))
            let isLast = index == cells.count - 1
            let padded = columns[index].alignRight ? padding + cell : (isLast ? cell : cell + padding)
            parts.append(header ? style.dim(padded) : padded)
        }
        return String(repeating: " ", count: indent) + parts.joined(separator: "  ") + "\n"
    }
}
