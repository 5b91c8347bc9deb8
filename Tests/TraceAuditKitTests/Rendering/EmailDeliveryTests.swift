import Foundation
import Testing
@testable import TraceAuditKit

/// `--format email` through a real mail chain: traceaudit's message piped to `msmtp -t`, delivered
/// over SMTP to aiosmtpd on a loopback port, then read back by Python's `email` package and checked
/// against the JSON report of the same snapshot, with hostile job types.
@Suite("E-mail delivery", .serialized, .timeLimit(.minutes(5)))
struct EmailDeliveryTests {
    static let hostileTypes = ["webhook\r\nBcc: attacker@example.com", "<b>bold</b><script>alert(1)</script>", "café_résumé_日本"]

    /// A snapshot with a violation of each hostile type and enough clean jobs for a percentage.
    static func hostileSnapshot() throws -> SnapshotFile {
        var jobs: [SnapshotFile.Job] = []
        for (index, type) in hostileTypes.enumerated() {
            jobs.append(.init(id: .integer(Int64(index + 1)), createdAt: .text("2026-03-0\(index + 1)T10:00:00Z"), type: .text(type), traceId: nil))
        }
        for index in 0..<57 {
            jobs.append(.init(id: .integer(Int64(100 + index)), createdAt: .text("2026-03-0\(index % 3 + 1)T11:00:00Z")))
        }
        return try SnapshotFile(jobs: jobs)
    }

    /// Reads one raw message as a mail client would (policy=default) and reports what it found.
    static let parser = #"""
        import email, email.policy, json, sys
        import html5lib
        raw = open(sys.argv[1], "rb").read()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        lines = raw.split(b"\r\n")
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            body = part.get_content()
            entry = {"type": part.get_content_type(), "charset": part.get_content_charset(),
                     "encoding": part["Content-Transfer-Encoding"], "body": body,
                     "defects": [str(d) for d in part.defects]}
            if part.get_content_type() == "text/html":
                tree = html5lib.parse(body, namespaceHTMLElements=False)
                entry["scripts"] = len(tree.findall(".//script"))
                entry["styles_in_head"] = len(tree.findall(".//style")) + len(tree.findall(".//link"))
                entry["svg"] = len(tree.findall(".//svg"))
                entry["ids"] = {e.get("id"): "".join(e.itertext()).strip() for e in tree.iter() if e.get("id")}
                entry["text"] = "".join(tree.itertext())
            parts.append(entry)
        print(json.dumps({
            "header_names": list(message.keys()),
            "from": [a.addr_spec for a in message["From"].addresses],
            "to": [a.addr_spec for a in message["To"].addresses],
            "to_names": [a.display_name for a in message["To"].addresses],
            "subject": str(message["Subject"]),
            "date": message["Date"].datetime.isoformat() if message["Date"].datetime else None,
            "message_id": message["Message-ID"],
            "mime_version": message["MIME-Version"],
            "content_type": message.get_content_type(),
            "defects": [str(d) for d in message.defects],
            "longest_line": max(len(l) for l in lines),
            "non_ascii_lines": sum(1 for l in lines if any(b > 127 for b in l)),
            "parts": parts,
        }))
        """#

    /// Pipes `command` (run by /bin/sh with the mail chain's HOME and the built binary on PATH) and
    /// returns the one message received, parsed.
    static func deliver(_ command: String, chain: MailChain, environment extra: [String: String] = [:]) throws -> (message: [String: Any], recipients: [String]) {
        var environment = ["HOME": chain.home.path, "PATH": executableURL.deletingLastPathComponent().path + ":/usr/bin:/bin"]
        environment.merge(extra) { $1 }
        let result = try runProcess("/bin/sh", ["-c", command], environment: environment)
        #expect(result.status == 0, "\(command): \(result.status) \(result.errors)")
        #expect(result.errors.isEmpty, "\(result.errors)")
        let received = try chain.received()
        guard received.count == 1 else { throw TestFailure("\(received.count) messages received: \(result.errors)") }
        let file = chain.home.appendingPathComponent("received.eml")
        try received[0].data.write(to: file)
        return (try PythonCheck.json(parser, [file.path]), received[0].recipients)
    }

    @Test(.enabled(if: MailChain.enabled && PythonCheck.installed(module: "html5lib"))) func hostileReportArrivesIntactAndAgreesWithJSON() throws {
        let chain = try #require(try MailChain.start())
        let snapshot = try Self.hostileSnapshot()
        let json = try auditJSON(snapshot)
        let violations = json.int("violations.count") ?? -1
        let hasTrace = json.int("distribution.has_trace") ?? -1
        let missing = json.int("distribution.missing_trace") ?? -1
        #expect(violations == 3 && hasTrace == 57)
        let percent = DailyCompliance(day: UTCDay(number: 0), jobs: TraceCount(hasTrace: hasTrace, missingTrace: missing)).compliancePercentText!

        let command = "traceaudit check --db '\(snapshot.path)' --format email --mail-to 'Zoë Ops <ops@example.com>'"
            + " --mail-to oncall@example.com --mail-from 'Audit \"Bot\" <audit@example.com>' --subject-prefix '[jobs ✓]' | msmtp -t"
        let (message, recipients) = try Self.deliver(command, chain: chain)

        #expect(recipients == ["ops@example.com", "oncall@example.com"])
        #expect(message["subject"] as? String == "[jobs ✓] FAIL main.executor_jobs: \(violations) violations (\(percent)%)")
        #expect(message["to"] as? [String] == ["ops@example.com", "oncall@example.com"])
        #expect((message["to_names"] as? [String])?.first == "Zoë Ops")
        #expect(message["from"] as? [String] == ["audit@example.com"])
        #expect(message["mime_version"] as? String == "1.0")
        #expect(message["content_type"] as? String == "multipart/alternative")
        #expect((message["message_id"] as? String)?.hasPrefix("<traceaudit.") == true)
        #expect(message["date"] is String)
        // No value added a header: exactly the fields written (msmtp adds none with -t and a From).
        let names = Set((message["header_names"] as? [String] ?? []).map { $0.lowercased() })
        #expect(!names.contains("bcc"))
        #expect(names.isSubset(of: ["from", "to", "subject", "date", "message-id", "mime-version", "auto-submitted", "x-traceaudit-verdict", "content-type"]))
        #expect((message["defects"] as? [Any])?.isEmpty == true)
        // RFC 5322: no line over 78 characters, and 7-bit on the wire.
        #expect((message["longest_line"] as? Int ?? 999) <= 78)
        #expect(message["non_ascii_lines"] as? Int == 0)

        let parts = try #require(message["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["text/plain", "text/html"])
        let text = try #require(parts[0]["body"] as? String)
        #expect(text.split(whereSeparator: \.isNewline).allSatisfy { $0.count <= 72 }, "\(text)")
        #expect(text.contains("Violations:             \(violations)"))
        #expect(text.contains("Traced since cutoff:    \(percent)%"))
        #expect(text.contains("webhook\\r\\nBcc: attacker@"))  // escaped, and clipped to its column
        #expect(text.contains("café_résumé_日本"))
        let html = parts[1]
        #expect(html["scripts"] as? Int == 0 && html["styles_in_head"] as? Int == 0 && html["svg"] as? Int == 0)
        let ids = try #require(html["ids"] as? [String: String])
        #expect(ids["figure-violations"] == String(violations))
        #expect(ids["figure-compliance"] == "\(percent)%")
        #expect(ids["verdict"] == "FAIL")
        let rendered = try #require(html["text"] as? String)
        for type in ["<b>bold</b><script>alert(1)</script>", "webhook\\r\\nBcc: attacker@example.com", "café_résumé_日本"] {
            #expect(rendered.contains(type), "\(type)")
        }
        for part in parts { #expect((part["defects"] as? [Any])?.isEmpty == true) }
    }

    /// A passing audit mails too (silence would read as compliance), with PASS in the subject.
    @Test(.enabled(if: MailChain.enabled && PythonCheck.installed(module: "html5lib"))) func passingAuditMailsPass() throws {
        let chain = try #require(try MailChain.start())
        let snapshot = try SnapshotFile(jobs: [.init(id: 1, createdAt: "2026-03-01T10:00:00Z")])
        let (message, _) = try Self.deliver(
            "traceaudit violations --db '\(snapshot.path)' --format email --mail-to a@example.com --mail-from audit@example.com --subject-prefix '' | msmtp -t", chain: chain)
        #expect(message["subject"] as? String == "PASS main.executor_jobs: 0 violations")
    }

    /// When the audit cannot run, the recipients still get a message saying so (exit 3 on the
    /// pipe's left side), instead of cron handing msmtp nothing.
    @Test(.enabled(if: MailChain.enabled && PythonCheck.installed(module: "html5lib"))) func failureToCheckIsMailed() throws {
        let chain = try #require(try MailChain.start())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-missing-\(UUID().uuidString)")
        let environment = ["HOME": chain.home.path, "PATH": executableURL.deletingLastPathComponent().path + ":/usr/bin:/bin"]
        let result = try runProcess(
            "/bin/sh", ["-c", "traceaudit --db '\(folder.path)/none.sqlite' --format email --mail-to a@example.com --mail-from audit@example.com | msmtp -t"],
            environment: environment)
        #expect(result.status == 0)
        #expect(result.errors.hasPrefix("traceaudit: error: "))
        let received = try chain.received()
        try #require(received.count == 1)
        let file = chain.home.appendingPathComponent("error.eml")
        try received[0].data.write(to: file)
        let message = try PythonCheck.json(Self.parser, [file.path])
        #expect(message["subject"] as? String == "[traceaudit] ERROR main.executor_jobs: could not check")
        let parts = try #require(message["parts"] as? [[String: Any]])
        #expect((parts.first?["body"] as? String)?.contains("could not check main.executor_jobs") == true)
    }

    /// README's crontab line that mails the daily report, run exactly as cron would (its `\%`
    /// become `%`, /bin/sh runs it with the crontab's variables) with msmtp sending to the local
    /// server: yesterday's complete UTC day, in the subject and against the JSON of that window.
    @Test(.enabled(if: MailChain.enabled && PythonCheck.installed(module: "html5lib"))) func readmeCronLineMailsYesterdaysReport() throws {
        let chain = try #require(try MailChain.start())
        let readme = try Documentation.text()
        let block = try #require(readme.components(separatedBy: "```crontab\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
            .first { $0.contains("| msmtp") })
        var environment: [String: String] = [:]
        var line: String?
        for text in block.split(separator: "\n").map(String.init) where !text.hasPrefix("#") {
            let fields = text.split(separator: " ", maxSplits: 5)
            if fields.count == 1, let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            } else if fields.count == 6, fields[5].contains("| msmtp") {
                line = String(fields[5])
            }
        }
        let cronLine = try #require(line)
        // cron's rule: an unescaped % ends the command; \% is a literal %.
        #expect(!cronLine.replacingOccurrences(of: "\\%", with: "").contains("%"))
        let command = cronLine.replacingOccurrences(of: "\\%", with: "%")
        #expect(command.contains("--format email") && command.contains("--day yesterday"))
        #expect(environment["PATH"] != nil && environment["TRACEAUDIT_DB"] != nil)

        let today = Instant.now.day.number
        let yesterday = UTCDay(number: today - 1).description
        func at(_ day: Int64, _ time: String) -> SnapshotFile.Value { .text(UTCDay(number: day).description + "T" + time + "Z") }
        var jobs: [SnapshotFile.Job] = []
        for index in 0..<40 {
            jobs.append(.init(id: .integer(Int64(index + 1)), createdAt: at(today - 1, "0\(index % 10):15:00"), type: "webhook_delivery", traceId: index < 3 ? nil : "t"))
        }
        // The newest job of the day, so the line's --max-age holds whenever today the test runs.
        jobs.append(.init(id: 99, createdAt: at(today - 1, "23:59:00")))
        jobs.append(.init(id: 100, createdAt: at(today, "00:00:01"), traceId: nil))
        jobs.append(.init(id: 101, createdAt: at(today - 2, "23:59:59"), traceId: nil))
        let snapshot = try SnapshotFile(jobs: jobs)
        let json = try auditJSON(snapshot, ["--day", "yesterday"])
        #expect(json.int("violations.count") == 3)
        let hasTrace = json.int("distribution.has_trace") ?? -1
        #expect(hasTrace == 38)
        let percent = DailyCompliance(day: UTCDay(number: 0), jobs: TraceCount(hasTrace: hasTrace, missingTrace: 3)).compliancePercentText ?? ""

        environment["TRACEAUDIT_DB"] = snapshot.path
        environment["PATH"] = executableURL.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HOME"] = chain.home.path
        let result = try runProcess("/bin/sh", ["-c", command], environment: environment)
        #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
        let received = try chain.received()
        try #require(received.count == 1)
        #expect(received[0].recipients == ["oncall@example.com", "platform-leads@example.com"])
        let file = chain.home.appendingPathComponent("cron.eml")
        try received[0].data.write(to: file)
        let message = try PythonCheck.json(Self.parser, [file.path])
        #expect(message["subject"] as? String == "[jobs-prod] FAIL main.executor_jobs: 3 violations on \(yesterday) (\(percent)%)")
        let text = try #require((message["parts"] as? [[String: Any]])?.first?["body"] as? String)
        #expect(text.contains("Succeeded jobs:         41"))
        // The last 7 days, yesterday's whole and the day before's violation (outside the window).
        let trend = text.components(separatedBy: "Last 7 days (UTC days, newest first)").dropFirst().first ?? ""
        func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
        #expect(trend.contains(yesterday + spaces(12) + "41" + spaces(14) + "3" + spaces(4) + "92.68%  <"), "\(text)")
        #expect(trend.contains(UTCDay(number: today - 2).description + spaces(13) + "1" + spaces(14) + "1" + spaces(5) + "0.00%  <"), "\(text)")
    }

    /// Regression: without --mail-from the sender was traceaudit@ the short host name, which real
    /// relays reject. It is now traceaudit@ the fully qualified name; a host without one exits 2
    /// with the fix, before reading anything.
    @Test func defaultSenderIsQualified() throws {
        let snapshot = try SnapshotFile(jobs: [.init(id: 1, createdAt: "2026-03-01T10:00:00Z")])
        let result = run(["--db", snapshot.path, "--format", "email", "--mail-to", "a@example.com"])
        if let host = OS.qualifiedHostName() {
            #expect(host.contains("."))
            #expect(result.code == .passed)
            #expect(result.output.hasPrefix("From: traceaudit@\(host)\n"), "\(result.output.prefix(300))")
        } else {
            #expect(result.code == .usageError)
            #expect(result.output.isEmpty)
            #expect(result.errors.hasPrefix("traceaudit: error: this host has no fully qualified name"))
            #expect(result.errors.contains("pass --mail-from traceaudit@your-domain.example"))
        }
        let given = run(["--db", snapshot.path, "--format", "email", "--mail-to", "a@example.com", "--mail-from", "audit@example.com"])
        #expect(given.code == .passed)
        #expect(given.output.hasPrefix("From: audit@example.com\n"))
    }
}
