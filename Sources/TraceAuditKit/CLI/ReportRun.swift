/// One command's run from its source to its exit code: opens the database, lets the command
/// write its report, commits `--output`, and turns a failure into the report's failed form and
/// one line on standard error.
struct ReportRun {
    let environment: [String: String]
    let output: TextSink
    let errors: TextSink
    let outputIsTerminal: Bool
    /// The width of the terminal on standard output, when it is one.
    let terminalColumns: Int?
    let showsProgress: Bool
    let now: Instant
    /// Passwords found on the command line, scrubbed from every error line.
    let secrets: [String]

    /// The body writes the report to `outputs` and says whether the command passed.
    typealias Body<Source> = (_ source: Source, _ outputs: ReportOutputs) throws(TraceAuditError) -> Outcome

    /// What a command found: whether it passed, and the verdict in one line for standard error
    /// when the reports went to files (nil: a plain PASS or FAIL naming the command).
    struct Outcome {
        var passed: Bool
        var verdict: String?
        /// Violations found and the newest one's instant, for `--state`.
        var violations = 0
        var newest: Instant?
    }

    /// The files a command reads besides its database (`--baseline`, logs), as the option naming
    /// them: no report may replace one.
    typealias InputFile = (path: String, label: String)

    /// A command that reads the table, with the report options it was given.
    func report(
        _ command: AuditCommand, _ options: ReportOptions, reading database: DatabaseOptions, inputs: [InputFile] = [],
        body: Body<AuditSession>
    ) -> ExitCode {
        run(command, options, database: database, inputs: inputs, body: body) { context throws(TraceAuditError) in
            try TraceAudit.open(database, environment: environment, context: &context)
        }
    }

    /// A command that reads the table only when given one (`logs --db`).
    func report(
        _ command: AuditCommand, _ options: ReportOptions, readingIfGiven database: DatabaseOptions?, inputs: [InputFile] = [],
        body: Body<AuditSession?>
    ) -> ExitCode {
        run(command, options, database: database, inputs: inputs, body: body) { context throws(TraceAuditError) in
            guard let database else { return nil }
            return try TraceAudit.open(database, environment: environment, context: &context)
        }
    }

    /// The width the table format fits: COLUMNS when it is a number, else the terminal's, else 80.
    static func width(environment: [String: String], terminalColumns: Int?) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return max(columns, ReportContext.narrowest) }
        return max(terminalColumns ?? 80, ReportContext.narrowest)
    }

    private func run<Source>(
        _ command: AuditCommand, _ options: ReportOptions, database: DatabaseOptions?, inputs: [InputFile], body: Body<Source>,
        open: (inout ReportContext) throws(TraceAuditError) -> Source
    ) -> ExitCode {
        let (request, destination, warnOnly) = (options.request, options.destination, options.warnOnly)
        var context = ReportContext(
            engine: nil, target: "", command: command, policy: request.policy, window: request.window, startedAt: now,
            width: ReportRun.width(environment: environment, terminalColumns: destination.outputPath == nil ? terminalColumns : nil))
        context.warnOnly = warnOnly
        context.mail = destination.mail
        context.givenTarget = database.map { TraceAudit.fallbackDisplay($0.target, environment: environment) } ?? ""
        var file: OutputFile?
        var reports: [(format: OutputFormat, sink: any ReportFileSink)] = []
        var delivery: AlertDelivery?
        var secrets = self.secrets
        do throws(TraceAuditError) {
            let progress = showsProgress ? Progress(label: "traceaudit \(command.rawValue)") : nil
            defer { progress?.stop() }
            try targets(destination, database: database, inputs: inputs).check()
            if let path = destination.outputPath { file = try OutputFile(path: path) }
            for report in destination.reports {
                // Appending matters for a regular file (or a new one); a FIFO, a device or a
                // standard stream is written directly either way, as `--output` writes it.
                let kind = OS.status(report.path, followingLinks: true)?.kind
                let sink: any ReportFileSink = report.appends && (kind == nil || kind == .regular)
                    ? try AppendedReport(path: report.path, option: report.option, temporaryFolder: temporaryFolder)
                    : try OutputFile(path: report.path, option: report.option)
                reports.append((report.format, sink))
            }
            if let post = destination.post {
                let made = try AlertDelivery(post, environment: environment)
                secrets += made.secrets
                reports.append((post.format, made.body))
                delivery = made
            }
            let sink: TextSink = file ?? output
            let style = Style(isTerminal: file == nil && outputIsTerminal, environment: environment)
            let source = try open(&context)
            let outcome = try body(
                source,
                ReportOutputs(
                    sink: sink, style: style, context: context, format: destination.format, silencesPass: options.silencesPass,
                    reports: reports.map { ($0.format, $0.sink) }))
            sink.flush()
            if let failure = sink.failure { throw TraceAuditError.failed(.local(.outputFile, "cannot write the report: \(failure)")) }
            try ((file.map { [$0] } ?? []) + reports.map(\.sink)).commitAll()
            let verdict = outcome.verdict ?? "\(outcome.passed ? "PASS" : "FAIL"): \(command.rawValue)"
            let warned = !outcome.passed && warnOnly ? " (--warn-only: exit 0)" : ""
            let saysVerdict = destination.writesFiles && !(options.quiet && outcome.passed)
            if saysVerdict {
                errors.write("traceaudit: \(Echo.terminalLine(verdict, scrubbing: secrets))\(warned)\n")
            }
            if let delivery {
                let entry = AlertState.Entry(
                    verdict: outcome.passed ? .pass : .fail, violations: outcome.violations, newest: outcome.newest, checkedAt: now)
                if let failure = delivery.deliver(key: PagerDutyWriter.dedupKey(context), entry, environment: environment) {
                    // The reports are in place; the verdict still reaches the log, then why the alert did not.
                    if !saysVerdict { errors.write("traceaudit: \(Echo.terminalLine(verdict, scrubbing: secrets))\(warned)\n") }
                    errors.write(FailureText.standardError(failure, usage: Help.usage, secrets: secrets, quote: Echo.shown))
                    return failure.exitCode
                }
            }
            return outcome.passed || warnOnly ? .passed : .violations
        } catch var error {
            // A query cancelled by a signal fails like any other; say what really happened.
            if let signal = Interruption.shared.receivedSignal { error = .interrupted(signal: signal) }
            if case .outputClosed(let passed) = error {
                for report in reports { report.sink.discard() }
                if let failure = (file as TextSink?)?.failure ?? output.failure {
                    file?.discard()
                    errors.write(FailureText.standardError(.failed(.local(.outputFile, "cannot write the report: \(failure)")), usage: Help.usage, secrets: secrets, quote: Echo.shown))
                    return .cannotCheck
                }
                return passed || warnOnly ? .passed : .violations
            }
            if context.target.isEmpty, let database {
                context.target = TraceAudit.fallbackDisplay(database.target, environment: environment)
            }
            if case .failed = error {
                delivery?.body.reset()
                let sinks: [(OutputFormat, TextSink, (any ReportFileSink)?)] =
                    [(destination.format, (file as TextSink?) ?? output, file)] + reports.map { ($0.format, $0.sink, $0.sink) }
                for (format, sink, committable) in sinks {
                    let writer = format.writer(sink: sink, style: Style(enabled: false), context: context)
                    if writer.failed(error) {
                        sink.flush()
                        try? committable?.commit()
                    }
                }
            }
            file?.discard()
            for report in reports { report.sink.discard() }
            errors.write(FailureText.standardError(error, usage: Help.usage, secrets: secrets, quote: Echo.shown))
            // The alert says ERROR too (it was written with the failed reports above).
            if case .failed = error, let delivery, !delivery.body.text.isEmpty {
                let entry = AlertState.Entry(verdict: .error, violations: 0, newest: nil, checkedAt: now)
                if let failure = delivery.deliver(key: PagerDutyWriter.dedupKey(context), entry, environment: environment) {
                    errors.write(FailureText.standardError(failure, usage: Help.usage, secrets: secrets, quote: Echo.shown))
                }
            }
            return error.exitCode
        }
    }

    /// The run's reports and inputs, to be checked before a report is opened.
    private func targets(_ destination: ReportDestination, database: DatabaseOptions?, inputs: [InputFile]) -> ReportTargets {
        var targets = ReportTargets()
        if let path = destination.outputPath {
            targets.addOutput(path, option: "--output")
        } else if let descriptor = (output as? FileDescriptorSink)?.descriptor {
            targets.addOutput(descriptor: descriptor, label: "standard output")
        }
        for report in destination.reports {
            targets.addOutput(report.path, option: report.option)
        }
        if case .sqlite(let path)? = database?.target {
            targets.addInput(path, label: "the --db snapshot \(Escape.terminal(path))")
            for suffix in ["-wal", "-shm", "-journal"] {
                targets.addInput(path + suffix, label: "the --db snapshot's \(Escape.terminal(path + suffix))")
            }
        }
        for input in inputs { targets.addInput(input.path, label: input.label) }
        return targets
    }

    private var temporaryFolder: String { OS.temporaryFolder(environment) }
}
