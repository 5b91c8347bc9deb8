import Foundation
@testable import TraceAuditKit

/// What one in-process run of the command line gave.
struct RunResult {
    let code: ExitCode
    let output: String
    let errors: String

    /// The standard output parsed as a JSON object.
    var json: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(output)")
            }
            return object
        }
    }
}

/// Runs traceaudit in this process with `arguments`.
func run(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false) -> RunResult {
    let output = StringSink()
    let errors = StringSink()
    let code = TraceAudit.run(arguments, environment: environment, output: output, errors: errors, outputIsTerminal: terminal)
    return RunResult(code: code, output: output.text, errors: errors.text)
}

/// Audits `file` as JSON and returns the parsed object; fails when the run did not give a report.
func auditJSON(_ file: SnapshotFile, _ extra: [String] = []) throws -> [String: Any] {
    let result = run(["--db", file.path, "--format", "json"] + extra)
    guard result.code == .passed || result.code == .violations else {
        throw TestFailure("exit \(result.code.rawValue): \(result.errors)")
    }
    return try result.json
}

extension Dictionary where Key == String, Value == Any {
    /// The integer at a dotted path such as `violations.count`.
    func int(_ path: String) -> Int? {
        value(path) as? Int
    }

    func value(_ path: String) -> Any? {
        var current: Any? = self
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }
}

/// The built `traceaudit` executable: beside the running test bundle, in the folder where the build
/// puts every product of the same configuration (debug or release, any `--build-path` or triple).
let executableURL: URL = {
    #if os(Linux)
    // The test bundle is an executable on Linux: this process.
    let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    #else
    let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundlePath ?? CommandLine.arguments[0]
    #endif
    return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("traceaudit")
}()

/// Runs a program to completion and returns its exit status and output.
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil)
    throws -> (status: Int32, output: String, errors: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let (outputData, errorData) = readBoth(output, errors)
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
}

/// Reads two pipes to their ends at once: reading one to the end first would hang a program that
/// fills the other's buffer (64 KiB) before it closes the first.
func readBoth(_ output: Pipe, _ errors: Pipe) -> (output: Data, errors: Data) {
    final class Box: @unchecked Sendable { var data = Data() }
    let errorBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errorBox.data = errors.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    return (outputData, errorBox.data)
}
