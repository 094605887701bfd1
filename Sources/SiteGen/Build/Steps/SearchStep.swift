import Foundation

extension BuildStep {
    /// `/search/`: the page, and the index its script reads.
    static let search = BuildStep(name: "search index") { context in
        let site = context.site
        // Each post's entry: its link and dates formatted. Made only when needed: an edit's
        // rebuild finds all but one of 10,000 unchanged by their keys.
        let document = { @Sendable (index: Int) in
            SearchIndex.Document(
                title: site.posts[index].title,
                url: context.url.link(site.posts[index].path),
                date: context.dates.long(site.posts[index].date),
                dateISO: context.dates.iso(site.posts[index].date),
                tags: site.posts[index].tags.map(\.name),
                // Asked for only when this post's entry or tokens must be made again.
                body: context.posts[index].textWhenRead
            )
        }
        let keys = Parallel.map(Array(site.posts.indices)) { context.key(PageInputs(.searchEntry($0))) }
        // Each post's file is made from its document alone, the index from all of them:
        // keep what was made from documents that did not change. The documents made for
        // their files serve the index too (a clean build had formatted each one twice).
        let made = try Parallel.map(Array(keys.indices)) { id in
            Result { () throws -> SearchIndex.Document? in
                let path = SearchIndex.documentPath(id)
                guard try !context.output.reuse(path, key: keys[id], isPage: false) else { return nil }
                let made = document(id)
                try context.output.write(path, bytes: SearchIndex.documentJSON(made), isPage: false, key: keys[id])
                return made
            }
        }.map { try $0.get() }
        let madeOrNew = { @Sendable (id: Int) in made[id] ?? document(id) }
        // Every post's tokens stay cached, read this time or not: a later edit needs its old ones.
        context.searchTokens.keep(keys)
        if let cache = context.searchIndex, let state = cache.previous,
           let update = SearchIndex.updatedIndex(count: keys.count, document: madeOrNew, keys: keys, tokens: context.searchTokens, cache: cache),
           (0..<state.shards).allSatisfy({ update.changed.contains($0) || context.output.canKeep("\(SearchIndex.folder)/s/\($0).json") }) {
            // Only the shards an edit touched are made again; the others stay as they are.
            for number in 0..<state.shards where !update.changed.contains(number) {
                try context.output.keep("\(SearchIndex.folder)/s/\(number).json")
            }
            cache.record(shardKeys: update.shards.map { $0.map(cache.store) }, keys: keys, tokenCounts: update.tokenCounts)
            try Parallel.forEach(update.files.count) { try context.output.write(update.files[$0].path, update.files[$0].contents, isPage: false) }
        } else {
            let documents = Parallel.map(Array(site.posts.indices), madeOrNew)
            let built = try SearchIndex.buildIndex(documents, keys: keys, cache: context.searchTokens, shards: context.searchIndex) { path, contents in
                try context.output.write(path, contents, isPage: false)
            }
            context.searchIndex?.record(shardKeys: built.shardKeys, keys: keys, tokenCounts: built.tokenCounts)
            Parallel.releaseInBackground(documents) // 10,000 of them: freed while the next steps run
        }
        let meta = PageMeta(path: "/search/", title: context.t("search"), description: context.t("search_description"))
        try context.writePage(meta, layout: "search", values: ["indexURL": context.url.link("/search/")])
    }
}
