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

    /// Reads a record that holds the marker (`LogScanner.reading` decides that): a JSON object (message under `msg`, `message` or `event_message`; fields at
    /// the top level, under `metadata` or `context`, or in a JSON object inside the message), or a
    /// text line with the message followed by a JSON object or `key=value` pairs.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, source: String, line: Int) -> LoggedViolation {
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        let looksJSON = start < bytes.count && bytes[start] == UInt8(ascii: "{")
        var entry = LoggedViolation(source: source, line: line)
        if looksJSON {
            guard let object = JSONNode.parse(UnsafeBufferPointer(rebasing: bytes[start...])) else {
                entry.readable = false
                return entry
            }
            var scopes = [object]
            for key in LogTimestamp.nestedScopes {
                // A platform export holds its metadata as an array of one object.
                if case .array(let items) = object[key], let first = items.first { scopes.append(first) }
                else if let nested = object[key] { scopes.append(nested) }
            }
            let messages = ["msg", "message", "event_message"].compactMap { object[$0]?.text }
            if let message = messages.first(where: { $0.contains("POLICY_VIOLATION") }), let embedded = embeddedObject(in: message) {
                scopes.append(embedded)
            }
            entry.fill(from: scopes)
            return entry
        }
        let text = String(decoding: bytes, as: UTF8.self)
        entry.severity = severityWord(text)
        if let embedded = embeddedObject(in: text) {
            entry.fill(from: [embedded])
        } else if let pairs = keyValuePairs(after: text) {
            entry.fill(from: [pairs])
        } else if text.contains("{") {
            entry.readable = false
        }
        // The instant that starts a text line is the line's own time, whatever its fields say.
        if let leading = leadingTimestamp(text) { entry.loggedAt = leading }
        return entry
    }

    /// Takes each field from the first scope that has it.
    mutating func fill(from scopes: [JSONNode]) {
        func first(_ keys: [String]) -> JSONNode? {
            for scope in scopes { for key in keys { if let value = scope[key], value != .null { return value } } }
            return nil
        }
        jobId = first(["jobId", "job_id", "jobID", "job"])?.text ?? jobId
        type = first(["type", "jobType", "job_type"])?.text ?? type
        if let created = first(["createdAt", "created_at"]) { createdAt = LogTimestamp.instant(created) }
        correlationId = first(["correlationId", "correlation_id", "correlationID"])?.text ?? correlationId
        severity = first(["level", "severity", "lvl", "log_level"])?.text ?? severity
        if let time = first(LogTimestamp.keys) { loggedAt = LogTimestamp.instant(time) }
    }

    /// The JSON object that follows the marker in a text, if any.
    static func embeddedObject(in text: String) -> JSONNode? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer -> JSONNode? in
            let bytes = UnsafeBufferPointer(buffer)
            guard let at = find(marker, in: bytes, from: 0), let brace = bytes[at...].firstIndex(of: UInt8(ascii: "{")) else { return nil }
            var end = bytes.count
            while end > brace, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
            guard let node = JSONNode.parse(UnsafeBufferPointer(rebasing: bytes[brace..<end])), case .object = node else { return nil }
            return node
        }
    }

    /// `key=value` or `key="quoted value"` pairs after the marker, as an object; nil when none.
    static func keyValuePairs(after text: String) -> JSONNode? {
        guard let range = text.firstRange(of: "POLICY_VIOLATION") else { return nil }
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
