#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report or message goes: a file descriptor in the program, a string in the tests.
public protocol TextSink: AnyObject {
    /// Writes `text`; writes after the reader went away are dropped quietly.
    func write(_ text: String)
    /// Pushes buffered text out.
    func flush()
}

/// A buffered writer to a file descriptor that stops quietly when the reader closes the pipe
/// (`traceaudit … | head -1` ends without an error).
public final class FileDescriptorSink: TextSink {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// True once a write failed (EPIPE or another error); later writes are dropped.
    public private(set) var closed = false

    /// A writer to `descriptor`, which stays open.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        flush()
    }

    public func write(_ text: String) {
        guard !closed else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count && !closed {
            let written = buffer.withUnsafeBytes { bytes in
                systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                closed = true
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A sink that keeps everything written, for tests and for building a report before writing it.
public final class StringSink: TextSink {
    /// All the text written so far.
    public private(set) var text = ""

    /// An empty sink.
    public init() {}

    public func write(_ text: String) {
        self.text += text
    }

    public func flush() {}
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
