// libFuzzer target: the argument parser. Arguments are the input split at NUL bytes.
// Invariants: no crash; a failure is always a usage error with a message, and the message quotes
// the arguments escaped: no control character or bidi override, whatever the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArguments(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let arguments = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    do {
        _ = try Command.parse(arguments, environment: [:], now: Instant(unchecked: 1_795_000_000_000_000))
    } catch {
        guard case .usage(let message) = error, !message.isEmpty else { preconditionFailure("not a usage error: \(error)") }
        let raw = message.unicodeScalars.first { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0x200E || scalar.value == 0x200F
        }
        if let raw { preconditionFailure("unescaped U+\(String(raw.value, radix: 16)) in: \(message)") }
    }
    return 0
}
