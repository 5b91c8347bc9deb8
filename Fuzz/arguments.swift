// libFuzzer target: the argument parser. Arguments are the input split at NUL bytes.
// Invariants: no crash; a failure is always a usage error with a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArguments(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let arguments = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    do {
        _ = try Command.parse(arguments, environment: [:], now: Instant(unchecked: 1_795_000_000_000_000))
    } catch {
        guard case .usage(let message) = error, !message.isEmpty else { preconditionFailure("not a usage error: \(error)") }
    }
    return 0
}
