#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import TraceAuditKit

/// A PostgreSQL server that a test starts beside the one scripts/with-postgres runs (a standby, a
/// TLS server), in a temporary folder owned by the postgres user, listening on a free loopback
/// port. `stop()` stops it and removes the folder; call it in a `defer`.
final class LocalCluster {
    /// The folder holding the data directory, the socket, the log and any certificates.
    let folder: URL
    let port: Int
    var data: URL { folder.appendingPathComponent("data") }
    var log: URL { folder.appendingPathComponent("server.log") }
    /// The superuser URL over TCP.
    var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    private init(folder: URL, port: Int) {
        self.folder = folder
        self.port = port
    }

    /// The PostgreSQL programs' folder: TRACEAUDIT_TEST_PG_BIN, else the newest installed.
    static func bin() throws -> String {
        if let bin = ProcessInfo.processInfo.environment["TRACEAUDIT_TEST_PG_BIN"], !bin.isEmpty { return bin }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw TestFailure("no PostgreSQL programs: run the tests with scripts/with-postgres (.ci/run installs postgresql)")
        }
        return "/usr/lib/postgresql/\(newest)/bin"
    }

    /// As root, programs that touch the data run as the postgres user (PostgreSQL refuses root).
    static let asRoot = geteuid() == 0

    /// Runs a PostgreSQL program as the folder's owner; throws with its output when it fails.
    @discardableResult
    static func runAsOwner(_ program: String, _ arguments: [String]) throws -> String {
        let path = try bin() + "/" + program
        let result = asRoot
            ? try runProcess("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
            : try runProcess(path, arguments)
        guard result.status == 0 else {
            throw TestFailure("\(program) failed (\(result.status)): \(result.errors)\(result.output)")
        }
        return result.output
    }

    /// An empty folder for a new cluster, owned by postgres when running as root.
    static func create() throws -> LocalCluster {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/traceaudit-cluster.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        let folder = URL(fileURLWithPath: String(cString: made))
        chmod(folder.path, 0o755)
        if asRoot { try chown(folder.path) }
        return LocalCluster(folder: folder, port: try freePort())
    }

    /// Gives `path` to the postgres user.
    static func chown(_ path: String) throws {
        let result = try runProcess("/bin/chown", ["-R", "postgres:postgres", path])
        guard result.status == 0 else { throw TestFailure("chown failed: \(result.errors)") }
    }

    /// A loopback port nobody listens on now.
    static func freePort() throws -> Int {
        let socket = try LoopbackSocket(listening: false)
        close(socket.descriptor)
        return Int(socket.port)
    }

    /// A fresh cluster (trust for the superuser, like scripts/with-postgres) with `hba` as its
    /// pg_hba.conf.
    static func initialized(hba: String) throws -> LocalCluster {
        let cluster = try create()
        do {
            try runAsOwner("initdb", ["-D", cluster.data.path, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"])
            try cluster.write(hba, to: "data/pg_hba.conf")
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    /// Writes a file into the folder, owned by postgres.
    func write(_ text: String, to name: String, mode: mode_t = 0o600) throws {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
        if LocalCluster.asRoot { try LocalCluster.chown(path) }
    }

    /// Starts the server with extra `-c name=value` settings and waits until it accepts connections.
    func start(_ settings: [String] = []) throws {
        let options = (["-p \(port)", "-k \(folder.path)", "-c listen_addresses=127.0.0.1", "-c fsync=off"]
            + settings.map { "-c \($0)" }).joined(separator: " ")
        // The server must not inherit this process's descriptors: Foundation learns that a child
        // ended when the descriptors it gave it close, and the server would hold them until it stops.
        let process = Process()
        let path = try LocalCluster.bin() + "/pg_ctl"
        let arguments = ["-D", data.path, "-l", log.path, "-w", "-t", "60", "-o", options, "start"]
        let closeAll = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", closeAll, "bash"] + (LocalCluster.asRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] : [path]) + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TestFailure("pg_ctl start failed (\(process.terminationStatus)): \(text)")
        }
    }

    /// Stops the server at once and removes the folder.
    func stop() {
        if FileManager.default.fileExists(atPath: data.appendingPathComponent("postmaster.pid").path) {
            _ = try? LocalCluster.runAsOwner("pg_ctl", ["-D", data.path, "-m", "immediate", "-w", "stop"])
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// A superuser connection.
    func admin() throws -> PGConnection {
        try PGConnection(parameters: [("dbname", url)])
    }

    /// The first column of the first row of `sql`, as text.
    func value(_ sql: String) throws -> String? {
        try admin().execute(sql) { rows in rows.count > 0 ? rows.text(row: 0, column: 0) : nil }
    }
}
