import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SiteGen

/// A program of the system's (git, rsync, ssh) run to its end: its output read as it comes
/// (each line handed to `line`, for progress), its errors kept for the message when it fails.
/// Spawned and waited for with the POSIX calls themselves: the child gets only its three
/// pipes (every other descriptor is closed in it), and is reaped by this call alone, so a
/// program started meanwhile on another thread can never hold its output open.
struct ExternalCommand {
    let program: String
    var arguments: [String]
    /// Added to sitegen's own environment (credentials stay where the tools read them).
    var environment: [String: String] = [:]
    var input: Data?

    init(_ program: String, _ arguments: [String], environment: [String: String] = [:], input: Data? = nil) {
        self.program = program
        self.arguments = arguments
        self.environment = environment
        self.input = input
    }

    struct Result {
        var status: Int32
        var output: Data
        var errors: String
        var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs it; a program that cannot be started is an error that names it.
    func run(line: ((String) -> Void)? = nil) throws -> Result {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1], errorsFromChild: [Int32] = [-1, -1]
        guard sitegen_pipe_cloexec(&toChild) == 0, sitegen_pipe_cloexec(&fromChild) == 0, sitegen_pipe_cloexec(&errorsFromChild) == 0 else {
            throw SiteError(file: program, Message("deploy.program_failed", ["program": program, "problem": String(cString: strerror(errno))]))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorsFromChild[1], 2)
        // Not even a descriptor another part of this process opened without close-on-exec.
        sitegen_spawn_close_from(&actions, 3)
        let pid = Self.spawn([program] + arguments, environment: environment, actions: &actions)
        for descriptor in [toChild[0], fromChild[1], errorsFromChild[1]] { close(descriptor) }
        guard let pid else {
            for descriptor in [toChild[1], fromChild[0], errorsFromChild[0]] { close(descriptor) }
            throw SiteError(file: program, Message("deploy.program_missing", ["program": program]))
        }
        // The input (small: a blob for git) written whole, then closed so the program sees its end.
        if let input {
            input.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(toChild[1], bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { if errno == EINTR { continue }; break }
                    offset += written
                }
            }
        }
        close(toChild[1])

        // Both outputs read as they come, so a program that fills one never waits on the other.
        var output = Data(), errors = Data(), pending = Data()
        var open: [Int32] = [fromChild[0], errorsFromChild[0]]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { break }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                    continue
                }
                let chunk = Data(buffer[0..<count])
                guard entry.fd == fromChild[0] else { errors.append(chunk); continue }
                output.append(chunk)
                guard let line else { continue }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    line(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending = Data(pending[pending.index(after: newline)...])
                }
            }
        }
        if let line, !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited: its code; killed by a signal: 128 + the signal, as shells say it.
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: code, output: output, errors: String(decoding: errors, as: UTF8.self))
    }

    /// Starts `arguments` (the program found on PATH) with sitegen's environment plus
    /// `environment`, every signal as a new process has it (no mask, default actions: this
    /// process may block or ignore some); nil when it cannot be started.
    static func spawn(_ arguments: [String], environment: [String: String], actions: inout posix_spawn_file_actions_t) -> pid_t? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }.map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        return posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp) == 0 ? pid : nil
    }

    /// Runs it and hands back its output; a non-zero exit is an error quoting what it said.
    @discardableResult
    func succeed(line: ((String) -> Void)? = nil) throws -> String {
        let result = try run(line: line)
        guard result.status == 0 else {
            throw SiteError(file: program, Message("deploy.program_failed", ["program": ([program] + arguments.prefix(2)).joined(separator: " "),
                                                                             "problem": Self.lastLines(result.errors.isEmpty ? result.text : result.errors)]))
        }
        return result.text
    }

    /// The last few lines a program said, for a message.
    static func lastLines(_ text: String) -> String {
        text.split(separator: "\n").suffix(4).joined(separator: " / ")
    }
}
