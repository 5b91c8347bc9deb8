extension Command {
    /// Reads a command line (without the program name). A pure function: it reads `environment`
    /// only for `TRACEAUDIT_DB` and `DATABASE_URL` when `--db` is absent, and `now` only for
    /// relative `--since`/`--until` spans and `--days`.
    ///
    /// An option the command does not take (see `Option`) is refused, naming the commands that
    /// take it. Throws `TraceAuditError.usage` with a message that says what is wrong and how to
    /// fix it; every word of the command line it quotes is escaped and has no password.
    public static func parse(_ arguments: [String], environment: [String: String] = [:], now: Instant = .now)
        throws(TraceAuditError) -> Command
    {
        let parsed = try ParsedArguments(arguments)
        if parsed.has(.version) { return .version }

        // Words: [help] [sql] [COMMAND] [FILE… for logs].
        var words = parsed.words[...]
        var helpRequested = parsed.has(.help)
        if words.first == "help" {
            words.removeFirst()
            helpRequested = true
        }
        var underSQL = false
        if words.first == "sql" {
            words.removeFirst()
            underSQL = true
        }
        if words.first == "completion" && !underSQL {
            return try completion(parsed, words: words.dropFirst(), helpRequested: helpRequested)
        }
        var named: AuditCommand?
        if let word = words.first {
            guard let known = AuditCommand(rawValue: word) else {
                if helpRequested {
                    throw .usage(.unknownHelpTopic(word, hint: closest(to: word, among: HelpTopic.all.map(\.name)).map { .didYouMean($0) }))
                }
                let hint: UsageError.Hint? = Echo.looksLikeDatabaseTarget(word)
                    ? .database(word) : closest(to: word, among: HelpTopic.all.map(\.name) + ["help"]).map { .didYouMean($0) }
                throw .usage(.unknownCommand(word, hint: hint))
            }
            named = known
            words.removeFirst()
        }
        var logFiles: [String] = []
        if named == .logs && !underSQL {
            logFiles = Array(words)
            words = []
            let databaseURL = logFiles.first { file in
                ["postgresql://", "postgres://", "sqlite:"].contains { file.lowercased().hasPrefix($0) }
            }
            if let databaseURL {
                throw .usage(.invalid("logs reads log files, and \(Echo.quoted(databaseURL)) is a database" + Echo.databaseHint(for: databaseURL)))
            }
        }
        if let extra = words.first {
            throw .usage(.unexpectedArgument(extra, hint: Echo.looksLikeDatabaseTarget(extra) ? .database(extra) : nil, note: nil))
        }

        if helpRequested {
            return .help(underSQL ? .sql : named.map(HelpTopic.command))
        }
        if underSQL && parsed.has(.policy) && (named ?? .check) == .check {
            return try policySQL(parsed, environment: environment, now: now)
        }

        let command = named ?? .check
        if underSQL && (command == .logs || command == .doctor) {
            throw .usage(.invalid("sql lists the SQL of the table's checks and readiness, not of \(command.rawValue)"))
        }
        for option in parsed.options where !option.isTaken(by: command, underSQL: underSQL) {
            throw .usage(refusal(of: option, by: command, underSQL: underSQL))
        }
        let database = try database(parsed, command: command, underSQL: underSQL, environment: environment)

        func required(_ database: DatabaseOptions?) throws(TraceAuditError) -> DatabaseOptions {
            guard let database else {
                throw .usage(.missingDatabase)
            }
            return database
        }
        switch command.kind {
        case .logs:
            let supabase = try SupabaseSource(parsed, logFiles: logFiles, environment: environment)
            guard !logFiles.isEmpty || supabase != nil else {
                throw .usage(.invalid(
                    "logs needs log files to read, or - for standard input: traceaudit logs app.log, kubectl logs … | traceaudit logs -"))
            }
            try checkStandardInput(logFiles)
            var options = LogsOptions(logFiles: logFiles, database: database)
            options.supabase = supabase
            options.report = try report(parsed, command: command, database: database, now: now)
            // The span fetched, which the report states: whole minutes, by default the last 24 hours.
            if supabase != nil { options.report.request.window = SupabaseLogQuery.span(options.report.request.window, now: now) }
            let destination = options.report.destination
            if options.report.request.violationLimit == nil && ([destination.format] + destination.reports.map(\.format)).contains(.markdown) {
                throw .usage(.conflicting(
                    "--all", "--format markdown",
                    reason: "logs --all streams every entry, and markdown puts its verdict before them; give --limit N, or --format table, json or csv for every entry"))
            }
            options.logs.allowEmpty = parsed.has(.allowEmpty)
            return .logs(options)
        case .readiness:
            var options = ReadinessOptions(database: try required(database))
            options.report = try report(parsed, command: command, database: database, now: now)
            try checkStandardInput(parsed.logFiles)
            options.readiness.logFiles = parsed.logFiles
            options.supabase = try SupabaseSource(parsed, logFiles: parsed.logFiles, environment: environment, command: .readiness)
            if options.supabase != nil && parsed.has(.logsCover) {
                throw .usage(.conflicting(
                    "--logs-cover", "--supabase",
                    reason: "--logs-cover states what a --logs export covers; with --supabase the records the API returns say what is covered"))
            }
            options.readiness.logsCover = try logsCover(parsed, now: now)
            if let days = try days(parsed) { options.readiness.days = days }
            if parsed.has(.requireTraffic) && parsed.has(.allowEmptyDays) {
                throw .usage(.conflicting(
                    "--require-traffic", "--allow-empty-days", reason: "--require-traffic (the default) and --allow-empty-days contradict each other; give one"))
            }
            options.readiness.allowEmptyDays = parsed.has(.allowEmptyDays)
            options.readiness.requireAllTypes = parsed.has(.requireAllTypes)
            options.readiness.now = now
            if parsed.has(.allowEmpty) && parsed.logFiles.isEmpty {
                throw .usage(.needs(
                    option: "--allow-empty", other: "--logs",
                    reason: "--allow-empty goes with --logs: it lets an empty log input pass; readiness reads no logs without --logs"))
            }
            options.readiness.allowEmpty = parsed.has(.allowEmpty)
            return underSQL ? .sql(.readiness(options), placeholders: parsed.has(.placeholders)) : .readiness(options)
        case .doctor:
            var options = DoctorOptions(database: try required(database))
            options.report = try report(parsed, command: command, database: database, now: now)
            return .doctor(options)
        case .tableCheck(let check):
            var options = TableCheckOptions(check, database: try required(database))
            // --days is checked before the report's options: its error comes before one of --format or --output.
            let dailyDays = check == .daily ? try days(parsed) ?? 30 : nil
            options.report = try report(parsed, command: command, database: database, now: now)
            if let dailyDays { try applyDays(dailyDays, now: now, to: &options.report.request) }
            if check == .check || check == .daily {
                options.report.request.trendDays = AuditRequest.trendDays(for: options.report.request.window, now: now)
            }
            try applyGate(parsed, to: &options)
            return underSQL ? .sql(.tableCheck(options), placeholders: parsed.has(.placeholders)) : .tableCheck(options)
        }
    }

    /// `completion SHELL`: one shell, no options.
    private static func completion(_ parsed: ParsedArguments, words: ArraySlice<String>, helpRequested: Bool)
        throws(TraceAuditError) -> Command
    {
        if helpRequested { return .help(.completion) }
        let shells = CompletionShell.allCases.map(\.rawValue)
        guard let word = words.first else {
            throw .usage(.invalid("completion needs a shell: traceaudit completion \(shells.joined(separator: "|"))"))
        }
        guard let shell = CompletionShell(rawValue: word) else {
            throw .usage(.invalid(
                "no completion for \(Echo.quoted(word)); use \(shells.joined(separator: ", "))" + suggestion(for: word, among: shells)))
        }
        if let extra = words.dropFirst().first { throw .usage(.unexpectedArgument(extra, hint: nil, note: "completion takes one shell")) }
        if let option = parsed.options.first { throw .usage(.invalid("completion takes no options, not \(option.rawValue)")) }
        return .completion(shell)
    }

    /// Why `command` does not take `option`, naming the commands that do.
    static func refusal(of option: Option, by command: AuditCommand, underSQL: Bool) -> UsageError {
        let declaration = option.declaration
        return .notForCommand(
            option: option.rawValue, command: command.rawValue, takenBy: AuditCommand.allCases.filter(declaration.commands.contains).map(\.rawValue),
            underSQL: underSQL, takesIt: declaration.commands.contains(command))
    }

    /// The database to read: `--db`, else (except for `logs`, which reads one only when told to)
    /// `$TRACEAUDIT_DB`, then `$DATABASE_URL`; with the options that apply to its kind only.
    private static func database(
        _ parsed: ParsedArguments, command: AuditCommand, underSQL: Bool, environment: [String: String]
    ) throws(TraceAuditError) -> DatabaseOptions? {
        var text = parsed.value(.db)
        var source = "--db"
        if text == nil && (command != .logs || underSQL) {
            for variable in ["TRACEAUDIT_DB", "DATABASE_URL"] {
                if let value = environment[variable], !value.isEmpty {
                    text = value
                    source = "$" + variable
                    break
                }
            }
        }
        if text?.isEmpty == true { throw .usage(.emptyValue(option: "--db", remedy: "give a SQLite file or a postgresql:// URL")) }
        let target = text.map(DatabaseTarget.init)
        let kind = TargetKind(target)
        // With --post (the delivery) or logs --supabase (each API request), --timeout bounds it, whatever the database.
        for option in parsed.options where !option.declaration.targets.contains(kind) && !(option == .timeout && (parsed.has(.post) || parsed.has(.supabase))) {
            throw .usage(.invalid(wrongTarget(option, target: target, source: source)))
        }
        guard let target else { return nil }
        var database = DatabaseOptions(target: target)
        if let milliseconds = try timeoutMilliseconds(parsed) { database.timeoutMilliseconds = milliseconds }
        if let workers = parsed.value(.maxParallel) {
            guard let number = Int(workers), (0...1024).contains(number) else {
                throw .usage(.invalidValue(option: "--max-parallel", value: workers, expected: "a whole number of workers (0 to 1024)"))
            }
            database.maxParallelWorkers = number
        }
        return database
    }

    /// `--timeout`, checked, in milliseconds; nil when not given.
    static func timeoutMilliseconds(_ parsed: ParsedArguments) throws(TraceAuditError) -> Int? {
        guard let timeout = parsed.value(.timeout) else { return nil }
        guard let seconds = Double(timeout), seconds.isFinite, seconds >= 0.001, seconds <= 86_400 * 7 else {
            throw .usage(.invalidValue(option: "--timeout", value: timeout, expected: "a number of seconds (0.001 to 604800)"))
        }
        return Int((seconds * 1000).rounded())
    }

    /// `--post`, `--notify-on` and `--state`, checked: an https URL (never quoted back) or @FILE,
    /// a format that is an alert or json, and `--state` for `--notify-on change`.
    private static func post(_ parsed: ParsedArguments, format: OutputFormat) throws(TraceAuditError) -> AlertPost? {
        guard let text = parsed.value(.post) else {
            if let option = [Option.notifyOn, .state].first(where: parsed.has) {
                throw .usage(.needs(option: option.rawValue, other: "--post", reason: "\(option.rawValue) needs --post: it says when the alert is posted"))
            }
            return nil
        }
        guard AlertPost.formats.contains(format) else {
            throw .usage(.invalid("--post sends --format slack, pagerduty or json, not \(format.rawValue); add --format slack (or pagerduty, or json)"))
        }
        let address: AlertPost.Address
        if text.hasPrefix("@") {
            guard text.count > 1 else { throw .usage(.invalid("--post @ names no file; give --post @FILE, FILE holding the URL")) }
            address = .file(String(text.dropFirst()))
        } else {
            guard AlertPost.isPostable(text) else {
                throw .usage(.invalid("--post needs an https:// URL or @FILE (a file holding the URL, which keeps it out of argv)"))
            }
            address = .url(text)
        }
        let statePath = parsed.value(.state)
        if statePath?.isEmpty == true { throw .usage(.emptyValue(option: "--state", remedy: "give a file name, e.g. /var/lib/traceaudit/alerts.json")) }
        var notifyOn: AlertPost.NotifyOn = statePath == nil ? .always : .change
        if let word = parsed.value(.notifyOn) {
            guard let known = AlertPost.NotifyOn(rawValue: word) else {
                throw .usage(.invalidValue(option: "--notify-on", value: word, expected: "change or always"))
            }
            notifyOn = known
        }
        if notifyOn == .change && statePath == nil {
            throw .usage(.needs(option: "--notify-on", other: "--state", reason: "--notify-on change needs --state FILE to know what the last run posted"))
        }
        var post = AlertPost(address: address, format: format, notifyOn: notifyOn, statePath: statePath)
        if let milliseconds = try timeoutMilliseconds(parsed) { post.timeoutMilliseconds = milliseconds }
        return post
    }

    /// Why `option` does not apply to the target (or to no target).
    static func wrongTarget(_ option: Option, target: DatabaseTarget?, source: String) -> String {
        let kinds = TargetKind.allCases.filter(option.declaration.targets.contains).map { kind in
            switch kind {
            case .none: "no database"
            case .sqlite: "SQLite"
            case .postgresql: "PostgreSQL"
            }
        }
        let applies = "\(option.rawValue) applies to \(kinds.joined(separator: " and ")) only"
        switch target {
        case nil:
            return applies + ", and logs reads no database without --db"
        case .sqlite(let path)?:
            return applies + "; \(source) \(Echo.quoted(path)) is a SQLite snapshot: drop \(option.rawValue)"
        case .postgresql?:
            return applies + "; \(source) is a PostgreSQL server: drop \(option.rawValue)"
        }
    }

    /// The options every report takes (`ReportOptions`), read once for every command: the
    /// request, where the report goes, `--quiet` and `--warn-only`.
    private static func report(_ parsed: ParsedArguments, command: AuditCommand, database: DatabaseOptions?, now: Instant)
        throws(TraceAuditError) -> ReportOptions
    {
        var report = ReportOptions()
        report.request = try request(parsed, database: database, now: now)
        report.destination = try destination(parsed, command: command)
        report.quiet = parsed.has(.quiet)
        report.warnOnly = parsed.has(.warnOnly)
        return report
    }

    /// The policy, the window and how many rows to list.
    /// The table is resolved for the database's dialect (`public.NAME` on PostgreSQL, `main.NAME`
    /// on SQLite, see `TableName.resolved`), so that every report names the table it read.
    private static func request(_ parsed: ParsedArguments, database: DatabaseOptions?, now: Instant)
        throws(TraceAuditError) -> AuditRequest
    {
        var request = AuditRequest()
        if let cutoff = parsed.value(.cutoff) {
            guard let instant = Instant(parsing: cutoff) else {
                throw .usage(.invalidValue(option: "--cutoff", value: cutoff, expected: "an ISO 8601 date or instant, e.g. 2026-02-01T00:00:00Z"))
            }
            request.policy.cutoff = instant
        }
        if let table = parsed.value(.table) {
            guard let name = TableName(table) else {
                throw .usage(.invalidValue(option: "--table", value: table, expected: "a table name; use letters, digits, _ and $ (not first), optionally schema.table"))
            }
            request.policy.table = name
        }
        if case .postgresql? = database?.target {
            guard !request.policy.table.isTemporarySchema else {
                throw .usage(.invalid(
                    "--table \(Echo.quoted(request.policy.table.description)) names a session's temporary schema, which another client of a pooled connection can fill; name the schema that holds the jobs"))
            }
            request.policy.table = request.policy.table.resolved(.postgresql)
        } else if case .sqlite? = database?.target {
            request.policy.table = request.policy.table.resolved(.sqlite)
        }
        if let limit = parsed.value(.limit) {
            guard !parsed.has(.all) else { throw .usage(.conflicting("--limit", "--all", reason: "--limit and --all cannot go together; give one")) }
            guard let number = Int(limit), number >= 0 else {
                throw .usage(.invalidValue(option: "--limit", value: limit, expected: "a whole number of rows (0 or more)"))
            }
            request.violationLimit = number
        }
        if parsed.has(.all) { request.violationLimit = nil }
        for (option, keyPath) in [(Option.since, \TimeWindow.since), (.until, \TimeWindow.until)] {
            guard let text = parsed.value(option) else { continue }
            guard let instant = Instant(windowBound: text, now: now) else {
                throw .usage(.invalidValue(option: option.rawValue, value: text, expected: "an ISO 8601 date or instant, today, yesterday, nor a span such as 90m, 24h, 7d or 2w"))
            }
            request.window[keyPath: keyPath] = instant
        }
        if let text = parsed.value(.day) {
            guard parsed.value(.since) == nil, parsed.value(.until) == nil else {
                throw .usage(.conflicting(
                    "--day", parsed.has(.since) ? "--since" : "--until",
                    reason: "--day names a whole UTC day and cannot go with --since or --until; give one or the other"))
            }
            guard let day = Instant.day(text, now: now) else {
                throw .usage(.invalidValue(option: "--day", value: text, expected: "a UTC day; give YYYY-MM-DD, yesterday or today"))
            }
            request.window = TimeWindow(since: day.start, until: UTCDay(number: day.number + 1).start)
        }
        if let text = parsed.value(.maxAge) {
            guard let span = Instant.span(text), span > 0 else {
                throw .usage(.invalidValue(option: "--max-age", value: text, expected: "a span such as 90m, 24h or 2d"))
            }
            request.maxAge = span
        }
        if let text = parsed.value(.minJobs) {
            guard let number = Int(text), number >= 1 else {
                throw .usage(.invalidValue(option: "--min-jobs", value: text, expected: "a whole number of jobs (1 or more)"))
            }
            request.minJobs = number
        }
        if let since = request.window.since, let until = request.window.until, since >= until {
            throw .usage(.conflicting("--since", "--until", reason: "--since \(since) is not before --until \(until); the window would be empty"))
        }
        return request
    }

    /// `--logs-cover SINCE..UNTIL`, checked: each bound a `--since` form or `now`; UNTIL after now
    /// is now (logs cannot cover the future).
    private static func logsCover(_ parsed: ParsedArguments, now: Instant) throws(TraceAuditError) -> TimeWindow? {
        guard let text = parsed.value(.logsCover) else { return nil }
        guard !parsed.logFiles.isEmpty else {
            throw .usage(.needs(option: "--logs-cover", other: "--logs", reason: "--logs-cover states the span of the --logs files; give it with --logs FILE"))
        }
        let bounds = text.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
        func bound(_ text: String) -> Instant? { text == "now" ? now : Instant(windowBound: text, now: now) }
        guard bounds.count == 2, let since = bound(bounds[0]), let until = bound(bounds[1]) else {
            throw .usage(.invalidValue(option: "--logs-cover", value: text, expected: "SINCE..UNTIL; give two ISO 8601 dates or instants (or today, yesterday, now, 7d), e.g. 2026-11-29..now"))
        }
        guard since < min(until, now) else {
            throw .usage(.invalid("--logs-cover \(Echo.quoted(text)) covers nothing: SINCE must be before UNTIL and before now"))
        }
        return TimeWindow(since: since, until: min(until, now))
    }

    /// `--days N`, checked.
    private static func days(_ parsed: ParsedArguments) throws(TraceAuditError) -> Int? {
        guard let days = parsed.value(.days) else { return nil }
        guard let number = Int(days), (1...36_600).contains(number) else {
            throw .usage(.invalidValue(option: "--days", value: days, expected: "a whole number of days (1 to 36600)"))
        }
        return number
    }

    /// `--format`, `--output` and `--report`, checked against what the command can write.
    private static func destination(_ parsed: ParsedArguments, command: AuditCommand) throws(TraceAuditError) -> ReportDestination {
        var destination = ReportDestination()
        if let format = parsed.value(.format) {
            let names = OutputFormat.allCases.map(\.rawValue)
            guard let known = OutputFormat(rawValue: format) else {
                throw .usage(.unknownFormat(format, choices: names, hint: closest(to: format, among: names).map { .didYouMean($0) }, report: nil))
            }
            guard command.formats.contains(known) else {
                let writers = AuditCommand.allCases.filter { $0.formats.contains(known) }
                throw .usage(.formatNotForCommand(format: format, command: command.rawValue, writers: writers.map(\.rawValue), report: nil))
            }
            destination.format = known
        }
        if let output = parsed.value(.output) {
            guard !output.isEmpty else { throw .usage(.emptyValue(option: "--output", remedy: "give a file name")) }
            destination.outputPath = output
        }
        for given in parsed.given where given.option == .report {
            let text = given.value ?? ""
            guard let (name, path, appends) = ReportFile.split(text) else {
                throw .usage(.invalid("--report \(Echo.quoted(text)) needs FORMAT=FILE, e.g. --report junit=traceaudit.xml (FORMAT+=FILE appends)"))
            }
            guard let format = OutputFormat(rawValue: name) else {
                let names = command.formats.map(\.rawValue)
                throw .usage(.unknownFormat(name, choices: names, hint: closest(to: name, among: names).map { .didYouMean($0) }, report: text))
            }
            guard command.formats.contains(format) else {
                let writers = AuditCommand.allCases.filter { $0.formats.contains(format) }
                throw .usage(.formatNotForCommand(format: name, command: command.rawValue, writers: writers.map(\.rawValue), report: text))
            }
            guard !path.isEmpty else { throw .usage(.invalid("--report \(Echo.quoted(text)) names no file; give FORMAT=FILE")) }
            guard !appends || format.appends else {
                let appending = OutputFormat.allCases.filter { $0.appends && command.formats.contains($0) }.map(\.rawValue)
                throw .usage(.invalid(
                    "--report \(Echo.quoted(text)): \(name) cannot be appended (two reports in one file are not valid \(name)); use \(name)=FILE, or += with \(appending.joined(separator: ", "))"))
            }
            let taken = destination.reports.map(\.path) + (destination.outputPath.map { [$0] } ?? [])
            guard !taken.contains(path) else {
                throw .usage(.invalid("--report \(Echo.quoted(text)): \(Echo.quoted(path)) already takes another report; give each report its own file"))
            }
            destination.reports.append(ReportFile(format: format, path: path, appends: appends))
        }
        destination.post = try post(parsed, format: destination.format)
        destination.mail = try mail(
            parsed, formats: [destination.format] + destination.reports.map(\.format), quietApplies: destination.format == .email)
        return destination
    }

    /// `--baseline`, `--max-violations` and `--min-compliance`, checked.
    private static func applyGate(_ parsed: ParsedArguments, to options: inout TableCheckOptions) throws(TraceAuditError) {
        if let path = parsed.value(.baseline) {
            guard !path.isEmpty else { throw .usage(.emptyValue(option: "--baseline", remedy: "give the file of a previous JSON report or of job ids")) }
            options.baselinePath = path
        }
        if let text = parsed.value(.maxViolations) {
            guard let number = Int(text), number >= 0 else {
                throw .usage(.invalidValue(option: "--max-violations", value: text, expected: "a whole number of violations (0 or more)"))
            }
            options.gate.maxViolations = number
        }
        if let text = parsed.value(.minCompliance) {
            let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
            guard let percent = Double(digits), percent.isFinite, (0...100).contains(percent) else {
                throw .usage(.invalidValue(option: "--min-compliance", value: text, expected: "a percentage from 0 to 100, e.g. 99.5"))
            }
            options.gate.minCompliancePercent = percent
        }
    }

    /// `--mail-to`, `--mail-from` and `--subject-prefix`, which only an email report (`--format email`
    /// or `--report email=FILE`) takes; it needs a recipient. `--quiet` would empty the standard output's message.
    private static func mail(_ parsed: ParsedArguments, formats: [OutputFormat], quietApplies: Bool) throws(TraceAuditError) -> MailSettings {
        var mail = MailSettings()
        guard formats.contains(.email) else {
            if let option = [Option.mailTo, .mailFrom, .subjectPrefix].first(where: parsed.has) {
                throw .usage(.needs(option: option.rawValue, other: "--format email", reason: "\(option.rawValue) goes with --format email or --report email=FILE"))
            }
            return mail
        }
        let mainIsEmail = quietApplies
        if quietApplies && parsed.has(.quiet) {
            throw .usage(.conflicting(
                "--quiet", "--format email",
                reason: "--quiet goes badly with --format email: a passing audit would hand sendmail an empty message; the subject already says PASS or FAIL"))
        }
        for text in parsed.values(.mailTo) {
            guard let address = MailAddress(text) else {
                throw .usage(.invalidValue(option: "--mail-to", value: text, expected: "an e-mail address; use user@example.com or 'Name <user@example.com>'"))
            }
            mail.recipients.append(address)
        }
        guard !mail.recipients.isEmpty else {
            throw .usage(.needs(
                option: mainIsEmail ? "--format email" : "--report email", other: "--mail-to",
                reason: "\(mainIsEmail ? "--format email" : "--report email") needs a recipient: --mail-to user@example.com (repeat for more)"))
        }
        if let text = parsed.value(.mailFrom) {
            guard let address = MailAddress(text) else {
                throw .usage(.invalidValue(option: "--mail-from", value: text, expected: "an e-mail address; use user@example.com or 'Name <user@example.com>'"))
            }
            mail.sender = address
        }
        if let prefix = parsed.value(.subjectPrefix) {
            guard !prefix.unicodeScalars.contains(where: Escape.isControl) else {
                throw .usage(.invalid("--subject-prefix \(Echo.quoted(prefix)) holds a control character; a subject is one line"))
            }
            mail.subjectPrefix = prefix
        }
        return mail
    }

    /// Standard input can be read once.
    private static func checkStandardInput(_ files: [String]) throws(TraceAuditError) {
        if files.filter({ $0 == "-" }).count > 1 { throw .usage(.invalid("standard input (-) can be read only once")) }
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

    /// `; did you mean 'X'?` for the closest of `candidates`, or nothing when none is close.
    static func suggestion(for word: String, among candidates: [String], prefix: String = "; ") -> String {
        closest(to: word, among: candidates).map { prefix + "did you mean '\($0)'?" } ?? ""
    }

    /// The closest of `candidates` to `word`, when one is close.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.count / 3) else { return nil }
        return best.0
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

extension Command {
    /// `sql --policy`: the cutoff, the table and the database's dialect; no other option changes
    /// the policy's queries, so any other is refused.
    private static func policySQL(_ parsed: ParsedArguments, environment: [String: String], now: Instant)
        throws(TraceAuditError) -> Command
    {
        let shaping: Set<Option> = [.policy, .db, .cutoff, .table]
        if let option = parsed.options.first(where: { !shaping.contains($0) }) {
            throw .usage(.invalid(
                "\(option.rawValue) does not change sql --policy, which prints the policy's queries over the whole table for --cutoff and --table; drop \(option.rawValue)"))
        }
        let given = try database(parsed, command: .check, underSQL: true, environment: environment)
        let policy = try request(parsed, database: given, now: now).policy
        let dialect: Dialect? = given.map { database in
            switch database.target {
            case .sqlite: Dialect.sqlite
            case .postgresql: Dialect.postgresql
            }
        }
        return .policySQL(policy, dialect)
    }
}
