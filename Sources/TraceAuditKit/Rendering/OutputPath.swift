/// How `--output PATH` reaches what PATH names. Atomic replace is for regular files only: a FIFO
/// or a character device is written directly (renaming over `/dev/null` would replace it for the
/// whole machine), the standard streams by their descriptor, a symbolic link through to its target
/// (the link stays), and a directory or anything else is refused.
///
/// A link is followed only when its owner is the caller or root, the rule the kernel applies in
/// sticky folders (fs.protected_symlinks): the link is read here, not opened through, so the
/// kernel's rule would not apply, and a link another user left in `/tmp` would aim the report at
/// any file the caller may write.
///
/// The decision is pure (`plan(path:kindAt:)`), so that it can be tested and fuzzed without files.
enum OutputPath {
    /// What to do with the path.
    enum Plan: Equatable {
        /// Write a temporary file beside `file`, then rename it over `file` (which may not exist).
        case replace(file: String)
        /// Open the existing `file` (a FIFO or character device) and write to it.
        case writeDirectly(file: String)
        /// Write to this already open descriptor (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`).
        case inherit(descriptor: Int32)
        /// Refuse, with the reason (exit 3).
        case refuse(reason: String)
        /// Refuse a link another user owns, with the reason (exit 2: the command line names it).
        case refuseLink(reason: String)
    }

    /// Symbolic links followed before giving up, as the kernel's limit.
    static let maximumLinks = 40

    /// The plan for `path`, given as `option` (`--output`, `--report junit=`); `kindAt` tells what
    /// a path names without following a final link (nil when nothing is there), `linkTarget` the
    /// stored target of a link, and `linkOwner` its owner (named by `userName`), followed only when
    /// `caller` or root.
    static func plan(
        path: String, option: String = "--output", caller: UInt32 = 0, kindAt: (String) -> FileKind?, linkTarget: (String) -> String?,
        linkOwner: (String) -> UInt32? = { _ in 0 }, userName: (UInt32) -> String? = { _ in nil }
    ) -> Plan {
        func shown(_ path: String) -> String { named(path, option: option) }
        var current = path
        for _ in 0...maximumLinks {
            if let descriptor = inheritedDescriptor(current) { return .inherit(descriptor: descriptor) }
            guard split(current) != nil else {
                return .refuse(reason: "\(shown(current)) names a folder; give a file name")
            }
            switch kindAt(current) {
            case nil, .regular?:
                return .replace(file: current)
            case .symbolicLink?:
                guard let owner = linkOwner(current), owner == caller || owner == 0 else {
                    let owner = linkOwner(current).map { "user \(userName($0).map { "\($0) (uid " } ?? "uid ")\($0))" } ?? "an unknown user"
                    return .refuseLink(
                        reason: "\(shown(current)) is a symbolic link owned by \(owner), not by you or root; it could aim the report at any file you may write: remove the link or write elsewhere")
                }
                guard let target = linkTarget(current), !target.isEmpty else {
                    return .refuse(reason: "\(shown(current)) is a symbolic link that cannot be read")
                }
                current = resolve(target, besideLinkAt: current)
            case .fifo?, .characterDevice?:
                return .writeDirectly(file: current)
            case .directory?:
                return .refuse(reason: "\(shown(current)) is a directory; give a file name in it")
            case .blockDevice?:
                return .refuse(reason: "\(shown(current)) is a block device; give a regular file")
            case .socket?, .other?:
                return .refuse(reason: "\(shown(current)) is a socket or special file; give a regular file")
            }
        }
        return .refuse(reason: "\(shown(path)): too many levels of symbolic links")
    }

    /// `path` as `option` gives it, for a message: `--output r.json`, `--report junit=r.xml`
    /// (an option ending in `=` takes the path without a space).
    static func named(_ path: String, option: String) -> String {
        option + (option.hasSuffix("=") ? "" : " ") + Escape.terminal(path)
    }

    /// The descriptor a path for a standard stream names: `/dev/stdout` 1, `/dev/stderr` 2,
    /// `/dev/fd/N` and `/proc/self/fd/N` N; nil for any other path.
    static func inheritedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.utf8.starts(with: prefix.utf8) {
            let digits = path.utf8.dropFirst(prefix.utf8.count)
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            return Int32(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }

    /// The folder and file name of `path` (the folder is `.` for a bare name, `/` for the root);
    /// nil when the path ends in `/` or names `.` or `..`, which are never files. Split at the
    /// byte `/` as the kernel does, never at a character (a `/` may start a grapheme cluster).
    static func split(_ path: String) -> (folder: String, name: String)? {
        let bytes = path.utf8
        let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
        let name = slash.map { String(decoding: bytes[bytes.index(after: $0)...], as: UTF8.self) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else { return nil }
        let folder = slash.map { String(decoding: bytes[..<$0], as: UTF8.self) } ?? "."
        return (folder.isEmpty ? "/" : folder, name)
    }

    /// The temporary file's template beside `file`: `FOLDER/.NAME.traceaudit-XXXXXX`.
    static func temporaryTemplate(for file: String) -> String? {
        guard let (folder, name) = split(file) else { return nil }
        return (folder == "/" ? "" : folder) + "/." + name + ".traceaudit-XXXXXX"
    }

    /// A link's stored target as a path: absolute as it is, relative from the link's folder.
    static func resolve(_ target: String, besideLinkAt link: String) -> String {
        if target.utf8.first == UInt8(ascii: "/") { return target }
        guard let slash = link.utf8.lastIndex(of: UInt8(ascii: "/")) else { return target }
        return String(decoding: link.utf8[...slash], as: UTF8.self) + target
    }
}
