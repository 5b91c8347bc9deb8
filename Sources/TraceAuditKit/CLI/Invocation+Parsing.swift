extension Invocation {
    /// An option: its name, whether it takes a value, and its line in help.
    struct Option {
        var name: String
        var value: String?
        var help: String
    }

    /// Every option, in help's order.
    static let options: [Option] = [
        Option(name: "--db", value: "TARGET", help: "a SQLite snapshot (path, or sqlite:PATH), or PostgreSQL: a postgresql:// URL or a libpq keyword string; default $TRACEAUDIT_DB, then $DATABASE_URL"),
        Option(name: "--format", value: "FORMAT", help: "table (default), json, junit, markdown, github, prometheus, or csv (violations and daily)"),
        Option(name: "--since", value: "WHEN", help: "only jobs created at or after WHEN: an ISO 8601 date or instant, or a span back from now (90m, 24h, 7d, 2w)"),
        Option(name: "--until", value: "WHEN", help: "only jobs created before WHEN (same forms)"),
        Option(name: "--days", value: "N", help: "daily: the last N UTC days, today included, days without jobs too (default 30); readiness: the complete days required clean (default 7)"),
        Option(name: "--limit", value: "N", help: "most violation rows listed, newest first (default 50); the count stays exact"),
        Option(name: "--all", value: nil, help: "list every violation row (streamed)"),
        Option(name: "--cutoff", value: "INSTANT", help: "first instant the policy covers (default 2026-02-01T00:00:00Z; a date is midnight UTC)"),
        Option(name: "--table", value: "NAME", help: "the jobs table, optionally schema.table (default executor_jobs)"),
        Option(name: "--output", value: "FILE", help: "write the report to FILE atomically (temporary file, then rename) instead of standard output"),
        Option(name: "--quiet", value: nil, help: "print nothing when the audit passes (for cron, which mails only output)"),
        Option(name: "--warn-only", value: nil, help: "exit 0 even with violations (the policy's log-only mode); a failure to check still exits 3"),
        Option(name: "--logs", value: "FILE", help: "readiness: also require no POLICY_VIOLATION entry in these logs (repeat, or list files after it; - is standard input)"),
        Option(name: "--allow-empty", value: nil, help: "logs, readiness --logs: a log with no records passes (by default it cannot be checked: exit 3)"),
        Option(name: "--require-traffic", value: nil, help: "readiness: a day without succeeded jobs is not clean (no evidence is not proof)"),
        Option(name: "--timeout", value: "SECONDS", help: "longest a PostgreSQL statement may run (default 300), then exit 3"),
        Option(name: "--help", value: nil, help: "show help (also -h)"),
        Option(name: "--version", value: nil, help: "show the version"),
    ]

    /// The help topics: the audit commands and `sql`.
    static var topics: [String] { AuditCommand.allCases.map(\.rawValue) + ["sql"] }

    /// Reads a command line (without the program name). A pure function: it reads `environment` only
    /// for `TRACEAUDIT_DB` and `DATABASE_URL` when `--db` is absent, and `now` only for relative
    /// `--since`/`--until` spans and `--days`.
    ///
    /// Throws `TraceAuditError.usage` with a message that says what is wrong and how to fix it.
    public static func parse(_ arguments: [String], environment: [String: String] = [:], now: Instant = .now)
        throws(TraceAuditError) -> Invocation
    {
        var words: [String] = []
        var helpRequested = false
        var values: [String: String] = [:]
        var logs: [String] = []
        var takingLogs = false
        var flags: Set<String> = []
        var index = 0
        var optionsEnded = false

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if !optionsEnded && argument == "--" {
                optionsEnded = true
                continue
            }
            guard !optionsEnded && argument.hasPrefix("-") && argument != "-" else {
                if takingLogs {
                    logs.append(argument)
                } else {
                    words.append(argument)
                }
                continue
            }
            takingLogs = false
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
            if option.value != nil {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw .usage("option '\(name)' needs a value (\(option.value!))") }
                    value = arguments[index]
                    index += 1
                }
                if name == "--logs" {
                    logs.append(value)
                    takingLogs = inlineValue == nil
                } else {
                    values[name] = value
                }
            } else {
                guard inlineValue == nil else { throw .usage("option '\(name)' takes no value") }
                if name == "--version" { return .version }
                if name == "--help" { helpRequested = true }
                flags.insert(name)
            }
        }

        // Words: [help] [sql] [COMMAND].
        var showSQL = false
        if words.first == "help" {
            words.removeFirst()
            helpRequested = true
        }
        if words.first == "sql" {
            words.removeFirst()
            showSQL = true
        }
        var named: AuditCommand?
        if let word = words.first {
            guard let known = AuditCommand(rawValue: word) else {
                if helpRequested {
                    throw .usage("no help for '\(word)'" + suggestion(for: word, among: topics))
                }
                throw .usage("unknown command '\(word)'" + suggestion(for: word, among: topics + ["help"]))
            }
            named = known
            words.removeFirst()
        }
        var logFiles: [String] = []
        if named == .logs && !showSQL {
            logFiles = words
            words = []
        }
        if let extra = words.first { throw .usage("unexpected argument '\(extra)'") }

        if helpRequested {
            return .help(topic: showSQL ? "sql" : named?.rawValue)
        }

        let command = named ?? .check
        if showSQL && (command == .logs || command == .doctor) {
            throw .usage("sql lists the SQL of the table's checks and readiness, not of \(command.rawValue)")
        }
        // logs reads the table only when told to with --db: the cross-check is opt-in.
        let target = command == .logs
            ? values["--db"]
            : values["--db"] ?? nonEmpty(environment["TRACEAUDIT_DB"]) ?? nonEmpty(environment["DATABASE_URL"])
        if command != .logs && target == nil {
            throw .usage("no database given; pass --db FILE or --db postgresql://…, or set TRACEAUDIT_DB")
        }
        if target?.isEmpty == true { throw .usage("--db is empty; give a SQLite file or a postgresql:// URL") }

        var options = AuditOptions(target: target.map(DatabaseTarget.init))
        options.command = command
        if command == .logs {
            guard !logFiles.isEmpty else {
                throw .usage("logs needs log files to read, or - for standard input: traceaudit logs app.log, kubectl logs … | traceaudit logs -")
            }
            options.logFiles = logFiles
        } else if !logs.isEmpty {
            guard command == .readiness else { throw .usage("--logs goes with readiness; to read logs alone use traceaudit logs FILE…") }
            options.logFiles = logs
        }
        if options.logFiles.filter({ $0 == "-" }).count > 1 { throw .usage("standard input (-) can be read only once") }
        try read(values, flags: flags, now: now, into: &options)
        return showSQL ? .showSQL(options) : .audit(options)
    }

    /// Applies the options' values, checking each and how they combine.
    private static func read(_ values: [String: String], flags: Set<String>, now: Instant, into options: inout AuditOptions)
        throws(TraceAuditError)
    {
        let command = options.command
        if let format = values["--format"] {
            guard let known = OutputFormat(rawValue: format) else {
                throw .usage(
                    "unknown format '\(format)'; use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                        + suggestion(for: format, among: OutputFormat.allCases.map(\.rawValue), prefix: "; "))
            }
            guard command.formats.contains(known) else {
                throw .usage("--format \(format) is for the violations and daily commands, not \(command.rawValue)")
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
                throw .usage("--table '\(table)' is not a table name; use letters, digits and _, optionally schema.table")
            }
            options.request.policy.table = name
        }
        if let limit = values["--limit"] {
            guard !flags.contains("--all") else { throw .usage("--limit and --all cannot go together; give one") }
            guard let number = Int(limit), number >= 0 else {
                throw .usage("--limit '\(limit)' is not a whole number of rows (0 or more)")
            }
            options.request.violationLimit = number
        }
        if flags.contains("--all") { options.request.violationLimit = nil }
        for (name, keyPath) in [("--since", \TimeWindow.since), ("--until", \TimeWindow.until)] {
            guard let text = values[name] else { continue }
            guard let instant = Instant(windowBound: text, now: now) else {
                throw .usage("\(name) '\(text)' is not an ISO 8601 date or instant, nor a span such as 90m, 24h, 7d or 2w")
            }
            options.request.window[keyPath: keyPath] = instant
        }
        if let since = options.request.window.since, let until = options.request.window.until, since >= until {
            throw .usage("--since \(since) is not before --until \(until); the window would be empty")
        }
        if let days = values["--days"] {
            guard command == .daily || command == .readiness else {
                throw .usage("--days goes with the daily and readiness commands: traceaudit daily --days \(days)")
            }
            guard let number = Int(days), (1...36_600).contains(number) else {
                throw .usage("--days '\(days)' is not a whole number of days (1 to 36600)")
            }
            if command == .readiness { options.readinessDays = number }
        }
        if flags.contains("--require-traffic") {
            guard command == .readiness else { throw .usage("--require-traffic goes with readiness") }
            options.requireTraffic = true
        }
        if command == .daily {
            try applyDays(Int(values["--days"] ?? "30") ?? 30, now: now, to: &options.request)
        }
        if let timeout = values["--timeout"] {
            guard let seconds = Double(timeout), seconds.isFinite, seconds >= 0.001, seconds <= 86_400 * 7 else {
                throw .usage("--timeout '\(timeout)' is not a number of seconds (0.001 to 604800)")
            }
            options.timeoutMilliseconds = Int((seconds * 1000).rounded())
        }
        if let output = values["--output"] {
            guard !output.isEmpty else { throw .usage("--output is empty; give a file name") }
            options.outputPath = output
        }
        if flags.contains("--allow-empty") {
            guard !options.logFiles.isEmpty else { throw .usage("--allow-empty goes with logs or readiness --logs") }
            options.allowEmpty = true
        }
        options.quiet = flags.contains("--quiet")
        options.warnOnly = flags.contains("--warn-only")
    }

    /// `daily --days N`: the last N UTC days up to today (or up to --until), none before the cutoff.
    private static func applyDays(_ days: Int, now: Instant, to request: inout AuditRequest) throws(TraceAuditError) {
        let lastDay = (request.window.until.flatMap { $0.adding(microseconds: -1) } ?? now).day.number
        let firstDay = max(lastDay - Int64(days) + 1, request.policy.cutoff.day.number)
        let start = UTCDay(number: firstDay).start
        let since = max(request.window.since ?? start, start)
        request.window.since = since
        request.dailyDays = since.day.number <= lastDay ? since.day.number...lastDay : nil
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
