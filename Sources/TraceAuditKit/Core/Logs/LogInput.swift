/// One log source: a file, standard input (`-`), or a `.gz` file read through `gzip -dc`, read in
/// fixed-size chunks so that a multi-gigabyte log runs in flat memory.
final class LogInput {
    /// The name as given, for messages (`-` is standard input).
    let name: String
    private let descriptor: Int32
    private var child: Int32?
    private var finished = false

    /// Opens `name`; fails with a one-line message when it cannot be read.
    init(_ name: String) throws(TraceAuditError) {
        self.name = name
        if name == "-" {
            descriptor = OS.standardInput
            return
        }
        guard let status = OS.status(name, followingLinks: true) else {
            throw .cannotCheck("cannot read log \(name): \(OS.lastErrorText)")
        }
        guard status.kind != .directory else { throw .cannotCheck("log \(name) is a directory; give the log files") }
        if name.hasSuffix(".gz") {
            switch OS.spawnReadingOutput(["gzip", "-dc", "--", name]) {
            case .success(let gzip):
                child = gzip.process
                descriptor = gzip.descriptor
            case .failure(let error):
                throw .cannotCheck("cannot decompress log \(name): gzip could not start (\(error.text))")
            }
            return
        }
        descriptor = OS.openForReading(name)
        guard descriptor >= 0 else {
            throw .cannotCheck("cannot read log \(name): \(OS.lastErrorText)")
        }
    }

    deinit {
        if descriptor != OS.standardInput { OS.close(descriptor) }
        if let child, !finished { OS.stop(child) }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end. A failed gzip is an error at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceAuditError) -> Int {
        while true {
            guard let count = OS.read(descriptor, buffer.baseAddress!, buffer.count, until: Interruption.shared.isRequested) else {
                throw Interruption.shared.error
            }
            if count > 0 { return count }
            if count < 0 { throw .cannotCheck("cannot read log \(name): \(OS.lastErrorText)") }
            try finish()
            return 0
        }
    }

    private func finish() throws(TraceAuditError) {
        guard let child, !finished else { return }
        finished = true
        switch OS.wait(for: child) {
        case .exited(0):
            return
        case .exited(let code):
            throw .cannotCheck("cannot decompress log \(name): gzip failed (exit \(code)); is it a gzip file?")
        case .signalled(let signal):
            throw .cannotCheck("cannot decompress log \(name): gzip failed (signal \(signal)); is it a gzip file?")
        }
    }
}
