import Foundation

/// The repository the tests were built from: the nearest folder above this file that holds
/// Package.swift, wherever the test file sits in Tests/.
enum Repository {
    static let root: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        preconditionFailure("no Package.swift above \(#filePath)")
    }()

    /// A path inside the repository.
    static func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
