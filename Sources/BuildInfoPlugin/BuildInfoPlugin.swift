import Foundation
import PackagePlugin

/// Runs scripts/build-info before every build: it writes `BuildInfo.swift` with the git commit the
/// sources are built from (nil outside a git checkout), so `traceaudit --version` names it.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let folder = context.pluginWorkDirectoryURL.appending(path: "BuildInfo")
        return [
            .prebuildCommand(
                displayName: "Recording the commit traceaudit is built from",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [
                    package.appending(path: "scripts/build-info").path(percentEncoded: false),
                    package.path(percentEncoded: false), folder.path(percentEncoded: false),
                ],
                outputFilesDirectory: folder
            )
        ]
    }
}
