/// `--report FORMAT+=FILE`: the report is added after what FILE holds, for a file several commands
/// share (GitHub's `$GITHUB_STEP_SUMMARY`).
///
/// What it guarantees: the report is written to an unlinked temporary file while the audit runs,
/// and only a finished report is appended, in one pass at the end (FILE is opened with O_APPEND
/// when the run starts, so an unwritable FILE fails before the scan, and made when absent). A run
/// that fails appends nothing but the failed form some formats have (a JUnit error, Prometheus'
/// `traceaudit_up 0`). It is not atomic like a replacement: a reader during the copy can see part
/// of it; a write that fails during the copy (a full disk) is cut back off (ftruncate to the size
/// before), ending in exit 3 with the file as it was. Only formats whose file stays valid with two
/// reports in it are appended; the parser refuses the others.
final class AppendedReport: ReportFileSink, FileBackedSink {
    private let path: String
    private let shown: String
    private let target: Int32
    private let spool: Int32
    let sink: FileDescriptorSink
    private var finished = false
    /// The file's size before `commit` appended to it.
    private var sizeBefore: Int64?

    /// Opens `path`, given as `option` (`--report markdown+=`), for appending and a spool file in
    /// `temporaryFolder`. A symbolic link is followed as `OutputFile` follows it: only one the
    /// caller or root owns (exit 2 otherwise).
    init(path: String, option: String = "--report markdown+=", temporaryFolder: String) throws(TraceAuditError) {
        shown = OutputPath.named(path, option: option)
        var file = path
        switch OutputFile.plan(path: path, option: option) {
        case .replace(let resolved): file = resolved
        case .refuseLink(let reason): throw .usage(.invalid(reason))
        case .refuse(let reason): throw .failed(.local(.outputFile, reason))
        case .inherit, .writeDirectly: break
        }
        self.path = file
        let target = OS.openForAppending(file)
        guard target >= 0 else { throw .failed(.local(.outputFile, "cannot append to \(shown): \(OS.lastErrorText)", target: shown)) }
        guard let spool = OS.makeTemporaryFile(temporaryFolder + "/traceaudit-report-XXXXXX") else {
            let reason = OS.lastErrorText
            OS.close(target)
            throw .failed(.local(.outputFile,
                "cannot append to \(shown): no temporary file in \(Escape.terminal(temporaryFolder)) (\(reason)); set TMPDIR", target: shown))
        }
        OS.remove(spool.path)
        self.target = target
        self.spool = spool.descriptor
        sink = FileDescriptorSink(descriptor: spool.descriptor)
    }

    deinit {
        discard()
    }

    /// Checks that the whole report reached the spool file; throws (and discards) when not.
    func prepare() throws(TraceAuditError) {
        guard !finished else { return }
        sink.flush()
        if sink.closed {
            let reason = failure ?? "the write failed"
            discard()
            throw .failed(.local(.outputFile, "cannot append to \(shown): \(reason); nothing was appended", target: shown))
        }
    }

    /// Copies the finished report to the end of the file; a copy that fails part way (a full
    /// disk) is cut back off, so the file ends as it was. The files stay open for `withdraw`.
    func commit() throws(TraceAuditError) {
        try prepare()
        guard !finished, sizeBefore == nil else { return }
        guard let size = OS.status(descriptor: target)?.size, OS.rewind(spool) else {
            let reason = OS.lastErrorText
            discard()
            throw .failed(.local(.outputFile, "cannot append to \(shown): \(reason); nothing was appended", target: shown))
        }
        sizeBefore = size
        do throws(TraceAuditError) {
            try copy()
        } catch {
            withdraw()
            discard()
            throw error
        }
    }

    /// Cuts what `commit` appended back off (another report of the run failed after it).
    func withdraw() {
        guard !finished, let sizeBefore else { return }
        _ = OS.truncate(target, to: sizeBefore)
        self.sizeBefore = nil
    }

    private func copy() throws(TraceAuditError) {
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
                    throw .failed(.local(.outputFile, "cannot append to --report \(shown): \(OS.lastErrorText); nothing was appended", target: shown))
                }
            }
            if read < 0 && OS.lastError == OS.interruptedCall { continue }
            guard read >= 0 else { throw .failed(.local(.outputFile, "cannot append to \(shown): \(OS.lastErrorText); nothing was appended", target: shown)) }
            if read == 0 { break }
            var offset = 0
            while offset < read {
                let written = buffer.withUnsafeBytes { OS.write(target, $0.baseAddress! + offset, read - offset) }
                if written < 0 && OS.lastError == OS.interruptedCall { continue }
                guard written > 0 else {
                    throw .failed(.local(.outputFile, "cannot append to \(shown): \(OS.lastErrorText); nothing was appended", target: shown))
                }
                offset += written
            }
        }
        guard OS.sync(target) else {
            throw .failed(.local(.outputFile, "cannot append to \(shown): \(OS.lastErrorText); nothing was appended", target: shown))
        }
    }

    /// Appends nothing more and closes both files.
    func discard() {
        guard !finished else { return }
        finished = true
        sink.abandon()
        OS.close(spool)
        OS.close(target)
    }
}
