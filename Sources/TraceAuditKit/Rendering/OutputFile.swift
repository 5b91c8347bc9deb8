/// The report file of `--output FILE`, reached as `OutputPath` decides.
///
/// A regular file (or a new one) is replaced atomically: the report goes into a temporary file in
/// the same folder, synced, then renamed over FILE, so a reader (a Prometheus scrape, a mail step)
/// sees the old file or the new one, never half of one. The replacement keeps the mode, owner and
/// group of the file it replaces; a symbolic link is followed and its target replaced. Until
/// `commit`, FILE is untouched; `discard` leaves nothing. A FIFO, a character device or a standard
/// stream is written directly, as a shell redirection would.
final class OutputFile: FileBackedSink {
    /// The file as given.
    let path: String
    /// The path as error messages show it, escaped for a terminal.
    private let shown: String
    let sink: FileDescriptorSink
    private let descriptor: Int32
    /// The file to rename the temporary over, when replacing.
    private let replaced: String?
    private let temporaryPath: String?
    private var finished = false
    private var prepared = false

    /// Opens what `path`, given as `option` (`--output`, `--report junit=`), names for the report;
    /// fails with exit 3 for a directory, a missing or read-only folder, and any other path that
    /// cannot take a report, with exit 2 for a link another user owns.
    init(path: String, option: String = "--output") throws(TraceAuditError) {
        self.path = path
        shown = OutputPath.named(path, option: option)
        switch OutputFile.plan(path: path, option: option) {
        case .refuse(let reason):
            throw .failed(.local(.outputFile, reason))
        case .refuseLink(let reason):
            throw .usage(.invalid(reason))
        case .inherit(let inherited):
            let copy = OS.duplicate(inherited)
            guard copy >= 0 else {
                throw .failed(.local(.outputFile, "cannot write \(shown): descriptor \(inherited) is not open", target: shown))
            }
            (descriptor, replaced, temporaryPath) = (copy, nil, nil)
        case .writeDirectly(let file):
            let opened = OS.openForWriting(file, until: { Interruption.shared.receivedSignal != nil })
            guard opened >= 0 else { throw .failed(.local(.outputFile, "cannot write \(shown): \(OS.lastErrorText)", target: shown)) }
            (descriptor, replaced, temporaryPath) = (opened, nil, nil)
        case .replace(let file):
            let previous = OS.status(file, followingLinks: false)
            guard let template = OutputPath.temporaryTemplate(for: file), let made = OS.makeTemporaryFile(template) else {
                let folder = OutputPath.split(file)?.folder ?? file
                throw .failed(.local(.outputFile, "cannot write \(shown): \(OS.lastErrorText) (in \(Escape.terminal(folder)))", target: shown))
            }
            (descriptor, replaced, temporaryPath) = (made.descriptor, file, made.path)
            // mkstemp makes the file 0600: a new report gets the mode of any new file (umask
            // applies); a replaced one keeps its mode, owner and group.
            if let previous, !OS.setOwner(made.descriptor, user: previous.user, group: previous.group) {
                let reason = OS.lastErrorText
                OS.close(made.descriptor)
                OS.remove(made.path)
                throw .failed(.local(.outputFile,
                    "cannot write \(shown): cannot keep its owner and group (\(reason)); run as its owner or write elsewhere; the previous file is unchanged", target: shown))
            }
            _ = OS.setMode(made.descriptor, previous?.mode ?? (0o666 & ~OS.creationMask))
        }
        sink = FileDescriptorSink(descriptor: descriptor)
    }

    deinit {
        discard()
    }

    /// `OutputPath.plan` on this machine's files, for this process's user.
    static func plan(path: String, option: String) -> OutputPath.Plan {
        OutputPath.plan(
            path: path, option: option, caller: OS.effectiveUser,
            kindAt: { OS.status($0, followingLinks: false)?.kind },
            linkTarget: OS.linkTarget,
            linkOwner: { OS.status($0, followingLinks: false)?.user }, userName: OS.userName)
    }

    /// Makes the report durable without putting it in place: syncs the temporary file, or flushes
    /// a direct write. Throws (and discards) when the disk refuses it.
    func prepare() throws(TraceAuditError) {
        guard !finished, !prepared else { return }
        sink.flush()
        if replaced == nil {
            if sink.closed {
                let reason = failure ?? "the write failed"
                discard()
                throw .failed(.local(.outputFile, "cannot write \(shown): \(reason)", target: shown))
            }
        } else if sink.closed || !OS.sync(descriptor) {
            let reason = sink.failure ?? OS.lastErrorText
            discard()
            throw .failed(.local(.outputFile, "cannot write \(shown): \(reason); the previous file is unchanged", target: shown))
        }
        prepared = true
    }

    /// Finishes the report: `prepare`, then renames the temporary file over the file it replaces.
    func commit() throws(TraceAuditError) {
        try prepare()
        guard !finished else { return }
        guard let replaced, let temporaryPath else {
            finished = true
            OS.close(descriptor)
            return
        }
        OS.close(descriptor)
        finished = true
        guard OS.rename(temporaryPath, replaced) else {
            let reason = OS.lastErrorText
            OS.remove(temporaryPath)
            throw .failed(.local(.outputFile, "cannot write \(shown): \(reason); the previous file is unchanged", target: shown))
        }
    }

    /// Removes the temporary file (`path` stays as it was), or stops a direct write.
    func discard() {
        guard !finished else { return }
        finished = true
        sink.abandon()
        OS.close(descriptor)
        if let temporaryPath { OS.remove(temporaryPath) }
    }
}
