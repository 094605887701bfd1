import Foundation

/// Runs a command as a child process and measures it from outside, as a user
/// would: wall time, and the child's peak resident memory (from `wait4`).
struct BuildTimer {
    struct Measurement {
        var seconds: Double
        var peakMiB: Double
        var output: String
    }

    enum Failure: Error, CustomStringConvertible {
        case spawn(String, Int32)
        case exit(String, Int32, String)
        var description: String {
            switch self {
            case .spawn(let command, let code): "could not start \(command) (error \(code))"
            case .exit(let command, let status, let output): "\(command) exited with \(status):\n\(output)"
            }
        }
    }

    static func run(_ arguments: [String]) throws -> Measurement {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-bench-\(getpid()).log").path
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let code = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard code == 0 else { throw Failure.spawn(arguments[0], code) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        unlink(log)
        // Exited normally with 0: the low 7 bits are the signal (0), the next 8 the exit code.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw Failure.exit(arguments.joined(separator: " "), status, output)
        }
        return Measurement(seconds: seconds, peakMiB: Double(usage.ru_maxrss) / 1024, output: output)
    }
}

extension Array where Element == Double {
    var median: Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
    }
}
