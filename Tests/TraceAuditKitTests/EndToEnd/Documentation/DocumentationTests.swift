import Foundation
import Testing

/// README.md starts in one screen and points into docs/; every relative link of README.md and
/// docs/*.md reaches a file, and an anchor reaches a heading of it (issue 24 item 7).
@Suite("Docs links and shape")
struct DocumentationTests {
    /// The links of a markdown text outside fenced blocks and inline code: `[text](target)`.
    static func links(_ text: String) -> [String] {
        var links: [String] = []
        var fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            if fenced { continue }
            // Inline code can hold `](` (a regex, an example), so it is dropped first.
            let prose = line.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
            var rest = Substring(prose)
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                links.append(String(after[..<close]))
                rest = after[close...]
            }
        }
        return links
    }

    /// GitHub's anchors for a markdown text's headings: lowercased, punctuation other than `-`
    /// and `_` dropped, spaces made `-`; a repeated heading gets `-1`, `-2`, ….
    static func anchors(_ text: String) -> Set<String> {
        var anchors = Set<String>()
        var counts: [String: Int] = [:]
        var fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            guard !fenced, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            var slug = ""
            for character in title.lowercased() {
                if character == " " { slug.append("-") }
                else if character.isLetter || character.isNumber || character == "-" || character == "_" { slug.append(character) }
            }
            let seen = counts[slug, default: 0]
            counts[slug] = seen + 1
            anchors.insert(seen == 0 ? slug : "\(slug)-\(seen)")
        }
        return anchors
    }

    @Test func anchorsFollowGitHubsRule() {
        let anchors = Self.anchors("# What exit 0 proves\n## `logs`, `readiness` and `doctor` JSON\n## Writing to a file (`--output`)\n```sh\n# not a heading\n```\n## Formats\n## Formats\n")
        #expect(anchors == ["what-exit-0-proves", "logs-readiness-and-doctor-json", "writing-to-a-file---output", "formats", "formats-1"])
        #expect(Self.links("see [a](b.md#c) and `[x](y)` [d](https://e/f)\n```\n[g](h)\n```") == ["b.md#c", "https://e/f"])
    }

    @Test func everyRelativeLinkResolves() throws {
        var checked = 0
        for file in Documentation.files {
            let text = try Documentation.read(file)
            let folder = file.deletingLastPathComponent()
            for link in Self.links(text) where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let path = String(parts[0])
                let target = path.isEmpty ? file : folder.appendingPathComponent(path).standardizedFileURL
                let name = "\(file.lastPathComponent): (\(link))"
                #expect(FileManager.default.fileExists(atPath: target.path), "\(name): no such file")
                if parts.count == 2, target.pathExtension == "md", FileManager.default.fileExists(atPath: target.path) {
                    #expect(Self.anchors(try Documentation.read(target)).contains(String(parts[1])), "\(name): no such heading")
                }
                checked += 1
            }
        }
        #expect(checked >= 40)
    }

    /// docs/README.md names every file in docs/, so none is left unfound.
    @Test func theIndexNamesEveryDocsFile() throws {
        let index = try Documentation.read(Repository.path("docs/README.md"))
        for file in Documentation.files.dropFirst() where file.lastPathComponent != "README.md" {
            #expect(index.contains(file.lastPathComponent), "docs/README.md does not list \(file.lastPathComponent)")
        }
    }

    /// README.md starts in one screen: about 250 lines, the docs linked before the first command.
    @Test func readmeIsShortAndLinksTheDocsFirst() throws {
        let readme = try Documentation.read(Repository.path("README.md"))
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 250)
        let docs = try #require(readme.range(of: "(docs/README.md)"))
        let firstBlock = try #require(readme.range(of: "```"))
        #expect(docs.lowerBound < firstBlock.lowerBound)
        // The two commands .ci/run runs verbatim.
        #expect(readme.contains("\nswift run -c release traceaudit --db fixtures/demo.sqlite\n"))
        #expect(readme.contains("\nscripts/test\n"))
    }

    /// No table cell runs past 400 characters: long content is prose or a list.
    @Test func tableCellsStayShort() throws {
        for file in Documentation.files {
            for line in try Documentation.read(file).split(separator: "\n") where line.hasPrefix("|") {
                for cell in line.split(separator: "|") {
                    #expect(cell.count <= 400, "\(file.lastPathComponent): \(cell.prefix(60))…")
                }
            }
        }
    }
}
