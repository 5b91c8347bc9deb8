/// SQL text fitted to a terminal's width without changing what it means: a line is broken only at
/// a space outside a quoted literal or identifier, and a long comment line becomes several. Continuation lines are indented 4 more than their line. A token longer than
/// the width stays whole.
enum SQLText {
    static func fitted(_ sql: String, width: Int) -> String {
        sql.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let indent = String(line.prefix { $0 == " " })
            let body = line.dropFirst(indent.count)
            guard line.unicodeScalars.count > width else { return [String(line)] }
            if body.hasPrefix("-- ") {
                let prefix = indent + "-- "
                return TerminalText.wrapped(String(body.dropFirst(3)), width: width, indent: prefix, hanging: prefix)
                    .split(separator: "\n").map(String.init)
            }
            return broken(String(line), indent: indent, width: width)
        }.joined(separator: "\n")
    }

    /// One line of code broken at spaces outside quotes (and before a trailing `--` comment).
    private static func broken(_ line: String, indent: String, width: Int) -> [String] {
        guard line.unicodeScalars.count > width else { return [line] }
        var pieces: [String] = []
        var current = ""
        var quote: Character?
        var inComment = false
        var previous: Character?
        for character in line {
            if inComment {
                current.append(character)
            } else if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == "-" && previous == "-" {
                inComment = true
                current.append(character)
            } else if character == " " && !current.trimmingLeadingSpaces.isEmpty {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        pieces.append(current)
        var lines: [String] = []
        var out = ""
        let hanging = indent + "    "
        for piece in pieces {
            if out.isEmpty {
                out = piece
            } else if out.unicodeScalars.count + 1 + piece.unicodeScalars.count > width && !piece.hasPrefix("--") {
                lines.append(out)
                out = hanging + piece
            } else {
                out += " " + piece
            }
        }
        lines.append(out)
        return lines
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: Substring { drop { $0 == " " } }
}
