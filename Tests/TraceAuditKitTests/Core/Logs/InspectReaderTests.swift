import Testing
@testable import TraceAuditKit

/// The reader of Deno's and Node's inspect output.
@Suite("The inspect reader")
struct InspectReaderTests {
    @Test(arguments: [
        (#"{ jobId: "a", type: "b" }"#, JSONNode.object([("jobId", .string("a")), ("type", .string("b"))])),
        (#"{ jobId: 'a', n: 3, big: 12n, f: 1.5e3, neg: -2 }"#,
         .object([("jobId", .string("a")), ("n", .number("3")), ("big", .number("12")), ("f", .number("1.5e3")), ("neg", .number("-2"))])),
        (#"{ q: 'a"b', both: `it's "x"`, esc: 'it\'s\n\u00e9\u{1F600}\x41' }"#,
         .object([("q", .string("a\"b")), ("both", .string("it's \"x\"")), ("esc", .string("it's\né😀A"))])),
        ("{\n  note: 'line1\\n' +\n    'line2',\n  'x-id': \"7\"\n}", .object([("note", .string("line1\nline2")), ("x-id", .string("7"))])),
        (#"{ d: 2026-02-06T08:14:55.120Z, u: undefined, n: null, t: true, f: false }"#,
         .object([("d", .string("2026-02-06T08:14:55.120Z")), ("u", .null), ("n", .null), ("t", .bool(true)), ("f", .bool(false))])),
        (#"{ fn: [Function: f], o: [Object], s: Symbol(x), [Symbol(k)]: 1 }"#,
         .object([("fn", .string("Function: f")), ("o", .string("Object")), ("s", .string("Symbol(x)")), ("Symbol(k)", .number("1"))])),
        (#"Job { id: 'a', m: Map(2) { 'k' => 1, 'j' => [Object] }, s: Set(2) { 'x', 'y' } }"#,
         .object([("id", .string("a")), ("m", .object([("k", .number("1")), ("j", .string("Object"))])), ("s", .object([]))])),
        ("{\n  arr: [\n     0,  1,\n    ... 20 more items\n  ],\n  nested: { a: { b: [Object] } }\n}",
         .object([("arr", .array([.number("0"), .number("1")])), ("nested", .object([("a", .object([("b", .string("Object"))]))]))])),
        (#"<ref *1> Job { id: 'a', self: [Circular *1] }"#, .object([("id", .string("a")), ("self", .string("Circular *1"))])),
        (#"{ list: [ 'a', 'b' ], empty: [], obj: {} }"#, .object([("list", .array([.string("a"), .string("b")])), ("empty", .array([])), ("obj", .object([]))])),
    ] as [(String, JSONNode?)])
    func reads(text: String, node: JSONNode?) {
        #expect(InspectReader.parse(Substring(text)) == node, "\(text)")
    }

    @Test(arguments: ["", "{", "{ a: }", "{ a: 'x }", "{ a 'x' }", "[ 1, 2 ]", "{ a: 1 } trailing", "{ a: 'x' + }",
                      String(repeating: "{ a: ", count: 100) + String(repeating: "}", count: 100)])
    func refuses(text: String) {
        #expect(InspectReader.parse(Substring(text)) == nil)
    }
}
