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

    /// `imageBudget`: bytes above which a remote image (which sitegen does not resize) is
    /// reported, from the size its server gives.
    func check(_ references: [LinkCheck.ExternalReference], imageBudget: Int? = nil) async -> [SiteError] {
        var pagesByURL: [String: [String]] = [:]
        for reference in references { pagesByURL[reference.url, default: []].append(reference.page) }
        let images = Set(references.filter(\.isImage).map(\.url))
        let urls = pagesByURL.keys.sorted()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        var problems: [(String, Message)] = []
        var sizes: [String: Int] = [:]
        await withTaskGroup(of: (String, Answer).self) { group in
            var next = 0
            func startNext() {
                guard next < urls.count else { return }
                let url = urls[next]
                next += 1
                group.addTask { (url, await Self.ask(url, session: session)) }
            }
            for _ in 0..<min(concurrency, urls.count) { startNext() }
            while let (url, answer) = await group.next() {
                switch answer {
                case .problem(let problem): problems.append((url, problem))
                case .fine(let size): if let size { sizes[url] = size }
                }
                startNext()
            }
        }
        var findings = problems.sorted { $0.0 < $1.0 }.map { url, problem in
            let pages = pagesByURL[url] ?? []
            return SiteError(file: pages.first.map { "page \($0)" } ?? "?",
                             pages.count > 1 ? Message("external.problem_on_pages", ["url": url, "problem": problem, "more": pages.count - 1])
                                             : Message("external.problem", ["url": url, "problem": problem]))
        }
        if let imageBudget {
            for (url, size) in sizes.sorted(by: { $0.key < $1.key }) where images.contains(url) && size > imageBudget {
                findings.append(SiteError(file: (pagesByURL[url]?.first).map { "page \($0)" } ?? "?",
                                          Message("images.over_budget", ["image": url, "size": (size + 1023) / 1024, "budget": imageBudget / 1024]),
                                          hint: Message("images.over_budget.hint"), severity: .warning))
            }
        }
        return findings
    }

    /// What a server said of a URL: a problem, or fine (with the size it gave, if any).
    enum Answer: Sendable {
        case problem(Message)
        case fine(size: Int?)
    }

    static func ask(_ text: String, session: URLSession) async -> Answer {
        guard let url = URL(string: text) else { return .problem(Message("link.invalid")) }
        for method in ["HEAD", "GET"] {
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.setValue("sitegen-check", forHTTPHeaderField: "User-Agent")
            do {
                let (data, response) = try await session.data(for: request)
                guard let http = response as? HTTPURLResponse else { return .problem(Message("external.no_answer")) }
                let status = http.statusCode
                if (200..<400).contains(status) {
                    let length = (http.value(forHTTPHeaderField: "Content-Length")).flatMap { Int($0) }
                    return .fine(size: length ?? (method == "GET" ? data.count : nil))
                }
                if method == "HEAD" && (status == 405 || status == 501 || status == 403) { continue }
                return .problem(Message("external.status", ["status": "\(status)"]))
            } catch {
                return .problem(Message("external.unreachable_because", ["problem": (error as NSError).localizedDescription]))
            }
        }
        return .problem(Message("external.unreachable"))
    }
}
