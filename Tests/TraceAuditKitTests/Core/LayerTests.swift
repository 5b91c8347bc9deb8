import Foundation
import Testing

/// The layers of docs/ARCHITECTURE.md, checked on the sources: no layer names a type defined only
/// in a layer above it, the core imports no C library and names no engine, and only System/
/// imports the C library of the platform.
@Suite("Layers")
struct LayerTests {
    static func sources(under folder: String) throws -> [(path: String, text: String)] {
        let root = Repository.path("Sources/TraceAuditKit/" + folder)
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        return try walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map {
            ($0.path, try String(contentsOf: $0, encoding: .utf8))
        }
    }

    @Test func coreImportsNoCLibraryAndNamesNoEngine() throws {
        let files = try Self.sources(under: "Core")
        #expect(files.count > 20)
        for (path, text) in files {
            for forbidden in ["import CSQLite", "import CLibPQ", "import CCurl", "import Glibc", "import Darwin", "AuditSession", "AuditPlan", "SQLiteSnapshot", "PostgresDatabase"] {
                #expect(!text.contains(forbidden), "\(path) has \(forbidden)")
            }
        }
    }

    @Test func onlySystemImportsThePlatform() throws {
        for (path, text) in try Self.sources(under: "") where !path.contains("/System/") {
            #expect(!text.contains("import Glibc") && !text.contains("import Darwin"), "\(path)")
        }
    }

    @Test func onlyEnginesImportTheDatabaseLibraries() throws {
        for (path, text) in try Self.sources(under: "") where !path.contains("/Engines/") {
            #expect(!text.contains("import CSQLite") && !text.contains("import CLibPQ") && !text.contains("import CCurl"), "\(path)")
        }
    }

    /// The layers, lowest first: the folders of Sources/TraceAuditKit.
    static let layers = ["System", "Core", "Engines", "Checks", "Rendering", "CLI"]

    /// Upward references still waiting for their fix, as `path: Type` (none since System throws its
    /// own `Interrupted`). A listed reference that is gone fails the test too, so that the list only
    /// shrinks.
    static let pending: Set<String> = []

    /// One source file: its path under Sources/TraceAuditKit (its first folder is its layer).
    struct Source {
        var path: String
        var text: String
        var layer: String { String(path.prefix { $0 != "/" }) }
    }

    /// Every upward reference in `sources`, as `path: Type`: a type defined in a layer above the
    /// file's own (and in none at or below it) whose name appears in the file outside comments.
    static func upwardReferences(in sources: [Source]) -> Set<String> {
        var lowestDefinition: [String: Int] = [:]
        var identifiers: [String: Set<Substring>] = [:]
        for source in sources {
            guard let layer = layers.firstIndex(of: source.layer) else { continue }
            let code = withoutComments(source.text)
            for match in code.matches(of: #/\b(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z]\w*)/#) {
                let name = String(match.1)
                lowestDefinition[name] = min(lowestDefinition[name] ?? layer, layer)
            }
            identifiers[source.path] = Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") })
        }
        var references: Set<String> = []
        for source in sources {
            guard let layer = layers.firstIndex(of: source.layer) else { continue }
            for name in identifiers[source.path] ?? [] where (lowestDefinition[String(name)] ?? layer) > layer {
                references.insert("\(source.path): \(name)")
            }
        }
        return references
    }

    /// The text without `//` and `/* */` comments.
    static func withoutComments(_ text: String) -> String {
        text.replacing(#/\/\/.*/#, with: "").replacing(#/\/\*[\s\S]*?\*\//#, with: "")
    }

    @Test func noLayerNamesATypeOfALayerAboveIt() throws {
        let root = Repository.path("Sources/TraceAuditKit").path + "/"
        let sources = try Self.sources(under: "").map { Source(path: String($0.path.dropFirst(root.count)), text: $0.text) }
        #expect(Set(sources.map(\.layer)) == Set(Self.layers), "every folder is a layer")
        let references = Self.upwardReferences(in: sources)
        #expect(references.subtracting(Self.pending).sorted() == [], "each names a type defined only in a layer above its own")
        #expect(Self.pending.subtracting(references).sorted() == [], "fixed: take these out of LayerTests.pending")
    }

    /// The check finds a reference up, and none in a comment or down.
    @Test func upwardReferenceIsFound() {
        let sources = [
            Source(path: "Core/Tally.swift", text: "struct Tally {\n    var x: Writer  // a Writer\n}\n"),
            Source(path: "Core/Count.swift", text: "/* Writer */ struct Count { var tally: Tally }\n"),
            Source(path: "Rendering/Writer.swift", text: "final class Writer { var tally: Tally }\n"),
        ]
        #expect(Self.upwardReferences(in: sources) == ["Core/Tally.swift: Writer"])
    }
}
