import Foundation
import Testing

/// README.md's examples, run against the demo snapshot with the built binary, so they stay true:
/// the `sh example` blocks, the `traceaudit` lines of the CI YAML, and the crontab commands.
@Suite("README examples")
struct ReadmeExamplesTests {
    static let root = Repository.root

    /// The commands, in README order.
    static func commands() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [String] = []
        var block: String?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                block = block == nil ? String(line.dropFirst(3)) : nil
                continue
            }
            guard let info = block else { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            switch info {
            case "sh example":
                if !trimmed.isEmpty && !trimmed.hasPrefix("#") { commands.append(trimmed) }
            case "yaml":
                let command = trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
                if command.hasPrefix("traceaudit ") { commands.append(command) }
            case "crontab":
                let fields = trimmed.split(separator: " ", maxSplits: 5)
                if fields.count == 6, !trimmed.hasPrefix("#"), !fields[0].contains("=") { commands.append(String(fields[5])) }
            default:
                continue
            }
        }
        return commands
    }

    @Test func examplesAreFound() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 10)
        #expect(commands.contains { $0.contains("--format prometheus --output") })
        #expect(commands.contains { $0.contains("--format junit --output traceaudit.xml") })
    }

    @Test func examplesRunOnTheDemo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A stand-in kubectl that prints the demo log, for the log check's pipe example.
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = Self.root.appendingPathComponent("fixtures/orchestrator.log").path
        try "#!/bin/sh\ncat '\(log)'\n".write(to: bin.appendingPathComponent("kubectl"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("kubectl").path)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = [executableURL.deletingLastPathComponent().path, bin.path, environment["PATH"] ?? "/usr/bin:/bin"].joined(separator: ":")
        environment["DATABASE_URL"] = Self.root.appendingPathComponent("fixtures/demo.sqlite").path
        environment["TRACEAUDIT_DB"] = environment["DATABASE_URL"]
        environment["GITHUB_STEP_SUMMARY"] = folder.appendingPathComponent("summary.md").path
        for command in try Self.commands() {
            let local = command.replacingOccurrences(of: "/var/lib/prometheus/node-exporter/", with: folder.path + "/")
            let result = try runProcess("/bin/bash", ["-c", local], environment: environment, directory: Self.root)
            #expect(result.status == 0 || result.status == 1, "\(command): exit \(result.status) \(result.errors)")
            #expect(result.errors.isEmpty, "\(command): \(result.errors)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("traceaudit.prom").path))
        let junit = Self.root.appendingPathComponent("traceaudit.xml")
        #expect(FileManager.default.fileExists(atPath: junit.path))
        try? FileManager.default.removeItem(at: junit)
        #expect(try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8).contains("## traceaudit check"))
    }
}
