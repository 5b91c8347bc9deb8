// libFuzzer target: the SQLite rowid split. Built by scripts/fuzz with the library's sources.
// Input: two Int64 rowids and a part count (17 bytes, little-endian; shorter inputs are padded).
// Invariants: no crash; at most `count` parts, in order, contiguous, covering the range exactly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSplit(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = [UInt8](UnsafeBufferPointer(start: data, count: min(size, 17)))
    bytes += [UInt8](repeating: 0, count: 17 - bytes.count)
    func int64(at offset: Int) -> Int64 {
        (0..<8).reduce(Int64(0)) { $0 | Int64(bytes[offset + $1]) << (8 * Int64($1)) }
    }
    let first = int64(at: 0)
    let second = int64(at: 8)
    let range = min(first, second)...max(first, second)
    let count = Int(bytes[16] % 64)
    let parts = SQLiteSnapshot.split(range, into: count)
    precondition(!parts.isEmpty && parts.count <= max(1, count), "\(parts.count) parts for \(count)")
    precondition(parts.first!.lowerBound == range.lowerBound && parts.last!.upperBound == range.upperBound)
    for (left, right) in zip(parts, parts.dropFirst()) {
        precondition(left.upperBound < right.lowerBound && left.upperBound &+ 1 == right.lowerBound, "\(left) then \(right)")
    }
    _ = SQLiteSnapshot.span(of: range) > 200_000
    return 0
}
