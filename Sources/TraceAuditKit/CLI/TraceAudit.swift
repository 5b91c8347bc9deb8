/// The traceaudit command line as a function: arguments and environment in, text and an exit code out.
public enum TraceAudit {
    /// The release.
    public static let version = "0.2.0"

    /// Runs one command line (without the program name) and returns its exit code.
    ///
    /// The report goes to `output` (or to `--output FILE`), errors to `errors` as one
    /// `traceaudit: error: …` line. Violations are a normal result (exit 1, or 0 with
    /// `--warn-only`); only a failure to check exits 3, and nothing exits 0 without a complete audit.
    public static func run(
        _ arguments: [String], environment: [String: String], output: TextSink, errors: TextSink,
        outputIsTerminal: Bool = false, showsProgress: Bool = false, now: Instant = .now
    ) -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        let invocation: Invocation
        do {
            invocation = try Invocation.parse(arguments, environment: environment, now: now)
        } catch {
            errors.write("traceaudit: error: \(error.message)\n" + Help.usage + "\nSee 'traceaudit --help'.\n")
            return error.exitCode
        }
        switch invocation {
        case .help(let topic):
            output.write(Help.text(for: topic) + "\n")
            return .passed
        case .version:
            output.write("traceaudit \(version)\n")
            return .passed
        case .showSQL(let options):
            output.write(SQLListing.render(options))
            return .passed
        case .audit(let options):
            return audit(
                options, environment: environment, output: output, errors: errors, outputIsTerminal: outputIsTerminal,
                showsProgress: showsProgress, now: now)
        }
    }

    static func audit(
        _ options: AuditOptions, environment: [String: String], output: TextSink, errors: TextSink,
        outputIsTerminal: Bool, showsProgress: Bool, now: Instant
    ) -> ExitCode {
        var context = ReportContext(
            engine: nil, target: "", command: options.command, policy: options.request.policy,
            window: options.request.window, startedAt: now)
        var file: OutputFile?
        do throws(TraceAuditError) {
            let progress = showsProgress ? Progress(label: "traceaudit \(options.command.rawValue)") : nil
            defer { progress?.stop() }
            if let path = options.outputPath { file = try OutputFile(path: path) }
            let sink: TextSink = file ?? output
            let style = Style(isTerminal: file == nil && outputIsTerminal, environment: environment)
            let source = try options.target.map { target throws(TraceAuditError) in
                try open(target, options: options, environment: environment, context: &context)
            }
            let passed: Bool
            switch options.command {
            case .logs:
                let report = try LogReport.run(options, source: source)
                passed = report.passed
                if !(options.quiet && passed) { sink.write(report.rendered(options.format, context: context, style: style)) }
            case .doctor:
                let report = try source!.doctor(options.request, now: now)
                passed = true
                sink.write(report.rendered(options.format, context: context, style: style))
            case .readiness:
                let report = try ReadinessReport.run(options, source: source!, now: now)
                passed = report.ready
                if !(options.quiet && passed) { sink.write(report.rendered(options.format, context: context, style: style)) }
            default:
                let writer = makeWriter(options.format, sink: sink, style: style, context: context)
                let report = try Auditor.run(
                    options.command, options.request, source: source!, writer: options.quiet ? QuietWriter(writer) : writer,
                    shouldStop: { sink.closed })
                passed = report.passed
            }
            sink.flush()
            if let failure = sink.failure { throw TraceAuditError.cannotCheck("cannot write the report: \(failure)") }
            try file?.commit()
            return passed || options.warnOnly ? .passed : .violations
        } catch var error {
            // A query cancelled by a signal fails like any other; say what really happened.
            if let signal = Interruption.shared.receivedSignal { error = .interrupted(signal: signal) }
            if case .outputClosed(let passed) = error {
                if let failure = (file as TextSink?)?.failure ?? output.failure {
                    file?.discard()
                    errors.write("traceaudit: error: cannot write the report: \(failure)\n")
                    return .cannotCheck
                }
                return passed || options.warnOnly ? .passed : .violations
            }
            if context.target.isEmpty, let target = options.target { context.target = fallbackDisplay(target, environment: environment) }
            if case .cannotCheck = error, let sink = (file as TextSink?) ?? Optional(output) {
                let writer = makeWriter(options.format, sink: sink, style: Style(enabled: false), context: context)
                if writer.failed(error) {
                    sink.flush()
                    try? file?.commit()
                }
            }
            file?.discard()
            errors.write("traceaudit: error: \(error.message)\n")
            return error.exitCode
        }
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

    static func makeWriter(_ format: OutputFormat, sink: TextSink, style: Style, context: ReportContext) -> any ReportWriter {
        switch format {
        case .table: return TableWriter(sink: sink, style: style, context: context)
        case .json: return JSONWriter(sink: sink, context: context)
        case .junit: return JUnitWriter(sink: sink, context: context)
        case .markdown: return MarkdownWriter(sink: sink, context: context)
        case .github: return GitHubWriter(sink: sink)
        case .prometheus: return PrometheusWriter(sink: sink, context: context)
        case .csv: return CSVWriter(sink: sink, command: context.command)
        }
    }

    static func open(_ target: DatabaseTarget, options: AuditOptions, environment: [String: String], context: inout ReportContext)
        throws(TraceAuditError) -> any AuditSource
    {
        switch target {
        case .sqlite(let path):
            context.engine = .sqlite
            context.target = path
            let temporaryFolder = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            return try SQLiteSnapshot(path: path, temporaryFolder: temporaryFolder)
        case .postgresql(let connection):
            context.engine = .postgresql
            let target = try PostgresTarget(connection, environment: environment)
            context.target = target.display
            let database = try PostgresDatabase(
                target: target, environment: environment, timeoutMilliseconds: options.timeoutMilliseconds)
            context.target = database.display
            return database
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
