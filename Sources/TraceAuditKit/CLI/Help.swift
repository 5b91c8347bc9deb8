/// The help texts: `traceaudit --help`, `traceaudit help TOPIC`, `traceaudit TOPIC --help`.
enum Help {
    static let usage = "Usage: traceaudit [COMMAND] --db TARGET [OPTIONS]"

    /// The help, fitted to `width` columns: prose wrapped, each option's text in a column of its
    /// own (an option too long for its column has the text on the next line), and an example too
    /// long for a line continued with ` \\`.
    static func text(for topic: HelpTopic?, width: Int = 80) -> String {
        let width = max(width, ReportContext.narrowest)
        switch topic {
        case nil: return general(width: width)
        case .sql: return sql(width: width)
        case .completion: return completion(width: width)
        case .command(let name): return command(name, width: width)
        }
    }

    /// The widest prose gets, however wide the terminal: long lines are hard to read.
    static let proseWidth = 100

    /// `text` (its line breaks ignored) wrapped to the width, each line after `indent`.
    static func paragraph(_ text: String, width: Int, indent: Int = 0) -> String {
        let margin = String(repeating: " ", count: indent)
        let joined = text.split(separator: "\n").joined(separator: " ")
        return String(TerminalText.wrapped(joined, width: min(width, proseWidth), indent: margin, hanging: margin).dropLast())
    }

    /// Commands as lines of a shell: each one that is too long for the width broken at spaces,
    /// every line but the last ending in ` \\`, so it can be pasted as it is.
    static func examples(_ commands: [String], width: Int) -> String {
        "Examples:\n" + commands.map { command in
            var lines: [String] = []
            var line = "  "
            for word in command.split(separator: " ") {
                if line.count > 2 && line.count + 1 + word.count + 2 > width {
                    lines.append(line + " \\")
                    line = "      "
                } else if line.count > 2 {
                    line += " "
                }
                line += word
            }
            return (lines + [line]).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Terms and their texts: each term in a column 20 wide, its text wrapped beside it; a term
    /// too long for the column has its text on the lines after it.
    static func definitions(_ entries: [(term: String, text: String)], width: Int, column: Int = 22) -> String {
        return entries.map { entry in
            let text = TerminalText.wrapped(entry.text, width: max(width, column + 30) - 1, indent: String(repeating: " ", count: column),
                hanging: String(repeating: " ", count: column))
            let head = "  " + entry.term
            if head.count + 2 <= column { return head.padded(column) + text.dropFirst(column).dropLast() }
            return head + "\n" + text.dropLast()
        }.joined(separator: "\n")
    }

    static func general(width: Int) -> String {
        """
        \(paragraph("traceaudit \(Release.version): audits the trace-ID policy of a job orchestrator's executor_jobs table.", width: width))

        \(paragraph("""
            The policy: a job created on or after the cutoff (2026-02-01T00:00:00Z) that reached status
            'succeeded' must have a trace_id (NULL and '' are both missing). Older jobs are legacy.
            """, width: width))

        \(usage)
               traceaudit logs FILE…|- [--db TARGET] [OPTIONS]
               traceaudit sql [COMMAND] --db TARGET [OPTIONS]
               traceaudit help [COMMAND]
               traceaudit completion bash|zsh|fish

        Commands:
        \(commandList(width: width))

        \(optionsText(Option.allCases, annotated: commandsTaking, width: width))

        Environment:
        \(definitions(environment, width: width))

        Exit status:
        \(definitions([
            ("0", "the policy holds (or --warn-only)"),
            ("1", "violations, or succeeded jobs without a trace whose created_at is unreadable"),
            ("2", "usage error"),
            ("3", "could not check (connection, missing table or column, query error, timeout)"),
        ], width: width, column: 5))

        \(examples([
            "traceaudit --db fixtures/demo.sqlite",
            "traceaudit violations --db \"$DATABASE_URL\" --since 24h",
            "traceaudit violations --since 24h --format ids | xargs -n 1 retry-job",
            "traceaudit check --db snapshot.sqlite --format junit --output traceaudit.xml",
            "traceaudit --db 'postgresql://auditor@db.internal/orchestrator?sslmode=require' --format prometheus --output /var/lib/node_exporter/traceaudit.prom",
        ], width: width))
        """
    }

    /// The commands and what each does, `sql`, `help` and `completion` last.
    static func commandList(width: Int) -> String {
        let entries = AuditCommand.allCases.map { ($0.rawValue, $0.summary) } + [
            ("sql", "print the SQL a command runs on that database, with its parameters; runs nothing"),
            ("help", "show help for a command"),
            ("completion", "print the shell completion script for bash, zsh or fish"),
        ]
        return entries.map { name, summary in
            "  " + name.padded(14) + TerminalText.wrapped(summary, width: max(width, 50), indent: String(repeating: " ", count: 16),
                hanging: String(repeating: " ", count: 16)).dropFirst(16).dropLast()
        }.joined(separator: "\n")
    }

    /// The environment variables traceaudit reads, and libpq's.
    static let environment: [(term: String, text: String)] = [
        ("TRACEAUDIT_DB", "the database when --db is not given: a SQLite path or a PostgreSQL URL or keyword string"),
        ("DATABASE_URL", "the database when neither --db nor TRACEAUDIT_DB is given"),
        ("PG*", "libpq's own variables for a PostgreSQL target: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSERVICE, PGPASSFILE, PGSSLMODE, PGSSLROOTCERT, … (the target's own settings win); PGCONNECT_TIMEOUT defaults to 10 seconds"),
        ("NO_COLOR", "when set and not empty, no color (color is only ever used on a terminal)"),
        ("TERM", "dumb: no color and no progress line"),
        ("COLUMNS", "the width the output for people fits (default: the terminal's, else 80)"),
        ("CI", "when set: no progress line on standard error"),
        ("TMPDIR", "where a snapshot's private copy and appended reports are spooled (default /tmp)"),
        ("GITHUB_OUTPUT", "when set (in a GitHub Actions step), the table's checks append verdict, violations, new_violations and compliance to it"),
    ]

    static func command(_ command: AuditCommand, width: Int) -> String {
        let about: String
        let examples: [String]
        switch command {
        case .check:
            about = """
                Runs every check in one scan of the table: the violations (succeeded jobs since the
                cutoff without a trace, newest first), succeeded jobs whose created_at is NULL or
                unreadable (undated), legacy jobs without a trace (tolerated), the has/missing
                distribution since the cutoff, and compliance per UTC day. The default command.
                """
            examples = [
                "traceaudit check --db fixtures/demo.sqlite",
                "traceaudit check --db \"$DATABASE_URL\" --format markdown >> \"$GITHUB_STEP_SUMMARY\"",
                "traceaudit check --db \"$DATABASE_URL\" --format junit --output traceaudit.xml",
            ]
        case .violations:
            about = """
                Diagnoses violations with a scan of the jobs without a trace only: the count, the
                breakdown by job type, the first and last violation, the rows (id, type, created_at,
                updated_at, correlation_id, trace_id) newest first, and what to look at next.
                """
            examples = [
                "traceaudit violations --db fixtures/demo.sqlite",
                "traceaudit violations --db \"$DATABASE_URL\" --since 24h --limit 20",
                "traceaudit violations --db \"$DATABASE_URL\" --all --format csv --output violations.csv",
            ]
        case .legacy:
            about = "Counts succeeded jobs created before the cutoff without a trace. They are tolerated."
            examples = ["traceaudit legacy --db fixtures/demo.sqlite"]
        case .distribution:
            about = "Counts succeeded jobs created since the cutoff, with a trace and without one."
            examples = ["traceaudit distribution --db fixtures/demo.sqlite --since 7d"]
        case .logs:
            about = """
                Reads orchestrator logs (files, .gz files, or - for standard input), streaming, and
                finds every `POLICY_VIOLATION: Job succeeded without trace_id` entry: JSON lines
                (message under msg, message or event_message; fields at the top level, under
                metadata or context, or in JSON inside the message), text lines with the message
                followed by JSON or key=value pairs, and JSON array exports. Reports the count, by
                job type and UTC day, the latest entries (--limit) and the records it could not
                read. With --db, cross-checks: what became of each logged job (still a violation,
                now traced, no longer succeeded, not found) and, over the span the logs cover
                (or --since/--until), every violation in the table that no entry mentions: not
                found in the logs (a path skipped the runtime check, or the platform dropped the
                line), or not covered by them (no input has records from then: each input covers
                its own first to last record). Exit 1 when any entry or violation is found.
                """
            examples = [
                "traceaudit logs orchestrator.log orchestrator.log.1.gz",
                "kubectl logs deploy/orchestrator --since=24h | traceaudit logs -",
                "traceaudit logs export.json --db \"$DATABASE_URL\" --since 2026-11-28 --until 2026-11-29",
            ]
        case .readiness:
            about = """
                The activation criterion for strict mode, as of now: today so far and the last N
                complete UTC days (--days, default 7) have no violation, and no succeeded job
                without a trace has an unreadable created_at. Jobs are dated by when they
                succeeded (updated_at, else created_at). With --logs, those days also have no
                POLICY_VIOLATION entry. A complete day without succeeded jobs is not clean (no
                evidence is not proof) unless --allow-empty-days; the streak starts at the first
                day with jobs. Job types seen in the last 30 days without a traced success in the
                window are listed as unverified paths (NOT READY with --require-all-types).
                Prints the clean streak and since when, the days that broke it, and READY or
                NOT READY (exit 0 or 1).
                """
            examples = [
                "traceaudit readiness --db \"$DATABASE_URL\"",
                "traceaudit readiness --db \"$DATABASE_URL\" --days 14 --require-all-types --logs orchestrator.log",
            ]
        case .doctor:
            about = """
                Reads the table's size, the row estimate and its indexes, says which index would make
                which check cheap (the exact CREATE INDEX, CONCURRENTLY on PostgreSQL, with the
                tool's own predicate), and whether the engine's current plans for the audit, for a
                one-day window and for the violations check use them (EXPLAIN without ANALYZE;
                EXPLAIN QUERY PLAN on SQLite). It creates nothing and runs no scan.
                """
            examples = ["traceaudit doctor --db \"$DATABASE_URL\"", "traceaudit doctor --db fixtures/demo.sqlite --format json"]
        case .daily:
            about = """
                Shows, per UTC day since the cutoff, succeeded jobs, with and without a trace, and the
                compliance percent, for the last N days (--days, default 30; today included; days
                without jobs are listed with no percent: no evidence is not compliance).
                """
            examples = [
                "traceaudit daily --db fixtures/demo.sqlite --days 7",
                "traceaudit daily --db \"$DATABASE_URL\" --days 90 --format csv",
            ]
        }
        return """
            \(paragraph("traceaudit \(command.rawValue): \(command.summary).", width: width))

            Usage: traceaudit \(command.rawValue) \(command == .logs ? "FILE…|- [--db TARGET]" : "--db TARGET") [OPTIONS]

            \(paragraph(about, width: width))

            \(paragraph(command.isTableCheck ? "The exit status is the policy's verdict for the window whatever the command shows: 0 pass, 1 violations or undated jobs without a trace, 2 usage error, 3 could not check." : "Exit status: 0 pass, 1 fail, 2 usage error, 3 could not check.", width: width))

            \(optionsText(Option.allCases.filter { $0.isTaken(by: command, underSQL: false) }, for: command, annotated: targetsOf, width: width))

            \(self.examples(examples, width: width))
            """
    }

    static func sql(width: Int) -> String { """
        \(paragraph("traceaudit sql: print the SQL a command would run on that database, with its parameters.", width: width))

        Usage: traceaudit sql [COMMAND] --db TARGET [OPTIONS]

        \(paragraph("""
            Nothing is executed and nothing is connected to: the TARGET only chooses the dialect
            (SQLite or PostgreSQL). Every statement comes from Queries/ and is read-only.
            With --policy, the policy's own checks instead, as its readers expect them: Test 1 to
            3, the daily compliance and the undated jobs, each counting what the audit counts.
            """, width: width))

        \(examples([
            "traceaudit sql --db fixtures/demo.sqlite",
            "traceaudit sql violations --db postgresql:// --since 24h",
            "traceaudit sql --policy --db \"$DATABASE_URL\" | psql \"$DATABASE_URL\"",
        ], width: width))

        \(optionsText(Option.allCases.filter { !$0.declaration.sql.isEmpty }, annotated: sqlCommandsTaking, width: width))
        """
    }

    static func completion(width: Int) -> String {
        """
        \(paragraph("traceaudit completion: prints the shell completion script for bash, zsh or fish.", width: width))

        Usage: traceaudit completion bash|zsh|fish

        \(paragraph("""
            The script completes the commands, each command's own options, the formats each command
            writes, file names after --db, --output, --logs and --baseline, FORMAT= then a file name
            after --report, and the log files of logs. It is made from the option table the command
            line is read with, so it offers what the parser accepts.
            scripts/install and the Debian package install it where each shell looks.
            """, width: width))

        \(examples([
            "source <(traceaudit completion bash)",
            "traceaudit completion zsh > \"${fpath[1]}/_traceaudit\"",
            "traceaudit completion fish > ~/.config/fish/completions/traceaudit.fish",
        ], width: width))
        """
    }

    /// The options section: each option with its value, its help line (`command`'s own, if it has
    /// one) and `annotated`'s note.
    static func optionsText(_ options: [Option], for command: AuditCommand? = nil, annotated: (Option) -> String?, width: Int) -> String {
        "Options:\n" + definitions(options.map { option in
            let left = option.rawValue + (option.valueName.map { " " + $0 } ?? "")
            var help = option.declaration.help
            if let command {
                if option == .format {
                    help = command.formats.map(\.rawValue).joined(separator: ", ") + " (default table)"
                } else if let own = option.declaration.helpFor[command] {
                    help = own
                }
            }
            help += annotated(option).map { " [\($0)]" } ?? ""
            return (left, help)
        }, width: width)
    }

    /// `--help`'s note: the commands that take the option, and the databases it applies to.
    static func commandsTaking(_ option: Option) -> String? {
        let declaration = option.declaration
        let commands = declaration.commands != .everyCommand
            ? option.commandNames.joined(separator: ", ") : declaration.sql.isEmpty ? "every command but sql" : "every command"
        return [commands, targetsOf(option)].compactMap { $0 }.joined(separator: "; ")
    }

    /// `help sql`'s note: the commands whose statements the option changes, when not all.
    static func sqlCommandsTaking(_ option: Option) -> String? {
        let commands = option.declaration.sql
        let note = commands == .printable
            ? nil : "sql " + AuditCommand.allCases.filter(commands.contains).map(\.rawValue).joined(separator: ", ")
        let notes = [note, targetsOf(option)].compactMap { $0 }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// The databases the option applies to, when not every kind.
    static func targetsOf(_ option: Option) -> String? {
        let targets = option.declaration.targets
        guard targets != Set(TargetKind.allCases) else { return nil }
        return TargetKind.allCases.filter(targets.contains).map { kind in
            switch kind {
            case .none: "without a database"
            case .sqlite: "SQLite"
            case .postgresql: "PostgreSQL"
            }
        }.joined(separator: " and ") + " only" + (option == .timeout ? ", or with --post" : "")
    }
}

extension String {
    /// The string followed by spaces up to `width` characters (at least one).
    func padded(_ width: Int) -> String {
        self + String(repeating: " ", count: max(1, width - count))
    }
}
