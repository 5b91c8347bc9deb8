/// Where a report or message goes: a file descriptor in the program, a string in the tests.
public protocol TextSink: AnyObject {
    /// Writes `text`; writes after the reader went away are dropped quietly.
    func write(_ text: String)
    /// Pushes buffered text out.
    func flush()
    /// True once the reader went away or a write failed: later writes are dropped.
    var closed: Bool { get }
    /// Why writing failed, when it was not the reader going away (a full disk, say).
    var failure: String? { get }
}

/// A report file that writes through a descriptor sink of its own (`--output`, `--report`), and is
/// closed, with a reason, once a write to it failed.
protocol FileBackedSink: TextSink {
    /// The sink the text goes to.
    var sink: FileDescriptorSink { get }
}

extension FileBackedSink {
    var closed: Bool { sink.closed }

    var failure: String? { sink.closed ? (sink.failure ?? "the file could not be written") : nil }

    func write(_ text: String) {
        sink.write(text)
    }

    func flush() {
        sink.flush()
    }
}

/// A buffered writer to a file descriptor that stops quietly when the reader closes the pipe
/// (`traceaudit … | head -1` ends without an error).
public final class FileDescriptorSink: TextSink {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    /// True once a write failed (EPIPE or another error); later writes are dropped.
    public private(set) var closed = false
    /// Why the write failed, when it was not the reader going away.
    public private(set) var failure: String?

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

    /// Drops what is buffered and writes nothing more: the descriptor is being closed, and its
    /// number may soon name another file.
    func abandon() {
        buffer.removeAll()
        closed = true
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count && !closed {
            let written = buffer.withUnsafeBytes { bytes in
                OS.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && OS.lastError == OS.interruptedCall {
                continue
            } else {
                if written < 0 && OS.lastError != OS.brokenPipe { failure = OS.lastErrorText }
                if written == 0 { failure = "nothing was written" }
                closed = true
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A sink for a stream that cannot be written (a standard output started closed): it is closed
/// from the start and says why, so a report meant for it fails with that reason.
public final class ClosedSink: TextSink {
    public let failure: String?

    /// A sink whose writes all fail with `failure`.
    public init(failure: String) {
        self.failure = failure
    }

    public func write(_ text: String) {}

    public func flush() {}

    public var closed: Bool { true }
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

    public var closed: Bool { false }

    public var failure: String? { nil }
}
