/// `--report FORMAT+=FILE`: the report is added after what FILE holds, for a file several commands
/// share (GitHub's `$GITHUB_STEP_SUMMARY`).
///
/// What it guarantees: the report is written to an unlinked temporary file while the audit runs,
/// and only a finished report is appended, in one pass at the end (FILE is opened with O_APPEND
/// when the run starts, so an unwritable FILE fails before the scan, and made when absent). A run
/// that fails appends nothing but the failed form some formats have (a JUnit error, Prometheus'
/// `traceaudit_up 0`). It is not atomic like a replacement: a reader during the copy can see part
/// of it, and a write that fails during the copy (a full disk) can leave part of it, ending in
/// exit 3.
final class AppendedReport: ReportFileSink, FileBackedSink {
    private let path: String
    private let shown: String
    private let target: Int32
    private let spool: Int32
    let sink: FileDescriptorSink
    private var finished = false

    /// Opens `path` for appending and a spool file in `temporaryFolder`.
    init(path: String, temporaryFolder: String) throws(TraceAuditError) {
        self.path = path
        shown = Escape.terminal(path)
        let target = OS.openForAppending(path)
        guard target >= 0 else { throw .cannotCheck("cannot append to --report \(shown): \(OS.lastErrorText)") }
        guard let spool = OS.makeTemporaryFile(temporaryFolder + "/traceaudit-report-XXXXXX") else {
            let reason = OS.lastErrorText
            OS.close(target)
            throw .cannotCheck(
                "cannot append to --report \(shown): no temporary file in \(Escape.terminal(temporaryFolder)) (\(reason)); set TMPDIR")
        }
        OS.remove(spool.path)
        self.target = target
        self.spool = spool.descriptor
        sink = FileDescriptorSink(descriptor: spool.descriptor)
    }

    deinit {
        discard()
    }

    /// Copies the finished report to the end of the file.
    func commit() throws(TraceAuditError) {
        guard !finished else { return }
        sink.flush()
        defer { discard() }
        if sink.closed { throw .cannotCheck("cannot append to --report \(shown): \(failure ?? "the write failed"); nothing was appended") }
        guard OS.rewind(spool) else { throw .cannotCheck("cannot append to --report \(shown): \(OS.lastErrorText); nothing was appended") }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        // What the file holds may not end its last line (a step's own `printf`): the report starts
        // on a line of its own, so a markdown heading stays a heading.
        var separated = OS.lastByte(path).map { $0 == UInt8(ascii: "\n") } ?? true
        while true {
            let read = buffer.withUnsafeMutableBytes { OS.read(spool, $0.baseAddress!, $0.count) }
            if read > 0 && !separated {
                separated = true
                var newline = UInt8(ascii: "\n")
                guard OS.write(target, &newline, 1) == 1 else {
                    throw .cannotCheck("cannot append to --report \(shown): \(OS.lastErrorText); nothing was appended")
                }
            }
            if read < 0 && OS.lastError == OS.interruptedCall { continue }
            guard read >= 0 else { throw .cannotCheck("cannot append to --report \(shown): \(OS.lastErrorText)") }
            if read == 0 { break }
            var offset = 0
            while offset < read {
                let written = buffer.withUnsafeBytes { OS.write(target, $0.baseAddress! + offset, read - offset) }
                if written < 0 && OS.lastError == OS.interruptedCall { continue }
                guard written > 0 else {
                    throw .cannotCheck("cannot append to --report \(shown): \(OS.lastErrorText); part of the report may have been appended")
                }
                offset += written
            }
        }
    }

    /// Appends nothing more and closes both files.
    func discard() {
        guard !finished else { return }
        finished = true
        OS.close(spool)
        OS.close(target)
    }
}
