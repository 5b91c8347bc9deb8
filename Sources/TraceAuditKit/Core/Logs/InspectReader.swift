/// Reads the object-literal text that JavaScript runtimes print for `console.error(msg, obj)`:
/// Deno's inspect format (`{ jobId: "…", type: "…" }`) and Node's `util.inspect` (single-quoted
/// strings, `[Object]` past the depth limit, long values over several lines). Keys are
/// identifiers or quoted; strings take `'`, `"` or `` ` `` quotes with JavaScript escapes, and
/// `'a' + 'b'` joins; numbers may be BigInts (`12n`). Anything else a runtime prints for a value
/// (a `Date` as its ISO text, `[Function: f]`, `Symbol(x)`, `undefined`) is kept as its text;
/// a `Map`'s `key => value` entries read like members, a `Set`'s elements are skipped.
/// The result is a `JSONNode`, so the fields are taken like a JSON line's.
struct InspectReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    /// Parses the object literal filling `bytes` (white space around it allowed), or nil.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONNode? {
        var reader = InspectReader(bytes: bytes)
        guard let node = reader.value(depth: 0), case .object = node else { return nil }
        reader.skipSpace()
        return reader.index == bytes.count ? node : nil
    }

    /// Parses `text`; see `parse(_:)`.
    static func parse(_ text: Substring) -> JSONNode? {
        var text = String(text)
        return text.withUTF8 { parse($0) }
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    mutating func value(depth: Int) -> JSONNode? {
        guard depth < 64 else { return nil }
        skipSpace()
        skipReferencePrefix()
        guard let byte = peek() else { return nil }
        switch byte {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["):
            // `[ 1, 2 ]` and `[]` are arrays; `[Object]`, `[Function: f]`, `[Circular *1]` are tags.
            if let next = peek(1), next == 0x20 || next == 0x0A || next == UInt8(ascii: "]") { return array(depth: depth) }
            return tag()
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"): return joinedString().map(JSONNode.string)
        default:
            // A class or collection name before its braces: `Foo { a: 1 }`, `Map(1) { … }`.
            let start = index
            let word = bareWord()
            guard !word.isEmpty else { return nil }
            let afterWord = index
            skipSpace()
            if peek() == UInt8(ascii: "{") || (peek() == UInt8(ascii: "[") && peek(1) == 0x20) { return value(depth: depth + 1) }
            index = afterWord
            return scalar(word, from: start)
        }
    }

    /// `<ref *1> ` before a value that is referred to later.
    mutating func skipReferencePrefix() {
        guard peek() == UInt8(ascii: "<"), let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { return }
        index = close + 1
        skipSpace()
    }

    mutating func object(depth: Int) -> JSONNode? {
        index += 1
        var members: [(String, JSONNode)] = []
        while true {
            skipSpace()
            guard let byte = peek() else { return nil }
            if byte == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            if skipMoreItems() { continue }
            let key: String
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                guard let quoted = string() else { return nil }
                key = quoted
            case UInt8(ascii: "["):
                guard case .string(let text)? = tag() else { return nil }
                key = text
            default:
                key = bareWord()
                guard !key.isEmpty else { return nil }
            }
            skipSpace()
            if peek() == UInt8(ascii: ",") || peek() == UInt8(ascii: "}") {
                // An element of a Set (`Set(2) { 'a', 'b' }`): no field to take.
                if peek() == UInt8(ascii: ",") { index += 1 }
                continue
            }
            // `key: value`, or `key => value` in a Map (`Map(1) { 'k' => 1 }`).
            if peek() == UInt8(ascii: ":") {
                index += 1
            } else if peek() == UInt8(ascii: "="), peek(1) == UInt8(ascii: ">") {
                index += 2
            } else {
                return nil
            }
            guard let member = value(depth: depth + 1) else { return nil }
            members.append((key, member))
            skipSpace()
            if peek() == UInt8(ascii: ",") { index += 1 } else if peek() != UInt8(ascii: "}") { return nil }
        }
    }

    mutating func array(depth: Int) -> JSONNode? {
        index += 1
        var elements: [JSONNode] = []
        while true {
            skipSpace()
            guard let byte = peek() else { return nil }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            if skipMoreItems() { continue }
            guard let element = value(depth: depth + 1) else { return nil }
            elements.append(element)
            skipSpace()
            if peek() == UInt8(ascii: ",") { index += 1 } else if peek() != UInt8(ascii: "]") { return nil }
        }
    }

    /// `... 20 more items` closing a long array or object.
    mutating func skipMoreItems() -> Bool {
        guard peek() == UInt8(ascii: "."), peek(1) == UInt8(ascii: "."), peek(2) == UInt8(ascii: ".") else { return false }
        while let byte = peek(), byte != UInt8(ascii: ","), byte != UInt8(ascii: "]"), byte != UInt8(ascii: "}") { index += 1 }
        if peek() == UInt8(ascii: ",") { index += 1 }
        return true
    }

    /// `[Object]`, `[Function: f]`, `[Symbol(x)]`: the text inside the brackets.
    mutating func tag() -> JSONNode? {
        let open = index
        var depth = 0
        while let byte = peek() {
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    index += 1
                    return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<(index - 1)]), as: UTF8.self))
                }
            }
            if byte == 0x0A { return nil }
            index += 1
        }
        return nil
    }

    /// An identifier, number, date or other bare value, up to a separator.
    mutating func bareWord() -> String {
        let start = index
        var parentheses = 0
        while let byte = peek() {
            if byte == UInt8(ascii: "(") { parentheses += 1 }
            if byte == UInt8(ascii: ")") { parentheses -= 1 }
            if parentheses <= 0 && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ":") && !isTimeColon(at: index, from: start)
                || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{") || byte == 0x20 || byte == 0x0A
                || byte == 0x0D || byte == 0x09)
            {
                break
            }
            index += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// A colon inside an ISO instant (`2026-02-05T09:59:00.000Z`) belongs to the value.
    private func isTimeColon(at position: Int, from start: Int) -> Bool {
        position - start >= 13 && position + 1 < bytes.count && (48...57).contains(bytes[position + 1])
            && bytes[start..<position].contains(UInt8(ascii: "T")) && (48...57).contains(bytes[start])
    }

    func scalar(_ word: String, from start: Int) -> JSONNode {
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "undefined": return .null
        default:
            let digits = word.hasSuffix("n") ? String(word.dropLast()) : word
            if let first = digits.first, first.isNumber || first == "-", Double(digits) != nil { return .number(digits) }
            return .string(word)
        }
    }

    /// One string, or several joined by `+` as Node prints a long multi-line string.
    mutating func joinedString() -> String? {
        guard var text = string() else { return nil }
        while true {
            let save = index
            skipSpace()
            guard peek() == UInt8(ascii: "+") else {
                index = save
                return text
            }
            index += 1
            skipSpace()
            guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "`"),
                let more = string()
            else { return nil }
            text += more
        }
    }

    /// A quoted string at `index`, escapes decoded.
    mutating func string() -> String? {
        let quote = bytes[index]
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flush(_ end: Int) {
            if end > runStart {
                scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<end]), as: UTF8.self).unicodeScalars)
            }
        }
        while let byte = peek() {
            if byte == quote {
                flush(index)
                index += 1
                return String(scalars)
            }
            if byte == 0x0A && quote != UInt8(ascii: "`") { return nil }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            flush(index)
            index += 1
            guard let escape = peek() else { return nil }
            index += 1
            switch escape {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "v"): scalars.append("\u{0B}")
            case UInt8(ascii: "0"): scalars.append("\u{00}")
            case UInt8(ascii: "x"):
                guard let code = hex(2) else { return nil }
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            case UInt8(ascii: "u"):
                if peek() == UInt8(ascii: "{") {
                    guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")), close - index <= 7 else { return nil }
                    index += 1
                    guard let code = hex(close - index) else { return nil }
                    index = close + 1
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                } else {
                    guard var code = hex(4) else { return nil }
                    if (0xD800...0xDBFF).contains(code), peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        if let low = hex(4), (0xDC00...0xDFFF).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                        }
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                }
            default:
                // `\'`, `\"`, `` \` ``, `\\` and any other escaped character stand for themselves.
                index -= 1
                runStart = index
                index += 1
                continue
            }
            runStart = index
        }
        return nil
    }

    mutating func hex(_ count: Int) -> UInt32? {
        HexDigits.read(count, in: bytes, at: &index)
    }
}

/// How deep a text is inside `{ … }` and `[ … ]`, strings skipped: tells whether an object a
/// runtime printed over several lines is complete yet.
struct BracketBalance {
    private(set) var depth = 0
    private var quote: UInt8?
    private var escaped = false
    /// True once an opening bracket was seen.
    private(set) var opened = false

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { feed(byte) }
    }

    mutating func feed(_ byte: UInt8) {
        if let open = quote {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == open || (byte == 0x0A && open != UInt8(ascii: "`")) {
                quote = nil
            }
            return
        }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"): if opened { quote = byte }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            opened = true
        case UInt8(ascii: "}"), UInt8(ascii: "]"): if depth > 0 { depth -= 1 }
        default: break
        }
    }
}
