import Testing
@testable import TraceAuditKit

@Suite("The JSON reader for log lines")
struct JSONNodeTests {
    @Test(arguments: [
        ("{}", JSONNode.object([])),
        ("[]", .array([])),
        (" {\"a\" : [1, -2.5e3, true, false, null]} ", .object([("a", .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))])),
        ("\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\"", .string("é😀\n\"\\/")),
        ("{\"k\":{\"n\":{\"m\":\"v\"}}}", .object([("k", .object([("n", .object([("m", .string("v"))]))]))])),
    ])
    func parses(text: String, node: JSONNode) {
        #expect(JSONNode.parse(text) == node)
    }

    @Test(arguments: [
        "", "{", "{\"a\":}", "{\"a\" 1}", "[1,]", "[1 2]", "\"unterminated", "\"bad \\x escape\"", "tru", "{\"a\":1}}",
        "\"raw\ncontrol\"", "\"\\ud800\\u0041\"", "-", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func refuses(text: String) {
        #expect(JSONNode.parse(text) == nil)
    }

    @Test func invalidUTF8BecomesReplacement() {
        let bytes: [UInt8] = Array("{\"t\":\"a".utf8) + [0xFF, 0xFE] + Array("b\"}".utf8)
        let node = bytes.withUnsafeBufferPointer { JSONNode.parse($0) }
        #expect(node?["t"]?.text == "a\u{FFFD}\u{FFFD}b")
    }
}
