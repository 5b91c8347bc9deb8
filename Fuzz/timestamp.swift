// libFuzzer target: the timestamp reader. Built by scripts/fuzz with the library's sources.
// Invariants: no crash; a reading is within years 0001-9999 and reads back from its own text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimestamp(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let instant = Instant(parsing: bytes) {
        precondition(instant >= Instant.earliest && instant <= Instant.latest)
        precondition(Instant(parsing: instant.description) == instant, "\(instant) does not read back")
        _ = instant.day.description
    }
    return 0
}
