/// Columns of text aligned for a fixed-width terminal.
struct TextTable {
    /// A column: its header and whether numbers in it are right-aligned.
    struct Column {
        var header: String
        var alignRight = false
    }

    var columns: [Column]
    var rows: [[String]] = []

    /// The table, indented by `indent` spaces, header first, each line ending in a newline.
    func render(indent: Int = 2, style: Style) -> String {
        var widths = columns.map { $0.header.unicodeScalars.count }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.unicodeScalars.count)
            }
        }
        let margin = String(repeating: " ", count: indent)
        func line(_ cells: [String], header: Bool) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.unicodeScalars.count)
                let isLast = index == cells.count - 1
                let padded = columns[index].alignRight ? padding + cell : (isLast ? cell : cell + padding)
                parts.append(header ? style.dim(padded) : padded)
            }
            return margin + parts.joined(separator: "  ") + "\n"
        }
        return line(columns.map(\.header), header: true) + rows.map { line($0, header: false) }.joined()
    }
}
