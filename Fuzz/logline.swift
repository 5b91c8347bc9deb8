// libFuzzer target: the log-record reader (JSON, text with JSON or key=value, timestamps).
// Invariant: no crash, whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = LogScanner.reading(bytes, LogRecords.Position(input: "fuzz", line: 1))
    _ = LogTimestamp.sniff(bytes)
    _ = JSONNode.parse(bytes)
    return 0
}
