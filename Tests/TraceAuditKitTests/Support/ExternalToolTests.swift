import Foundation
import Testing

/// The test support's own promise: a tool that writes much to both streams does not hang the test.
@Suite("Test support: running tools", .timeLimit(.minutes(1)))
struct ExternalToolTests {
    @Test func bothStreamsAreDrainedAtOnce() throws {
        let script = "import sys; sys.stderr.write('e' * 300000); sys.stderr.flush(); sys.stdout.write('o' * 300000)"
        let python = try #require(ExternalTool.find("python3"))
        let tool = try ExternalTool.run(python, ["-c", script], input: "")
        #expect(tool.status == 0)
        #expect(tool.output.count == 300_000 && tool.errors.count == 300_000)
        let process = try runProcess(python, ["-c", script])
        #expect(process.output.count == 300_000 && process.errors.count == 300_000)
    }
}
