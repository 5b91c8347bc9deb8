import Dispatch
import Synchronization

/// Shows on a terminal that a long audit is alive: after a second, one line on standard error
/// with the elapsed time (and, on SQLite, the rows read so far), redrawn four times a second and
/// erased when the audit ends. Never on a pipe or in CI (`isWanted`).
final class Progress {
    /// Rows read by the scans in progress; SQLite's scan adds to it in blocks (`add(rowsRead:)`).
    private static let rowsRead = Atomic<Int>(0)

    /// Counts rows read by a scan, from any thread.
    static func add(rowsRead count: Int) {
        rowsRead.add(count, ordering: .relaxed)
    }

    private let label: String
    private let started: Instant
    private let timer: DispatchSourceTimer
    private let state = State()

    /// What the timer's handler changes, shared with it.
    private final class State: Sendable {
        let shown = Atomic<Bool>(false)
        let tick = Atomic<Int>(0)
    }
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// Whether progress may be shown: standard error is a terminal, not dumb, and not in CI.
    static func isWanted(environment: [String: String]) -> Bool {
        OS.isTerminal(OS.standardError) && (environment["CI"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// Starts the clock; the line appears only if the audit is still running a second later.
    init(label: String) {
        self.label = label
        started = .now
        Progress.rowsRead.store(0, ordering: .relaxed)
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + .seconds(1), repeating: .milliseconds(250))
        let label = label
        let started = started
        let state = state
        timer.setEventHandler {
            let tick = state.tick.add(1, ordering: .relaxed).newValue
            let seconds = Double(Instant.now.microseconds - started.microseconds) / 1_000_000
            let rows = Progress.rowsRead.load(ordering: .relaxed)
            var line = "\r" + Progress.frames[tick % Progress.frames.count] + " " + label + " · "
            line += String(Int(seconds)) + "." + String(Int(seconds * 10) % 10) + " s"
            if rows > 0 { line += " · " + Progress.grouped(rows) + " rows read" }
            line += "\u{1B}[K"
            state.shown.store(true, ordering: .relaxed)
            Progress.write(line)
        }
        timer.resume()
    }

    /// Stops and erases the line, before anything else is written to standard error.
    func stop() {
        timer.cancel()
        if state.shown.load(ordering: .relaxed) { Progress.write("\r\u{1B}[K") }
    }

    private static func write(_ text: String) {
        OS.writeAll(OS.standardError, text)
    }

    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}
