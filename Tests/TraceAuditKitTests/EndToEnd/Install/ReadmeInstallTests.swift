import Foundation
import Testing

/// The scheduled and CI examples of README.md and docs/ find the installed binary: cron runs jobs with
/// PATH=/usr/bin:/bin, which does not hold scripts/install's /usr/local/bin.
@Suite("README install paths")
struct ReadmeInstallTests {
    /// The documentation's fenced blocks with the given info string, each as its lines.
    private static func blocks(_ info: String) throws -> [[String]] {
        try Documentation.blocks(info)
    }

    /// Every crontab that runs traceaudit by name sets a PATH with /usr/local/bin (scripts/install)
    /// and /usr/bin (the .deb) before its first job line, or calls it by an absolute path.
    @Test func crontabsFindTheInstalledBinary() throws {
        let crontabs = try Self.blocks("crontab")
        #expect(crontabs.count >= 2)
        for crontab in crontabs {
            var path: [Substring]?
            for line in crontab where !line.hasPrefix("#") && !line.isEmpty {
                if line.hasPrefix("PATH=") {
                    path = line.dropFirst("PATH=".count).split(separator: ":")
                    continue
                }
                let fields = line.split(separator: " ", maxSplits: 5)
                guard fields.count == 6, !fields[0].contains("=") else { continue }
                if fields[5].hasPrefix("/") { continue }
                #expect(path?.contains("/usr/local/bin") == true && path?.contains("/usr/bin") == true, "no PATH for: \(line)")
            }
        }
    }

    /// Every CI example that runs traceaudit says where the binary comes from and that it is on PATH.
    @Test func ciExamplesStateTheirPath() throws {
        for block in try Self.blocks("yaml") where block.contains(where: { $0.contains("traceaudit check") }) {
            #expect(block.contains { $0.hasPrefix("#") && $0.contains("PATH") }, "\(block.prefix(3))")
        }
    }
}
