// libFuzzer target: the `--output` path rules (OutputPath). The input is a path, a NUL, then one
// byte per path component giving what the component names (regular, directory, link, FIFO, ...)
// and, for links, a target taken from the rest of the input.
// Invariants: no crash; a plan never replaces a FIFO, device, directory or link (only a regular
// file or nothing), nor follows a link another user owns; the temporary file lies in the replaced
// file's own folder; a standard stream is only inherited by its name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOutputPath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
    let path = String(decoding: parts[0], as: UTF8.self)
    let kindsBytes = parts.count > 1 ? Array(parts[1]) : []
    let targets = parts.count > 2 ? String(decoding: parts[2], as: UTF8.self).split(separator: "|").map(String.init) : []
    let kinds: [FileKind?] = [nil, .regular, .directory, .symbolicLink, .fifo, .characterDevice, .blockDevice, .socket, .other]
    var asked: [String: FileKind?] = [:]
    func kind(_ candidate: String) -> FileKind? {
        if let known = asked[candidate] { return known }
        let byte = kindsBytes.isEmpty ? 0 : Int(kindsBytes[asked.count % kindsBytes.count])
        let chosen = kinds[byte % kinds.count]
        asked[candidate] = chosen
        return chosen
    }
    func target(_ link: String) -> String? {
        targets.isEmpty ? nil : targets[link.utf8.count % targets.count]
    }
    // A link whose path has an odd length belongs to user 1000, the others to the caller (7).
    var linksFollowed: [String] = []
    func owner(_ link: String) -> UInt32? {
        linksFollowed.append(link)
        return link.utf8.count % 2 == 1 ? 1000 : 7
    }
    let plan = OutputPath.plan(path: path, caller: 7, kindAt: kind, linkTarget: target, linkOwner: owner)
    if case .refuseLink = plan {} else {
        precondition(linksFollowed.allSatisfy { $0.utf8.count % 2 == 0 }, "followed a link another user owns")
    }
    switch plan {
    case .replace(let file):
        let found = asked[file] ?? nil
        precondition(found == nil || found == .regular, "replaces a \(String(describing: found)): \(file)")
        let template = OutputPath.temporaryTemplate(for: file)!
        let folder = OutputPath.split(file)!.folder
        precondition(OutputPath.split(template)!.folder == folder, "temporary \(template) is not beside \(file)")
        precondition(template.utf8.reversed().starts(with: ".traceaudit-XXXXXX".utf8.reversed()))
    case .writeDirectly(let file):
        precondition(asked[file] == .fifo || asked[file] == .characterDevice, "writes directly to \(file)")
    case .inherit(let descriptor):
        precondition(descriptor >= 0)
    case .refuse(let reason), .refuseLink(let reason):
        precondition(reason.utf8.starts(with: "--output ".utf8))
        precondition(!reason.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "raw control in \(reason)")
    }
    return 0
}
