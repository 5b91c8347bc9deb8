extension LoggedViolation {
    /// The message the orchestrator logs for each violation.
    static let marker = Array("POLICY_VIOLATION".utf8)
    static let message = "POLICY_VIOLATION: Job succeeded without trace_id"

    /// What a record turned out to be.
    enum Reading {
        /// A policy-violation entry (perhaps with fields that could not be read).
        case violation(LoggedViolation)
        /// A record without the marker: another log line.
        case other
        /// A record that should be JSON and is not, and holds no marker: reported, never dropped.
        case unreadable
    }

    /// Reads a record that holds the marker (`LogScanner.reading` decides that): a JSON object
    /// (message under `msg`, `message` or `event_message`; fields at the top level, under `metadata`
    /// or `context` (an object, or an array of one as platform exports hold it), in a message that
    /// is itself a JSON object, or in a JSON or JavaScript object literal after the marker in the
    /// message), or a text line with the message followed by a JSON object, a JavaScript object
    /// literal (`console.error(msg, obj)` in Deno or Node) or `key=value` pairs.
    ///
    /// `anchor` is the text the fields follow (the marker; for another record, what it shows);
    /// nil takes the first object in the text and the first message.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, source: String, line: Int, anchor: String? = "POLICY_VIOLATION") -> LoggedViolation {
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        let looksJSON = start < bytes.count && bytes[start] == UInt8(ascii: "{")
        var entry = LoggedViolation(source: source, line: line)
        if looksJSON {
            guard let object = JSONNode.parse(UnsafeBufferPointer(rebasing: bytes[start...])) else {
                entry.readable = false
                return entry
            }
            var readable = true
            entry.fill(from: scopes(of: object, depth: 0, anchor: anchor, readable: &readable))
            entry.readable = readable
        } else {
            let text = String(decoding: bytes, as: UTF8.self)
            entry.level = severityWord(text)
            if let embedded = embeddedObject(in: text, after: anchor) {
                entry.fill(from: [Scope(node: embedded, isLog: false)])
            } else if let pairs = keyValuePairs(after: text, anchor: anchor) {
                entry.fill(from: [Scope(node: pairs, isLog: false)])
            } else if text.contains("{") {
                entry.readable = false
            }
            // The instant that starts a text line is the line's own time, whatever its fields say.
            if let leading = leadingTimestamp(text) { entry.loggedAt = leading }
        }
        if entry.severity == nil { entry.severity = entry.level.map(levelName) }
        return entry
    }

    /// An object fields are taken from, and whether it is the log record itself (or its
    /// platform's metadata), where the log time may be read; an object after the marker is the
    /// job's, and its times are the job's.
    struct Scope {
        var node: JSONNode
        var isLog: Bool
    }

    /// The objects a JSON record's fields are taken from, in precedence order: the record, its
    /// platform's nesting (`attributes` of a Datadog event and the raw event under it), then what
    /// its message holding the marker carries (a whole JSON record, or an object after the
    /// marker), then its `metadata`/`context`. `readable` turns false when that message has an
    /// object that cannot be read.
    static func scopes(of object: JSONNode, depth: Int, anchor: String?, readable: inout Bool) -> [Scope] {
        var record = object
        if case .object(let members) = object, object["type"]?.text == "log", case .object? = object["attributes"] {
            // A Datadog event's `type` is its kind of resource, not the job's type.
            record = .object(members.filter { $0.0 != "type" })
        }
        var scopes = [Scope(node: record, isLog: true)]
        // Datadog's event: `attributes` (message, timestamp, …) and the raw event under its own
        // `attributes.data`.
        for key in ["attributes", "data"] where depth < 3 {
            if let nested = object[key], case .object = nested {
                scopes += self.scopes(of: nested, depth: depth + 1, anchor: anchor, readable: &readable)
            }
        }
        let messages = ["msg", "message", "event_message", "line", "log"].compactMap { object[$0]?.text }
        // The message holding the marker; else one that is a whole JSON record (whose strings may
        // hold it escaped).
        if let message = messages.first(where: { anchor.map($0.contains) ?? true }) ?? messages.first(where: { $0.first == "{" }) {
            var trimmed = message.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            // Datadog's message: the event's timestamp, then the raw event (or its message).
            if trimmed.first != "{", trimmed.first?.isNumber == true, let space = trimmed.firstIndex(of: " "),
                Instant(parsing: String(trimmed[..<space])) != nil
            {
                trimmed = trimmed[trimmed.index(after: space)...]
            }
            if trimmed.first == "{", depth < 3, let inner = JSONNode.parse(String(trimmed)), case .object = inner {
                // The application's own record, as a platform stored it: its fields come before
                // the platform's metadata.
                scopes += self.scopes(of: inner, depth: depth + 1, anchor: anchor, readable: &readable)
            } else if let embedded = embeddedObject(in: String(trimmed), after: anchor) {
                scopes.append(Scope(node: embedded, isLog: false))
            } else if let found = trimmed.firstRange(of: anchor ?? ""), trimmed[found.upperBound...].contains("{") {
                readable = false
            }
        }
        for key in LogTimestamp.nestedScopes {
            // A platform export holds its metadata as an array of one object.
            if case .array(let items) = object[key], let first = items.first { scopes.append(Scope(node: first, isLog: true)) }
            else if let nested = object[key] { scopes.append(Scope(node: nested, isLog: true)) }
        }
        return scopes
    }

    /// Takes each field from the first scope that has it. The record's own `severity` wins; the
    /// logger's level (`level`: pino's 50, winston's `error`) is kept beside it. The log time is
    /// taken only from the log record's own scopes.
    mutating func fill(from scopes: [Scope]) {
        func first(_ keys: [String], logOnly: Bool = false) -> JSONNode? {
            for scope in scopes where scope.isLog || !logOnly {
                for key in keys { if let value = scope.node[key], value != .null { return value } }
            }
            return nil
        }
        jobId = first(["jobId", "job_id", "jobID", "job"])?.text ?? jobId
        type = first(["type", "jobType", "job_type"])?.text ?? type
        if let created = first(["createdAt", "created_at"]) { createdAt = LogTimestamp.instant(created) }
        correlationId = first(["correlationId", "correlation_id", "correlationID"])?.text ?? correlationId
        severity = first(["severity"])?.text ?? severity
        level = first(["level", "lvl", "log_level"])?.text ?? level
        if let time = first(LogTimestamp.keys, logOnly: true) { loggedAt = LogTimestamp.instant(time) }
    }

    private static let unicodeEscape = Array("\\u".utf8)

    /// Whether a JSON record holds the marker only once its strings are unescaped
    /// (`"msg":"POLICY\u005fVIOLATION…"`), in a string or in a JSON record a string holds.
    static func holdsEscapedMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard find(unicodeEscape, in: bytes, from: 0) != nil else { return false }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{"),
            let node = JSONNode.parse(UnsafeBufferPointer(rebasing: bytes[start...]))
        else { return false }
        func holds(_ node: JSONNode, depth: Int) -> Bool {
            switch node {
            case .string(let text):
                if text.contains("POLICY_VIOLATION") { return true }
                guard depth < 3, text.contains("\\u"), text.first == "{", let inner = JSONNode.parse(text) else { return false }
                return holds(inner, depth: depth + 1)
            case .object(let members): return members.contains { holds($0.1, depth: depth) }
            case .array(let elements): return elements.contains { holds($0, depth: depth) }
            default: return false
            }
        }
        return holds(node, depth: 0)
    }

    /// A logger's level as a word: pino's numbers named, anything else as written.
    static func levelName(_ level: String) -> String {
        switch level {
        case "10": return "trace"
        case "20": return "debug"
        case "30": return "info"
        case "40": return "warn"
        case "50": return "error"
        case "60": return "fatal"
        default: return level
        }
    }

    /// The object that follows the marker in a text, if any: JSON, or a JavaScript object literal
    /// as Deno and Node print it (see `InspectReader`).
    static func embeddedObject(in text: String, after anchor: String? = "POLICY_VIOLATION") -> JSONNode? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer -> JSONNode? in
            let bytes = UnsafeBufferPointer(buffer)
            let at = anchor.map { find(Array($0.utf8), in: bytes, from: 0) } ?? 0
            guard let at, let brace = bytes[at...].firstIndex(of: UInt8(ascii: "{")) else { return nil }
            var end = bytes.count
            while end > brace, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
            let object = UnsafeBufferPointer(rebasing: bytes[brace..<end])
            if let node = JSONNode.parse(object), case .object = node { return node }
            return InspectReader.parse(object)
        }
    }

    /// `key=value` or `key="quoted value"` pairs after the marker, as an object; nil when none.
    static func keyValuePairs(after text: String, anchor: String? = "POLICY_VIOLATION") -> JSONNode? {
        guard let range = anchor.map({ text.firstRange(of: $0) }) ?? text.startIndex..<text.startIndex else { return nil }
        var members: [(String, JSONNode)] = []
        var rest = Substring(text[range.upperBound...])
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].split(separator: " ").last.map(String.init) ?? ""
            var after = rest[rest.index(after: equals)...]
            let value: Substring
            if after.first == "\"" {
                after = after.dropFirst()
                let close = after.firstIndex(of: "\"") ?? after.endIndex
                value = after[..<close]
                rest = close < after.endIndex ? after[after.index(after: close)...] : ""
            } else {
                let space = after.firstIndex(of: " ") ?? after.endIndex
                value = after[..<space]
                rest = after[space...]
            }
            if !key.isEmpty { members.append((key, .string(String(value)))) }
        }
        return members.isEmpty ? nil : .object(members)
    }

    /// The instant at the start of a text line: `2026-02-05T10:00:00Z …` or `[2026-02-05 10:00:00] …`.
    static func leadingTimestamp(_ text: String) -> Instant? {
        let trimmed = text.drop { $0 == "[" || $0 == " " }
        let tokens = trimmed.split(separator: " ", maxSplits: 2)
        guard let first = tokens.first else { return nil }
        let clean = { (token: Substring) in String(token.trimmingTrailing { $0 == "]" || $0 == "," }) }
        if let instant = Instant(parsing: clean(first)) {
            // "2026-02-05 10:00:00Z" is two tokens.
            if tokens.count > 1, let joined = Instant(parsing: clean(first) + " " + clean(tokens[1])) { return joined }
            return instant
        }
        return nil
    }

    /// A level word on a text line before the marker: WARN, ERROR, …
    static func severityWord(_ text: String) -> String? {
        guard let range = text.firstRange(of: "POLICY_VIOLATION") else { return nil }
        let before = text[..<range.lowerBound].split(whereSeparator: { $0 == " " || $0 == "[" || $0 == "]" || $0 == ":" })
        let levels: Set<String> = ["TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL"]
        return before.last { levels.contains($0.uppercased()) }.map { $0.lowercased() }
    }

    /// The first index of `needle` in `bytes` at or after `from`.
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = from
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

extension Substring {
    func trimmingTrailing(_ predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
