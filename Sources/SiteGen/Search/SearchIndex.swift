import Foundation

/// The static search index: token → posts, split into shards so a visitor downloads
/// only the shards their query's tokens live in, plus one small file per post
/// (title, URL, date, text) fetched for the top results only, for snippets and for
/// checking that the post really contains the query.
struct SearchIndex {
    static let folder = "search"
    /// Aim for shards of about this many bytes.
    static let targetShardBytes = 48 * 1024

    struct Document {
        var title: String
        var url: String
        var date: String
        var dateISO: String
        var tags: [String]
        var text: String
    }

    /// `token → [doc, score, doc, score, …]`. Title matches weigh 10, tags 5, the body
    /// one per occurrence (at most 10).
    static func postings(_ documents: [Document]) -> [String: [Int]] {
        var index: [String: [Int]] = [:]
        for (id, document) in documents.enumerated() {
            var scores: [String: Int] = [:]
            for token in SearchTokenizer.tokens(document.text) { scores[token, default: 0] = min(scores[token, default: 0] + 1, 10) }
            for token in Set(document.tags.flatMap { SearchTokenizer.tokens($0) }) { scores[token, default: 0] += 5 }
            for token in Set(SearchTokenizer.tokens(document.title)) { scores[token, default: 0] += 10 }
            for (token, score) in scores { index[token, default: []] += [id, score] }
        }
        return index
    }

    /// The files to write, by path under the output folder.
    static func files(_ documents: [Document]) -> [(path: String, contents: String)] {
        let index = postings(documents)
        let totalBytes = index.reduce(0) { $0 + $1.key.utf8.count + $1.value.count * 4 }
        var shards = 1
        while totalBytes / shards > targetShardBytes { shards *= 2 }
        var buckets = Array(repeating: [(String, [Int])](), count: shards)
        for (token, list) in index { buckets[SearchTokenizer.shard(of: token, shards: shards)].append((token, list)) }
        var files: [(String, String)] = []
        for (number, bucket) in buckets.enumerated() {
            let body = bucket.sorted { $0.0 < $1.0 }.map { "\(Escape.jsonString($0.0)):[\($0.1.map(String.init).joined(separator: ","))]" }
            files.append(("\(folder)/s/\(number).json", "{" + body.joined(separator: ",") + "}"))
        }
        for (id, document) in documents.enumerated() {
            let json = JSONValue.object([
                ("t", .string(document.title)), ("u", .string(document.url)), ("d", .string(document.date)),
                ("g", .string(document.tags.joined(separator: " "))),
                ("i", .string(document.dateISO)), ("x", .string(document.text)),
            ])
            files.append(("\(folder)/d/\(id).json", json.serialized))
        }
        files.append(("\(folder)/index.json", "{\"version\":1,\"shards\":\(shards),\"documents\":\(documents.count)}"))
        return files
    }
}

extension BuildStep {
    /// `/search/`: the page, and the index its script reads.
    static let search = BuildStep(name: "search index") { context in
        let site = context.site
        let documents = site.posts.indices.map { index in
            SearchIndex.Document(
                title: site.posts[index].title,
                url: context.url.link(site.posts[index].path),
                date: context.dates.long(site.posts[index].date),
                dateISO: context.dates.iso(site.posts[index].date),
                tags: site.posts[index].tags.map(\.name),
                text: context.posts[index].text
            )
        }
        for file in SearchIndex.files(documents) {
            try context.output.write(file.path, file.contents, isPage: false)
        }
        let meta = PageMeta(path: "/search/", title: context.t("search"), description: context.t("search_description"))
        try context.writePage(meta, layout: "search", values: ["indexURL": context.url.link("/search/")])
    }
}
