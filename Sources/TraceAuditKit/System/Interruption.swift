import Dispatch
import Synchronization

/// SIGINT, SIGTERM, SIGHUP and SIGQUIT during an audit: the running query is cancelled on the
/// server (PQcancel) or interrupted (sqlite3_interrupt), the audit fails with `Interrupted`
/// (which the layers above map to their own error), no partial `--output` is left, and the process exits 128 + the
/// signal's number (130, 143, 129, 131).
///
/// The signals are taken by a dispatch source, not a C handler, so cancelling may call into libpq.
/// Each connection owns its `QueryCanceller`, registered here while the connection is open.
final class Interruption: @unchecked Sendable {
    /// The one instance; `install()` must run before the audit starts.
    static let shared = Interruption()

    /// The signals handled, in the order of their numbers.
    static let signals = [OS.hangUp, OS.interrupt, OS.quit, OS.terminate]

    /// The signal that arrived, or 0.
    private let received = Atomic<Int32>(0)
    private let cancellers = Mutex<[ObjectIdentifier: QueryCanceller]>([:])
    /// The signal sources, kept alive; written once, by `install()`, before any other thread runs.
    private var sources: [DispatchSourceSignal] = []

    /// Takes the signals from here on (the program calls it; tests need not).
    func install() {
        for number in Interruption.signals {
            OS.ignore(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: DispatchQueue.global(qos: .userInitiated))
            source.setEventHandler { [self] in
                received.store(number, ordering: .sequentiallyConsistent)
                cancelAll()
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

    /// Cancels every open connection's running query. Each canceller takes its own lock, which its
    /// connection also takes before closing, so one whose connection is closing does nothing.
    func cancelAll() {
        for canceller in cancellers.withLock({ Array($0.values) }) { canceller.cancel() }
    }

    /// Whether `canceller` is registered (for tests).
    func isRegistered(_ canceller: QueryCanceller) -> Bool {
        cancellers.withLock { $0[ObjectIdentifier(canceller)] != nil }
    }

    /// Registers an open connection's canceller; it is called at once when a signal already came.
    func register(_ canceller: QueryCanceller) {
        cancellers.withLock { $0[ObjectIdentifier(canceller)] = canceller }
        if receivedSignal != nil { canceller.cancel() }
    }

    /// Unregisters a canceller; its connection calls this, and `QueryCanceller.disarm`, before closing.
    func unregister(_ canceller: QueryCanceller) {
        _ = cancellers.withLock { $0.removeValue(forKey: ObjectIdentifier(canceller)) }
    }

    /// Whether a signal arrived: the `until` of a wait that must end on one.
    var isRequested: () -> Bool { { [self] in receivedSignal != nil } }

    /// The error of a wait that a signal ended.
    var error: Interrupted { Interrupted(signal: receivedSignal ?? OS.interrupt) }

    /// Throws `Interrupted` when a signal arrived.
    func check() throws(Interrupted) {
        if let signal = receivedSignal { throw Interrupted(signal: signal) }
    }
}

/// A way to stop one connection's running query, owned by that connection: registered with
/// `Interruption` when the connection opens, unregistered and disarmed before its handle closes.
/// `cancel` and `disarm` take the same lock, so a cancel runs entirely before the close or not at
/// all: nothing calls into a C handle that may be closed.
final class QueryCanceller: Sendable {
    private let action: Mutex<(@Sendable () -> Void)?>

    /// `cancel` stops the connection's running query; it may be called from any thread.
    init(_ cancel: @escaping @Sendable () -> Void) {
        action = Mutex(cancel)
    }

    /// Stops the running query, unless the connection is closing.
    func cancel() {
        action.withLock { $0?() }
    }

    /// Makes `cancel` do nothing from now on; returns once a cancel in progress has finished.
    func disarm() {
        action.withLock { $0 = nil }
    }

    /// Whether `cancel` still does something.
    var isArmed: Bool {
        action.withLock { $0 != nil }
    }

    /// Registers with `Interruption` a canceller for a connection that has just opened.
    static func registered(_ cancel: @escaping @Sendable () -> Void) -> QueryCanceller {
        let canceller = QueryCanceller(cancel)
        Interruption.shared.register(canceller)
        return canceller
    }

    /// Unregisters and disarms: the connection may close its handle once this returns.
    func retire() {
        Interruption.shared.unregister(self)
        disarm()
    }
}
