/// Text from the database shortened for a terminal's table cell (escaping is `Escape.terminal`).
enum TerminalText {
    /// `text` cut to `limit` characters, with `…` at the end when cut.
    static func clipped(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1))) + "…"
    }
}
