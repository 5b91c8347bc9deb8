import Foundation

/// A program from the machine that a test uses as an independent parser (python3's csv module,
/// promtool, cmark-gfm). Locally a missing one skips that check; with CI=true it fails the test.
enum ExternalTool {
    /// The program's path, or nil when it is not installed.
    static func find(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The program's path; throws in CI when it is missing, returns nil locally.
    static func require(_ name: String, package: String) throws -> String? {
        if let path = find(name) { return path }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw TestFailure("\(name) is missing: .ci/run installs it (\(package))")
        }
        return nil
    }

    /// Whether a test that needs `name` runs (its `.enabled(if:)` trait): when `name` is installed,
    /// and always under CI=true, where `.ci/run` installs it, so that a missing one fails the test
    /// (`path(_:package:)` throws) rather than skips it. Locally a missing one is reported skipped.
    static func installed(_ name: String) -> Bool {
        find(name) != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// The program's path, for a test enabled by `installed(_:)`; throws when it is missing.
    static func path(_ name: String, package: String) throws -> String {
        guard let path = find(name) else { throw TestFailure("\(name) is missing: .ci/run installs it (\(package))") }
        return path
    }

    /// Runs `program` with `input` on standard input; returns status and output (both streams read
    /// at once, so neither can fill up and stall the program).
    static func run(_ program: String, _ arguments: [String], input: String) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let (out, err) = readBoth(stdout, stderr)
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
