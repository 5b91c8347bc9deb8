/// A copy of a snapshot and its `-wal` in a private temporary folder, removed with this object.
///
/// SQLite can read a `-wal` only through a `-shm` index that it creates beside the file. When a
/// snapshot has a `-wal` but no `-shm` (its writer is gone), reading it in place would leave a new
/// `-shm` behind, or fail in a read-only folder; reading a private copy does neither.
final class PrivateCopy {
    /// The copied database's path.
    let path: String
    private let folder: String

    /// Copies `source` and `source-wal` into a new folder under `$TMPDIR` (or /tmp).
    init(of source: String, temporaryFolder: String) throws(TraceAuditError) {
        guard let made = OS.makeTemporaryFolder(temporaryFolder + "/traceaudit.XXXXXX") else {
            throw .failed(.local(.snapshot, "cannot make a temporary folder in \(temporaryFolder) to read \(source)-wal: \(PrivateCopy.lastError())", target: source))
        }
        folder = made
        path = folder + "/snapshot.sqlite"
        do {
            try PrivateCopy.copy(source, to: path)
            try PrivateCopy.copy(source + "-wal", to: path + "-wal")
        } catch {
            remove()
            throw error
        }
    }

    deinit {
        remove()
    }

    private func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] { OS.remove(path + suffix) }
        OS.removeFolder(folder)
    }

    private static func copy(_ source: String, to destination: String) throws(TraceAuditError) {
        let input = OS.openForReading(source)
        guard input >= 0 else { throw .failed(.local(.snapshot, "cannot read \(source): \(lastError())", target: source)) }
        defer { OS.close(input) }
        let output = OS.createExclusively(destination, mode: 0o600)
        guard output >= 0 else { throw .failed(.local(.snapshot, "cannot copy \(source) to \(destination): \(lastError())", target: source)) }
        defer { OS.close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { OS.read(input, $0.baseAddress!, $0.count) }
            if count == 0 { return }
            if count < 0 {
                if OS.lastError == OS.interruptedCall { continue }
                throw .failed(.local(.snapshot, "cannot read \(source): \(lastError())", target: source))
            }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { OS.write(output, $0.baseAddress! + offset, count - offset) }
                if written < 0 && OS.lastError == OS.interruptedCall { continue }
                guard written > 0 else { throw .failed(.local(.snapshot, "cannot copy \(source) to \(destination): \(lastError())", target: source)) }
                offset += written
            }
        }
    }

    static func lastError() -> String {
        OS.lastErrorText
    }
}
