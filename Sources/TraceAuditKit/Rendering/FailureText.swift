/// The one place where a failure becomes words: the `traceaudit: error: …` line on standard
/// error, the JUnit `<error>`, the ERROR e-mail and the ERROR alert all come from here. Each line
/// says what failed and how to fix it; the server's and the libraries' own text is quoted, never
/// interpreted.
enum FailureText {
    /// How a word from the command line is quoted in a line (`'word'`), or nil when it may not be
    /// shown at all (a connection string that may hold a password). The CLI passes its own, which
    /// also redacts database targets.
    typealias Quote = (String) -> String?

    /// Quotes a word escaped for a terminal: the default, for words that hold no password.
    static func escapedQuote(_ word: String) -> String? {
        "'" + Escape.terminal(TerminalText.clipped(word, to: 200)) + "'"
    }

    /// What standard error shows: one `traceaudit: error: …` line, made safe for a terminal with
    /// `secrets` scrubbed; a usage error adds the usage line and `See 'traceaudit --help'`.
    static func standardError(_ error: TraceAuditError, usage: String, secrets: [String], quote: Quote = escapedQuote) -> String {
        var text = "traceaudit: error: " + terminalLine(line(error, quote: quote), scrubbing: secrets) + "\n"
        if case .usage = error { text += usage + "\nSee 'traceaudit --help'.\n" }
        return text
    }

    /// The one line, without the `traceaudit: error:` prefix and not yet escaped.
    static func line(_ error: TraceAuditError, quote: Quote = escapedQuote) -> String {
        switch error {
        case .usage(let usage): return line(usage, quote: quote)
        case .failed(let failure): return line(failure)
        case .interrupted(let signal): return "interrupted by signal \(signal); the audit did not finish"
        case .outputClosed: return "standard output was closed"
        }
    }

    /// The facts a program may want besides the line (JUnit's `<error>` text): the kind, the
    /// SQLSTATE and every server field, the statement, the target.
    static func facts(_ error: TraceAuditError) -> [(name: String, value: String)] {
        guard case .failed(let failure) = error else { return [] }
        var facts: [(String, String?)] = [("kind", kindName(failure.kind)), ("target", failure.target), ("statement", failure.statement)]
        if let server = failure.server {
            facts += [
                ("sqlstate", server.sqlState), ("detail", server.detail), ("hint", server.hint), ("position", server.position.map(String.init)),
                ("schema", server.schema), ("table", server.table), ("column", server.column), ("data type", server.dataType),
                ("constraint", server.constraint),
            ]
        }
        if case .http(let problem) = failure.kind { facts.append(("status", problem.status.map(String.init))) }
        return facts.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : (name, $0) } }
    }

    /// A stable name for the kind (`timeout.session`, `permission.row-security`).
    static func kindName(_ kind: Failure.Kind) -> String {
        switch kind {
        case .connection(.failed): return "connection"
        case .connection(.lost): return "connection.lost"
        case .connection(.serverShutdown): return "connection.server-shutdown"
        case .connection(.statementPooling): return "connection.statement-pooling"
        case .authentication: return "authentication"
        case .permission(.table): return "permission"
        case .permission(.column): return "permission.column"
        case .permission(.rowSecurity), .permission(.viewRowSecurity): return "permission.row-security"
        case .timeout(.audit): return "timeout.audit"
        case .timeout(.session): return "timeout.session"
        case .timeout(.lock): return "timeout.lock"
        case .timeout(.noAnswer): return "timeout.no-answer"
        case .recoveryConflict: return "recovery-conflict"
        case .cancelled: return "cancelled"
        case .readOnly: return "read-only"
        case .schema(.missingTable): return "schema.missing-table"
        case .schema(.missingColumn): return "schema.missing-column"
        case .schema(.createdAtType), .schema(.traceType): return "schema.column-type"
        case .schema(.collation): return "schema.collation"
        case .query: return "query"
        case .snapshot: return "snapshot"
        case .logInput: return "log-input"
        case .inputFile: return "input-file"
        case .outputFile: return "output-file"
        case .http: return "http"
        }
    }

    /// The one line for a failure: what failed, then how to fix it.
    static func line(_ failure: Failure) -> String {
        let target = failure.target
        let table = failure.table ?? "the table"
        let said = failure.server?.message ?? failure.reason ?? "no message"
        let state = failure.server.map { ", SQLSTATE \($0.sqlState)" } ?? ""
        switch failure.kind {
        case .connection(.failed(let hint)):
            return "cannot connect to \(target): \(said)" + (hint.map { "; " + remedy(for: $0) } ?? "")
        case .connection(.lost):
            return "lost the connection to \(target) during the audit: \(said)"
        case .connection(.serverShutdown):
            return "the server at \(target) shut down during the audit: \(said)"
        case .connection(.statementPooling):
            return "the connection pooler at \(target) is in statement mode, which cannot hold the audit's one read-only transaction (\(said)\(state)); "
                + "connect through a pool in transaction or session mode, or to the server directly"
        case .authentication(let passwordGiven):
            return "cannot connect to \(target): \(said); "
                + (passwordGiven
                    ? "the server refused the login: check the role and its password (in the target, PGPASSWORD or ~/.pgpass)"
                    : "the server asks for a password and none was given: put it in ~/.pgpass or PGPASSWORD")
        case .permission(.table):
            return "permission denied on \(target): \(said); the audit needs SELECT on \(table)"
        case .permission(.column(let column, let needs, let quoted)):
            return "permission denied: the role connected to \(target) may not read column \(column) of \(table); "
                + "GRANT SELECT (\(needs.joined(separator: ", "))) ON \(quoted) to it (docs/postgresql.md: A least-privilege role)"
        case .permission(.rowSecurity(let role)):
            return "row-level security on \(table) would hide rows from role \(role), so the audit cannot see every row (\(said)); "
                + "run it as a role with BYPASSRLS (ALTER ROLE \(role) BYPASSRLS), or as the table's owner if the table does not FORCE ROW LEVEL SECURITY"
        case .permission(.viewRowSecurity(let tables, let roles)):
            let on = tables.count > 1 ? "\(tables[0]) (and \(tables.count - 1) more)" : tables.first ?? "a table it reads"
            let whom = roles.count > 1 ? "roles \(roles.joined(separator: ", "))" : "role \(roles.first ?? "unknown")"
            return "row-level security on \(on) would hide rows from \(whom), as whom view \(table) reads it (a view reads its tables as its owner "
                + "unless it is security_invoker), so the audit cannot see every row (\(said)); run "
                + roles.map { "ALTER ROLE \($0) BYPASSRLS" }.joined(separator: " and ")
                + ", or audit the table itself (--table \(tables.first ?? "…")), or make \(table) (and any view it reads) security_invoker "
                + "and audit as a role with BYPASSRLS"
        case .timeout(.audit(let milliseconds)):
            return "statement timeout: the audit of \(table) took longer than --timeout \(seconds(milliseconds)) (\(said)); "
                + "raise --timeout, or check for locks and missing indexes"
        case .timeout(.session(let value, let source)):
            return "statement timeout: the session's statement_timeout\(value.map { " of \($0)" } ?? ""), \(origin(source)), "
                + "cancelled the audit on \(target) before --timeout applies (\(said)); remove or raise that setting: --timeout sets the audit's own"
        case .timeout(.lock(let milliseconds)):
            return "lock timeout: a lock on \(table) was held longer than the session's lock_timeout (\(said)); retry once the lock is released, "
                + "or remove lock_timeout from the target's options, PGOPTIONS or the role's or database's settings (the audit waits for locks up to --timeout \(seconds(milliseconds)))"
        case .timeout(.noAnswer(let milliseconds, let grace, let connectTimeout?)):
            return "cannot connect to \(target): no answer within \(seconds(.milliseconds(milliseconds) + grace)) (--timeout \(seconds(milliseconds)) plus \(seconds(grace)) "
                + "for the network; connect_timeout \(connectTimeout) waits for ever); check the network path to the server, or set connect_timeout"
        case .timeout(.noAnswer(let milliseconds, let grace, nil)):
            return "no answer from \(target) within \(seconds(.milliseconds(milliseconds) + grace)) (--timeout \(seconds(milliseconds)) plus \(seconds(grace)) for the network): "
                + "the network or the server stopped responding, so the audit was abandoned; check the network path to the server, or raise --timeout"
        case .recoveryConflict:
            return "the hot standby \(target) cancelled the audit because replaying its primary's changes conflicted with it (\(said)\(state)); retry, or on the standby set "
                + "hot_standby_feedback = on or raise max_standby_streaming_delay above the audit's duration"
        case .cancelled:
            return "the audit's query on \(target) was cancelled (\(said)): pg_cancel_backend or an administrator stopped it; run the audit again"
        case .readOnly:
            return "refused a write in the read-only audit session: \(said)"
        case .schema(.missingTable):
            return "table \(table) not found in \(target)\(failure.server.map { ": " + $0.message } ?? ""); name the jobs table with --table NAME or --table SCHEMA.NAME"
        case .schema(.missingColumn(let column?, let needs)):
            return "table \(table) in \(target) has no column \(column); the audit needs \(needs.joined(separator: ", "))"
        case .schema(.missingColumn(nil, let needs)):
            return "a column the audit needs is missing from \(table): \(said); the audit needs \(needs.joined(separator: ", "))"
        case .schema(.createdAtType(let type)):
            return "column created_at of \(table) has type \(type); the audit needs timestamp with or without time zone"
        case .schema(.traceType(let type, let base)):
            return "column trace_id of \(table) has type \(type)\(base.map { " (over \($0))" } ?? ""), whose missing trace the policy does not define; "
                + "make it text or uuid (README: PostgreSQL, column types)"
        case .schema(.collation(let name)):
            return "\(table) in \(target) declares collation \(name), which only the program that wrote it defines, and SQLite cannot"
                + " read the column without it; audit a copy whose columns are declared COLLATE BINARY"
        case .query:
            if let server = failure.server { return "query on \(target) failed: \(server.message) (SQLSTATE \(server.sqlState))" }
            return "query on \(target) failed: \(said)"
        case .snapshot, .logInput, .inputFile, .outputFile:
            return [failure.context, failure.reason ?? "failed"].compactMap { $0 }.joined(separator: ": ")
                + (failure.remedy.map { "; " + $0 } ?? "")
        case .http(let problem):
            return http(problem, host: target, context: failure.context, reason: failure.reason, remedy: failure.remedy)
        }
    }

    /// The line for a wrong command line: what is wrong, and what to give instead.
    static func line(_ usage: UsageError, quote: Quote = escapedQuote) -> String {
        func quoted(_ word: String) -> String { quote(word) ?? "(a PostgreSQL connection string, not shown)" }
        func suffix(_ hint: UsageError.Hint?) -> String {
            switch hint {
            case .didYouMean(let name)?: return "; did you mean '\(name)'?"
            case .database(let word)?: return quote(word).map { "; did you mean --db \($0)?" } ?? "; did you mean --db?"
            case nil: return ""
            }
        }
        switch usage {
        case .unknownOption(let name, let hint):
            return "unknown option \(quoted(name))" + suffix(hint)
        case .unexpectedValue(let option):
            return "option '\(option)' takes no value"
        case .missingValue(let option, let valueName, let next):
            return "option '\(option)' needs a value (\(valueName))"
                + (next.map { "; \(quoted($0)) is an option (a value that starts with - goes as \(option)=VALUE)" } ?? "")
        case .invalidValue(let option, let value, let expected):
            return "\(option) \(quoted(value)) is not \(expected)"
        case .emptyValue(let option, let remedy):
            return "\(option) is empty; \(remedy)"
        case .notForCommand(let option, let command, let takenBy, let underSQL, let takesIt):
            var text = "\(option) goes with \(takenBy.isEmpty ? "sql" : listed(takenBy)), not \(underSQL ? "sql " : "")\(command)"
            if underSQL && takesIt {
                text += " (sql prints the statements, which \(option) does not change)"
            } else if option == "--logs" && command == "logs" {
                text += "; logs reads the files named after it: traceaudit logs FILE…"
            } else if (option == "--since" || option == "--until") && command == "readiness" {
                text += "; readiness reads whole UTC days back from today: use --days"
            }
            return text
        case .formatNotForCommand(let format, let command, let writers, let report?):
            return "--report \(quoted(report)): \(format) is for \(listed(writers)), not \(command)"
        case .formatNotForCommand(let format, let command, let writers, nil):
            return "--format \(format) is for \(listed(writers)), not \(command)"
        case .conflicting(_, _, let reason), .needs(_, _, let reason):
            return reason
        case .unknownFormat(let name, let choices, let hint, let report):
            return (report.map { "--report \(quoted($0)): " } ?? "") + "unknown format \(quoted(name)); use one of \(choices.joined(separator: ", "))" + suffix(hint)
        case .unknownCommand(let word, let hint):
            return "unknown command \(quoted(word))" + suffix(hint)
        case .unknownHelpTopic(let word, let hint):
            return "no help for \(quoted(word))" + suffix(hint)
        case .unexpectedArgument(let word, let hint, let note):
            return "unexpected argument \(quoted(word))" + suffix(hint) + (note.map { "; " + $0 } ?? "")
        case .missingDatabase:
            return "no database given; pass --db FILE or --db postgresql://…, or set TRACEAUDIT_DB"
        case .reportOverwritesInput(let output, let input):
            return "\(output) is \(input), which this command reads: the report would overwrite its own input; write it to another file"
        case .sameReportFile(let first, let second):
            return "\(first) and \(second) are the same file; give each report its own file"
        case .invalid(let sentence):
            return sentence
        }
    }

    /// `the a, b and c commands`, or `a` for one.
    static func listed(_ commands: [String]) -> String {
        guard commands.count > 1 else { return commands.joined() }
        return "the " + commands.dropLast().joined(separator: ", ") + " and " + (commands.last ?? "") + " commands"
    }

    /// An HTTP failure: what was being done, what the host did, and what to do.
    private static func http(_ problem: HTTPProblem, host: String, context: String?, reason: String?, remedy: String?) -> String {
        let tries = problem.attempts > 1 ? " after \(problem.attempts) attempts" : ""
        let because = problem.detail.map { " (\($0))" } ?? ""
        var text: String
        switch problem.kind {
        case .invalidRequest:
            text = "the request to \(host) is malformed\(because)"
        case .resolve:
            text = "could not resolve \(host)\(tries)\(because); check the host name and the network"
        case .connect:
            text = "could not connect to \(host)\(tries)\(because); check the network and any https_proxy setting"
        case .tls:
            text = "TLS with \(host) failed\(because); the server's certificate must name the host and come from a CA in the system store or in the file SSL_CERT_FILE or CURL_CA_BUNDLE names"
        case .timeout:
            let within = if case .duration(let duration)? = problem.limit { " within \(seconds(duration))" } else { "" }
            text = "\(host) did not answer\(within)\(tries); raise --timeout or try again later"
        case .status:
            text = "\(host) answered \(problem.status.map { "HTTP \($0)" } ?? "an HTTP error")\(tries)"
        case .tooLarge:
            let size = if case .bytes(let bytes)? = problem.limit { " (\(bytes / (1 << 20)) MiB)" } else { "" }
            text = "the response from \(host) is larger than the limit\(size)"
        case .interrupted(let signal):
            text = "interrupted by signal \(signal) during the request to \(host)"
        case .transfer:
            text = "the connection to \(host) broke during the request\(tries)\(because)"
        case .unexpectedAnswer:
            text = "\(host) answered \(reason ?? "something else than the API documents")"
        }
        if problem.kind != .unexpectedAnswer, let reason { text += ": " + reason }
        if let remedy { text += "; " + remedy }
        return context.map { $0 + ": " + text } ?? text
    }

    /// What a failed connection's TLS settings suggest giving.
    private static func remedy(for hint: Failure.ConnectionHint) -> String {
        switch hint {
        case .rootCertificateMissing:
            return "give the server's CA with sslrootcert=FILE in the target or PGSSLROOTCERT"
        case .verifiedTLS(let clientCertificate):
            return "if the server's certificate is not signed by the CA in sslrootcert, give the CA that signed it (sslrootcert=FILE or PGSSLROOTCERT),"
                + " and connect by a name or address the certificate names (sslmode=verify-full checks it)"
                + (clientCertificate ? "" : "; if this role logs in with a client certificate, give sslcert=FILE and sslkey=FILE (or PGSSLCERT and PGSSLKEY)")
        case .tlsDisabled:
            return "if the server accepts only TLS connections here, add sslmode=verify-full and sslrootcert=FILE to the target"
        case .tlsRequired:
            return "if this server does not accept TLS connections, which the target's sslmode requires, connect to its TLS endpoint"
        }
    }

    /// Where the session's statement_timeout was set, by pg_settings' source.
    private static func origin(_ source: String?) -> String {
        switch source {
        case "client"?: return "set by the connection's options (options=-c statement_timeout=… in the target, or PGOPTIONS)"
        case "user"?: return "set for the role (ALTER ROLE … SET statement_timeout)"
        case "database"?: return "set for the database (ALTER DATABASE … SET statement_timeout)"
        case "database user"?: return "set for the role in this database (ALTER ROLE … IN DATABASE … SET statement_timeout)"
        case "configuration file"?: return "set in the server's configuration"
        case let source?: return "set by \(source)"
        case nil: return "set by the connection's options, PGOPTIONS, the role, the database or the server"
        }
    }

    /// `--timeout` as given: `300 s`, `0.5 s`.
    static func seconds(_ milliseconds: Int) -> String {
        seconds(.milliseconds(milliseconds))
    }

    /// A duration as people write it: `5 s`, `2.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }

    /// A message line made safe for the terminal as a whole: every control character and bidi
    /// override written as the table format writes it, backslashes left as they are (the words
    /// quoted in the message are escaped already), and `secrets` scrubbed. The last guard for text
    /// from engines, such as a `--db` path inside a SQLite error or a log file's name.
    static func terminalLine(_ message: String, scrubbing secrets: [String] = []) -> String {
        var result = ""
        for scalar in Redaction.scrub(message, secrets: secrets).unicodeScalars {
            if scalar == "\\" {
                result.unicodeScalars.append(scalar)
            } else {
                result += Escape.terminal(String(scalar))
            }
        }
        return result
    }
}
