/// A JSON document whose log records sit under an envelope key, as APIs and exports return them:
/// the Supabase Management API's `{"result": […], "error": null}`, Datadog's
/// `{"data": […], "meta": …, "links": …}`, and the like. Such a document is never one record:
/// its records are handed on one by one, or, when they are not an array of records (an
/// Elasticsearch `hits.hits`, a Loki query API `data.result`), the document is refused, naming
/// its shape, rather than counted as something it is not.
enum LogEnvelopeDocument {
    /// The keys a document's records sit under, by precedence.
    static let recordKeys = [
        "result", "results", "data", "hits", "items", "logs", "records", "events", "entries", "rows", "messages", "lines",
        "streams", "values", "documents",
    ]
    /// Keys that make an object a log record itself (its message), not an envelope.
    static let messageKeys = ["msg", "message", "event_message", "log", "line", "@message", "text"]

    /// When `bytes` (an object) is an envelope, hands each of its records to `handle` and returns
    /// true; returns false for an ordinary record. Throws for an envelope it cannot read, for one
    /// that reports an error, and for one too large to have been kept whole.
    static func expand(
        _ bytes: UnsafeBufferPointer<UInt8>, isCut: Bool, at position: LogRecords.Position, _ handle: LogRecords.Handler
    ) throws -> Bool {
        var skimmer = JSONSkimmer(bytes: bytes)
        let members = skimmer.members()
        var names = members.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.key]), as: UTF8.self) }
        guard !names.contains(where: messageKeys.contains) else { return false }
        if let key = skimmer.unfinishedKey {
            // A document cut inside its records: named below, never read as one record.
            names.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self))
            if recordKeys.contains(names.last!) {
                throw TraceAuditError.failed(.local(.logInput,
                    "log \(position.input) line \(position.line): a JSON document with its records under \"\(names.last!)\" is "
                        + (isCut ? "over \(LogRecords.maximumLength >> 20) MiB" : "cut off") + "; give its records as JSON lines (jq -c '.\(names.last!)[]')"))
            }
        }
        let envelopes = members.indices.filter { recordKeys.contains(names[$0]) }
        guard let first = envelopes.first else { return false }
        let place = "log \(position.input) line \(position.line)"
        if isCut || !skimmer.complete {
            throw TraceAuditError.failed(.local(.logInput,
                "\(place): a JSON document with its records under \"\(names[first])\" is \(isCut ? "over \(LogRecords.maximumLength >> 20) MiB" : "cut off"); "
                    + "give its records as JSON lines (jq -c '.\(names[first])[]')"))
        }
        if let error = members.indices.first(where: { names[$0] == "error" || names[$0] == "errors" }) {
            let value = members[error].value
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self)
            if text != "null" && text != "[]" && text != "{}" && text != "false" && text != "\"\"" {
                throw TraceAuditError.failed(.local(.logInput, "\(place): the response reports an error, so it holds no complete records: \(text.prefix(300))"))
            }
        }
        let arrays = envelopes.filter { bytes[members[$0].value.lowerBound] == UInt8(ascii: "[") }
        guard arrays.count == 1, let chosen = arrays.first else {
            throw TraceAuditError.failed(.local(.logInput, "\(place): \(shape(of: bytes, members: members, names: names, envelopes: envelopes)) is not a shape traceaudit reads; "
                + "give the records as JSON lines or a JSON array (docs/logs.md lists the shapes read)"))
        }
        var elements = JSONSkimmer(bytes: bytes, index: members[chosen].value.lowerBound)
        var line = position.line
        var counted = 0
        for (index, element) in elements.elements().enumerated() {
            for byte in bytes[counted..<element.lowerBound] where byte == 0x0A { line += 1 }
            counted = element.lowerBound
            try handle(
                LogRecords.Position(input: position.input, line: line, index: index),
                LogRecords.Record(bytes: UnsafeBufferPointer(rebasing: bytes[element])))
        }
        guard elements.complete else {
            throw TraceAuditError.failed(.local(.logInput, "\(place): the records under \"\(names[chosen])\" are not a whole JSON array"))
        }
        return true
    }

    /// Names a document it does not read, for the message.
    static func shape(of bytes: UnsafeBufferPointer<UInt8>, members: [JSONSkimmer.Member], names: [String], envelopes: [Int]) -> String {
        func inner(_ index: Int) -> [String] {
            var skimmer = JSONSkimmer(bytes: bytes, index: members[index].value.lowerBound)
            return skimmer.members().map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.key]), as: UTF8.self) }
        }
        let keys = envelopes.map { names[$0] }
        if let hits = envelopes.first(where: { names[$0] == "hits" }), inner(hits).contains("hits") {
            return "an Elasticsearch or OpenSearch search response (records under hits.hits)"
        }
        if let data = envelopes.first(where: { names[$0] == "data" }), inner(data).contains("result") {
            return "a Loki or Prometheus query API response (data.result); for Loki, save it with logcli query --output jsonl, which"
        }
        if keys.count > 1 { return "a JSON document with records under several keys (" + keys.map { "\"\($0)\"" }.joined(separator: ", ") + ")" }
        return "a JSON document whose \"\(keys[0])\" is not an array of records"
    }
}

/// Walks one JSON value's members or elements, skipping the values it does not need, without
/// building them.
struct JSONSkimmer {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// False when the value ended before it closed, or was not valid where it was walked.
    private(set) var complete = true
    /// The key whose value did not end, when `members()` stopped inside one.
    private(set) var unfinishedKey: Range<Int>?

    struct Member {
        /// The key's text, inside its quotes (escapes kept).
        var key: Range<Int>
        /// The value, white space around it excluded.
        var value: Range<Int>
    }

    init(bytes: UnsafeBufferPointer<UInt8>, index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    /// The members of the object at `index` (after white space); empty when it is none.
    mutating func members() -> [Member] {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return [] }
        index += 1
        var members: [Member] = []
        while true {
            skipSpace()
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return members
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "\""), let key = skipString() else { break }
            unfinishedKey = key
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { break }
            index += 1
            skipSpace()
            let start = index
            guard skipValue() else { break }
            members.append(Member(key: key, value: start..<index))
            unfinishedKey = nil
        }
        complete = false
        return members
    }

    /// The elements of the array at `index`; empty when it is none.
    mutating func elements() -> [Range<Int>] {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return [] }
        index += 1
        var elements: [Range<Int>] = []
        while true {
            skipSpace()
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return elements
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            let start = index
            guard skipValue() else { break }
            elements.append(start..<index)
        }
        complete = false
        return elements
    }

    mutating func skipSpace() {
        while index < bytes.count, LogRecords.isSpace(bytes[index]) { index += 1 }
    }

    /// Skips a string at `index` (its opening quote); returns the range of its content.
    mutating func skipString() -> Range<Int>? {
        let open = index + 1
        index = open
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return open..<(index - 1)
            }
            index += 1
        }
        return nil
    }

    /// Skips one value: a string, an object or array (whatever it holds), or a scalar.
    mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return skipString() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipString() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        default:
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}"), bytes[index] != UInt8(ascii: "]"),
                !LogRecords.isSpace(bytes[index])
            {
                index += 1
            }
            return index > start
        }
    }
}
