import Foundation
import Synchronization

/// A TCP proxy on a free loopback port that forwards to `upstreamPort` until `stall()`, then stops
/// forwarding in both directions while keeping every connection open: a network partition as the
/// client sees it (its kernel still acknowledges, nothing comes back). `close()` ends it all.
final class StallingProxy: Sendable {
    let port: UInt16
    private let listener: Int32
    private let stalled = Atomic<Bool>(false)
    private let acceptedCount = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)
    private let running = DispatchGroup()

    init(upstreamPort: UInt16) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = StallingProxy.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 16) == 0 else {
            Glibc.close(listener)
            throw TestFailure("the proxy cannot listen on a loopback port")
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        running.enter()
        Thread { [self] in
            defer { running.leave() }
            while !closed.load(ordering: .relaxed) {
                guard StallingProxy.readable(listener) else { continue }
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                acceptedCount.add(1, ordering: .relaxed)
                let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var upstream = StallingProxy.loopback(port: upstreamPort)
                let connected = withUnsafePointer(to: &upstream) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else {
                    Glibc.close(client)
                    Glibc.close(server)
                    continue
                }
                running.enter()
                Thread { [self] in
                    defer { running.leave() }
                    pump(client, server)
                }.start()
            }
        }.start()
    }

    /// From now on nothing is forwarded, in either direction, on any connection (also new ones).
    func stall() {
        stalled.store(true, ordering: .relaxed)
    }

    /// Forwards again, on every connection.
    func resume() {
        stalled.store(false, ordering: .relaxed)
    }

    /// The connections accepted so far (a client that reached the proxy, forwarded or not).
    var accepted: Int { acceptedCount.load(ordering: .relaxed) }

    /// Closes the listener and every connection, and waits for the proxy's threads.
    func close() {
        closed.store(true, ordering: .relaxed)
        running.wait()
        Glibc.close(listener)
    }

    /// Copies bytes both ways until either side closes, the proxy closes, or for ever while stalled.
    private func pump(_ client: Int32, _ server: Int32) {
        defer {
            Glibc.close(client)
            Glibc.close(server)
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !closed.load(ordering: .relaxed) {
            if stalled.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            var descriptors = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: server, events: Int16(POLLIN), revents: 0)]
            guard poll(&descriptors, 2, 50) > 0 else { continue }
            // Checked again: a stall between the poll and the read must forward nothing.
            guard !stalled.load(ordering: .relaxed) else { continue }
            for (index, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                let from = index == 0 ? client : server
                let to = index == 0 ? server : client
                let count = read(from, &buffer, buffer.count)
                guard count > 0 else { return }
                var written = 0
                while written < count {
                    let result = buffer[written..<count].withUnsafeBytes { write(to, $0.baseAddress, $0.count) }
                    guard result > 0 else { return }
                    written += result
                }
            }
        }
    }

    private static func readable(_ socket: Int32) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 50) > 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }
}
