import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TraceAuditKit

/// The rules of docs/ARCHITECTURE.md on failures, checked on the sources, and the one renderer.
@Suite("Failures: one value, one renderer")
struct FailureTextTests {
    /// Every Swift file under `Sources/TraceAuditKit/<folder>`, with its text.
    static func sources(under folder: String) throws -> [(path: String, text: String)] {
        try LayerTests.sources(under: folder)
    }

    @Test func onlyTheRendererWritesTheErrorLine() throws {
        let files = try Self.sources(under: "")
        #expect(files.count > 100)
        for (path, text) in files where !path.hasSuffix("/Rendering/FailureText.swift") {
            #expect(!text.contains("\"traceaudit: error"), "\(path) builds the error line itself")
            #expect(!text.contains(#""\nSee 'traceaudit --help'"#), "\(path) builds the usage error itself")
        }
    }

    /// Failures are classified by codes and facts: no engine or CLI file reads a message's text.
    @Test func noEngineOrCLIMatchesMessageText() throws {
        let reading = try Regex(#"[Mm]essage.*\.(contains|hasPrefix|hasSuffix|firstRange|range)\(|[Mm]essage.*lowercased\(\)"#)
        for folder in ["Engines", "CLI"] {
            for (path, text) in try Self.sources(under: folder) {
                for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    #expect(line.firstMatch(of: reading) == nil, "\(path): \(line)")
                }
            }
        }
    }

    @Test func noFailureIsAString() throws {
        for (path, text) in try Self.sources(under: "") {
            #expect(!text.contains("cannotCheck("), "\(path)")
        }
    }

    /// System reports a signal with its own error; it names no type of the layers above.
    @Test func systemThrowsItsOwnInterruption() throws {
        for (path, text) in try Self.sources(under: "System") {
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for name in ["TraceAuditError", "UsageError", "ServerError", "HTTPProblem", "Failure.", ".failed("] {
                    #expect(!line.contains(name), "\(path): \(line)")
                }
            }
        }
        #expect(TraceAuditError(Interrupted(signal: 15)) == .interrupted(signal: 15))
        #expect(TraceAuditError.interrupted(signal: 15).exitCode.rawValue == 143)
    }

    /// The stderr line, the JUnit error and the e-mail say the same line; JUnit adds the facts.
    @Test func everyOutputSaysTheSameLine() throws {
        let failure = Failure(
            .timeout(.audit(milliseconds: 2_500)), target: "postgresql://u@db:5432/app", table: "public.executor_jobs",
            server: ServerError(sqlState: "57014", message: "Abbruch der Anfrage wegen Zeitüberschreitung", hint: "Hinweis"),
            statement: Query.PostgreSQL.scan.path)
        let error = TraceAuditError.failed(failure)
        let line = FailureText.line(error)
        #expect(line.hasPrefix("statement timeout: the audit of public.executor_jobs took longer than --timeout 2.5 s"))
        #expect(FailureText.standardError(error, usage: Help.usage, secrets: []) == "traceaudit: error: \(line)\n")
        let usage = FailureText.standardError(.usage(.unexpectedValue(option: "--x")), usage: Help.usage, secrets: [])
        #expect(usage == "traceaudit: error: option '--x' takes no value\n\(Help.usage)\nSee 'traceaudit --help'.\n")

        let context = ReportContext(
            engine: .postgresql, target: failure.target, command: .check, policy: Policy(), window: .all, startedAt: .now, width: 80)
        let junit = JUnitWriter.document([JUnitWriter.Case(name: "audit", output: "")], error: error, context: context)
        let document = try XMLDocument(xmlString: junit)
        let element = try #require(try document.nodes(forXPath: "//testcase/error").first as? XMLElement)
        #expect(element.attribute(forName: "message")?.stringValue == line)
        let text = try #require(element.stringValue)
        #expect(text.hasPrefix(line))
        for fact in ["kind: timeout.audit", "sqlstate: 57014", "statement: Queries/postgresql/scan.sql", "hint: Hinweis"] {
            #expect(text.contains("\n" + fact), "\(text)")
        }

        let mail = StringSink()
        _ = EmailWriter(sink: mail, context: context, mail: MailSettings()).failed(error)
        #expect(mail.text.contains("X-Traceaudit-Verdict: ERROR"))
        #expect(mail.text.contains("sqlstate: 57014"), "\(mail.text)")
        #expect(AlertSummary(error, context: context).message == line)
    }

    /// Each kind renders one line that says what to do; none is empty or spans lines.
    @Test func everyKindRendersOneLine() {
        let kinds: [Failure.Kind] = [
            .connection(.failed(hint: .rootCertificateMissing)), .connection(.failed(hint: .verifiedTLS(clientCertificate: false))),
            .connection(.failed(hint: .tlsDisabled)), .connection(.failed(hint: .tlsRequired)), .connection(.lost),
            .connection(.serverShutdown), .connection(.statementPooling), .authentication(passwordGiven: true),
            .authentication(passwordGiven: false), .permission(.table), .permission(.column("trace_id", needs: ["id"], quoted: "\"t\"")),
            .permission(.rowSecurity(role: "r")),
            .permission(.viewRowSecurity(tables: ["public.a", "public.b"], roles: ["o", "p"])), .timeout(.audit(milliseconds: 1)), .timeout(.session(value: nil, source: nil)),
            .timeout(.lock(auditMilliseconds: 1)), .timeout(.noAnswer(auditMilliseconds: 1, grace: .seconds(5), connectTimeout: "0")),
            .timeout(.noAnswer(auditMilliseconds: 1, grace: .seconds(5), connectTimeout: nil)), .recoveryConflict, .cancelled, .readOnly,
            .schema(.missingTable), .schema(.missingColumn("x", needs: ["x"])), .schema(.missingColumn(nil, needs: ["x"])),
            .schema(.createdAtType("text")), .schema(.traceType("jsonb", base: nil)), .schema(.collation("c")), .query, .snapshot,
            .logInput, .inputFile, .outputFile, .http(HTTPProblem(.status, status: 500, attempts: 3)),
        ]
        var names = Set<String>()
        for kind in kinds {
            let line = FailureText.line(Failure(kind, target: "T", table: "public.executor_jobs", reason: "why"))
            #expect(!line.isEmpty && !line.contains("\n"), "\(kind)")
            names.insert(FailureText.kindName(kind))
        }
        #expect(names.count == 25)
    }

    /// Behind nested views the line names every role the policy applies to, each with its own
    /// ALTER ROLE (PostgreSQL has no list form for it), and the first table with how many more.
    @Test func viewRowSecurityNamesEveryRole() {
        let line = FailureText.line(Failure(
            .permission(.viewRowSecurity(tables: ["public.a", "public.b"], roles: ["o", "\"P\""])), target: "T", table: "public.v",
            reason: "why"))
        #expect(line.hasPrefix("row-level security on public.a (and 1 more) would hide rows from roles o, \"P\", as whom view public.v reads it"), "\(line)")
        #expect(line.contains("run ALTER ROLE o BYPASSRLS and ALTER ROLE \"P\" BYPASSRLS, or audit the table itself (--table public.a)"), "\(line)")
    }
}
