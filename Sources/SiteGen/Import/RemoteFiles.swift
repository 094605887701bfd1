import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Files fetched from the old blog's host by an import (`--download-images`), so the posts
/// keep their images when the old host goes.
enum RemoteFiles {
    /// Each address fetched, four at a time; a failure says why in a few words.
    static func fetch(_ urls: [String]) async -> [(String, Result<Data, FetchProblem>)] {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        return await withTaskGroup(of: (String, Result<Data, FetchProblem>).self) { group in
            var results: [(String, Result<Data, FetchProblem>)] = []
            var next = 0
            func start() {
                guard next < urls.count else { return }
                let text = urls[next]
                next += 1
                group.addTask {
                    guard let url = URL(string: text) else { return (text, .failure(FetchProblem("not a URL"))) }
                    do {
                        let (data, response) = try await session.data(from: url)
                        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                        return (text, (200..<300).contains(status) ? .success(data) : .failure(FetchProblem("HTTP \(status)")))
                    } catch {
                        return (text, .failure(FetchProblem((error as NSError).localizedDescription)))
                    }
                }
            }
            for _ in 0..<4 { start() }
            while let result = await group.next() {
                results.append(result)
                start()
            }
            return results.sorted { $0.0 < $1.0 }
        }
    }

    struct FetchProblem: Error, MessageArgument {
        let text: String
        init(_ text: String) { self.text = text }
        var messageValue: Message.Value { .text(text) }
    }

}
