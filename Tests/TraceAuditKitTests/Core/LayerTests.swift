import Foundation
import Testing

/// The layers of docs/ARCHITECTURE.md, checked on the sources: the core imports no C library and
/// names no engine, and only System/ imports the C library of the platform.
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
}
