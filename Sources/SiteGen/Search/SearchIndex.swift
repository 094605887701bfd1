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

    /// One document's tokens with their scores. Title matches weigh 10, tags 5, the
    /// body one per occurrence (at most 10).
    static func scores(_ document: Document) -> [String: Int] {
        var scores: [String: Int] = [:]
        for token in SearchTokenizer.tokens(document.text) { scores[token, default: 0] = min(scores[token, default: 0] + 1, 10) }
        for token in Set(document.tags.flatMap { SearchTokenizer.tokens($0) }) { scores[token, default: 0] += 5 }
        for token in Set(SearchTokenizer.tokens(document.title)) { scores[token, default: 0] += 10 }
        return scores
    }

    /// A document's tokens sorted by the shard they live in.
    private struct Entry { var shard: Int; var token: String; var score: Int }

    /// The files to write, by path under the output folder. Documents are tokenized on
    /// every core, then each range of shards gathers its tokens' postings
    /// (`token → [doc, score, doc, score, …]`, docs ascending) on its own.
    static func files(_ documents: [Document]) -> [(path: String, contents: String)] {
        let scored = Parallel.map(documents, scores)
        // About 8 bytes per posting ("1234,5,"): enough to choose a shard count.
        let totalBytes = scored.reduce(0) { $0 + $1.count * 8 }
        var count = 1
        while totalBytes / count > targetShardBytes { count *= 2 }
        let shards = count
        let entries = Parallel.map(scored) { scores in
            scores.map { Entry(shard: SearchTokenizer.shard(of: $0.key, shards: shards), token: $0.key, score: $0.value) }
                .sorted { $0.shard < $1.shard }
        }
        let ranges = stride(from: 0, to: shards, by: max(1, shards / 64)).map { $0..<min($0 + max(1, shards / 64), shards) }
        let shardFiles = Parallel.map(ranges) { range -> [(path: String, contents: String)] in
            var lists = Array(repeating: [String: [Int]](), count: range.count)
            for (id, document) in entries.enumerated() {
                var i = firstIndex(in: document, atLeast: range.lowerBound)
                while i < document.count, document[i].shard < range.upperBound {
                    lists[document[i].shard - range.lowerBound][document[i].token, default: []].append(contentsOf: [id, document[i].score])
                    i += 1
                }
            }
            return lists.enumerated().map { offset, list in
                let body = list.sorted { $0.key < $1.key }.map { "\(Escape.jsonString($0.key)):[\($0.value.map(String.init).joined(separator: ","))]" }
                return ("\(folder)/s/\(range.lowerBound + offset).json", "{" + body.joined(separator: ",") + "}")
            }
        }
        var files = shardFiles.flatMap { $0 }
        files += Parallel.map(Array(documents.enumerated())) { id, document in
            let json = JSONValue.object([
                ("t", .string(document.title)), ("u", .string(document.url)), ("d", .string(document.date)),
                ("g", .string(document.tags.joined(separator: " "))),
                ("i", .string(document.dateISO)), ("x", .string(document.text)),
            ])
            return ("\(folder)/d/\(id).json", json.serialized)
        }
        files.append(("\(folder)/index.json", "{\"version\":1,\"shards\":\(shards),\"documents\":\(documents.count)}"))
        return files
    }
}

extension SearchIndex {
    /// The first entry whose shard is `shard` or later (entries are sorted by shard).
    private static func firstIndex(in entries: [Entry], atLeast shard: Int) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].shard < shard { low = mid + 1 } else { high = mid }
        }
        return low
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
        let files = SearchIndex.files(documents)
        try Parallel.forEach(files.count) { try context.output.write(files[$0].path, files[$0].contents, isPage: false) }
        let meta = PageMeta(path: "/search/", title: context.t("search"), description: context.t("search_description"))
        try context.writePage(meta, layout: "search", values: ["indexURL": context.url.link("/search/")])
    }
}
