/// The traceaudit command line as a function: arguments and environment in, text and an exit code out.
public enum TraceAudit {
    /// The release.
    public static let version = "0.1.0"

    /// Runs one command line (without the program name) and returns its exit code.
    ///
    /// The report goes to `output`, errors to `errors` as `traceaudit: error: …` lines. Violations
    /// are a normal result (exit 1); only a failure to check exits 3, and nothing here ever exits 0
    /// without a complete audit.
    public static func run(
        _ arguments: [String], environment: [String: String], output: TextSink, errors: TextSink,
        outputIsTerminal: Bool = false
    ) -> ExitCode {
        defer {
            output.flush()
            errors.flush()
        }
        do {
            switch try Invocation.parse(arguments, environment: environment) {
            case .help(let topic):
                output.write(Help.text(for: topic) + "\n")
                return .passed
            case .version:
                output.write("traceaudit \(version)\n")
                return .passed
            case .audit(let options):
                let style = Style(isTerminal: outputIsTerminal, environment: environment)
                return try audit(options, environment: environment, output: output, style: style)
            }
        } catch {
            errors.write("traceaudit: error: \(error.message)\n")
            if case .usage = error {
                errors.write(Help.usage + "\nSee 'traceaudit --help'.\n")
            }
            return error.exitCode
        }
    }

    static func audit(_ options: AuditOptions, environment: [String: String], output: TextSink, style: Style)
        throws(TraceAuditError) -> ExitCode
    {
        let (source, context) = try open(options, environment: environment)
        let report = try source.audit(options.request)
        switch options.format {
        case .table:
            output.write(TableReport.render(report, context: context, style: style))
        case .json:
            output.write(JSONReport.render(report, context: context, limit: options.request.violationLimit))
        }
        return report.passed ? .passed : .violations
    }

    static func open(_ options: AuditOptions, environment: [String: String]) throws(TraceAuditError)
        -> (any AuditSource, AuditContext)
    {
        switch options.target {
        case .sqlite(let path):
            let temporaryFolder = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            return (
                try SQLiteSnapshot(path: path, temporaryFolder: temporaryFolder),
                AuditContext(engine: .sqlite, target: path)
            )
        case .postgresql(let connection):
            let target = try PostgresTarget(connection, environment: environment)
            let database = try PostgresDatabase(
                target: target, environment: environment, timeoutMilliseconds: options.timeoutMilliseconds)
            return (database, AuditContext(engine: .postgresql, target: database.display))
        }
    }
}
