import Foundation
import Testing
@testable import TraceAuditKit

/// Numbers and layout for people: separators and plurals in the human formats only, times to the
/// second, and a table report that fits the terminal.
@Suite("Numbers and layout for people")
struct HumanLayoutTests {
    typealias Job = SnapshotFile.Job

    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567"), (-45678, "-45,678")])
    func thousands(value: Int, text: String) {
        #expect(Counting.number(value) == text)
    }

    @Test func spansAndSeconds() {
        #expect(Freshness.humanSpan(0) == "0s")
        #expect(Freshness.humanSpan(45_600_000) == "45s")
        #expect(Freshness.humanSpan(((2 * 86_400) + 3 * 3600 + 4 * 60 + 5) * 1_000_000 + 999_999) == "2d 3h 4m 5s")
        #expect(Freshness.humanSpan(-90 * 1_000_000) == "-1m 30s")
        #expect(Freshness.humanSpan(2 * 86_400 * 1_000_000) == "2d")
        #expect(Freshness.humanSpan(3605 * 1_000_000) == "1h 5s")
        #expect(Freshness.secondsText(90_061_500_000) == "90061.5")
        #expect(Freshness.secondsText(1) == "0.000001")
        #expect(Freshness.secondsText(-3_000_000) == "-3")
        #expect(Counting.time(Instant(parsing: "2026-11-28T14:03:07.654321Z")!) == "2026-11-28T14:03:07Z")
    }

    /// Prose breaks at spaces only; a word longer than the line is left whole.
    @Test func wrapsAtWordBoundaries() {
        let text = "Next: find each job's logs by correlation_id and check that its type's code path sets trace_id"
        let wrapped = TerminalText.wrapped(text, width: 30, indent: "  ", hanging: "  ")
        let lines = wrapped.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.unicodeScalars.count <= 30 })
        #expect(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") == text)
        #expect(TerminalText.wrapped("a " + String(repeating: "x", count: 40), width: 10) == "a\n" + String(repeating: "x", count: 40) + "\n")
        #expect(TerminalText.clipped("abcdef", to: 4) == "abc…")
        #expect(TerminalText.clippedKeepingEnd("orchestrator.log:12", to: 8) == "….log:12")
        // Regression: a type as long as the line after its hanging indent overflowed; it now
        // starts further left, whole.
        let type = String(repeating: "t", count: 76)
        #expect(TerminalText.wrapped("failing: " + type, width: 80, indent: "      ", hanging: "        ") == "      failing:\n    " + type + "\n")
    }

    /// Regression: the cross-check's examples cut the last id that did not fit; they now list the
    /// ids that fit whole and count the rest.
    @Test func examplesListWholeIds() {
        let ids = (0..<5).map { String(format: "00000001-8ee9-0ff6-c373-e0ee4e3f0a%02d", $0) }
        #expect(LogReport.examples(ids, count: 9, width: 50) == ids[0] + ", +8 more")
        #expect(LogReport.examples(ids, count: 9, width: 90) == ids[0] + ", " + ids[1] + ", +7 more")
        #expect(LogReport.examples(Array(ids.prefix(2)), count: 2, width: 74) == ids[0] + ", " + ids[1])
        #expect(LogReport.examples(["job_" + String(repeating: "9", count: 60)], count: 1, width: 40) == "+1 more")
        #expect(LogReport.examples([], count: 0, width: 40) == "")
    }

    /// Regression: at 80 columns every violation row wrapped and the hint broke mid-word. Each
    /// line now fits COLUMNS, long values end in an ellipsis, and the prose keeps its words.
    @Test(arguments: [80, 120])
    func tableFitsTheWidth(columns: Int) throws {
        let long = "webhook_delivery_with_a_really_long_type_name_that_goes_on_and_on"
        let file = try SnapshotFile(jobs: (1...30).map { index in
            Job(
                id: .integer(Int64(index)), createdAt: .text("2026-03-02 10:\(10 + index):00.123456+00"), type: .text(long),
                updatedAt: "2026-03-02 11:00:00.5+00", traceId: index % 3 == 0 ? nil : "t",
                correlationId: .text("req-" + String(repeating: "abcdef", count: 10)))
        })
        for command in ["check", "violations"] {
            let result = run([command, "--db", file.path], environment: ["COLUMNS": String(columns)])
            #expect(result.code == .violations)
            let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines {
                #expect(line.unicodeScalars.count <= columns, "\(command) at \(columns): \(line)")
            }
            #expect(result.output.contains("…"))
            #expect(!result.output.contains(".123456"), "times to the second in the table")
            #expect(result.output.contains("2026-03-02T10:40:00Z"))
            if command == "violations" {
                let hint = lines.drop { !$0.contains("Next:") }.prefix { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(hint.joined(separator: " ").contains("check that its type's code path sets trace_id before marking the job succeeded"))
            }
        }
    }

    /// Jobs whose ids are UUIDs, with long types and correlation ids, and one id wider than any
    /// terminal: what the pane tests list.
    static func longValues() throws -> (file: SnapshotFile, ids: [String]) {
        var ids = (0..<12).map { index in String(format: "2bb115a7-fdd3-4c1e-9f6a-%012d", index) }
        ids.append("job-" + String(repeating: "0123456789", count: 13))
        let jobs = ids.enumerated().map { index, id in
            Job(
                id: .text(id), createdAt: .text("2026-03-0\(1 + index % 5) 10:\(10 + index):00+00"),
                type: .text("webhook_delivery_with_a_long_type_name_\(index % 3)"), updatedAt: "2026-03-06 11:00:00+00",
                traceId: nil, correlationId: .text("req-" + String(repeating: "abcdef", count: 6) + String(index)))
        } + [Job(id: "traced-1", createdAt: "2026-03-02 08:00:00+00", traceId: "t")]
        let schema = SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id TEXT PRIMARY KEY")
        return (try SnapshotFile(schema: schema, jobs: jobs), ids)
    }

    /// A table with a long name whose violations the logs report under UUIDs, a 64-character id and
    /// a long type, one unlogged violation with a 70-character id, a logged id the table lacks, and
    /// jobs of the long type every recent day (for readiness): what the logs and readiness panes
    /// show.
    static func longLogValues() throws -> (file: SnapshotFile, log: String, table: String, ids: [String], type: String) {
        let table = "main.executor_jobs_partitioned_by_month_for_production_eu_west_1_rep"
        let type = "webhook_delivery_with_an_exceptionally_long_type_name_for_the_readiness_test"
        let uuids = (0..<6).map { String(format: "00000001-8ee9-0ff6-c373-e0ee4e3f0a%02d", $0) }
        let logged64 = "job_" + String(repeating: "6", count: 60)
        let unlogged70 = "job_unlogged_" + String(repeating: "7", count: 57)
        let notInTable = "job_" + String(repeating: "9", count: 40)
        let start = Date().addingTimeInterval(-2 * 86_400)
        let stamp = { (seconds: Double, sql: Bool) -> String in
            let formatter = ISO8601DateFormatter()
            let text = formatter.string(from: start.addingTimeInterval(seconds))
            return sql ? text.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "+00") : text
        }
        var jobs = (uuids + [logged64, unlogged70]).enumerated().map { index, id in
            Job(id: .text(id), createdAt: .text(stamp(Double(index * 60 - 30), true)), type: .text(index % 2 == 0 ? type : "webhook_delivery"),
                updatedAt: .text(stamp(Double(index * 60), true)), traceId: nil, correlationId: .text("req-\(index)"))
        }
        jobs += (0..<9).map { day in
            let time = Date().addingTimeInterval(-Double(day) * 86_400)
            let text = ISO8601DateFormatter().string(from: time).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "+00")
            return Job(id: .text("traced-\(day)"), createdAt: .text(text), type: .text(type), updatedAt: .text(text))
        }
        let file = try SnapshotFile(schema: "")
        try file.write { db in
            let name = String(table.dropFirst("main.".count))
            try SnapshotFile.exec(db, SnapshotFile.schema.replacingOccurrences(of: "executor_jobs", with: name).replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id TEXT PRIMARY KEY"))
            try SnapshotFile.insert(jobs, into: db, table: name)
        }
        let lines = (uuids + [logged64, notInTable]).enumerated().map { index, id in
            #"{"level":"warn","time":"\#(stamp(Double(index * 60 + 7 * 60 * (index / 7)), false))","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"\#(id)","type":"\#(index % 2 == 0 ? type : "webhook_delivery")"}"#
        }
        let log = file.folder.appendingPathComponent("app.log")
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        return (file, log.path, table, uuids + [logged64, unlogged70, notInTable], type)
    }

    /// Every command's output for people, in a real terminal 80 and 120 columns wide: no line is
    /// wider than the pane (the terminal wrapped none), except a line holding only an id wider than
    /// the pane, and every id listed is there whole.
    @Test(.enabled(if: ExternalTool.installed("tmux")), arguments: [80, 120])
    func everyCommandFitsARealTerminal(columns: Int) throws {
        let (file, ids) = try Self.longValues()
        let binary = executableURL.path
        var commands: [[String]] = [["--help"], ["sql", "--db", file.path], ["sql", "violations", "--db", "postgresql://"], ["sql", "--policy", "--db", file.path], ["sql", "--policy"]]
        for command in AuditCommand.allCases { commands.append(["help", command.rawValue]) }
        commands += [["help", "sql"], ["help", "completion"]]
        for command in ["check", "violations", "daily", "doctor", "legacy", "distribution"] {
            commands.append([command, "--db", file.path])
        }
        commands.append(["violations", "--db", file.path, "--since", "2026-03-03"])
        // The table's violations are not in this log: the cross-check lists them with the
        // platform's reasons a line can go missing.
        let log = Repository.path("fixtures/orchestrator.log").path
        commands += [["logs", log, "--db", file.path], ["readiness", "--db", file.path, "--logs", log]]
        // Regression: at 80 columns the cross-check cut ids and the table's name, long ids made the
        // entries and unlogged tables wrap, the place lost its `:line`, and readiness wrote an
        // 84-column line for a long type.
        let long = try Self.longLogValues()
        commands += [["logs", long.log, "--db", long.file.path, "--table", long.table], ["logs", log],
                     ["readiness", "--db", long.file.path, "--table", long.table, "--require-all-types"]]
        let wholeIds = ids + long.ids
        for arguments in commands {
            let pane = try #require(try TerminalPane.run([binary] + arguments, columns: columns, environment: ["NO_COLOR": "1"]))
            #expect(!pane.lines.isEmpty, "\(arguments): no output")
            for line in pane.lines where line.unicodeScalars.count > columns {
                let alone = line.trimmingCharacters(in: .whitespaces)
                #expect(wholeIds.contains(alone) && alone.unicodeScalars.count > columns - 2, "\(arguments) at \(columns): \(line.unicodeScalars.count) wide: \(line)")
            }
            if arguments[0] == "check" || arguments[0] == "violations" {
                for id in ids where !arguments.contains("--since") {
                    #expect(pane.text.contains(id), "\(arguments) at \(columns): \(id) not shown whole")
                }
                #expect(!pane.text.contains("2bb115a7-fdd3…"))
            }
            if arguments.contains(long.log) {
                for id in long.ids { #expect(pane.text.contains(id), "\(arguments) at \(columns): \(id) not shown whole") }
                // Wherever an id starts, a whole id follows: none is cut.
                var rest = Substring(pane.text)
                while let start = [rest.range(of: "00000001-8ee9")?.lowerBound, rest.range(of: "job_")?.lowerBound].compactMap({ $0 }).min() {
                    let tail = rest[start...]
                    #expect(long.ids.contains { tail.hasPrefix($0) }, "\(arguments) at \(columns): a cut id: \(tail.prefix(60))")
                    rest = tail.dropFirst()
                }
                #expect(pane.text.contains(long.table), "\(arguments) at \(columns): the table's name is cut")
            }
            if arguments == ["logs", log] {
                for place in ["orchestrator.log:2", "orchestrator.log:4", "orchestrator.log:6", "orchestrator.log:7"] {
                    #expect(pane.text.contains(place), "\(arguments) at \(columns): \(place) not shown")
                }
            }
            if arguments[0] == "readiness" && arguments.contains(long.table) {
                #expect(pane.text.contains(long.type), "\(arguments) at \(columns): the type is cut")
            }
        }
    }

    /// COLUMNS wins; else the terminal's width; else 80.
    @Test func widthComesFromColumnsThenTheTerminal() {
        #expect(ReportRun.width(environment: ["COLUMNS": "132"], terminalColumns: 100) == 132)
        #expect(ReportRun.width(environment: ["COLUMNS": "wide"], terminalColumns: 100) == 100)
        #expect(ReportRun.width(environment: [:], terminalColumns: nil) == 80)
        #expect(ReportRun.width(environment: ["COLUMNS": "10"], terminalColumns: nil) == ReportContext.narrowest)
    }

    /// Separators and plurals in table and markdown; plain digits in JSON, CSV and Prometheus.
    @Test func separatorsOnlyForPeople() throws {
        let jobs = (1...1234).map { index in
            Job(id: .integer(Int64(index)), createdAt: .integer(1_772_409_600 + Int64(index)), traceId: index == 7 ? nil : "t")
        }
        let file = try SnapshotFile(jobs: jobs)
        let table = run(["--db", file.path], environment: ["COLUMNS": "120"]).output
        #expect(table.contains("1 violation ·"), "\(table)")
        #expect(table.contains("of 1,234 succeeded jobs"))
        #expect(table.contains("1,233"))
        #expect(table.contains("1 succeeded job created since the cutoff"))
        let markdown = run(["--db", file.path, "--format", "markdown"]).output
        #expect(markdown.contains("1,233 with trace"))
        let json = try run(["--db", file.path, "--format", "json"]).json
        #expect(json.int("distribution.has_trace") == 1233)
        let csv = run(["daily", "--db", file.path, "--format", "csv", "--until", "2026-03-03"]).output
        #expect(csv.contains(",1234,1233,1,"), "\(csv)")
        let metrics = try PrometheusSamples(run(["--db", file.path, "--format", "prometheus"]).output)
        #expect(metrics["traceaudit_succeeded_jobs{trace=\"present\"}"] == 1233)
    }

    /// One undated job is "it", two are "them".
    @Test func undatedSingularAndPlural() throws {
        let one = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-03-01 00:00:00", traceId: nil), Job(id: 2, createdAt: nil, traceId: nil)])
        let single = run(["violations", "--db", one.path], environment: ["COLUMNS": "200"]).output
        #expect(single.contains("1 succeeded job without a trace has a NULL or unreadable created_at and fails the audit (fix created_at to classify it)"), "\(single)")
        let two = try SnapshotFile(jobs: [Job(id: 1, createdAt: nil, traceId: nil), Job(id: 2, createdAt: nil, traceId: nil)])
        let plural = run(["violations", "--db", two.path], environment: ["COLUMNS": "200"]).output
        #expect(plural.contains("2 succeeded jobs without a trace have a NULL or unreadable created_at and fail the audit (fix created_at to classify them)"), "\(plural)")
        #expect(plural.contains("ids without a trace (highest first): 2, 1"))
    }

    /// `traceaudit_violations_by_type`: the ten largest types and `other`, unique labels (NULL
    /// and empty types share one; a type named other counts in other), checked by promtool and
    /// Python's parser.
    @Test(.enabled(if: ExternalTool.installed("python3") && ExternalTool.installed("promtool") && PythonCheck.installed(module: "prometheus_client"))) func violationsByTypeHasBoundedCardinality() throws {
        var jobs: [Job] = []
        var id: Int64 = 0
        func add(_ type: SnapshotFile.Value, _ count: Int) {
            for _ in 0..<count {
                id += 1
                jobs.append(Job(id: .integer(id), createdAt: .integer(1_772_409_600 + id), type: type, traceId: nil))
            }
        }
        for index in 0..<12 { add(.text("type_\(index)"), 20 - index) }
        add("other", 1)
        add(nil, 2)
        add("", 1)
        add(.text("quote\"back\\slash\nnewline"), 3)
        let file = try SnapshotFile(jobs: jobs)
        let result = run(["--db", file.path, "--format", "prometheus"])
        #expect(result.code == .violations)
        let samples = try PrometheusSamples(result.output)
        let total = try #require(samples["traceaudit_violations"])
        let series = result.output.split(separator: "\n").filter { $0.hasPrefix("traceaudit_violations_by_type{") }
        #expect(series.count == 11)
        #expect(samples["traceaudit_violations_by_type{type=\"type_0\"}"] == 20)
        // Beyond the ten largest (type_0 to type_9): type_10 (10), type_11 (9), the quoted one (3),
        // the NULL and empty ones (2 + 1) and the type named other (1).
        #expect(samples["traceaudit_violations_by_type{type=\"other\"}"] == Double(10 + 9 + 3 + 3 + 1))
        let sum = series.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
        #expect(sum == total)
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
                seen = set()
                for family in text_string_to_metric_families(sys.stdin.read()):
                    if family.name == 'traceaudit_violations_by_type':
                        for sample in family.samples:
                            key = tuple(sorted(sample.labels.items()))
                            assert key not in seen, key
                            seen.add(key)
                print(len(seen))
                """
            let parsed = try ExternalTool.run(python, ["-c", script], input: result.output)
            #expect(parsed.status == 0, "\(parsed.errors)")
            #expect(parsed.output == "11\n")
        }
    }
}
