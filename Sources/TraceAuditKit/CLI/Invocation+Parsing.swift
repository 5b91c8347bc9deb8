extension Invocation {
    /// The options every audit command takes, with whether they take a value.
    static let options: [(name: String, takesValue: Bool)] = [
        ("--db", true), ("--format", true), ("--cutoff", true), ("--table", true), ("--limit", true), ("--timeout", true),
        ("--help", false), ("--version", false),
    ]

    /// Reads a command line (without the program name). A pure function: it reads `environment`
    /// only for `TRACEAUDIT_DB` and `DATABASE_URL` when `--db` is absent, and touches nothing else.
    ///
    /// Throws `TraceAuditError.usage` with a message that says what is wrong and how to fix it.
    public static func parse(_ arguments: [String], environment: [String: String] = [:]) throws(TraceAuditError)
        -> Invocation
    {
        var command: AuditCommand?
        var helpRequested = false
        var helpTopic: String?
        var values: [String: String] = [:]
        var index = 0
        var optionsEnded = false

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if !optionsEnded && argument == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && argument.hasPrefix("-") && argument != "-" {
                var name = argument
                var inlineValue: String?
                if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                    name = String(argument[..<equals])
                    inlineValue = String(argument[argument.index(after: equals)...])
                }
                if name == "-h" { name = "--help" }
                guard let option = options.first(where: { $0.name == name }) else {
                    throw .usage("unknown option '\(name)'" + suggestion(for: name, among: options.map(\.name)))
                }
                if option.takesValue {
                    if let inlineValue {
                        values[name] = inlineValue
                    } else {
                        guard index < arguments.count else { throw .usage("option '\(name)' needs a value") }
                        values[name] = arguments[index]
                        index += 1
                    }
                } else {
                    guard inlineValue == nil else { throw .usage("option '\(name)' takes no value") }
                    if name == "--version" { return .version }
                    helpRequested = true
                }
                continue
            }
            if command == nil && helpTopic == nil && argument == "help" && !helpRequested {
                helpRequested = true
                continue
            }
            if helpRequested && helpTopic == nil && command == nil {
                helpTopic = argument
                continue
            }
            guard command == nil else { throw .usage("unexpected argument '\(argument)'") }
            guard let known = AuditCommand(rawValue: argument) else {
                throw .usage(
                    "unknown command '\(argument)'"
                        + suggestion(for: argument, among: AuditCommand.allCases.map(\.rawValue) + ["help"]))
            }
            command = known
        }

        if helpRequested {
            if let helpTopic {
                guard let topic = AuditCommand(rawValue: helpTopic) else {
                    throw .usage(
                        "no help for '\(helpTopic)'"
                            + suggestion(for: helpTopic, among: AuditCommand.allCases.map(\.rawValue)))
                }
                return .help(topic: topic)
            }
            return .help(topic: command)
        }

        guard let target = values["--db"] ?? nonEmpty(environment["TRACEAUDIT_DB"]) ?? nonEmpty(environment["DATABASE_URL"])
        else {
            throw .usage("no database given; pass --db FILE or --db postgresql://…, or set TRACEAUDIT_DB")
        }
        guard !target.isEmpty else { throw .usage("--db is empty; give a SQLite file or a postgresql:// URL") }

        var options = AuditOptions(target: DatabaseTarget(target))
        options.command = command ?? .check
        if let format = values["--format"] {
            guard let known = OutputFormat(rawValue: format) else {
                throw .usage(
                    "unknown format '\(format)'; use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                        + suggestion(for: format, among: OutputFormat.allCases.map(\.rawValue), prefix: ", "))
            }
            options.format = known
        }
        if let cutoff = values["--cutoff"] {
            guard let instant = Instant(parsing: cutoff) else {
                throw .usage("--cutoff '\(cutoff)' is not an ISO 8601 date or instant, e.g. 2026-02-01T00:00:00Z")
            }
            options.request.policy.cutoff = instant
        }
        if let table = values["--table"] {
            guard let name = TableName(table) else {
                throw .usage(
                    "--table '\(table)' is not a table name; use letters, digits and _, optionally schema.table")
            }
            options.request.policy.table = name
        }
        if let limit = values["--limit"] {
            guard let number = Int(limit), number >= 0 else {
                throw .usage("--limit '\(limit)' is not a whole number of rows (0 or more)")
            }
            options.request.violationLimit = number
        }
        if let timeout = values["--timeout"] {
            guard let seconds = Double(timeout), seconds.isFinite, seconds >= 0.001, seconds <= 86_400 * 7 else {
                throw .usage("--timeout '\(timeout)' is not a number of seconds (0.001 to 604800)")
            }
            options.timeoutMilliseconds = Int((seconds * 1000).rounded())
        }
        return .audit(options)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// `; did you mean 'X'?` for the closest of `candidates`, or nothing when none is close.
    static func suggestion(for word: String, among candidates: [String], prefix: String = "; ") -> String {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.count / 3) else { return "" }
        return prefix + "did you mean '\(best.0)'?"
    }

    /// Levenshtein distance between `a` and `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
