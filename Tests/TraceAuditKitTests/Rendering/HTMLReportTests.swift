import Foundation
import Testing
@testable import TraceAuditKit

/// `--format html` in a real browser (headless Chromium, network cut off) and an HTML5 parser
/// (html5lib): no console error, no request, the JSON report's numbers in the rendered DOM, and
/// hostile values shown as text.
@Suite("HTML report", .timeLimit(.minutes(5)))
struct HTMLReportTests {
    /// Reads a page with html5lib: element ids with their text, every attribute that could load
    /// something, and the elements that would run or load code.
    static let inspector = #"""
        import json, sys
        import html5lib
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        tree = parser.parse(open(sys.argv[1], "rb").read())
        loading = []
        for e in tree.iter():
            for name, value in e.attrib.items():
                if name.split("}")[-1] in ("src", "href", "srcset", "action", "data", "poster", "background") and not value.startswith("#"):
                    loading.append(name + "=" + value)
                if name == "style" and "url(" in value:
                    loading.append(value)
        print(json.dumps({
            "errors": [str(error) for error in parser.errors],
            "ids": {e.get("id"): "".join(e.itertext()).strip() for e in tree.iter() if e.get("id")},
            "loading": loading,
            "active": [e.tag for e in tree.iter() if isinstance(e.tag, str) and e.tag.split("}")[-1] in ("script", "link", "iframe", "img", "object", "embed", "base", "form")],
            "text": "".join(tree.itertext()),
        }))
        """#

    @Test(.enabled(if: ExternalTool.installed("chromium") && PythonCheck.installed(module: "html5lib"))) func pageRendersOfflineWithTheReportsNumbers() throws {
        let browser = try #require(try HeadlessBrowser.find())
        let snapshot = try EmailDeliveryTests.hostileSnapshot()
        let json = try auditJSON(snapshot, ["--all"])
        let result = run(["check", "--db", snapshot.path, "--format", "html", "--all"])
        #expect(result.code == .violations)
        let page = snapshot.folder.appendingPathComponent("report.html")
        try result.output.write(to: page, atomically: true, encoding: .utf8)

        let (dom, console) = try HeadlessBrowser.load(browser, page: page)
        #expect(console.isEmpty, "\(console)")
        let rendered = snapshot.folder.appendingPathComponent("rendered.html")
        try dom.write(to: rendered, atomically: true, encoding: .utf8)
        for file in [page, rendered] {
            let found = try PythonCheck.json(Self.inspector, [file.path])
            #expect((found["loading"] as? [Any])?.isEmpty == true, "\(found["loading"] ?? "")")
            #expect((found["active"] as? [Any])?.isEmpty == true, "\(found["active"] ?? "")")
            let ids = try #require(found["ids"] as? [String: String])
            #expect(ids["verdict"] == (json["passed"] as? Bool == true ? "PASS" : "FAIL"))
            #expect(ids["figure-violations"] == String(json.int("violations.count") ?? -1))
            let total = (json.int("distribution.has_trace") ?? 0) + (json.int("distribution.missing_trace") ?? 0)
            #expect(ids["figure-succeeded"] == String(total))
            let daily = try #require(json["daily"] as? [[String: Any]])
            for day in daily {
                let text = "\(day["day"] ?? "")\(day["total_succeeded"] ?? "")\(day["without_trace"] ?? day["missing_trace"] ?? "")"
                #expect(ids["daily"]?.contains(text) == true, "\(text) not in \(ids["daily"] ?? "")")
            }
            // Each type's violations, succeeded total and rate, as in the JSON.
            for entry in try #require((json["violations"] as? [String: Any])?["by_type"] as? [[String: Any]]) {
                let rate = String(format: "%.2f", (entry["rate_percent"] as? Double) ?? -1)
                #expect(ids["by-type"]?.contains("\(entry["count"] ?? "")\(entry["succeeded"] ?? "")\(rate)%") == true, "\(entry)")
            }
            #expect(ids["freshness"]?.contains((json["freshness"] as? [String: Any])?["newest_succeeded_at"].map { "\($0)".replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "") } ?? "?") == true)
            let text = try #require(found["text"] as? String)
            for type in EmailDeliveryTests.hostileTypes {
                #expect(text.contains(Escape.terminal(type).replacingOccurrences(of: "\\\\", with: "\\")), "\(type)")
            }
        }
        // The page as written is valid HTML5 (the rendered DOM is the browser's serialization).
        let written = try PythonCheck.json(Self.inspector, [page.path])
        #expect((written["errors"] as? [Any])?.isEmpty == true, "\(written["errors"] ?? "")")
        #expect(dom.contains("<svg id=\"daily-chart\""))
    }

    /// The harness sees what it must refuse: a page that loads an image and runs a script causes
    /// console lines (the Content-Security-Policy blocks both).
    @Test(.enabled(if: ExternalTool.installed("chromium"))) func browserHarnessCatchesARequest() throws {
        let browser = try #require(try HeadlessBrowser.find())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("bad.html")
        let document = "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLReport.contentSecurityPolicy)\">"
        try "<!DOCTYPE html><html><head>\(document)<title>x</title></head><body><img src=\"http://example.com/x.png\"></body></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let (_, console) = try HeadlessBrowser.load(browser, page: page)
        #expect(console.contains { $0.contains("http://example.com/x.png") }, "\(console)")
    }
}

extension HTMLReportTests {
    /// Regression (issue 24 item 5, "ids never wrap"): the undated ids were one paragraph of text,
    /// and a browser broke a UUID at its hyphens. Each id is now kept on one line, in the page and
    /// in the mail's HTML part.
    @Test func undatedIdsNeverWrap() throws {
        let id = "e323bb2a-bf00-188d-ca22-e4c76237dbe6"
        let snapshot = try SnapshotFile(
            schema: SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id TEXT PRIMARY KEY"),
            jobs: [.init(id: .text(id), createdAt: nil, traceId: nil), .init(id: "b03da701-c632-976a-1036-3c5f972651da", createdAt: nil, traceId: nil)])
        let page = run(["check", "--db", snapshot.path, "--format", "html"])
        #expect(page.code == .violations, "\(page.errors)")
        let mail = run(["check", "--db", snapshot.path, "--format", "email", "--mail-to", "a@example.com", "--mail-from", "audit@example.com"])
        for html in [page.output, mail.output.replacingOccurrences(of: "=\n", with: "").replacingOccurrences(of: "=3D", with: "=")] {
            #expect(html.contains("<span style=\"white-space:nowrap;\">\(id)</span>"), "\(html)")
        }
    }
}
