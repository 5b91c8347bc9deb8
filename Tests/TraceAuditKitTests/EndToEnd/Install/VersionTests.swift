import Foundation
import Testing
@testable import TraceAuditKit

@Suite("traceaudit --version")
struct VersionTests {
    /// The lines of `--version` as `name: value`, after the first.
    private func fields() throws -> (first: String, fields: [String: String]) {
        let result = run(["--version"])
        #expect(result.code == .passed)
        #expect(result.errors.isEmpty)
        let lines = result.output.split(separator: "\n").map(String.init)
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw TestFailure("not `name: value`: \(line)") }
            fields[parts[0]] = parts[1]
        }
        return (lines.first ?? "", fields)
    }

    /// Scripts parse the first line: it stays `traceaudit VERSION` and nothing else.
    @Test func firstLineIsNameAndVersion() throws {
        let (first, _) = try fields()
        #expect(first == "traceaudit 0.2.0")
    }

    /// The commit is the checkout's HEAD at build time (the tests run in the checkout they were built from).
    @Test(.enabled(if: ExternalTool.installed("git"))) func namesTheCommitItWasBuiltFrom() throws {
        let git = try ExternalTool.path("git", package: "git")
        let head = try runProcess(git, ["-C", packageFolder.path, "rev-parse", "HEAD"])
        guard head.status == 0 else { throw TestFailure("not a git checkout: \(head.errors)") }
        let commit = try #require(try fields().fields["commit"])
        #expect(commit.hasPrefix(head.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(commit.count == 40 || commit.hasSuffix("-dirty"))
    }

    /// Outside a git checkout (a source tarball) the build records no commit, and --version says so.
    @Test func buildOutsideACheckoutNamesNoCommit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-tarball-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        let result = try runProcess("/bin/sh", [packageFolder.appendingPathComponent("scripts/build-info").path, folder.path, output.path])
        #expect(result.status == 0, "\(result.errors)")
        let generated = try String(contentsOf: output.appendingPathComponent("BuildInfo.swift"), encoding: .utf8)
        #expect(generated.contains("static let commit: String? = nil"))
        #expect(VersionText.text(commit: nil).contains("\ncommit: unknown (not built from a git checkout)\n"))
    }

    /// The libraries are the ones the process runs with, checked against the system's own tools.
    @Test(.enabled(if: ExternalTool.installed("sqlite3"))) func namesTheRunningLibpqAndSQLite() throws {
        let fields = try fields().fields
        do {
            let sqlite3 = try ExternalTool.path("sqlite3", package: "sqlite3")
            let cli = try runProcess(sqlite3, ["--version"])
            #expect(fields["SQLite"] == cli.output.split(separator: " ").first.map(String.init))
        }
        if let dpkgQuery = ExternalTool.find("dpkg-query") {
            let package = try runProcess(dpkgQuery, ["-W", "-f", "${Version}", "libpq5"])
            let libpq = try #require(fields["libpq"])
            #expect(libpq.split(separator: ".").count >= 2)
            #expect(package.output.hasPrefix(libpq + "-") || package.output.hasPrefix(libpq + "."), "libpq \(libpq), libpq5 \(package.output)")
        }
    }
}

/// The package's folder (where Package.swift is).
var packageFolder: URL {
    Repository.root
}
