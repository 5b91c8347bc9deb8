import Foundation
import Testing
@testable import TraceAuditKit

/// Issue 24 item 5: the daily mail (`check --day yesterday`, `--since 24h`) carries the last 7 UTC
/// days in both parts, each day whole (the window's scan counts its days, one more windowed scan
/// the days before it), partial days marked and the mark explained; on both engines alike.
@Suite("The daily mail's 7-day trend", .serialized, .timeLimit(.minutes(3)))
struct TrendTests {
    /// (id, days before today, time of day, trace, status); a nil day is an undated job.
    static let rows: [(id: Int64, daysAgo: Int64?, time: String, trace: String?, status: String)] = [
        (1, 8, "12:00:00", nil, "succeeded"),  // before the trend
        (2, 7, "00:00:00", nil, "succeeded"),
        (3, 7, "13:00:00", "t", "succeeded"),
        (4, 5, "01:00:00", "t", "succeeded"), (5, 5, "02:00:00", "t", "succeeded"), (6, 5, "03:00:00", "t", "succeeded"),
        (7, 5, "04:00:00", "t", "succeeded"),
        (8, 3, "23:59:59.999999", "", "succeeded"),
        (9, 1, "00:15:00", "t", "succeeded"), (10, 1, "12:00:00", nil, "succeeded"), (11, 1, "23:59:00", "t", "succeeded"),
        (14, 1, "10:00:00", nil, "failed"),
        (12, 0, "00:00:01", nil, "succeeded"),
        (13, nil, "", nil, "succeeded"),
    ]

    static func createdAt(_ row: (id: Int64, daysAgo: Int64?, time: String, trace: String?, status: String), today: Int64) -> String? {
        row.daysAgo.map { UTCDay(number: today - $0).description + "T" + row.time + "Z" }
    }

    static func snapshot(today: Int64) throws -> SnapshotFile {
        try SnapshotFile(jobs: rows.map { row in
            .init(id: .integer(row.id), createdAt: createdAt(row, today: today).map(SnapshotFile.Value.text) ?? .null,
                  status: .text(row.status), traceId: row.trace.map(SnapshotFile.Value.text) ?? .null)
        })
    }

    static func insert(_ table: String, today: Int64) -> String {
        "INSERT INTO \(table) VALUES " + rows.map { row in
            "(\(row.id), 'a', '\(row.status)', \(TestServer.literal(createdAt(row, today: today))), NULL, \(TestServer.literal(row.trace)), 'c')"
        }.joined(separator: ", ")
    }

    /// Reads the message as a mail client would: the text part, and the HTML part's trend table
    /// (html5lib) as rows of cell texts.
    static let parser = #"""
        import email, email.policy, json, sys
        import html5lib
        message = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
        out = {"rows": None, "notes": []}
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                out["text"] = part.get_content()
            elif part.get_content_type() == "text/html":
                tree = html5lib.parse(part.get_content(), namespaceHTMLElements=False)
                table = tree.find(".//table[@id='trend']")
                if table is not None:
                    rows = table.findall("./tbody/tr") or table.findall("./tr")
                    out["rows"] = [["".join(c.itertext()).strip() for c in tr if c.tag in ("td", "th")][:4] for tr in rows]
                out["notes"] = ["".join(p.itertext()) for p in tree.iter("p")]
        print(json.dumps(out))
        """#

    /// The trend's rows in the text part: day, succeeded, without trace, traced, marks.
    static func textRows(_ text: String) -> [[String]] {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Last 7 days") }) else { return [] }
        return lines[(start + 3)...].prefix { !$0.isEmpty }.map { $0.split(separator: " ").map(String.init) }
    }

    static func mail(_ db: [String], _ window: [String], in folder: URL) throws -> [String: Any] {
        let result = run(db + ["check", "--format", "email", "--mail-to", "a@example.com", "--mail-from", "audit@example.com"] + window)
        #expect(result.code == .violations, "\(result.errors)")
        let file = folder.appendingPathComponent("trend-\(UUID().uuidString).eml")
        try Data(result.output.utf8).write(to: file)
        return try PythonCheck.json(parser, [file.path])
    }

    static func check(_ db: [String], today: Int64, folder: URL, engine: String) throws {
        func day(_ ago: Int64) -> String { UTCDay(number: today - ago).description }
        // The cron's window: yesterday. The trend ends with it; no day is partial.
        let yesterday = try mail(db, ["--day", "yesterday"], in: folder)
        let text = try #require(yesterday["text"] as? String)
        #expect(Self.textRows(text) == [
            [day(1), "3", "1", "66.67%", "<"], [day(2), "0", "0", "no", "jobs"], [day(3), "1", "1", "0.00%", "<"],
            [day(4), "0", "0", "no", "jobs"], [day(5), "4", "0", "100.00%"], [day(6), "0", "0", "no", "jobs"],
            [day(7), "2", "1", "50.00%", "<"],
        ], "\(engine)\n\(text)")
        #expect(text.contains("Only this report's window (on \(day(1))) is in its verdict."))
        // The window's one day is the trend's first row, so it has no table of its own.
        #expect(!text.contains("Daily compliance"))
        #expect(!text.contains("(partial)"))
        #expect(text.split(whereSeparator: \.isNewline).allSatisfy { $0.count <= 72 })
        let html = try #require(yesterday["rows"] as? [[String]], "\(engine): no trend table in the HTML part")
        #expect(html == [
            ["Day", "Succeeded", "Without trace", "Traced"], [day(1), "3", "1", "66.67%"], [day(2), "0", "0", "no jobs"],
            [day(3), "1", "1", "0.00%"], [day(4), "0", "0", "no jobs"], [day(5), "4", "0", "100.00%"], [day(6), "0", "0", "no jobs"],
            [day(7), "2", "1", "50.00%"],
        ], "\(engine)")

        // `--since 24h`: the trend ends today, which is partial and explained; yesterday is whole
        // although the window cuts it (the scan before the window counts the rest).
        let lastDay = try mail(db, ["--since", "24h"], in: folder)
        let rows = Self.textRows(try #require(lastDay["text"] as? String))
        #expect(rows.first == [day(0), "1", "1", "0.00%", "<", "(partial)"], "\(engine) \(rows)")
        #expect(rows.dropFirst().first == [day(1), "3", "1", "66.67%", "<"], "\(engine) \(rows)")
        #expect(rows.count == 7 && rows.last?.first == day(6))
        let lastDayText = lastDay["text"] as? String ?? ""
        // Regression: a window bound with a time was written "… 01:11:37 UTC (UTC)".
        #expect(!lastDayText.contains("UTC (UTC)") && lastDayText.split(whereSeparator: \.isNewline).joined(separator: " ").contains("; window: since "), "\(lastDayText)")
        #expect(!(lastDay["notes"] as? [String] ?? []).contains { $0.contains("UTC (UTC)") })
        let prose = lastDayText.split(whereSeparator: \.isNewline).joined(separator: " ")
        // Regression (issue 24 item 5): the text part put the daily table before the types and the
        // ids. The verdict comes first, then the types, the ids, and the days (the window's, cut
        // by it, then the trend's, whole).
        let order = ["FAIL", "Violations by job type", "Newest violations", "Daily compliance", "Last 7 days"]
            .compactMap { lastDayText.range(of: $0)?.lowerBound }
        #expect(order.count == 5 && order == order.sorted(), "\(lastDayText)")
        #expect(prose.contains("(partial): the day includes the time of the report, or the audit read part of it"))
        let htmlRows = try #require(lastDay["rows"] as? [[String]])
        #expect(htmlRows.dropFirst().first?.first == day(0) + " (partial)")
        #expect((lastDay["notes"] as? [String] ?? []).contains { $0.hasPrefix("(partial): the day includes the time of the report") })
    }

    @Test func onSQLite() throws {
        guard try PythonCheck.hasModule("html5lib", package: "pip install html5lib") else { return }
        let today = Instant.now.day.number
        let file = try Self.snapshot(today: today)
        try Self.check(["--db", file.path], today: today, folder: file.folder, engine: "sqlite")
    }

    @Test(.enabled(if: TestServer.enabled)) func onPostgreSQL() throws {
        guard try PythonCheck.hasModule("html5lib", package: "pip install html5lib") else { return }
        let today = Instant.now.day.number
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-trend-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table), Self.insert(table, today: today)])
            try Self.check(["--db", try TestServer.requireURL(), "--table", table], today: today, folder: folder, engine: "postgresql")
        }
    }

    /// Other formats read no trend: the table report of the same run runs one scan.
    @Test func onlyTheMailReadsTheTrend() throws {
        let today = Instant.now.day.number
        var request = AuditRequest(window: TimeWindow(since: UTCDay(number: today - 1).start, until: UTCDay(number: today).start))
        request.trendDays = AuditRequest.trendDays(for: request.window, now: .now)
        #expect(request.trendDays == today - 7 ... today - 1)
        var plan = AuditPlan(.check, request, rowLimit: 20, dialect: .postgresql, timeoutMilliseconds: 1000)
        #expect(plan.trend == nil)
        #expect(plan.statements.filter { $0.query.path == Query.PostgreSQL.scan.path }.count == 1)
        plan.readsTrend = true
        let trend = try #require(plan.trend)
        // Only the six days before the window, and only since the cutoff.
        #expect(trend.request.window == TimeWindow(since: UTCDay(number: today - 7).start, until: UTCDay(number: today - 1).start))
        #expect(plan.statements.filter { $0.query.path == Query.PostgreSQL.scan.path }.count == 2)
        // A window that covers the trend's days reads nothing more.
        var month = request
        month.window = TimeWindow(since: UTCDay(number: today - 30).start)
        var covered = AuditPlan(.check, month, rowLimit: 20, dialect: .postgresql, timeoutMilliseconds: 1000)
        covered.readsTrend = true
        #expect(covered.trend == nil)
        // Nor does `violations`, whose scan counts no succeeded jobs.
        var violations = AuditPlan(.violations, request, rowLimit: 20, dialect: .postgresql, timeoutMilliseconds: 1000)
        violations.readsTrend = true
        #expect(violations.trend == nil)

        // And `traceaudit sql check --since 24h` lists it, with its window.
        let listing = run(["sql", "check", "--db", "postgresql://localhost/x", "--since", "24h"])
        #expect(listing.output.components(separatedBy: "Queries/postgresql/scan.sql").count - 1 >= 2, "\(listing.output)")
        #expect(listing.output.contains("An e-mail report shows the last 7 UTC days"))
    }
}
