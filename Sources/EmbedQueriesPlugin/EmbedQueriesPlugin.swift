import Foundation
import PackagePlugin

/// Compiles every `Queries/<dialect>/<name>.sql` file of the package into the target as a Swift
/// source, so the binary carries its SQL and works when copied alone.
@main
struct EmbedQueriesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let queries = context.package.directoryURL.appending(path: "Queries")
        let files = try sqlFiles(under: queries)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedQueries.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) SQL files from Queries/",
                executable: try context.tool(named: "EmbedQueries").url,
                arguments: [queries.path(percentEncoded: false), output.path(percentEncoded: false)]
                    + files.map { $0.path(percentEncoded: false) },
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }

    private func sqlFiles(under folder: URL) throws -> [URL] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.path < $1.path }
    }
}
