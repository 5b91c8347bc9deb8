import Foundation
@testable import TraceAuditKit

/// A hot standby streaming from the throwaway primary of scripts/with-postgres: a base backup
/// (`pg_basebackup -R`) in a temporary folder owned by postgres, started on another free loopback
/// port. `stop()` stops it and removes the folder.
final class TestStandby {
    let cluster: LocalCluster
    var url: String { cluster.url }

    private init(cluster: LocalCluster) {
        self.cluster = cluster
    }

    /// Copies the primary and starts the copy as its standby, with extra settings
    /// (`max_standby_streaming_delay=0`, …).
    static func start(_ settings: [String] = []) throws -> TestStandby {
        let primary = try TestServer.requireURL()
        let cluster = try LocalCluster.create()
        do {
            try LocalCluster.runAsOwner("pg_basebackup", [
                "-D", cluster.data.path, "-R", "-X", "stream", "-c", "fast", "--no-sync", "-d", primary,
            ])
            try cluster.start(["hot_standby=on"] + settings)
        } catch {
            cluster.stop()
            throw error
        }
        let standby = TestStandby(cluster: cluster)
        try standby.waitForReplay()
        return standby
    }

    /// Waits until the standby has replayed everything the primary has logged so far (the insert
    /// position: with synchronous_commit off a commit may not be written yet).
    func waitForReplay(timeout: TimeInterval = 60) throws {
        let primary = try TestServer.admin()
        guard let lsn = try primary.execute("SELECT pg_current_wal_insert_lsn()::text", read: { $0.text(row: 0, column: 0) }) else {
            throw TestFailure("the primary has no WAL position")
        }
        let connection = try cluster.admin()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let replayed = try connection.execute("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", [lsn]) { $0.text(row: 0, column: 0) }
            if replayed == "t" { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestFailure("the standby did not replay up to \(lsn) within \(Int(timeout)) s")
    }

    func stop() {
        cluster.stop()
    }
}
