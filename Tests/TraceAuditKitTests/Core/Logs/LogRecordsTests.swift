import Foundation
import Testing
@testable import TraceAuditKit

/// Reading records whatever their size, encoding or number: a record over the size limit that
/// holds the marker counts, UTF-16/32 logs are decoded, and an input without records fails.
@Suite("Log records")
struct LogRecordsTests {
    static let message = LogsCommandTests.message

    /// A JSON line whose marker lies `padding` bytes into its message.
    static func longLine(padding: Int, marker: Bool = true, time: String = "2026-02-05T10:00:00Z") -> [UInt8] {
        Array(#"{"time":"\#(time)","jobId":"big","msg":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: padding)
            + Array((marker ? Self.message : "no marker here") .utf8) + Array("\"}\n".utf8)
    }

    @Test(arguments: [9 << 20, (8 << 20) - 40, (8 << 20) - 20])
    func recordOverTheLimitHoldingTheMarkerCounts(padding: Int) throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = Array(#"{"time":"2026-02-05T09:00:00Z","msg":"started"}"#.utf8) + [0x0A]
        let path = try LogsCommandTests.write(small + Self.longLine(padding: padding) + small, "big.log", in: folder)
        let result = run(["logs", path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("logged.count") == 1)
        #expect(json.int("records") == 3)
        #expect(json.int("unreadable.count") == 1)
        let entry = try #require((json.value("logged.entries") as? [[String: Any]])?.first)
        #expect(entry["readable"] as? Bool == false)
        #expect(entry["line"] as? Int == 2)
        #expect(entry["logged_at"] as? String == "2026-02-05T10:00:00Z")
    }

    @Test func recordOverTheLimitWithoutTheMarkerIsUnreadableOnly() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try LogsCommandTests.write(Self.longLine(padding: 9 << 20, marker: false), "big.log", in: folder)
        let json = try run(["logs", path, "--format", "json"]).json
        #expect(json.int("logged.count") == 0)
        #expect(json.int("unreadable.count") == 1)
        #expect(json["passed"] as? Bool == true)
    }

    @Test func arrayElementOverTheLimitHoldingTheMarkerCounts() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var line = Self.longLine(padding: 9 << 20)
        line.removeLast()
        let bytes = Array("[\n".utf8) + line + Array(",\n{\"msg\":\"ok\"}\n]\n".utf8)
        let path = try LogsCommandTests.write(bytes, "export.json", in: folder)
        let json = try run(["logs", path, "--format", "json"]).json
        #expect(json.int("logged.count") == 1)
        #expect(json.int("records") == 2)
    }

    static let encodedLog = [
        #"{"time":"2026-02-05T09:00:00Z","msg":"started"}"#,
        #"{"time":"2026-02-05T10:00:00Z","msg":"\#(message)","jobId":"j1","type":"café ☕ 😀"}"#,
    ].joined(separator: "\r\n") + "\r\n"

    @Test(arguments: [
        ("utf16le", [0xFF, 0xFE], String.Encoding.utf16LittleEndian),
        ("utf16be", [0xFE, 0xFF], .utf16BigEndian),
        ("utf32le", [0xFF, 0xFE, 0x00, 0x00], .utf32LittleEndian),
        ("utf32be", [0x00, 0x00, 0xFE, 0xFF], .utf32BigEndian),
        ("utf8", [0xEF, 0xBB, 0xBF], .utf8),
    ] as [(String, [UInt8], String.Encoding)])
    func logWithAByteOrderMarkIsDecoded(name: String, mark: [UInt8], encoding: String.Encoding) throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = mark + [UInt8](try #require(Self.encodedLog.data(using: encoding)))
        let path = try LogsCommandTests.write(bytes, "\(name).log", in: folder)
        let result = run(["logs", path, "--format", "json"])
        #expect(result.code == .violations, "\(name): \(result.errors)")
        let json = try result.json
        #expect(json.int("logged.count") == 1)
        #expect(json.int("unreadable.count") == 0)
        let entry = try #require((json.value("logged.entries") as? [[String: Any]])?.first)
        #expect(entry["job_id"] as? String == "j1")
        #expect(entry["type"] as? String == "café ☕ 😀")
        #expect(entry["line"] as? Int == 2)
        try runProcess("/bin/gzip", ["-k", path])
        #expect(try run(["logs", path + ".gz", "--format", "json"]).json.int("logged.count") == 1)
    }

    /// Fed one byte at a time, the decoder gives what it gives for the whole input; broken code
    /// units become U+FFFD.
    @Test func decoderAcrossChunkBoundaries() throws {
        let text = "a😀é\n" + String(repeating: "x☕", count: 10)
        for encoding in [String.Encoding.utf16LittleEndian, .utf16BigEndian, .utf32LittleEndian, .utf32BigEndian] {
            var bytes = [UInt8](try #require(text.data(using: encoding)))
            bytes.insert(contentsOf: encoding == .utf16LittleEndian ? [0xFF, 0xFE] : encoding == .utf16BigEndian ? [0xFE, 0xFF]
                : encoding == .utf32LittleEndian ? [0xFF, 0xFE, 0, 0] : [0, 0, 0xFE, 0xFF], at: 0)
            var decoder = LogDecoder()
            var out: [UInt8] = []
            var all: [UInt8] = []
            for byte in bytes {
                [byte].withUnsafeBufferPointer { decoder.decode($0, into: &out) }
                all += out
            }
            decoder.finish(into: &out)
            all += out
            #expect(String(decoding: all, as: UTF8.self) == text, "\(encoding)")
        }
        var decoder = LogDecoder()
        var out: [UInt8] = []
        [0xFF, 0xFE, 0x3D, 0xD8, 0x41, 0x00, 0x00, 0xDC, 0x42].withUnsafeBufferPointer { decoder.decode($0, into: &out) }
        var all = out
        decoder.finish(into: &out)
        all += out
        #expect(String(decoding: all, as: UTF8.self) == "\u{FFFD}A\u{FFFD}\u{FFFD}")
        var short = LogDecoder()
        [0x61, 0x62].withUnsafeBufferPointer { short.decode($0, into: &out) }
        #expect(out.isEmpty)
        short.finish(into: &out)
        #expect(out == [0x61, 0x62])
    }

    /// Lines and JSON objects are taken a run at a time: records that straddle the reader's
    /// 64 KiB chunks, braces and quotes inside strings and objects spread over lines come out
    /// exactly as they went in.
    @Test func recordsAreWholeAcrossChunkBoundaries() throws {
        var expected: [String] = []
        var text = ""
        var index = 0
        while text.utf8.count < 3 << 16 {
            switch index % 4 {
            case 0: expected.append(#"{"msg":"a } ] \"quoted {\" [","n":\#(index)}"#)
            case 1: expected.append("{\n  \"msg\": \"pretty \(index) }\",\n  \"nested\": {\"a\": [1, 2]}\n}")
            case 2: expected.append("plain line \(index) with { and \" and [")
            default: expected.append(#"{"padding":"\#(String(repeating: "x", count: index % 997))"}"#)
            }
            text += expected[expected.count - 1] + (index % 5 == 0 ? "\r\n" : "\n")
            index += 1
        }
        var seen: [String] = []
        try LogRecords.read(LogInput(name: "chunks", bytes: Array(text.utf8))) { _, record in
            seen.append(String(decoding: record.bytes, as: UTF8.self))
        }
        #expect(seen.count == expected.count)
        #expect(seen == expected)
    }

    /// A NUL byte anywhere in a line or a JSON line is found, also when the line is taken whole.
    @Test(arguments: ["plain \u{0}text\n", "{\"msg\":\"a\u{0}b\"}\n"])
    func aNulByteInALineIsFound(line: String) throws {
        let bytes = Array((String(repeating: "{\"msg\":\"ok\"}\n", count: 5000) + line).utf8)
        #expect(throws: TraceAuditError.self) {
            try LogRecords.read(LogInput(name: "nul", bytes: bytes)) { _, _ in }
        }
    }

    @Test func anInputWithoutRecordsCannotBeChecked() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try LogsCommandTests.write([], "empty.log", in: folder)
        let blank = try LogsCommandTests.write(Array("\n\r\n\n".utf8), "blank.log", in: folder)
        let full = try LogsCommandTests.write(Array("all good\n".utf8), "full.log", in: folder)
        for path in [empty, blank] {
            let result = run(["logs", full, path])
            #expect(result.code == .cannotCheck)
            #expect(result.errors.contains("no log records read from \(path)"))
            #expect(run(["logs", full, path, "--allow-empty"]).code == .passed)
        }
        let piped = try runProcess("/bin/bash", ["-c", "true | '\(executableURL.path)' logs -"])
        #expect(piped.status == 3)
        #expect(piped.errors.contains("no log records read from -"))
        #expect(try runProcess("/bin/bash", ["-c", "true | '\(executableURL.path)' logs - --allow-empty"]).status == 0)
        let snapshot = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-03-01 10:00:00Z", traceId: "t")])
        #expect(run(["readiness", "--db", snapshot.path, "--logs", empty]).code == .cannotCheck)
        #expect(run(["--allow-empty", "--db", snapshot.path]).code == .usageError)
    }
}
