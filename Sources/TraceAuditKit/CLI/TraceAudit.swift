/// The traceaudit command line as a function: arguments and environment in, text and an exit code out.
public enum TraceAudit {
    /// Runs one command line (without the program name) and returns its exit code.
    ///
    /// The report goes to `output` (or to `--output FILE`), errors to `errors` as one
    /// `traceaudit: error: …` line. Violations are a normal result (exit 1, or 0 with
    /// `--warn-only`); only a failure to check exits 3, and nothing exits 0 without a complete audit.
    public static func run(
        _ arguments: [String], environment: [String: String], output: TextSink, errors: TextSink,
        outputIsTerminal: Bool = false, terminalColumns: Int? = nil, showsProgress: Bool = false, now: Instant = .now
    ) -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        let command: Command
        do {
            command = try Command.parse(arguments, environment: environment, now: now)
        } catch {
            errors.write(FailureText.standardError(error, usage: Help.usage, secrets: Echo.secrets(in: arguments), quote: Echo.shown))
            return error.exitCode
        }
        let run = ReportRun(
            environment: environment, output: output, errors: errors, outputIsTerminal: outputIsTerminal,
            terminalColumns: terminalColumns, showsProgress: showsProgress, now: now, secrets: Echo.secrets(in: arguments))
        /// On a terminal, a listing fits its width (broken where SQL allows); in a pipe it is as planned.
        func printListing(_ listing: String) -> ExitCode {
            output.write(
                outputIsTerminal
                    ? SQLText.fitted(listing, width: ReportRun.width(environment: environment, terminalColumns: terminalColumns)) + "\n"
                    : listing)
            return .passed
        }
        switch command {
        case .help(let topic):
            output.write(Help.text(for: topic, width: ReportRun.width(environment: environment, terminalColumns: outputIsTerminal ? terminalColumns : nil)) + "\n")
            return .passed
        case .version:
            output.write(VersionText.text)
            return .passed
        case .completion(let shell):
            output.write(CompletionScript.text(for: shell))
            return .passed
        case .sql(let sql, let placeholders):
            return printListing(SQLListing.render(sql, placeholders: placeholders))
        case .policySQL(let policy, let dialect):
            return printListing(SQLListing.policy(policy, dialect: dialect))
        case .tableCheck(var options):
            guard defaultSender(&options.report.destination, errors: errors) else { return .usageError }
            let command = options.check.command
            return run.report(
                command, options.report, reading: options.database,
                inputs: options.baselinePath.map { [($0, "the --baseline file \(Escape.terminal($0))")] } ?? []
            ) { session, outputs throws(TraceAuditError) in
                let baseline = try options.baselinePath.map { path throws(TraceAuditError) in try Baseline.read(path: path) }
                let report = try Auditor.run(
                    command, options.report.request, session: session, writer: outputs.writer(), gate: options.gate, baseline: baseline,
                    now: now, shouldStop: { outputs.canStop })
                try GitHubOutput.append(report, environment: environment)
                return .init(
                    passed: report.passed, verdict: VerdictLine.text(for: report), violations: report.violationCount + report.undated.missingTrace,
                    newest: report.diagnosis.last)
            }
        case .logs(let options):
            return run.report(
                .logs, options.report, readingIfGiven: options.database,
                inputs: options.logs.logFiles.map { ($0, Self.logLabel($0, option: "the log")) }
            ) { session, outputs throws(TraceAuditError) in
                // --supabase: fetch first; the reader then reads the fetched records over the fetched span.
                let fetched = try options.supabase.map { source throws(TraceAuditError) in
                    try SupabaseLogFile(source, window: options.report.request.window, environment: environment, now: now)
                }
                let options = options.supabase.flatMap { source in fetched?.options(options, label: source.label) } ?? options
                let stream = LogStream(options.logs, request: options.report.request, outputs: outputs)
                let report = try LogReport.run(
                    options.report.request, logs: options.logs, session: session, stream: stream, coverage: fetched?.fetched.coverage)
                if let stream {
                    stream.end(report)
                } else {
                    outputs.write(passed: report.passed) { format, style in report.rendered(format, context: outputs.context, style: style) }
                }
                return .init(
                    passed: report.passed, verdict: (report.passed ? "PASS: logs: " : "FAIL: logs: ") + report.verdictCounts,
                    violations: report.findings.count + (report.crossCheck?.failing ?? 0), newest: report.findings.lastLogged)
            }
        case .readiness(var options):
            guard defaultSender(&options.report.destination, errors: errors) else { return .usageError }
            return run.report(
                .readiness, options.report, reading: options.database,
                inputs: options.readiness.logFiles.map { ($0, Self.logLabel($0, option: "the --logs file")) }
            ) { session, outputs throws(TraceAuditError) in
                // --supabase: the window's days and the day before (so that the first day can be
                // covered whole), covered only where the API returns the function's records.
                let logs = try options.supabase.map { source throws(TraceAuditError) in
                    let windowStart = ReadinessScope(now: now, requiredDays: options.readiness.days).windowStart
                    let since = UTCDay(number: windowStart.number - 1).start
                    return try SupabaseLogFile(source, window: TimeWindow(since: since, until: now), environment: environment, now: now)
                        .readinessLogs(label: source.label)
                }
                let report = try ReadinessReport.run(
                    options.report.request, readiness: options.readiness, session: session, now: now, logs: logs)
                outputs.write(passed: report.ready) { format, style in report.rendered(format, context: outputs.context, style: style) }
                return .init(
                    passed: report.ready, verdict: (report.ready ? "PASS: readiness: " : "FAIL: readiness: ") + report.headline,
                    violations: report.broken.count, newest: report.lastBrokenDay?.start)
            }
        case .doctor(let options):
            return run.report(.doctor, options.report, reading: options.database) { session, outputs throws(TraceAuditError) in
                outputs.sink.write(
                    try session.doctor(options.report.request, now: now).rendered(outputs.format, context: outputs.context, style: outputs.style))
                return .init(passed: true)
            }
        }
    }

    /// With an e-mail report and no --mail-from, sets the sender to traceaudit@ this host's fully
    /// qualified name (relays reject an unqualified one); without such a name, writes the usage
    /// error with the fix and returns false (exit 2), before anything is read.
    static func defaultSender(_ destination: inout ReportDestination, errors: TextSink) -> Bool {
        guard destination.mail.sender == nil,
            destination.format == .email || destination.reports.contains(where: { $0.format == .email })
        else { return true }
        guard let sender = OS.qualifiedHostName().flatMap({ MailAddress("traceaudit@" + EmailWriter.domain($0)) }) else {
            errors.write(FailureText.standardError(
                .usage(.invalid("this host has no fully qualified name for the default sender traceaudit@HOST; pass --mail-from traceaudit@your-domain.example")),
                usage: Help.usage, secrets: [], quote: Echo.shown))
            return false
        }
        destination.mail.sender = sender
        return true
    }

    /// How an error names a log input: `the log app.log`, `standard input (-)`.
    static func logLabel(_ path: String, option: String) -> String {
        path == "-" ? "standard input (-)" : option + " " + Escape.terminal(path)
    }

    /// Makes SIGINT, SIGTERM, SIGHUP and SIGQUIT cancel the running query and end the audit with
    /// 128 + the signal's number,
    /// leaving no partial `--output`. The program calls it once, before `run`.
    public static func handleInterruptions() {
        Interruption.shared.install()
    }

    /// Whether a long audit shows progress on standard error: only on a terminal, never in CI.
    public static func showsProgress(environment: [String: String]) -> Bool {
        Progress.isWanted(environment: environment)
    }

    static func open(_ database: DatabaseOptions, environment: [String: String], context: inout ReportContext)
        throws(TraceAuditError) -> AuditSession
    {
        switch database.target {
        case .sqlite(let path):
            context.engine = .sqlite
            context.target = path
            return AuditSession(
                engine: try SQLiteSnapshot(
                    path: path, temporaryFolder: OS.temporaryFolder(environment),
                    rowsRead: { Progress.add(rowsRead: $0) }),
                timeoutMilliseconds: database.timeoutMilliseconds)
        case .postgresql(let connection):
            context.engine = .postgresql
            let target = try PostgresTarget(connection, environment: environment)
            context.target = target.display
            let server = try PostgresDatabase(
                target: target, environment: environment, timeoutMilliseconds: database.timeoutMilliseconds)
            context.target = server.display
            context.encryption = server.encryption
            return AuditSession(
                engine: server, timeoutMilliseconds: database.timeoutMilliseconds, maxParallelWorkers: database.maxParallelWorkers)
        }
    }

    /// The target for a report when it could not be opened, never with a password.
    static func fallbackDisplay(_ target: DatabaseTarget, environment: [String: String]) -> String {
        switch target {
        case .sqlite(let path): return path
        case .postgresql(let connection): return (try? PostgresTarget(connection, environment: environment).display) ?? "postgresql"
        }
    }
}
