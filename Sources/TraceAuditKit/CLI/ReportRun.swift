/// One command's run from its source to its exit code: opens the database, lets the command
/// write its report, commits `--output`, and turns a failure into the report's failed form and
/// one line on standard error.
struct ReportRun {
    let environment: [String: String]
    let output: TextSink
    let errors: TextSink
    let outputIsTerminal: Bool
    let showsProgress: Bool
    let now: Instant
    /// Passwords found on the command line, scrubbed from every error line.
    let secrets: [String]

    /// The body writes the report to the sink and says whether the command passed.
    typealias Body<Source> = (_ source: Source, _ sink: TextSink, _ style: Style, _ context: ReportContext)
        throws(TraceAuditError) -> Bool

    /// A command that reads the table.
    func report(
        _ command: AuditCommand, _ request: AuditRequest, to destination: ReportDestination, warnOnly: Bool,
        reading database: DatabaseOptions, body: Body<AuditSession>
    ) -> ExitCode {
        run(command, request, to: destination, warnOnly: warnOnly, database: database, body: body) { context throws(TraceAuditError) in
            try TraceAudit.open(database, environment: environment, context: &context)
        }
    }

    /// A command that reads the table only when given one (`logs --db`).
    func report(
        _ command: AuditCommand, _ request: AuditRequest, to destination: ReportDestination, warnOnly: Bool,
        readingIfGiven database: DatabaseOptions?, body: Body<AuditSession?>
    ) -> ExitCode {
        run(command, request, to: destination, warnOnly: warnOnly, database: database, body: body) { context throws(TraceAuditError) in
            guard let database else { return nil }
            return try TraceAudit.open(database, environment: environment, context: &context)
        }
    }

    private func run<Source>(
        _ command: AuditCommand, _ request: AuditRequest, to destination: ReportDestination, warnOnly: Bool,
        database: DatabaseOptions?, body: Body<Source>, open: (inout ReportContext) throws(TraceAuditError) -> Source
    ) -> ExitCode {
        var context = ReportContext(
            engine: nil, target: "", command: command, policy: request.policy, window: request.window, startedAt: now)
        var file: OutputFile?
        do throws(TraceAuditError) {
            let progress = showsProgress ? Progress(label: "traceaudit \(command.rawValue)") : nil
            defer { progress?.stop() }
            if let path = destination.outputPath { file = try OutputFile(path: path) }
            let sink: TextSink = file ?? output
            let style = Style(isTerminal: file == nil && outputIsTerminal, environment: environment)
            let source = try open(&context)
            let passed = try body(source, sink, style, context)
            sink.flush()
            if let failure = sink.failure { throw TraceAuditError.cannotCheck("cannot write the report: \(failure)") }
            try file?.commit()
            return passed || warnOnly ? .passed : .violations
        } catch var error {
            // A query cancelled by a signal fails like any other; say what really happened.
            if let signal = Interruption.shared.receivedSignal { error = .interrupted(signal: signal) }
            if case .outputClosed(let passed) = error {
                if let failure = (file as TextSink?)?.failure ?? output.failure {
                    file?.discard()
                    errors.write("traceaudit: error: cannot write the report: \(Echo.terminalLine(failure, scrubbing: secrets))\n")
                    return .cannotCheck
                }
                return passed || warnOnly ? .passed : .violations
            }
            if context.target.isEmpty, let database {
                context.target = TraceAudit.fallbackDisplay(database.target, environment: environment)
            }
            if case .cannotCheck = error, let sink = (file as TextSink?) ?? Optional(output) {
                let writer = TraceAudit.makeWriter(destination.format, sink: sink, style: Style(enabled: false), context: context)
                if writer.failed(error) {
                    sink.flush()
                    try? file?.commit()
                }
            }
            file?.discard()
            errors.write("traceaudit: error: \(Echo.terminalLine(error.message, scrubbing: secrets))\n")
            return error.exitCode
        }
    }
}
