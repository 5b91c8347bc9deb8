import Foundation

/// A real local mail chain for the e-mail tests: an SMTP server (Python's aiosmtpd, from PyPI) on a
/// loopback port that keeps every message it receives, and an msmtp configuration (`home`, with
/// `.msmtprc`) that sends to it, so `… | msmtp -t` delivers there. Stopped when released.
final class MailChain {
    /// A folder to use as HOME: msmtp reads `$HOME/.msmtprc`.
    let home: URL
    /// The SMTP server's port on 127.0.0.1.
    let port: Int
    private let server: Process
    private let serverInput = Pipe()
    private let spool: URL

    /// Whether the tests that deliver mail run (their `.enabled(if:)` trait): msmtp, python3 and
    /// aiosmtpd installed, or CI=true, where a missing one fails them.
    static var enabled: Bool {
        ExternalTool.installed("msmtp") && ExternalTool.installed("python3") && PythonCheck.installed(module: "aiosmtpd")
    }

    /// Starts the server; nil when python3 with aiosmtpd or msmtp is missing outside CI (in CI that throws).
    static func start() throws -> MailChain? {
        guard try ExternalTool.require("msmtp", package: "apt-get install msmtp") != nil,
            try ExternalTool.require("python3", package: "apt-get install python3") != nil
        else { return nil }
        guard try PythonCheck.hasModule("aiosmtpd", package: "pip install aiosmtpd") else { return nil }
        return try MailChain()
    }

    private init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-mail-\(UUID().uuidString)")
        spool = home.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        server = Process()
        server.executableURL = URL(fileURLWithPath: ExternalTool.find("python3")!)
        server.arguments = ["-c", Self.serverScript, spool.path]
        let output = Pipe()
        server.standardOutput = output
        server.standardInput = serverInput
        try server.run()
        // The server prints its port once it accepts connections.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            server.terminate()
            throw TestFailure("the SMTP server did not start: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
        let configuration = """
            defaults
            auth off
            tls off
            account default
            host 127.0.0.1
            port \(port)
            from cron@localhost

            """
        let rc = home.appendingPathComponent(".msmtprc")
        try configuration.write(to: rc, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: rc.path)
    }

    deinit {
        // The server stops when its standard input closes (the test process may ignore SIGTERM,
        // and a child inherits that).
        try? serverInput.fileHandleForWriting.close()
        server.waitUntilExit()
        try? FileManager.default.removeItem(at: home)
    }

    /// The messages received, oldest first: each one's envelope recipients and raw bytes as sent.
    func received() throws -> [(recipients: [String], data: Data)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: spool.appendingPathComponent(name))
            let recipients = try String(contentsOf: spool.appendingPathComponent(name + ".rcpt"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            return (recipients, data)
        }
    }

    /// aiosmtpd on a free loopback port; each message goes to SPOOL/N.eml (its original bytes) and
    /// SPOOL/N.eml.rcpt (the envelope recipients), written before the server answers 250.
    static let serverScript = #"""
        import os, socket, sys, threading
        from aiosmtpd.controller import Controller
        spool = sys.argv[1]
        class Spool:
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(spool, "%06d.eml" % len([n for n in os.listdir(spool) if n.endswith(".eml")]))
                with open(name + ".rcpt", "w") as f:
                    f.write("\n".join(envelope.rcpt_tos) + "\n")
                with open(name + ".tmp", "wb") as f:
                    f.write(envelope.original_content)
                os.rename(name + ".tmp", name)
                return "250 OK kept"
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        controller = Controller(Spool(), hostname="127.0.0.1", port=port)
        controller.start()
        print(port, flush=True)
        sys.stdin.read()
        controller.stop()
        os._exit(0)
        """#
}

/// Python modules the tests use as independent checkers (aiosmtpd, html5lib, email).
enum PythonCheck {
    /// Whether a test that needs `module` runs (its `.enabled(if:)` trait): when python3 can import
    /// it, and always under CI=true, where `.ci/run` installs it and a missing one fails the test.
    static func installed(module: String) -> Bool {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        guard let python = ExternalTool.find("python3") else { return false }
        return (try? runProcess(python, ["-c", "import \(module)"]).status) == 0
    }

    /// Whether python3 can import `module`; in CI a missing one throws.
    static func hasModule(_ module: String, package: String) throws -> Bool {
        guard let python = ExternalTool.find("python3") else { return false }
        let result = try runProcess(python, ["-c", "import \(module)"])
        if result.status == 0 { return true }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw TestFailure("python3 module \(module) is missing: .ci/run installs it (\(package))")
        }
        return false
    }

    /// Runs a Python `script` with `arguments` and returns its standard output parsed as JSON.
    static func json(_ script: String, _ arguments: [String], input: String = "") throws -> [String: Any] {
        let result = try ExternalTool.run(ExternalTool.find("python3")!, ["-c", script] + arguments, input: input)
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        else { throw TestFailure("python3 failed (\(result.status)): \(result.errors)\(result.output)") }
        return object
    }
}
