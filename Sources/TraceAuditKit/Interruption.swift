#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// SIGINT and SIGTERM during an audit: the running query is cancelled on the server (PQcancel) or
/// interrupted (sqlite3_interrupt), the audit fails with `TraceAuditError.interrupted`, no partial
/// `--output` is left, and the process exits 130 or 143.
///
/// The signals are taken by a dispatch source, not a C handler, so cancelling may call into libpq.
final class Interruption: @unchecked Sendable {
    /// The one instance; `install()` must run before the audit starts.
    static let shared = Interruption()

    /// The signal that arrived, or 0.
    private let received = Atomic<Int32>(0)
    private let cancellers = Mutex<[Int: @Sendable () -> Void]>([:])
    private let nextToken = Atomic<Int>(0)
    /// The signal sources, kept alive; written once, by `install()`, before any other thread runs.
    private var sources: [DispatchSourceSignal] = []

    /// Takes SIGINT and SIGTERM from here on (the program calls it; tests need not).
    func install() {
        for number in [SIGINT, SIGTERM] {
            _ = Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue.global(qos: .userInitiated))
            source.setEventHandler { [self] in
                received.store(number, ordering: .sequentiallyConsistent)
                for cancel in cancellers.withLock({ Array($0.values) }) { cancel() }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal that interrupted the audit, if one did.
    var receivedSignal: Int32? {
        let value = received.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }

    /// Registers a way to stop a running query; returns a token to unregister it with.
    func register(_ cancel: @escaping @Sendable () -> Void) -> Int {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        cancellers.withLock { $0[token] = cancel }
        if receivedSignal != nil { cancel() }
        return token
    }

    func unregister(_ token: Int) {
        _ = cancellers.withLock { $0.removeValue(forKey: token) }
    }

    /// Throws `.interrupted` when a signal arrived.
    func check() throws(TraceAuditError) {
        if let signal = receivedSignal { throw .interrupted(signal: signal) }
    }
}
