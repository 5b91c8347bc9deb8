/// The files one run reads and writes, compared by what they are (device and inode, after links
/// and `/dev/fd/N`), not by how they are named: no report may replace an input (the snapshot, a
/// baseline, a log) and no two reports may share a file. Both are usage errors (exit 2), found
/// before anything is opened for writing.
struct ReportTargets {
    /// One file, as its option names it in a message, and what it is.
    struct Named {
        /// `--output r.json`, `--report junit=r.xml`, `--baseline b.txt`, `standard output`.
        var label: String
        var identity: FileIdentity
        /// Nil for a file not made yet.
        var kind: FileKind?
    }

    /// Where a report lands or an input is read from, as the file system knows it.
    enum FileIdentity: Hashable {
        /// An existing file.
        case file(device: UInt64, inode: UInt64)
        /// A file a report will make: its folder and its name there.
        case toBeMade(folderDevice: UInt64, folderInode: UInt64, name: String)
    }

    var outputs: [Named] = []
    var inputs: [Named] = []

    /// Adds the report file `path`, given as `option`, as `OutputFile` would reach it.
    mutating func addOutput(_ path: String, option: String) {
        let label = OutputPath.named(path, option: option)
        let identity: (FileIdentity, FileKind?)?
        switch OutputFile.plan(path: path, option: option) {
        case .inherit(let descriptor): identity = Self.identity(OS.status(descriptor: descriptor))
        case .writeDirectly(let file): identity = Self.identity(OS.status(file, followingLinks: true))
        case .replace(let file):
            if let status = OS.status(file, followingLinks: false) {
                identity = Self.identity(status)
            } else if let (folder, name) = OutputPath.split(file), let status = OS.status(folder, followingLinks: true) {
                identity = (.toBeMade(folderDevice: status.device, folderInode: status.inode, name: name), nil)
            } else {
                identity = nil
            }
        case .refuse, .refuseLink: identity = nil  // opening it says why
        }
        if let (identity, kind) = identity { outputs.append(Named(label: label, identity: identity, kind: kind)) }
    }

    /// Adds an open descriptor a report goes to (the standard output of the main report).
    mutating func addOutput(descriptor: Int32, label: String) {
        if let (identity, kind) = Self.identity(OS.status(descriptor: descriptor)) {
            outputs.append(Named(label: label, identity: identity, kind: kind))
        }
    }

    /// Adds an input file (`-` is standard input), when it exists.
    mutating func addInput(_ path: String, label: String) {
        let status = path == "-" ? OS.status(descriptor: OS.standardInput) : OS.status(path, followingLinks: true)
        if let (identity, kind) = Self.identity(status) { inputs.append(Named(label: label, identity: identity, kind: kind)) }
    }

    /// Throws `.usage` when a report would write an input or two reports share a file. Writing a
    /// character device changes nothing read from it (a terminal, /dev/null), so an input that is
    /// one may also be a report's; two reports on one device would still interleave.
    func check() throws(TraceAuditError) {
        for (index, output) in outputs.enumerated() {
            if let input = inputs.first(where: { $0.identity == output.identity && $0.kind != .characterDevice }) {
                throw .usage(.reportOverwritesInput(output: output.label, input: input.label))
            }
            if let earlier = outputs[..<index].first(where: { $0.identity == output.identity }) {
                throw .usage(.sameReportFile(output.label, earlier.label))
            }
        }
    }

    private static func identity(_ status: OS.FileStatus?) -> (FileIdentity, FileKind?)? {
        status.map { (.file(device: $0.device, inode: $0.inode), $0.kind) }
    }
}
