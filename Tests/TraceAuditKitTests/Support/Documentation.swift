import Foundation

/// The user documentation: README.md, then every docs/*.md in name order. The tests run its
/// snippets and follow its links, wherever a section lives.
enum Documentation {
    static var files: [URL] {
        let docs = Repository.path("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return [Repository.path("README.md")]
            + names.filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
    }

    /// A file's text.
    static func read(_ file: URL) throws -> String {
        try String(contentsOf: file, encoding: .utf8)
    }

    /// Every file's text, one after the other, README first.
    static func text() throws -> String {
        try files.map(read).joined(separator: "\n")
    }

    /// The fenced blocks whose info string is `info`, each as its lines, in document order.
    static func blocks(_ info: String) throws -> [[String]] {
        var blocks: [[String]] = []
        for file in files {
            var current: [String]?
            var open = false
            for line in try read(file).split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasPrefix("```") {
                    if open {
                        if let block = current { blocks.append(block) }
                        current = nil
                    } else if line.dropFirst(3) == info {
                        current = []
                    }
                    open.toggle()
                    continue
                }
                current?.append(line)
            }
        }
        return blocks
    }
}
