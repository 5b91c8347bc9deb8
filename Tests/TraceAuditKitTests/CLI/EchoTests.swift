import Testing
@testable import TraceAuditKit

/// Words from the command line quoted in messages: escaped like the table format, without any
/// password, and a database target given where a command or argument goes gets `did you mean --db`.
@Suite("Quoting the command line in messages")
struct EchoTests {
    static let escape = "2026\u{1B}[2J\u{1B}]0;pwned\u{07}\u{9B}\u{202E}x"

    /// No control character, escape sequence or bidi override reaches standard error, whichever
    /// word carries it.
    @Test(arguments: [
        [escape],
        ["check", escape],
        ["--" + escape],
        ["--" + escape + "=v"],
        ["--db", "x.sqlite", "--since", escape],
        ["--db", "x.sqlite", "--until", escape],
        ["--db", "x.sqlite", "--cutoff", escape],
        ["--db", "x.sqlite", "--table", escape],
        ["--db", "x.sqlite", "--format", escape],
        ["--db", "x.sqlite", "--limit", escape],
        ["daily", "--db", "x.sqlite", "--days", escape],
        ["--db", "postgresql://h/db", "--timeout", escape],
        ["--db", "x.sqlite", "--format", "-" + escape],
        ["help", escape],
        ["--timeout", "5", "--db", "/tmp/" + escape + ".sqlite"],
        ["--db", "/nonexistent/" + escape + ".sqlite"],
        ["--since", "x=\u{1B}[2J", "--db", "x.sqlite"],
    ])
    func controlsAreEscaped(arguments: [String]) {
        let result = run(arguments)
        #expect(result.code == .usageError || result.code == .cannotCheck)
        let line = result.errors.split(separator: "\n").first.map(String.init) ?? ""
        #expect(line.hasPrefix("traceaudit: error: "))
        #expect(!result.errors.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x202E
        }, "\(result.errors)")
        #expect(line.contains("\\x1B"), "\(line)")
    }

    static let targets = [
        "postgresql://auditor:hunter2secret@db.internal:5432/orchestrator",
        "postgres://auditor:hunter2secret@db.internal/orchestrator?sslmode=require",
        "host=db.internal dbname=orchestrator user=auditor password=hunter2secret",
        "host=db.internal password='hunter2secret with spaces' user=auditor",
        "postgresql://auditor@db.internal/orchestrator?password=hunter2secret",
        "password=hunter2secret not a keyword string",
    ]

    /// A password typed anywhere on the command line appears in no message.
    @Test(arguments: targets)
    func noPasswordInAnyMessage(target: String) {
        let lines: [[String]] = [
            [target],
            ["check", target],
            ["help", target],
            ["--db", "x.sqlite", "--since", target],
            ["--db", "x.sqlite", "--until", target],
            ["--db", "x.sqlite", "--cutoff", target],
            ["--db", "x.sqlite", "--table", target],
            ["--db", "x.sqlite", "--format", target],
            ["--db", "x.sqlite", "--limit", target],
            ["daily", "--db", "x.sqlite", "--days", target],
            ["--db", "postgresql://h/db", "--timeout", target],
            ["--" + target],
            ["--dbx=" + target],
            ["--db", target, "--format"],
            ["--db", target, "--timeout", "0"],
            ["readiness", "--db", target, "--since", "2d"],
            ["logs", target],
        ]
        for arguments in lines {
            let result = run(arguments)
            #expect(result.code == .usageError || result.code == .cannotCheck, "\(arguments)")
            #expect(!result.errors.contains("hunter2"), "\(arguments): \(result.errors)")
            #expect(!result.output.contains("hunter2"), "\(arguments)")
        }
    }

    /// A database target where a command or an argument goes: the message says where it belongs.
    @Test(arguments: [
        (["check", "postgresql://u:secret@h/db"], "unexpected argument 'postgresql://u@h/db'; did you mean --db 'postgresql://u@h/db'?"),
        (["postgresql://u:secret@h/db"], "unknown command 'postgresql://u@h/db'; did you mean --db 'postgresql://u@h/db'?"),
        (["snapshot.sqlite"], "unknown command 'snapshot.sqlite'; did you mean --db 'snapshot.sqlite'?"),
        (["violations", "sqlite:/var/snap"], "unexpected argument 'sqlite:/var/snap'; did you mean --db 'sqlite:/var/snap'?"),
        (["check", "host=h password=secret"], "unexpected argument 'postgresql://h'; did you mean --db 'postgresql://h'?"),
        (["check", "password=secret oops"], "unexpected argument (a PostgreSQL connection string, not shown); did you mean --db?"),
        (["chek", "--db", "x.sqlite"], "unknown command 'chek'; did you mean 'check'?"),
        (["logs", "app.log", "postgresql://u:secret@h/db"], "logs reads log files, and 'postgresql://u@h/db' is a database; did you mean --db 'postgresql://u@h/db'?"),
    ])
    func databaseTargetHint(arguments: [String], message: String) {
        let result = run(arguments)
        #expect(result.code == .usageError)
        #expect(result.errors.hasPrefix("traceaudit: error: \(message)\n"), "\(result.errors)")
    }

    /// An option whose value is missing because the next word is an option says so, in one line.
    @Test(arguments: [
        (["--format", "--db", "x"], "option '--format' needs a value (FORMAT); '--db' is an option"),
        (["--db", "x.sqlite", "--since", "-h"], "option '--since' needs a value (WHEN); '-h' is an option"),
        (["readiness", "--db", "x.sqlite", "--logs", "--days", "3"], "option '--logs' needs a value (FILE); '--days' is an option"),
        (["--db", "x.sqlite", "--limit", "-1"], "--limit '-1' is not a whole number"),
        (["--db", "x.sqlite", "--format"], "option '--format' needs a value (FORMAT)"),
    ])
    func missingValue(arguments: [String], message: String) {
        let result = run(arguments)
        #expect(result.code == .usageError)
        let lines = result.errors.split(separator: "\n")
        #expect(lines.first.map { $0.hasPrefix("traceaudit: error: \(message)") } == true, "\(result.errors)")
        #expect(lines.count == 3)
    }

    @Test func quoting() {
        #expect(Echo.quoted("a\\b") == "'a\\\\b'")
        #expect(Echo.quoted(String(repeating: "x", count: 500)).count < 210)
        #expect(Echo.terminalLine("path \\ with \u{1B}[31m") == "path \\ with \\x1B[31m")
    }
}
