import Dispatch
import Foundation
import Synchronization
import Testing
@testable import TraceAuditKit

/// Cancellers are owned by their connection: registered while it is open, retired (unregistered
/// and disarmed) before its C handle closes, so a signal can never call into a closed handle.
@Suite("Interruption")
struct InterruptionTests {
    static func openSQLite(_ file: SnapshotFile) throws -> SQLiteConnection {
        try SQLiteConnection(uri: "file:" + file.path + "?mode=ro", busyTimeoutMilliseconds: 1000)
    }

    @Test func sqliteCancellerRetiresBeforeTheClose() throws {
        let file = try SnapshotFile(jobs: [SnapshotFile.Job(id: 1, createdAt: "2026-02-10 00:00:00")])
        var connection: SQLiteConnection? = try Self.openSQLite(file)
        let canceller = try #require(connection?.canceller)
        #expect(Interruption.shared.isRegistered(canceller))
        #expect(canceller.isArmed)
        connection = nil
        // A canceller copied by a signal handler before the close is inert after it.
        #expect(!Interruption.shared.isRegistered(canceller))
        #expect(!canceller.isArmed)
        canceller.cancel()
    }

    @Test(.enabled(if: TestServer.enabled)) func postgresCancellerRetiresBeforeTheFinish() throws {
        var connection: PGConnection? = try TestServer.admin()
        let canceller = try #require(connection?.canceller)
        #expect(Interruption.shared.isRegistered(canceller))
        connection = nil
        #expect(!Interruption.shared.isRegistered(canceller))
        #expect(!canceller.isArmed)
        canceller.cancel()
    }

    /// A cancel in progress holds the canceller's lock: the connection's close waits for it.
    @Test func retireWaitsForACancelInProgress() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let canceller = QueryCanceller {
            entered.signal()
            release.wait()
        }
        let cancelling = Thread { canceller.cancel() }
        cancelling.start()
        entered.wait()
        let retired = DispatchSemaphore(value: 0)
        let retiring = Thread {
            canceller.disarm()
            retired.signal()
        }
        retiring.start()
        #expect(retired.wait(timeout: .now() + 0.3) == .timedOut)
        release.signal()
        #expect(retired.wait(timeout: .now() + 5) == .success)
        #expect(!canceller.isArmed)
    }

    /// Connections opening and closing while another thread keeps cancelling them (as a signal
    /// handler would, from a copy taken before the close): no crash, nothing left registered.
    /// Only this test's own connections are cancelled, so that tests running beside it are not.
    @Test func cancelsRacingWithCloses() throws {
        let file = try SnapshotFile(jobs: [SnapshotFile.Job(id: 1, createdAt: "2026-02-10 00:00:00")])
        final class Shared: Sendable {
            let stop = Atomic(false)
            let cancellers = Mutex<[QueryCanceller]>([])
        }
        let shared = Shared()
        let signaller = Thread {
            while !shared.stop.load(ordering: .relaxed) {
                for canceller in shared.cancellers.withLock({ $0.suffix(4) }) { canceller.cancel() }
            }
        }
        signaller.start()
        for _ in 0..<500 {
            let connection = try Self.openSQLite(file)
            let canceller = try #require(connection.canceller)
            shared.cancellers.withLock { $0.append(canceller) }
        }
        shared.stop.store(true, ordering: .relaxed)
        #expect(shared.cancellers.withLock { $0.allSatisfy { !$0.isArmed && !Interruption.shared.isRegistered($0) } })
    }
}
