import Foundation
@testable import TraceAuditKit

/// A real PgBouncer (Debian's `pgbouncer`, which .ci/run installs) on a free loopback port in front
/// of the cluster that scripts/with-postgres started. `with(_:)` stops it and removes its files when
/// the body ends, also when it throws; a watchdog ends it if the test process dies first.
///
/// `server_reset_query` is empty in every mode, so that a session mode pool hands a server
/// connection on exactly as its last client left it (as transaction mode always does): whatever an
/// audit left behind, the next client sees.
final class PgBouncer {
    enum Mode: String, CustomStringConvertible, Sendable {
        case session, transaction, statement
        var description: String { rawValue }
    }

    let mode: Mode
    let poolSize: Int
    let port: UInt16
    private let folder: URL
    private let process: Process
    /// Ends PgBouncer if the test process dies without stopping it (a crash, SIGKILL).
    private let watchdog = Process()

    /// The program, when installed.
    static let program = ExternalTool.find("pgbouncer") ?? ["/usr/sbin/pgbouncer"].first(where: FileManager.default.isExecutableFile)

    /// Whether the pooler tests run: with the test server, and pgbouncer installed or CI=true (where
    /// a missing pgbouncer fails them, as .ci/run installs it).
    static let enabled = TestServer.enabled && (program != nil || TestServer.required)

    /// Starts PgBouncer, runs `body` with it, then stops it and removes its folder.
    static func with<T>(mode: Mode, poolSize: Int, _ body: (PgBouncer) throws -> T) throws -> T {
        let bouncer = try PgBouncer(mode: mode, poolSize: poolSize)
        defer { bouncer.stop() }
        return try body(bouncer)
    }

    private init(mode: Mode, poolSize: Int) throws {
        guard let program = PgBouncer.program else {
            throw TestFailure("pgbouncer is not installed: .ci/run installs it (apt-get install pgbouncer)")
        }
        let server = try TestServer.requireURL()
        guard let serverPort = server.split(separator: ":").last?.split(separator: "/").first.map(String.init) else {
            throw TestFailure("no port in \(server)")
        }
        self.mode = mode
        self.poolSize = poolSize
        port = try PgBouncer.freePort()
        // Beside the cluster's files when there is one, so that scripts/with-postgres removes them too.
        let base = ProcessInfo.processInfo.environment["TRACEAUDIT_TEST_PG_DATA"].map {
            URL(fileURLWithPath: $0).deletingLastPathComponent()
        } ?? FileManager.default.temporaryDirectory
        folder = base.appendingPathComponent("pgbouncer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = getuid() == 0
        let configuration = """
            [databases]
            * = host=127.0.0.1 port=\(serverPort)

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = trust
            auth_file = \(folder.path)/users.txt
            pool_mode = \(mode)
            default_pool_size = \(poolSize)
            min_pool_size = 0
            reserve_pool_size = 0
            max_client_conn = 200
            server_reset_query =
            server_check_delay = 0
            ignore_startup_parameters = extra_float_digits
            logfile = \(folder.path)/pgbouncer.log
            """
        try configuration.write(to: folder.appendingPathComponent("pgbouncer.ini"), atomically: true, encoding: .utf8)
        try "\"postgres\" \"\"\n".write(to: folder.appendingPathComponent("users.txt"), atomically: true, encoding: .utf8)
        if root {
            // PgBouncer refuses to run as root; it switches to the cluster's owner, who must be able to
            // write its log.
            _ = try runProcess("/bin/chown", ["-R", "postgres", folder.path])
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = (root ? ["-u", "postgres"] : []) + [folder.appendingPathComponent("pgbouncer.ini").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = [
            "-c", "while kill -0 \(getpid()) 2>/dev/null && kill -0 \(process.processIdentifier) 2>/dev/null; do sleep 1; done; kill \(process.processIdentifier) 2>/dev/null",
        ]
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try? watchdog.run()
        let deadline = Date().addingTimeInterval(15)
        while true {
            if (try? PGConnection(parameters: [("dbname", url(database: "postgres"))])) != nil { break }
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOf: folder.appendingPathComponent("pgbouncer.log"), encoding: .utf8)) ?? ""
                stop()
                throw TestFailure("pgbouncer did not start: \(log.suffix(2_000))")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// The pooler's URL for `database`, as the superuser.
    func url(database: String) -> String {
        "postgresql://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// A new client of the pool.
    func client(database: String) throws -> PGConnection {
        try PGConnection(parameters: [("dbname", url(database: database))])
    }

    /// Stops PgBouncer (SIGTERM, then SIGKILL) and removes its folder.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        if watchdog.isRunning {
            watchdog.terminate()
            watchdog.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// A loopback port nobody listens on now (the kernel's choice for port 0).
    static func freePort() throws -> UInt16 {
        let socket = try LoopbackSocket(listening: false)
        close(socket.descriptor)
        return socket.port
    }
}
