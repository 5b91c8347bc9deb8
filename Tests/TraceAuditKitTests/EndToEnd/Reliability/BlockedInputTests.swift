import Foundation
import Testing
@testable import TraceAuditKit

/// An input that blocks (a FIFO nobody writes yet, a pipe whose writer is silent) still takes
/// SIGINT and SIGTERM: the run ends at once with 130 or 143, as it does during a query.
@Suite("Blocked inputs")
struct BlockedInputTests {
    /// The system calls a process waiting on an input sleeps in: openat, read, poll, ppoll.
    #if arch(x86_64)
    static let waitingCalls: Set<Int> = [257, 0, 7, 271]
    #elseif arch(arm64)
    static let waitingCalls: Set<Int> = [56, 63, 73]
    #endif

    /// The system calls a process sleeps in between attempts (usleep: clock_nanosleep, nanosleep),
    /// as it does waiting for a FIFO's reader: the open never blocks, it is retried.
    #if arch(x86_64)
    static let retryingCalls: Set<Int> = [230, 35]
    #elseif arch(arm64)
    static let retryingCalls: Set<Int> = [115, 101]
    #endif

    /// Whether the main thread of `process` is asleep in one of `calls`, from /proc.
    static func isWaitingOnInput(_ process: pid_t, calls: Set<Int> = waitingCalls) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "S",
            let call = try? String(contentsOfFile: "/proc/\(process)/syscall", encoding: .utf8),
            let number = Int(call.split(separator: " ").first ?? "")
        else { return false }
        return calls.contains(number)
    }

    /// Starts traceaudit with `arguments` (standard input `input`), waits until it is asleep on
    /// its input, in one of `calls` (polling /proc, bounded), sends `signal`, and returns the exit status and standard
    /// error; fails when it is still running 5 s after the signal.
    static func interrupt(
        _ arguments: [String], input: FileHandle? = nil, signal: Int32, asleepIn calls: Set<Int> = waitingCalls
    ) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        if let input { process.standardInput = input }
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let pid = process.processIdentifier
        defer { if process.isRunning { kill(pid, SIGKILL) } }
        // Asleep on the input twice in a row, 20 ms apart: not a passing read of the snapshot.
        var settled = 0
        let blockedBy = Date().addingTimeInterval(30)
        while settled < 2 && process.isRunning && Date() < blockedBy {
            settled = isWaitingOnInput(pid, calls: calls) ? settled + 1 : 0
            Thread.sleep(forTimeInterval: 0.02)
        }
        try #require(settled == 2, "never blocked on its input: \(arguments)")
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            Issue.record("still running 5 s after signal \(signal): \(arguments)")
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    static let signals: [(Int32, Int32)] = [(SIGINT, 130), (SIGTERM, 143)]

    /// `mkfifo f; traceaudit check --db demo.sqlite --baseline f`, `logs f`, `readiness --logs f`.
    @Test(arguments: ["baseline", "logs", "readiness"], [0, 1])
    func fifoNobodyWritesTakesSignals(command: String, signalIndex: Int) throws {
        let (signal, code) = Self.signals[signalIndex]
        let snapshot = try FormatTests.dataSet()
        let fifo = snapshot.folder.appendingPathComponent("input.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let arguments: [String] = switch command {
        case "baseline": ["check", "--db", snapshot.path, "--baseline", fifo]
        case "logs": ["logs", fifo]
        default: ["readiness", "--db", snapshot.path, "--logs", fifo]
        }
        let result = try Self.interrupt(arguments, signal: signal)
        #expect(result.status == code, "\(result.errors)")
        #expect(result.errors.contains("interrupted by signal \(signal)"), "\(result.errors)")
    }

    /// `sleep 20 | traceaudit logs -`: a pipe whose writer is alive and silent.
    @Test(arguments: [0, 1])
    func silentPipeTakesSignals(signalIndex: Int) throws {
        let (signal, code) = Self.signals[signalIndex]
        let pipe = Pipe()
        defer { try? pipe.fileHandleForWriting.close() }
        let result = try Self.interrupt(["logs", "-"], input: pipe.fileHandleForReading, signal: signal)
        #expect(result.status == code, "\(result.errors)")
    }

    /// A FIFO opened before its writer comes is waited for, not read as empty: the writer comes
    /// only once the run is seen waiting for it.
    @Test func fifoIsReadOnceItsWriterComes() throws {
        let snapshot = try FormatTests.dataSet()
        let fifo = snapshot.folder.appendingPathComponent("input.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let process = Process()
        process.executableURL = executableURL
        process.arguments = ["logs", "--format", "json", fifo]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var settled = 0
        let blockedBy = Date().addingTimeInterval(30)
        while settled < 2 && process.isRunning && Date() < blockedBy {
            let waiting = Self.isWaitingOnInput(process.processIdentifier, calls: Self.waitingCalls.union(Self.retryingCalls))
            settled = waiting ? settled + 1 : 0
            Thread.sleep(forTimeInterval: 0.02)
        }
        try #require(settled == 2, "never waited for the FIFO's writer")
        let writer = try #require(FileHandle(forWritingAtPath: fifo))
        writer.write(Data("POLICY_VIOLATION: Job succeeded without trace_id { jobId: \"4102\" }\n".utf8))
        try writer.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == ExitCode.violations.rawValue, "\(text)")
        #expect(text.contains("4102"))
    }
}
