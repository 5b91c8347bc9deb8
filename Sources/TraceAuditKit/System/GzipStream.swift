import CZlib

/// Decompresses gzip (RFC 1952) as its bytes arrive, through zlib: one member after another (as
/// `cat a.gz b.gz` and log rotation make them), in a fixed output buffer, so a log of any size is
/// read in flat memory. The one owner of its `z_stream`.
final class GzipStream {
    /// Why the bytes could not be decompressed.
    struct Failure: Error {
        /// zlib's message, or what was wrong.
        var text: String
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableBufferPointer<UInt8>
    /// True between members: the last one ended and no byte of the next was seen yet.
    private var betweenMembers = false
    /// Bytes decompressed so far.
    private(set) var produced: Int64 = 0

    init() throws(Failure) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: 1 << 16)
        // 15 + 16: the largest window, and a gzip header and trailer (not zlib's or raw deflate).
        let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw Failure(text: "zlib could not start (\(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Decompresses `input`, handing each piece of output to `handle` before the next is made.
    func feed(_ input: UnsafeBufferPointer<UInt8>, _ handle: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
        stream.pointee.avail_in = UInt32(input.count)
        while stream.pointee.avail_in > 0 {
            if betweenMembers {
                guard inflateReset(stream) == Z_OK else { throw Failure(text: "zlib could not start the next member") }
                betweenMembers = false
            }
            _ = try step(handle)
        }
        // Output still held inside zlib once the input is used up.
        while !betweenMembers, try step(handle) > 0 {}
    }

    /// One call of `inflate` into the output buffer, its output handed on; returns how many bytes
    /// it made.
    private func step(_ handle: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        stream.pointee.next_out = output.baseAddress
        stream.pointee.avail_out = UInt32(output.count)
        let status = inflate(stream, Z_NO_FLUSH)
        let made = output.count - Int(stream.pointee.avail_out)
        if made > 0 {
            produced += Int64(made)
            try handle(UnsafeBufferPointer(rebasing: output[0..<made]))
        }
        switch status {
        case Z_OK, Z_BUF_ERROR: return made
        case Z_STREAM_END:
            betweenMembers = true
            return made
        default: throw Failure(text: stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)")
        }
    }

    /// Checks the end of the input: it must fall between members, never inside one.
    func finish() throws(Failure) {
        guard betweenMembers else { throw Failure(text: "the gzip data ends in the middle (truncated)") }
    }
}
