import Foundation

/// Debian's `chromium`, headless with the network cut off (every host resolves to nothing and
/// every proxied request goes to a closed port), loading a local page and giving back the rendered
/// DOM (`--dump-dom`) and every console message the page caused.
enum HeadlessBrowser {
    /// The browser's path; nil outside CI when it is missing (in CI that throws).
    static func find() throws -> String? {
        try ExternalTool.require("chromium", package: "apt-get install chromium")
    }

    /// The flags every run uses: no sandbox (root in CI), no GPU, no network, a throwaway profile.
    static func flags(profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:1", "--hide-scrollbars"]
    }

    /// Loads `page` and returns the DOM after scripts and layout, and the console lines.
    static func load(_ browser: String, page: URL) throws -> (dom: String, console: [String]) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try runProcess(
            browser, flags(profile: profile) + ["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString],
            environment: ["HOME": profile.path, "PATH": "/usr/bin:/bin"])
        guard result.status == 0 else { throw TestFailure("chromium exited \(result.status): \(result.errors)") }
        let console = result.errors.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (result.output, console)
    }
}
