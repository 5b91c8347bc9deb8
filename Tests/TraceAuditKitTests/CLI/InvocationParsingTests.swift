import Testing
@testable import TraceAuditKit

@Suite("Parsing the command line")
struct InvocationParsingTests {
    func options(_ arguments: [String], environment: [String: String] = [:]) throws -> AuditOptions {
        guard case .audit(let options) = try Invocation.parse(arguments, environment: environment) else {
            throw TestFailure("not an audit: \(arguments)")
        }
        return options
    }

    @Test func defaults() throws {
        let parsed = try options(["--db", "snap.sqlite"])
        #expect(parsed.command == .check)
        #expect(parsed.target == .sqlite(path: "snap.sqlite"))
        #expect(parsed.format == .table)
        #expect(parsed.request.policy.cutoff.description == "2026-02-01T00:00:00Z")
        #expect(parsed.request.policy.table.description == "executor_jobs")
        #expect(parsed.request.violationLimit == 50)
    }

    @Test func everyOptionInBothSpellings() throws {
        let spaced = try options([
            "check", "--db", "a.db", "--format", "json", "--cutoff", "2026-03-01", "--table", "s.jobs", "--limit", "7",
        ])
        let joined = try options(["--db=a.db", "--format=json", "--cutoff=2026-03-01", "--table=s.jobs", "--limit=7", "check"])
        #expect(spaced == joined)
        #expect(spaced.format == .json)
        #expect(spaced.request.policy.cutoff.description == "2026-03-01T00:00:00Z")
        #expect(spaced.request.policy.table.quoted == "\"s\".\"jobs\"")
        #expect(spaced.request.violationLimit == 7)
    }

    @Test(arguments: [
        ("postgresql://u@h:5432/db", DatabaseTarget.postgresql(connection: "postgresql://u@h:5432/db")),
        ("postgres://h/db", .postgresql(connection: "postgres://h/db")),
        ("host=h dbname=db", .postgresql(connection: "host=h dbname=db")),
        ("sqlite:snap.sqlite", .sqlite(path: "snap.sqlite")),
        ("/var/snap.sqlite", .sqlite(path: "/var/snap.sqlite")),
    ])
    func targets(text: String, target: DatabaseTarget) throws {
        #expect(try options(["--db", text]).target == target)
    }

    @Test func targetFromEnvironment() throws {
        #expect(try options([], environment: ["TRACEAUDIT_DB": "a.db", "DATABASE_URL": "b.db"]).target == .sqlite(path: "a.db"))
        #expect(try options([], environment: ["DATABASE_URL": "postgresql://h/db"]).target == .postgresql(connection: "postgresql://h/db"))
        #expect(try options(["--db", "c.db"], environment: ["TRACEAUDIT_DB": "a.db"]).target == .sqlite(path: "c.db"))
        #expect(try options([], environment: ["TRACEAUDIT_DB": "", "DATABASE_URL": "b.db"]).target == .sqlite(path: "b.db"))
    }

    @Test func helpAndVersion() throws {
        #expect(try Invocation.parse(["--help"]) == .help(topic: nil))
        #expect(try Invocation.parse(["-h"]) == .help(topic: nil))
        #expect(try Invocation.parse(["help"]) == .help(topic: nil))
        #expect(try Invocation.parse(["help", "check"]) == .help(topic: .check))
        #expect(try Invocation.parse(["check", "--help"]) == .help(topic: .check))
        #expect(try Invocation.parse(["--version"]) == .version)
        #expect(try Invocation.parse(["--db", "x", "--version"]) == .version)
    }

    /// Each mistake is a usage error whose message says what is wrong.
    @Test(arguments: [
        (["--db", "a.db", "--frmat", "json"], "unknown option '--frmat'; did you mean '--format'?"),
        (["--db"], "option '--db' needs a value"),
        (["--db", "a.db", "--format", "xml"], "unknown format 'xml'"),
        (["--db", "a.db", "--format", "jsn"], "did you mean 'json'?"),
        (["--db", "a.db", "--cutoff", "last tuesday"], "--cutoff 'last tuesday' is not an ISO 8601"),
        (["--db", "a.db", "--cutoff", "2026-02-30"], "is not an ISO 8601"),
        (["--db", "a.db", "--limit", "-1"], "--limit '-1' is not a whole number"),
        (["--db", "a.db", "--limit", "ten"], "--limit 'ten' is not a whole number"),
        (["--db", "a.db", "--table", "a;b"], "--table 'a;b' is not a table name"),
        (["chek", "--db", "a.db"], "unknown command 'chek'; did you mean 'check'?"),
        (["check", "check", "--db", "a.db"], "unexpected argument 'check'"),
        (["--db", "a.db", "--help=yes"], "option '--help' takes no value"),
        ([], "no database given"),
        (["--db", ""], "--db is empty"),
        (["help", "nope"], "no help for 'nope'"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect {
            try Invocation.parse(arguments)
        } throws: { error in
            guard case .usage(let text) = error as? TraceAuditError else { return false }
            return text.contains(message)
        }
    }

    @Test func usageErrorsExitTwoWithUsageLine() {
        let result = run(["--db", "a.db", "--frmat", "json"])
        #expect(result.code == .usageError)
        #expect(result.output.isEmpty)
        #expect(result.errors == """
            traceaudit: error: unknown option '--frmat'; did you mean '--format'?
            \(Help.usage)
            See 'traceaudit --help'.

            """)
    }

    @Test func editDistance() {
        #expect(Invocation.editDistance("kitten", "sitting") == 3)
        #expect(Invocation.editDistance("", "abc") == 3)
        #expect(Invocation.suggestion(for: "--zzzzzz", among: ["--db", "--format"]).isEmpty)
    }
}
