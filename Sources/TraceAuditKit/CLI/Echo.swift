/// Words from the command line as they may appear in a message: redacted like a database target
/// (no password) and escaped like the table format's values (no control character, escape
/// sequence or bidi override reaches the terminal), so an error can quote what was typed.
enum Echo {
    /// `'word'`, safe to show: a PostgreSQL-looking word is shown without its password, and every
    /// word is escaped and cut to a readable length.
    static func quoted(_ word: String) -> String {
        shown(word) ?? "(a PostgreSQL connection string, not shown)"
    }

    /// `'word'` as `quoted` shows it, or nil when the word may hold a password and is not shown:
    /// how the error renderer (`FailureText`) quotes the words a `UsageError` keeps.
    static func shown(_ word: String) -> String? {
        redacted(word).flatMap(FailureText.escapedQuote)
    }

    /// The word with any password removed. A PostgreSQL URL or keyword string that libpq reads is
    /// shown as `postgresql://user@host:port/db`, as in reports. One it cannot read is shown as
    /// typed unless it may hold a password (a `password` keyword, or a URL's `user:password@`):
    /// then it is not shown at all (nil), since where the password ends cannot be told.
    static func redacted(_ word: String) -> String? {
        guard case .postgresql(let connection) = DatabaseTarget(word) else { return word }
        if let target = try? PostgresTarget(connection, environment: [:]) { return target.display }
        let mayHoldPassword = word.lowercased().contains("password")
            || !PostgresTarget.secrets(in: connection, environment: [:]).isEmpty
        return mayHoldPassword ? nil : word
    }

    /// Whether a word looks like what `--db` takes: a PostgreSQL URL, a keyword string libpq
    /// reads (or one with a password), a `sqlite:` path, or a file named like a SQLite database.
    static func looksLikeDatabaseTarget(_ word: String) -> Bool {
        let lowered = word.lowercased()
        if lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") || lowered.hasPrefix("sqlite:") { return true }
        if case .postgresql(let connection) = DatabaseTarget(word),
            (try? PostgresTarget(connection, environment: [:])) != nil || lowered.contains("password=")
        {
            return true
        }
        return [".sqlite", ".sqlite3", ".db", ".db3"].contains { lowered.hasSuffix($0) && lowered.count > $0.count }
    }

    /// The passwords in any word of `arguments` that holds a PostgreSQL target (also after a
    /// leading `-` or `--option=`), and any http(s) URL (a `--post` webhook), to scrub from every
    /// message as the last guard.
    static func secrets(in arguments: [String]) -> [String] {
        var secrets: [String] = []
        for argument in arguments {
            var candidates = [argument, String(argument.drop { $0 == "-" })]
            if let equals = argument.firstIndex(of: "=") { candidates.append(String(argument[argument.index(after: equals)...])) }
            for candidate in candidates {
                // A webhook URL (`--post URL`) is a secret as a whole.
                if candidate.lowercased().hasPrefix("https://") || candidate.lowercased().hasPrefix("http://") { secrets.append(candidate) }
                guard case .postgresql(let connection) = DatabaseTarget(candidate) else { continue }
                secrets += PostgresTarget.secrets(in: connection, environment: [:])
                if let target = try? PostgresTarget(connection, environment: [:]) { secrets += target.secrets }
            }
        }
        return secrets
    }

    /// `; did you mean --db 'word'?` when the word looks like a database target, else nothing.
    static func databaseHint(for word: String) -> String {
        guard looksLikeDatabaseTarget(word) else { return "" }
        return redacted(word) == nil ? "; did you mean --db?" : "; did you mean --db \(quoted(word))?"
    }

    /// A message line made safe for the terminal, with `secrets` scrubbed (`FailureText.terminalLine`).
    static func terminalLine(_ message: String, scrubbing secrets: [String] = []) -> String {
        FailureText.terminalLine(message, scrubbing: secrets)
    }
}
