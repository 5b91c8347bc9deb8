// libFuzzer target: the log-record readers (JSON, text with JSON, JavaScript object literals or
// key=value, timestamps, the kubectl / CRI / Docker envelopes, joined lines, UTF-16/32 decoding).
// And the whole input's first decisions: compression and encoding by content, a leading JSON
// array or envelope document, CSV, line by line (LogRecords.read over an in-memory input).
// Invariant: no crash, whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let position = LogRecords.Position(input: "fuzz", line: 1)
    _ = LogScanner.reading(bytes, position)
    _ = LogTimestamp.sniff(bytes)
    _ = JSONNode.parse(bytes)
    _ = InspectReader.parse(bytes)
    _ = LogEnvelope.unwrap(bytes)
    var assembler = RecordAssembler()
    for half in [UnsafeBufferPointer(rebasing: bytes[..<(size / 2)]), UnsafeBufferPointer(rebasing: bytes[(size / 2)...])] {
        try? assembler.take(position, LogRecords.Record(bytes: half)) { _ = LogScanner.read($0) }
    }
    try? assembler.finish { _ = LogScanner.read($0) }
    try? LogRecords.read(LogInput(name: "fuzz", bytes: Array(bytes))) { _, _ in }
    var decoder = LogDecoder()
    var decoded: [UInt8] = []
    decoder.decode(bytes, into: &decoded)
    decoder.finish(into: &decoded)
    return 0
}
