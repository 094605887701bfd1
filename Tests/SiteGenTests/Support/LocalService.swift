import CLinux
import Foundation
@testable import SiteDeploy

/// A server a test starts on 127.0.0.1 (moto's S3, sshd) and stops when it is done with it.
/// Spawned closing every descriptor but its standard ones: a server that lives through a test
/// must not hold another test's pipe open (that test would wait for its end forever).
final class LocalService {
    private var pid: pid_t = 0
    let port: Int

    /// Starts `arguments` (with `{port}` filled in) and waits until the port takes connections.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        port = try Self.freePort()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0) }
        sitegen_spawn_close_from(&actions, 3)
        guard let pid = ExternalCommand.spawn(arguments.map { $0.replacingOccurrences(of: "{port}", with: "\(port)") },
                                              environment: environment, actions: &actions) else { throw Failure("\(arguments[0]) could not be started") }
        self.pid = pid
        for _ in 0..<150 where !Self.accepts(port) {
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == 0 else { throw Failure("\(arguments[0]) exited at start (status \(status))") }
            usleep(100_000)
        }
        guard Self.accepts(port) else { throw Failure("\(arguments[0]) did not listen on 127.0.0.1:\(port)") }
    }

    /// Stopped, and killed if it has not stopped within 5 s.
    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<50 where waitpid(pid, &status, WNOHANG) == 0 { usleep(100_000) }
        if kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Runs a command to its end; its output, or an error with what it said.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let result = try ExternalCommand(arguments[0], Array(arguments.dropFirst()), environment: environment).run()
        guard result.status == 0 else { throw Failure("\(arguments.joined(separator: " ")): \(result.errors)") }
        return result.text
    }
}
