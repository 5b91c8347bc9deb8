/// Words from the command line as they may appear in a message: redacted like a database target
/// (no password) and escaped like the table format's values (no control character, escape
/// sequence or bidi override reaches the terminal), so an error can quote what was typed.
enum Echo {
    /// `'word'`, safe to show: a PostgreSQL-looking word is shown without its password, and every
    /// word is escaped and cut to a readable length.
    static func quoted(_ word: String) -> String {
        guard let shown = redacted(word) else { return "(a PostgreSQL connection string, not shown)" }
        return "'" + TerminalText.escaped(TerminalText.clipped(shown, to: 200)) + "'"
    }

    /// The word with any password removed. A PostgreSQL URL or keyword string is shown as
    /// `postgresql://user@host:port/db`, as in reports; one libpq cannot read is not shown at all
    /// (nil), since where its password ends cannot be told.
    static func redacted(_ word: String) -> String? {
        guard case .postgresql(let connection) = DatabaseTarget(word) else { return word }
        return try? PostgresTarget(connection, environment: [:]).display
    }

    /// Whether a word looks like what `--db` takes: a PostgreSQL URL or keyword string, a
    /// `sqlite:` path, or a file named like a SQLite database.
    static func looksLikeDatabaseTarget(_ word: String) -> Bool {
        if case .postgresql = DatabaseTarget(word) { return true }
        let lowered = word.lowercased()
        return lowered.hasPrefix("sqlite:")
            || [".sqlite", ".sqlite3", ".db", ".db3"].contains { lowered.hasSuffix($0) && lowered.count > $0.count }
    }

    /// `; did you mean --db 'word'?` when the word looks like a database target, else nothing.
    static func databaseHint(for word: String) -> String {
        guard looksLikeDatabaseTarget(word) else { return "" }
        return redacted(word) == nil ? "; did you mean --db?" : "; did you mean --db \(quoted(word))?"
    }

    /// A message line made safe for the terminal as a whole: every control character and bidi
    /// override written as the table format writes it, backslashes left as they are (the words
    /// quoted in the message are escaped already). The last guard for text from engines, such as
    /// a `--db` path inside a SQLite error.
    static func terminalLine(_ message: String) -> String {
        var result = ""
        for scalar in message.unicodeScalars {
            if scalar == "\\" {
                result.unicodeScalars.append(scalar)
            } else {
                result += TerminalText.escaped(String(scalar))
            }
        }
        return result
    }
}
