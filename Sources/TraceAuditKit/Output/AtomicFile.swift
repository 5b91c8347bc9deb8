#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A report file written atomically (`--output FILE`): into a temporary file in the same folder,
/// synced, then renamed over FILE, so a reader (a Prometheus scrape, a mail step) sees the old file
/// or the new one, never half of one. Until `commit`, FILE is untouched; `discard` leaves nothing.
final class AtomicFile: TextSink {
    /// The file to replace.
    let path: String
    private let temporaryPath: String
    private let sink: FileDescriptorSink
    private let descriptor: Int32
    private var finished = false

    /// Creates the temporary file beside `path`; fails when the folder is missing or not writable.
    init(path: String) throws(TraceAuditError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw .usage("--output '\(path)' names a folder; give a file name") }
        var template = Array(((folder.isEmpty ? "" : folder) + "/." + name + ".traceaudit-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .cannotCheck("cannot write --output \(path): \(String(cString: strerror(errno)).lowercased()) (in \(folder.isEmpty ? "/" : folder))")
        }
        self.descriptor = descriptor
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        sink = FileDescriptorSink(descriptor: descriptor)
        // mkstemp makes the file 0600; a report is as readable as any new file (umask applies).
        let mask = umask(0o022)
        umask(mask)
        fchmod(descriptor, 0o666 & ~mask)
    }

    deinit {
        discard()
    }

    var closed: Bool { sink.closed }

    var failure: String? { sink.closed ? (sink.failure ?? "the file could not be written") : nil }

    func write(_ text: String) {
        sink.write(text)
    }

    func flush() {
        sink.flush()
    }

    /// Syncs the temporary file and renames it over `path`.
    func commit() throws(TraceAuditError) {
        guard !finished else { return }
        sink.flush()
        if sink.closed || fsync(descriptor) != 0 {
            let reason = sink.failure ?? String(cString: strerror(errno)).lowercased()
            discard()
            throw .cannotCheck("cannot write --output \(path): \(reason); the previous file is unchanged")
        }
        close(descriptor)
        finished = true
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno)).lowercased()
            unlink(temporaryPath)
            throw .cannotCheck("cannot write --output \(path): \(reason); the previous file is unchanged")
        }
    }

    /// Removes the temporary file; `path` stays as it was.
    func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        unlink(temporaryPath)
    }
}
