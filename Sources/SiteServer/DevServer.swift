import CLinux
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SiteGen

/// `sitegen serve`: builds the site, serves it on loopback, rebuilds when the
/// sources change and tells open pages to reload. A failed rebuild keeps the
/// last good site and shows the errors over it until the file is fixed.
public final class DevServer: @unchecked Sendable { // mutable state only under `lock`
    public struct Options: Sendable {
        public var source: URL
        public var output: URL
        public var host: String
        public var port: Int
        public var content: ContentOptions

            /// A connection that sends no complete request head within this is closed (a slow
        /// client holds nothing open, which matters with `--host 0.0.0.0`).
        public var headerTimeoutSeconds: Int64 = 10
        /// How often an open reload stream is written to when nothing happens: a stream whose
        /// page was closed fails the write and is dropped, at most this long after.
        public var heartbeat: Duration = .seconds(5)

        public init(source: URL, output: URL, host: String = "127.0.0.1", port: Int = 8080, content: ContentOptions = ContentOptions()) {
            self.source = source
            self.output = output
            self.host = host
            self.port = port
            self.content = content
        }
    }

    /// One line of news for the terminal (build done, errors, URL).
    public typealias Log = @Sendable (String) -> Void

    public let options: Options
    public let hub = ReloadHub()
    let log: Log
    private let lock = NSLock()
    private var errors: [SiteError] = []
    private var hasGoodBuild = false
    private var basePath = "/"
    /// What the server says, in the site's language (known once site.yml is read).
    private var messages = Messages(.en)
    /// The caches' values, kept decoded from one rebuild to the next.
    private let warm = WarmCaches()

    public init(options: Options, log: @escaping Log = { print($0) }) {
        self.options = options
        self.log = log
    }

    public var currentErrors: [SiteError] { lock.withLock { errors } }
    var say: Messages { lock.withLock { messages } }

    /// Builds once; records errors instead of throwing, so the server can show them.
    @discardableResult
    public func rebuild() -> Bool {
        let started = ContinuousClock.now
        do {
            var content = options.content
            content.now = Date()
            let report = try Builder.build(BuildOptions(source: options.source, output: options.output,
                                                        baseURL: baseURL, content: content), warm: warm, waiting: { [log, say] in log(say($0)) })
            lock.withLock { errors = []; hasGoodBuild = true }
            let say = self.say
            if let repaired = report.cacheRepair { log(say(repaired)) }
            for warning in report.warnings { log(warning.described(in: say)) }
            let changed = report.upToDate ? nil : report.incremental ? report.filesChanged : report.pagesWritten + report.filesCopied
            log(say(changed.map { Message("serve.built_changed", ["pages": report.pagesWritten, "changed": $0, "seconds": Self.seconds(since: started)]) }
                    ?? Message("serve.built_unchanged", ["pages": report.pagesWritten, "seconds": Self.seconds(since: started)])))
            Self.returnFreeMemory()
            return true
        } catch {
            let found = (error as? BuildFailure)?.errors ?? [(error as? SiteError) ?? SiteError(file: "?", Message("file.failed", ["problem": "\(error)"]))]
            lock.withLock { errors = found }
            let say = self.say
            log(found.map { $0.described(in: say) }.joined(separator: "\n") + "\n" + say(Message("serve.failed")))
            return false
        }
    }

    /// A build's working memory goes back to the system once it is freed (the last model is
    /// released on a thread of its own, so twice: soon, and after it is surely gone): the
    /// server holds only what it keeps between builds (`WarmCaches`).
    static func returnFreeMemory() {
        Thread.detachNewThread {
            for wait in [0.5, 2.5] {
                Thread.sleep(forTimeInterval: wait)
                sitegen_return_free_memory()
            }
        }
    }

    var baseURL: String { "http://\(options.host):\(options.port)\(lock.withLock { basePath })" }

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let d = ContinuousClock.now - start
        return String(format: "%.2f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    /// Builds, then serves until SIGINT/SIGTERM. `onRunning` gets the bound port
    /// (useful with port 0 in tests).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // Links must work locally, under the site's own sub-path if it has one.
        let config = try SiteLoader(root: options.source.standardizedFileURL.path, options: options.content).loadConfig()
        lock.withLock { (basePath, messages) = (config.baseURL.basePath, Messages(config.language)) }
        rebuild()
        let watcher = FileWatcher(folders: ["Content", "Templates"].map { options.source.standardizedFileURL.path + "/" + $0 })
        let logger = Logger(label: "sitegen", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = Application(
            router: makeRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(options.headerTimeoutSeconds))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "sitegen"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // Services shut down in reverse order: the rebuild service first, closing the
        // browsers' event streams, which the HTTP server would otherwise wait on.
        let group = ServiceGroup(configuration: .init(
            services: [app, RebuildService(server: self, watcher: watcher)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get(RouterPath(LiveReload.eventsPath)) { [hub, heartbeat = options.heartbeat] _, _ -> Response in
            let events = await hub.subscribe()
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: ResponseBody { writer in
                    // The hub's events and a heartbeat comment, in one stream: when the page has
                    // gone, a write fails, and leaving this ends the hub's stream too.
                    let (lines, input) = AsyncStream<String>.makeStream()
                    let forward = Task {
                        for await event in events { input.yield("event: \(event.rawValue)\ndata: \(event.rawValue)\n\n") }
                        input.finish()
                    }
                    let beat = Task {
                        while (try? await Task.sleep(for: heartbeat)) != nil { input.yield(": ping\n\n") }
                    }
                    defer { forward.cancel(); beat.cancel() }
                    try await writer.write(ByteBuffer(string: ": connected\n\n"))
                    for await line in lines { try await writer.write(ByteBuffer(string: line)) }
                    try await writer.finish(nil)
                }
            )
        }
        let serveFile: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            self.respond(to: request.uri.path)
        }
        router.get("/", use: serveFile)
        router.get("**", use: serveFile)
        return router
    }

    /// The response for a path: a file (HTML with the reload script), a redirect, 403 or 404.
    func respond(to path: String) -> Response {
        let (errors, good, base) = lock.withLock { (self.errors, hasGoodBuild, basePath) }
        if !good {
            return html(LiveReload.errorPage(errors, say: say), status: .internalServerError)
        }
        let files = StaticFiles(root: options.output.path, basePath: base)
        switch files.resolve(path) {
        case .file(let file):
            guard let data = FileManager.default.contents(atPath: file) else { return text("Not readable", .notFound) }
            let type = MediaType.forPath(file)
            if type.hasPrefix("text/html") {
                return html(LiveReload.inject(into: String(decoding: data, as: UTF8.self), errors: errors, say: say), status: .ok)
            }
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        case .redirect(let location):
            return Response(status: .movedPermanently, headers: [.location: location])
        case .forbidden:
            return text("Forbidden", .forbidden)
        case .notFound:
            if let page = files.notFoundPage, let data = FileManager.default.contents(atPath: page) {
                return html(LiveReload.inject(into: String(decoding: data, as: UTF8.self), errors: errors, say: say), status: .notFound)
            }
            return text("Not found", .notFound)
        }
    }

    func html(_ body: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    func text(_ body: String, _ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// What a batch of changes means for open pages.
    func handle(_ changed: Set<String>) async {
        let started = ContinuousClock.now
        let built = rebuild()
        let event: ReloadHub.Event = !built ? .errorOverlay : (changed.allSatisfy { $0.hasSuffix(".css") } ? .css : .reload)
        await hub.send(event)
        log(say(Message("serve.changes", ["changes": changed.count, "event": Message("serve.event." + event.rawValue),
                                          "seconds": Self.seconds(since: started)])))
    }
}

/// Runs beside the HTTP server in the same service group: turns file changes into
/// rebuilds, and on shutdown stops the watcher and closes the event streams.
struct RebuildService: Service {
    let server: DevServer
    let watcher: FileWatcher

    func run() async throws {
        await withGracefulShutdownHandler {
            for await batch in watcher.changes() {
                await server.handle(batch)
            }
        } onGracefulShutdown: {
            watcher.stop()
            Task { await server.hub.finishAll() }
        }
    }
}
