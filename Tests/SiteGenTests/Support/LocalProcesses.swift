import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A static file server on loopback for tests (Python's http.server), started from
/// the real interpreter: through a pyenv shim, stopping the shim would orphan it.
final class LocalHTTPServer {
    let port: Int
    private let process = Process()

    static let python: String = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        probe.standardOutput = pipe
        try? probe.run()
        let path = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        return path.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    init(serving folder: URL, readyPath: String = "/") throws {
        port = Int.random(in: 20000...50000)
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", folder.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when it answers (a plain socket: Foundation's synchronous URL loading
        // can stall inside an async test).
        for _ in 0..<100 {
            if let response = try? RawHTTP.get(port: port, readyPath), response.status == 200 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }

    }

    /// Stops the server and waits (bounded) until it is gone. SIGKILL, because the
    /// dev-server tests' ServiceLifecycle sets SIGTERM to ignored in this process and
    /// children inherit that; and no `waitUntilExit()`, which never returned inside an
    /// async test on Linux.
    func stop() {
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        for _ in 0..<100 where kill(pid, 0) == 0 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    deinit { if kill(process.processIdentifier, 0) == 0 { stop() } }
}

/// Headless Chromium's DOM of a page after its scripts ran, under a hard time limit.
/// The DOM goes to a file: Chromium's helper processes can hold a pipe open.
enum HeadlessChromium {
    static func dumpDOM(_ url: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-dom-\(UUID().uuidString).html")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        browser.arguments = ["-k", "5", "60", "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                             "--virtual-time-budget=10000", "--dump-dom", url]
        let handle = try FileHandle(forWritingTo: file)
        browser.standardOutput = handle
        browser.standardError = FileHandle.nullDevice
        try browser.run()
        // `timeout` ends Chromium after 60 s at most; wait for it without waitUntilExit (see above).
        let pid = browser.processIdentifier
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        try handle.close()
        return try String(contentsOf: file, encoding: .utf8)
    }
}
