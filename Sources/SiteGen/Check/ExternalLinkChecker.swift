import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `sitegen check --external`: asks each external URL once (HEAD, then GET when a
/// server refuses HEAD), with a bounded number of requests in flight and a timeout.
public struct ExternalLinkChecker: Sendable {
    public var concurrency: Int
    public var timeout: TimeInterval

    public init(concurrency: Int = 8, timeout: TimeInterval = 10) {
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
    }

    func check(_ references: [LinkCheck.ExternalReference]) async -> [SiteError] {
        var pagesByURL: [String: [String]] = [:]
        for reference in references { pagesByURL[reference.url, default: []].append(reference.page) }
        let urls = pagesByURL.keys.sorted()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        var problems: [(String, Message)] = []
        await withTaskGroup(of: (String, Message?).self) { group in
            var next = 0
            func startNext() {
                guard next < urls.count else { return }
                let url = urls[next]
                next += 1
                group.addTask { (url, await Self.problem(url, session: session)) }
            }
            for _ in 0..<min(concurrency, urls.count) { startNext() }
            while let (url, problem) = await group.next() {
                if let problem { problems.append((url, problem)) }
                startNext()
            }
        }
        return problems.sorted { $0.0 < $1.0 }.map { url, problem in
            let pages = pagesByURL[url] ?? []
            return SiteError(file: pages.first.map { "page \($0)" } ?? "?",
                             pages.count > 1 ? Message("external.problem_on_pages", ["url": url, "problem": problem, "more": pages.count - 1])
                                             : Message("external.problem", ["url": url, "problem": problem]))
        }
    }

    static func problem(_ text: String, session: URLSession) async -> Message? {
        guard let url = URL(string: text) else { return Message("link.invalid") }
        for method in ["HEAD", "GET"] {
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.setValue("sitegen-check", forHTTPHeaderField: "User-Agent")
            do {
                let (_, response) = try await session.data(for: request)
                guard let status = (response as? HTTPURLResponse)?.statusCode else { return Message("external.no_answer") }
                if (200..<400).contains(status) { return nil }
                if method == "HEAD" && (status == 405 || status == 501 || status == 403) { continue }
                return Message("external.status", ["status": "\(status)"])
            } catch {
                return Message("external.unreachable_because", ["problem": (error as NSError).localizedDescription])
            }
        }
        return Message("external.unreachable")
    }
}
