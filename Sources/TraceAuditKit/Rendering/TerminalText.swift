/// Text shortened or wrapped for a terminal (escaping is `Escape.terminal`).
enum TerminalText {
    /// `text` cut to `limit` characters, with `…` at the end when cut.
    static func clipped(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        guard limit > 0 else { return "" }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1))) + "…"
    }

    /// `text` cut to `limit` characters from its start, with `…` at the start when cut.
    static func clippedKeepingEnd(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        guard limit > 0 else { return "" }
        return "…" + String(String.UnicodeScalarView(text.unicodeScalars.suffix(limit - 1)))
    }

    /// `text` broken at spaces into lines of at most `width` characters, the first starting with
    /// `indent` and the others with `hanging`; a word longer than a line is left whole, on a line
    /// of its own indented less (when the indent is spaces) so that it still fits if it can (a
    /// long job type). Each line ends in a newline.
    static func wrapped(_ text: String, width: Int, indent: String = "", hanging: String = "") -> String {
        var out = ""
        var line = indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let needed = line.unicodeScalars.count + (lineHasWord ? 1 : 0) + word.unicodeScalars.count
            if lineHasWord && needed > width {
                out += line + "\n"
                line = hanging
                lineHasWord = false
            }
            if !lineHasWord, line.unicodeScalars.count + word.unicodeScalars.count > width, line.allSatisfy({ $0 == " " }) {
                line = String(repeating: " ", count: max(0, width - word.unicodeScalars.count))
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        return out + line + "\n"
    }
}
