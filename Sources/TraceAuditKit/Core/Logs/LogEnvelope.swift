/// What a tool or container runtime wrapped around the line an application wrote:
/// - `kubectl logs --prefix`: `[pod/NAME/CONTAINER] ` before the line;
/// - `kubectl logs --timestamps`: an RFC 3339 instant and a space before it (after the prefix);
/// - the CRI log format (containerd, CRI-O: `/var/log/pods`): `INSTANT STREAM P|F line`, `P` for
///   a piece of a longer line;
/// - Docker's json-file driver: `{"log":"line\n","stream":"stderr","time":"…"}`, where a `log`
///   without its final newline is a piece of a longer line (Docker splits lines at 16 KiB).
struct LogEnvelope {
    /// The application's line (or piece of it), without the final newline.
    var content: [UInt8]
    /// When the tool or runtime received it.
    var time: Instant?
    /// The pod and container (`--prefix`) or the stream the line came from.
    var origin: String?
    /// The stream, for joining pieces (each stream's pieces are joined apart).
    var stream: String
    /// True for a piece that the next one with the same stream continues.
    var isPiece = false

    private static let dockerHead = Array("{\"log\":".utf8)
    private static let kubectlHead = Array("[pod/".utf8)

    /// The envelope around `bytes`, or nil when the record is a bare line.
    static func unwrap(_ bytes: UnsafeBufferPointer<UInt8>) -> LogEnvelope? {
        guard let first = bytes.first else { return nil }
        if first == UInt8(ascii: "{") { return docker(bytes) }
        var index = 0
        var origin: String?
        if first == UInt8(ascii: "["), let prefix = kubectlPrefix(bytes) {
            origin = prefix.name
            index = prefix.end
        }
        var time: Instant?
        if let stamp = rfc3339(bytes, at: index) {
            time = stamp.instant
            index = stamp.end
            if let cri = cri(bytes, at: index) {
                return LogEnvelope(
                    content: Array(bytes[cri.content...]), time: time, origin: origin ?? cri.stream, stream: cri.stream, isPiece: cri.isPiece)
            }
        }
        guard index > 0 else { return nil }
        return LogEnvelope(content: Array(bytes[index...]), time: time, origin: origin, stream: origin ?? "")
    }

    /// `[pod/NAME/CONTAINER] `: the name inside, and where the line starts.
    private static func kubectlPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> (name: String, end: Int)? {
        let pod = kubectlHead
        guard bytes.count > pod.count, pod.indices.allSatisfy({ bytes[$0] == pod[$0] }) else { return nil }
        var slashes = 1
        var index = pod.count
        while index < min(bytes.count, 512) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "]") {
                guard slashes == 2, index + 1 < bytes.count, bytes[index + 1] == 0x20 else { return nil }
                return (String(decoding: UnsafeBufferPointer(rebasing: bytes[1..<index]), as: UTF8.self), index + 2)
            }
            if byte == UInt8(ascii: "/") { slashes += 1 }
            if byte <= 0x20 || byte == UInt8(ascii: "[") { return nil }
            index += 1
        }
        return nil
    }

    /// An RFC 3339 instant with a zone (`2026-02-05T10:00:00.123456789Z`) and a space at `start`.
    private static func rfc3339(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (instant: Instant, end: Int)? {
        guard bytes.count - start >= 21, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 10] == UInt8(ascii: "T"),
            let space = bytes[(start + 20)..<min(bytes.count, start + 40)].firstIndex(of: 0x20)
        else { return nil }
        let last = bytes[space - 1]
        let zoned = last == UInt8(ascii: "Z") || (space - start >= 25 && (bytes[space - 6] == UInt8(ascii: "+") || bytes[space - 6] == UInt8(ascii: "-")))
        guard zoned, let instant = Instant(parsing: UnsafeBufferPointer(rebasing: bytes[start..<space])) else { return nil }
        return (instant, space + 1)
    }

    /// `stdout F ` or `stderr P ` after a CRI line's instant.
    private static func cri(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (stream: String, isPiece: Bool, content: Int)? {
        guard bytes.count - start >= 8 else { return nil }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(start + 6)]), as: UTF8.self)
        guard word == "stdout" || word == "stderr", bytes[start + 6] == 0x20 else { return nil }
        let tag = bytes[start + 7]
        guard tag == UInt8(ascii: "F") || tag == UInt8(ascii: "P") else { return nil }
        guard bytes.count == start + 8 || bytes[start + 8] == 0x20 else { return nil }
        return (word, tag == UInt8(ascii: "P"), min(bytes.count, start + 9))
    }

    /// Docker's json-file record: a JSON object whose `log` is a string and that has `stream` or
    /// `time` beside it.
    private static func docker(_ bytes: UnsafeBufferPointer<UInt8>) -> LogEnvelope? {
        guard bytes.count > dockerHead.count, dockerHead.indices.allSatisfy({ bytes[$0] == dockerHead[$0] }),
            let node = JSONNode.parse(bytes), case .string(var log)? = node["log"], node["stream"] != nil || node["time"] != nil
        else { return nil }
        let stream = node["stream"]?.text ?? "stdout"
        let isPiece = !log.hasSuffix("\n")
        if !isPiece { log.removeLast() }
        if log.hasSuffix("\r") { log.removeLast() }
        return LogEnvelope(content: Array(log.utf8), time: node["time"].flatMap(LogTimestamp.instant), origin: stream, stream: stream, isPiece: isPiece)
    }
}
