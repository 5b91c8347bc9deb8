import Foundation

/// A command run in a real pseudo-terminal of a given width: a detached tmux session on a server
/// of its own (its own socket, no user configuration), captured once the command has exited.
enum TerminalPane {
    /// What the pane shows once the command exited: the pane's lines as the terminal wrapped them
    /// (`rows`, none wider than the pane) and the same text with the terminal's wraps undone
    /// (`lines`: a line longer than the pane is one the program wrote wider than the terminal).
    struct Capture {
        var rows: [String]
        var lines: [String]
        var text: String { lines.joined(separator: "\n") }
    }

    /// Runs `arguments` (the program first) in a pane `columns` wide, in `directory`, with
    /// `environment` added; nil when tmux is not installed locally (CI requires it).
    static func run(_ arguments: [String], columns: Int, environment: [String: String] = [:], directory: URL? = nil) throws -> Capture? {
        guard let tmux = try ExternalTool.require("tmux", package: "tmux") else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-pane-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let socket = folder.appendingPathComponent("tmux.sock").path
        let marker = "__traceaudit_pane_done__"
        let configuration = folder.appendingPathComponent("tmux.conf")
        try "set -g history-limit 50000\nset -g status off\n".write(to: configuration, atomically: true, encoding: .utf8)
        let quoted = { (text: String) in "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var script = "cd " + quoted(directory?.path ?? FileManager.default.currentDirectoryPath) + " && "
        script += environment.sorted { $0.key < $1.key }.map { "export \($0.key)=" + quoted($0.value) + "; " }.joined()
        // The shell stays after the command and prints a marker: once the marker shows, tmux has
        // read all of the command's output (a dead pane may not have been drained).
        script += "unset COLUMNS LINES; " + arguments.map(quoted).joined(separator: " ") + "; echo; echo \(marker); sleep 120"
        let base = ["-S", socket, "-f", configuration.path]
        // The tmux server stays behind as a daemon with the descriptors it inherits: Foundation's
        // Process would wait for its own (and a reader for a pipe's) until the server ends. So
        // every descriptor above standard error is closed before tmux starts.
        let start = Process()
        start.executableURL = URL(fileURLWithPath: "/bin/bash")
        start.arguments = [
            "-c", "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done; exec \"$0\" \"$@\" </dev/null >/dev/null 2>&1",
            tmux,
        ] + base + ["new-session", "-d", "-x", String(columns), "-y", "40", "/bin/sh", "-c", script]
        start.environment = ProcessInfo.processInfo.environment.merging(["TERM": "xterm-256color"]) { $1 }
        start.standardInput = FileHandle.nullDevice
        start.standardOutput = FileHandle.nullDevice
        start.standardError = FileHandle.nullDevice
        try start.run()
        start.waitUntilExit()
        guard start.terminationStatus == 0 else { throw TestFailure("tmux new-session exited \(start.terminationStatus)") }
        // The server this call started ends with the call: by its process id (kill-server alone
        // left servers behind).
        let server = try runProcess(tmux, base + ["display-message", "-p", "#{pid}"]).output
        defer {
            _ = try? runProcess(tmux, base + ["kill-server"])
            if let pid = Int32(server.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 { kill(pid, SIGKILL) }
        }
        let deadline = Date().addingTimeInterval(60)
        while true {
            let shown = try runProcess(tmux, base + ["capture-pane", "-p", "-S", "-", "-E", "-"])
            if shown.output.contains("\n" + marker) || shown.output.hasPrefix(marker) { break }
            guard Date() < deadline else { throw TestFailure("\(arguments) did not finish in its pane within 60 s") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let rows = try runProcess(tmux, base + ["capture-pane", "-p", "-S", "-", "-E", "-"]).output
        let joined = try runProcess(tmux, base + ["capture-pane", "-p", "-J", "-S", "-", "-E", "-"]).output
        func lines(_ text: String) -> [String] {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
            // The marker, and the empty line printed before it (the command's last line may lack a newline).
            if let end = lines.firstIndex(where: { $0.hasPrefix(marker) }) { lines = Array(lines[..<end]) }
            if lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
            return lines.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
        }
        return Capture(rows: lines(rows), lines: lines(joined))
    }
}
