import Synchronization

/// The results of a scan's parts, written by the threads that ran them.
final class ScanResults: Sendable {
    private let results: Mutex<[Result<AuditTally, any Error>?]>

    init(count: Int) {
        results = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ result: Result<AuditTally, any Error>) {
        results.withLock { $0[index] = result }
    }

    /// Every part's result, in order; a part that never reported is an error.
    var all: [Result<AuditTally, any Error>] {
        results.withLock { $0.map { $0 ?? .failure(SQLiteError(code: 1, message: "a part of the scan did not finish")) } }
    }
}
