import Foundation

/// A TCP socket bound to a port of the kernel's choice on 127.0.0.1, for the tests' own servers.
struct LoopbackSocket {
    let descriptor: Int32
    let port: UInt16

    /// Binds (and with `listening`, listens); the caller closes `descriptor`.
    init(listening: Bool) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0, !listening || listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw TestFailure("cannot bind a loopback port")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }
}
