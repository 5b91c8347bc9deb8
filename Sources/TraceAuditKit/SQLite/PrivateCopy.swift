#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        var template = Array((temporaryFolder + "/traceaudit.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .cannotCheck("cannot make a temporary folder in \(temporaryFolder) to read \(source)-wal: \(PrivateCopy.lastError())")
        }
        folder = String(cString: made)
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
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        rmdir(folder)
    }

    private static func copy(_ source: String, to destination: String) throws(TraceAuditError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .cannotCheck("cannot read \(source): \(lastError())") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw .cannotCheck("cannot copy \(source) to \(destination): \(lastError())") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { return }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotCheck("cannot read \(source): \(lastError())")
            }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(output, $0.baseAddress! + offset, count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw .cannotCheck("cannot copy \(source) to \(destination): \(lastError())") }
                offset += written
            }
        }
    }

    static func lastError() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
