/// One log source: a file, standard input (`-`), or bytes already in memory (a Management API
/// response body), read in fixed-size chunks so that a multi-gigabyte log runs in flat memory.
///
/// What the bytes are is told by their content, never by the name: gzip (its magic bytes, on a
/// file or a pipe alike) is decompressed in the process through zlib, member after member; the
/// other compressions and archives a log is kept in (zstd, xz, bzip2, lz4, …) cannot be read
/// here and fail the check, naming the format, rather than be read as text.
final class LogInput {
    /// The name as given, for messages (`-` is standard input).
    let name: String
    private let descriptor: Int32
    private let owned: Bool
    private var memory: [UInt8]?
    private var memoryOffset = 0

    /// Opens `name` (or `path`, when the input is shown under another name than the file it is
    /// read from); fails with a one-line message when it cannot be read.
    init(_ name: String, path: String? = nil) throws(TraceAuditError) {
        self.name = name
        let name = path ?? name
        if name == "-" {
            descriptor = OS.standardInput
            owned = false
            return
        }
        guard let status = OS.status(name, followingLinks: true) else {
            throw .failed(.local(.logInput, "cannot read log \(name): \(OS.lastErrorText)", target: name))
        }
        guard status.kind != .directory else { throw .failed(.local(.logInput, "log \(name) is a directory; give the log files", target: name)) }
        descriptor = OS.openForReading(name)
        owned = true
        guard descriptor >= 0 else {
            throw .failed(.local(.logInput, "cannot read log \(name): \(OS.lastErrorText)", target: name))
        }
    }

    /// A source whose bytes are all in memory already: `name` says where they came from.
    init(name: String, bytes: [UInt8]) {
        self.name = name
        descriptor = -1
        owned = false
        memory = bytes
    }

    deinit {
        if owned { OS.close(descriptor) }
    }

    /// Reads up to `buffer.count` raw bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceAuditError) -> Int {
        if let held = memory {
            let count = min(held.count - memoryOffset, buffer.count)
            held.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[memoryOffset..<(memoryOffset + count)])) }
            memoryOffset += count
            return count
        }
        while true {
            guard let count = OS.read(descriptor, buffer.baseAddress!, buffer.count, until: Interruption.shared.isRequested) else {
                throw TraceAuditError(Interruption.shared.error)
            }
            if count > 0 { return count }
            if count < 0 { throw .failed(.local(.logInput, "cannot read log \(name): \(OS.lastErrorText)", target: name)) }
            return 0
        }
    }

    /// Hands the log's content to `handle` chunk by chunk, decompressed when it is gzip; throws
    /// when the content is a format that cannot be read.
    func chunks(_ handle: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        // Enough of the start to tell the format by its magic bytes.
        var filled = 0
        while filled < LogInput.magicLength {
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[filled...]))
            if count == 0 { break }
            filled += count
        }
        let head = UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: filled)
        switch LogInput.format(of: head) {
        case .text:
            if filled > 0 { try handle(head) }
            while true {
                let count = try read(into: chunk)
                if count == 0 { return }
                try handle(UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
            }
        case .gzip:
            let gzip: GzipStream
            do { gzip = try GzipStream() } catch { throw TraceAuditError.failed(.local(.logInput, "cannot decompress log \(name): \(error.text)", target: name)) }
            var count = filled
            do {
                while count > 0 {
                    try gzip.feed(UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count), handle)
                    count = try read(into: chunk)
                }
                try gzip.finish()
            } catch let failure as GzipStream.Failure {
                throw TraceAuditError.failed(.local(.logInput,
                    "cannot decompress log \(name): \(failure.text) after \(gzip.produced) bytes; is the gzip file whole?", target: name))
            }
        case .unreadable(let format, let command):
            let file = name == "-" ? "" : " " + name
            throw TraceAuditError.failed(.local(.logInput,
                "log \(name) is \(format), which traceaudit does not read; make it text first: "
                    + command.replacing(" FILE", with: file) + " | traceaudit logs -", target: name))
        }
    }

    /// How many bytes tell the format.
    static let magicLength = 16

    /// What a log's first bytes say it is.
    enum Format: Equatable {
        case text
        case gzip
        /// A format that cannot be read here, and the command that turns it into text.
        case unreadable(String, command: String)
    }

    /// The format the magic bytes at the start of `head` name (text when they name none).
    static func format(of head: UnsafeBufferPointer<UInt8>) -> Format {
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && zip(head, magic).allSatisfy { $0 == $1 } }
        if starts([0x1F, 0x8B]) { return .gzip }
        let known: [([UInt8], String, String)] = [
            ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed", "zstd -dc FILE"),
            ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed", "xz -dc FILE"),
            ([0x5D, 0x00, 0x00], "lzma-compressed", "xz -dc FILE"),
            ([0x04, 0x22, 0x4D, 0x18], "lz4-compressed", "lz4 -dc FILE"),
            ([0x4C, 0x5A, 0x49, 0x50], "lzip-compressed", "lzip -dc FILE"),
            ([0x1F, 0x9D], "compress(1)-compressed (.Z)", "gzip -dc FILE"),
            ([0x50, 0x4B, 0x03, 0x04], "a zip archive", "unzip -p FILE"),
            ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive", "7z x -so FILE"),
            (Array("SQLite format 3".utf8) + [0], "an SQLite database, not a log", "sqlite3 FILE .dump"),
        ]
        for (magic, format, command) in known where starts(magic) { return .unreadable(format, command: command) }
        // bzip2: `BZh` and the block size digit, then a block or the end-of-stream magic.
        if head.count >= 10, starts(Array("BZh".utf8)), (0x31...0x39).contains(head[3]),
            starts(Array("BZh".utf8) + [head[3], 0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
                || starts(Array("BZh".utf8) + [head[3], 0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
        {
            return .unreadable("bzip2-compressed", command: "bzip2 -dc FILE")
        }
        return .text
    }
}
