import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import TraceAuditKit

/// Every machine-read format, parsed by a real parser and checked against a generated data set.
@Suite("Report formats")
struct FormatTests {
    static let hostile = "evil,\"quoted\"|pipe\n::set-output name=x::y\r\u{1B}[31m<b>&amp;</b>`code`*star*_u_ %25 100%"

    /// A data set with hostile text in every text column and known answers.
    static func dataSet() throws -> SnapshotFile {
        try SnapshotFile(
            schema: SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id TEXT PRIMARY KEY"),
            jobs: [
                Job(id: "job-1", createdAt: "2026-02-10 08:00:00+00", type: .text(hostile), updatedAt: "2026-02-10 08:01:00Z", traceId: nil, correlationId: .text(hostile)),
                Job(id: .text("job-2 " + hostile), createdAt: "2026-02-11 08:00:00+00", type: "send_email", traceId: "", correlationId: "req-2"),
                Job(id: "job-3", createdAt: "2026-02-11 09:00:00+00", type: "send_email", traceId: nil, correlationId: nil),
                Job(id: "job-4", createdAt: "2026-02-11 10:00:00+00", type: "send_email"),
                Job(id: "job-5", createdAt: "2026-02-12 10:00:00+00", type: "charge"),
                Job(id: "job-6", createdAt: "2026-01-12 10:00:00+00", type: "charge", traceId: nil),
                Job(id: "job-7", createdAt: "2026-01-13 10:00:00+00", type: "charge"),
                Job(id: "job-8", createdAt: "garbage", type: "charge", traceId: nil),
            ])
    }

    /// Violations newest first: job-3, job-2, job-1.
    static let violationIDs = ["job-3", "job-2 " + hostile, "job-1"]

    @Test(.enabled(if: ExternalTool.installed("python3"))) func csvViolationsRoundTripThroughPythonsCSV() throws {
        let file = try Self.dataSet()
        let result = run(["violations", "--db", file.path, "--format", "csv", "--all"])
        #expect(result.code == .violations)
        #expect(result.output.hasSuffix("\r\n"))
        let python = try ExternalTool.path("python3", package: "python3")
        let script = "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin, strict=True))))"
        let parsed = try ExternalTool.run(python, ["-c", script], input: result.output)
        #expect(parsed.status == 0, "\(parsed.errors)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [[String]])
        #expect(records.first == ["id", "type", "created_at", "updated_at", "correlation_id", "trace_id"])
        #expect(records.dropFirst().map { $0[0] } == Self.violationIDs)
        #expect(records[3][1] == Self.hostile)
        #expect(records[3][4] == Self.hostile)
        #expect(records[3][2] == "2026-02-10T08:00:00Z")
        #expect(records[3][3] == "2026-02-10T08:01:00Z")
    }

    @Test(.enabled(if: ExternalTool.installed("python3"))) func csvDaily() throws {
        let file = try Self.dataSet()
        let result = run(["daily", "--db", file.path, "--format", "csv", "--days", "4", "--until", "2026-02-13"])
        let python = try ExternalTool.path("python3", package: "python3")
        let parsed = try ExternalTool.run(python, ["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin, strict=True))))"], input: result.output)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [[String]])
        #expect(records == [
            ["day", "total_succeeded", "with_trace", "without_trace", "compliance_percent", "partial"],
            ["2026-02-12", "1", "1", "0", "100.00", "false"],
            ["2026-02-11", "3", "1", "2", "33.33", "false"],
            ["2026-02-10", "1", "0", "1", "0.00", "false"],
            ["2026-02-09", "0", "0", "0", "", "false"],
        ])
    }

    @Test func junitIsWellFormedAndConsistent() throws {
        let file = try Self.dataSet()
        let result = run(["--db", file.path, "--format", "junit", "--limit", "2"])
        #expect(result.code == .violations)
        let document = try JUnitDocument(result.output)
        #expect(document.root.name == "testsuites")
        let suite = try #require(document.root.children.first { $0.name == "testsuite" })
        let cases = suite.children.filter { $0.name == "testcase" }
        #expect(cases.map { $0.attributes["name"] } == ["violations", "undated", "freshness", "legacy", "distribution", "daily"])
        let failures = cases.filter { $0.children.contains { $0.name == "failure" } }
        #expect(suite.attributes["tests"] == String(cases.count))
        #expect(suite.attributes["failures"] == String(failures.count))
        #expect(document.root.attributes["failures"] == String(failures.count))
        #expect(failures.map { $0.attributes["name"] } == ["violations", "undated"])
        let failure = try #require(failures.first?.children.first { $0.name == "failure" })
        #expect(failure.attributes["message"]?.hasPrefix("3 succeeded jobs") == true)
        #expect(failure.text.contains("id=job-3"))
        #expect(failure.text.contains("… 1 more"))
        let clean = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00")])
        let passing = run(["--db", clean.path, "--format", "junit"])
        #expect(passing.code == .passed)
        #expect(try JUnitDocument(passing.output).root.attributes["failures"] == "0")
    }

    @Test func junitReportsAFailureToCheckAsAnError() throws {
        let result = run(["--db", "/nonexistent/x.sqlite", "--format", "junit"])
        #expect(result.code == .cannotCheck)
        let document = try JUnitDocument(result.output)
        #expect(document.root.attributes["errors"] == "1")
        #expect(result.errors.hasPrefix("traceaudit: error:"))
    }

    @Test(.enabled(if: ExternalTool.installed("cmark-gfm"))) func markdownRendersAsTables() throws {
        let file = try Self.dataSet()
        let result = run(["--db", file.path, "--format", "markdown"])
        #expect(result.code == .violations)
        #expect(!result.output.contains("\u{1B}"))
        let cmark = try ExternalTool.path("cmark-gfm", package: "cmark-gfm")
        let html = try ExternalTool.run(cmark, ["--extension", "table", "-t", "html"], input: result.output)
        #expect(html.status == 0)
        let document = try JUnitDocument("<root>" + html.output + "</root>")
        let tables = document.root.all("table")
        let headers = tables.map { $0.all("th").map(\.text) }
        #expect(headers.map { $0.first } == ["Check", "type", "id", "id", "day"])
        let violations = try #require(tables.first { $0.all("th").count == 6 })
        let rows = violations.all("tr").dropFirst().map { $0.children.map(\.text) }
        #expect(rows.map { $0[0] } == Self.violationIDs.map { Escape.terminal($0) })
        #expect(rows.allSatisfy { $0.count == 6 })
        #expect(rows[2][1] == Escape.terminal(Self.hostile))
        #expect(document.root.all("b").isEmpty)
        #expect(document.root.all("code").allSatisfy { !$0.text.contains("code") || $0.text == "2026-02-01T00:00:00Z" || $0.text == "trace_id" })
    }

    @Test func githubCommandsParseAndEscape() throws {
        let file = try Self.dataSet()
        let result = run(["--db", file.path, "--format", "github"])
        #expect(result.code == .violations)
        let commands = try result.output.split(separator: "\n").map { try WorkflowCommand(String($0)) }
        #expect(commands.map(\.name) == ["error", "error", "error", "error", "error"])
        #expect(commands[0].message.hasPrefix("FAIL: 3 succeeded jobs"))
        #expect(commands[1].properties["title"] == "traceaudit: undated jobs")
        #expect(commands[2].message.contains("Job job-3 (send_email)"))
        #expect(commands[4].message.contains(Escape.terminal(Self.hostile)))
        #expect(!result.output.contains("\n::set-output"))
    }

    @Test(.enabled(if: ExternalTool.installed("python3") && ExternalTool.installed("promtool") && PythonCheck.installed(module: "prometheus_client"))) func prometheusPassesPromtoolAndPythonsParser() throws {
        let file = try Self.dataSet()
        let result = run(["--db", file.path, "--format", "prometheus"])
        #expect(result.code == .violations)
        let samples = try PrometheusSamples(result.output)
        #expect(samples["traceaudit_up"] == 1)
        #expect(samples["traceaudit_passed"] == 0)
        #expect(samples["traceaudit_violations"] == 3)
        #expect(samples["traceaudit_undated_missing_trace"] == 1)
        #expect(samples["traceaudit_legacy_missing_trace"] == 1)
        #expect(samples["traceaudit_succeeded_jobs{trace=\"present\"}"] == 2)
        #expect(samples["traceaudit_succeeded_jobs{trace=\"missing\"}"] == 3)
        #expect(samples["traceaudit_compliance_ratio"] == 0.4)
        #expect((samples["traceaudit_last_run_timestamp_seconds"] ?? 0) > 1.7e9)
        do {
            let promtool = try ExternalTool.path("promtool", package: "prometheus")
            let checked = try ExternalTool.run(promtool, ["check", "metrics"], input: result.output)
            #expect(checked.status == 0, "\(checked.output) \(checked.errors)")
        }
        do {
            let python = try ExternalTool.path("python3", package: "python3")
            let script = """
                import sys
                from prometheus_client.parser import text_string_to_metric_families
                for family in text_string_to_metric_families(sys.stdin.read()):
                    for sample in family.samples:
                        print(sample.name, sample.labels.get('trace', ''), sample.value)
                """
            let parsed = try ExternalTool.run(python, ["-c", script], input: result.output)
            #expect(parsed.status == 0, "\(parsed.errors)")
            let lines = parsed.output.split(separator: "\n").map(String.init)
            #expect(lines.contains("traceaudit_violations  3"))
            #expect(lines.contains("traceaudit_succeeded_jobs missing 3"))
            #expect(lines.contains("traceaudit_compliance_ratio  0.4"))
        }
    }

    @Test func prometheusSaysDownWhenTheAuditCannotRun() throws {
        let result = run(["--db", "/nonexistent/x.sqlite", "--format", "prometheus"])
        #expect(result.code == .cannotCheck)
        let samples = try PrometheusSamples(result.output)
        #expect(samples["traceaudit_up"] == 0)
        #expect(samples["traceaudit_violations"] == nil)
    }
}

/// A parsed XML document (JUnit, or cmark-gfm's HTML wrapped in a root), through Foundation's XMLParser.
final class JUnitDocument: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
        func all(_ name: String) -> [Element] {
            children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
        }
    }

    private var stack: [Element] = []
    private(set) var root = Element(name: "", attributes: [:])

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else { throw TestFailure("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")\n\(text)") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        let element = Element(name: name, attributes: attributes)
        if let parent = stack.last { parent.children.append(element) } else { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let element = stack.removeLast()
        stack.last?.text += element.text
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

/// One GitHub Actions workflow command, read as the runner reads it: `::name k=v,k=v::message`,
/// with `%25`, `%0D`, `%0A` (and in properties `%3A`, `%2C`) decoded.
struct WorkflowCommand {
    let name: String
    let properties: [String: String]
    let message: String

    init(_ line: String) throws {
        guard line.hasPrefix("::"), let end = line.dropFirst(2).firstRange(of: "::") else { throw TestFailure("not a command: \(line)") }
        let head = line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]
        let parts = head.split(separator: " ", maxSplits: 1)
        name = String(parts[0])
        var properties: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                properties[String(kv[0])] = WorkflowCommand.decode(String(kv.count > 1 ? kv[1] : ""), property: true)
            }
        }
        self.properties = properties
        message = WorkflowCommand.decode(String(line[end.upperBound...]), property: false)
    }

    static func decode(_ text: String, property: Bool) -> String {
        var out = text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
        if property { out = out.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",") }
        return out.replacingOccurrences(of: "%25", with: "%")
    }
}

/// Samples of the Prometheus text format by name and non-table labels; checks HELP and TYPE come first.
struct PrometheusSamples {
    private var values: [String: Double] = [:]

    init(_ text: String) throws {
        var typed: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { typed.insert(String(line.split(separator: " ")[2])) }
            if line.hasPrefix("#") { continue }
            guard let brace = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") else { throw TestFailure("no labels: \(line)") }
            let name = String(line[..<brace])
            guard typed.contains(name) else { throw TestFailure("\(name) has no TYPE before it") }
            let labels = line[line.index(after: brace)..<close].split(separator: ",").filter { !$0.hasPrefix("table=") }
            let key = labels.isEmpty ? name : name + "{" + labels.joined(separator: ",") + "}"
            guard let value = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) else { throw TestFailure("bad value: \(line)") }
            values[key] = value
        }
    }

    subscript(_ key: String) -> Double? { values[key] }
}
