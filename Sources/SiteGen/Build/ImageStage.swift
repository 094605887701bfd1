import Foundation

/// What the image stage adds to the site: the catalog the render reads, the files to publish
/// in place of the images as written, and each post's share card.
extension Site {
    /// The posts' and pages' images, the site's share image and the author's avatar: every
    /// local image a page shows, by site path, with the first file and line that names it.
    func imageUses() -> [String: (file: String, line: Int?)] {
        var uses: [String: (file: String, line: Int?)] = [:]
        func add(_ written: String?, from pagePath: String, file: String, line: Int?) {
            guard let written, let path = ImageUse(written: written, line: line ?? 0).sitePath(from: pagePath),
                  uses[path] == nil else { return }
            uses[path] = (file, line)
        }
        for (file, path) in posts.map({ ($0.file, $0.path) }) + pages.map({ ($0.file, $0.path) }) {
            add(file.frontMatter.image, from: path, file: file.source, line: nil)
            for use in file.images { add(use.written, from: path, file: file.source, line: use.line) }
        }
        add(config.shareImage, from: "/", file: "Content/site.yml", line: nil)
        add(config.author.avatar, from: "/", file: "Content/site.yml", line: nil)
        return uses
    }
}

extension Builder {
    /// The image stage, between load and render: every image in Content/ is published without
    /// metadata, in sRGB (see `ImageProcessor`), those a page shows with resized copies in WebP and
    /// their own format, and every post gets a share card. Runs on every core; an image whose
    /// bytes and settings did not change comes from `.sitegen-cache/images/`.
    /// An image libvips cannot read (corrupt, not an image, HEIC without a decoder) is published
    /// as it is, with a warning naming the page and line that show it and the image.
    /// A clean build (`--clean`) reuses processed images too, as Hugo's `resources/_gen` does:
    /// each is stored under the hash of its source's bytes, the settings and libvips' version,
    /// so what is reused is what processing would make (delete `.sitegen-cache/<output>/images/` to
    /// process every image again).
    static func processImages(_ site: Site, cacheFolder: URL, repairs: CacheRepairs?) throws -> Site {
        let settings = site.config.images
        guard settings.process else { return site }
        var site = site
        // Inside the output's own cache folder, which the build lock keeps to one build at a time.
        let store = ImageStore(folder: cacheFolder.path + "/images", repairs: repairs)
        let contentRoot = site.root + "/" + SiteLoader.contentFolder + "/"
        let uses = site.imageUses()
        let images = site.staticFiles.indices.filter { index in
            let file = site.staticFiles[index]
            guard file.source.hasPrefix(contentRoot), let dot = file.destination.lastIndex(of: ".") else { return false }
            return ImageUse.fileExtensions.contains(file.destination[file.destination.index(after: dot)...].lowercased())
        }
        let processor = ImageProcessor(settings: settings)
        var settingsHash = StableHasher()
        // libvips is asked its version (and so loaded) only when there are images to key.
        settingsHash.combine(images.isEmpty ? "" : Vips.version)
        settingsHash.combine(ImageProcessor.version)
        settings.combine(into: &settingsHash)
        let settingsKey = settingsHash.value
        let files = site.staticFiles
        // Keys first: a stat each, and the bytes hashed only for a new or changed file.
        let keys = Parallel.map(images) { index -> Result<UInt64, Error> in
            let file = files[index]
            return Result {
                var key = StableHasher()
                key.combine(settingsKey)
                key.combine(try store.contentHash(of: file.source))
                key.combine(uses["/" + file.destination] != nil ? 1 : 0)
                key.combine(String(PageBundles.lastComponent(file.destination)))
                return key.value
            }
        }
        let made = { @Sendable (position: Int) -> Result<(ImageProcessor.Result, String), Error> in
            let file = files[images[position]]
            return Result {
                let key = try keys[position].get()
                return try store.files(for: key) { folder in
                    try processor.process(file.source, name: String(PageBundles.lastComponent(file.destination)),
                                          tag: String(String(key, radix: 16).suffix(8)), copies: uses["/" + file.destination] != nil, into: folder)
                }
            }
        }
        // A few new images (the usual edit) are made one after another, each on every core; many
        // (a first build) one per core (work nested in a parallel loop runs on its one thread).
        let new = keys.filter { (try? $0.get()).map { !store.has($0) } ?? false }.count
        let results = new < ProcessInfo.processInfo.activeProcessorCount ? images.indices.map(made) : Parallel.map(Array(images.indices), made)
        var catalog = ImageCatalog(sizes: settings.sizes)
        var published: [StaticFile] = []
        var replaced = Set<Int>()
        for (index, result) in zip(images, results) {
            let file = site.staticFiles[index]
            let sitePath = "/" + file.destination
            let folder = String(file.destination[..<(file.destination.lastIndex(of: "/") ?? file.destination.startIndex)])
            let prefix = folder.isEmpty ? "" : folder + "/"
            switch result {
            case .success(let (made, stored)):
                replaced.insert(index)
                var copies: [ImageCatalog.Copy] = []
                for output in made.files {
                    // A file published as it is comes from the source, not the cache.
                    let source = output.format == nil ? file.source : stored + "/" + output.name
                    published.append(StaticFile(source: source, destination: prefix + output.name))
                    if output.isCopy, let format = output.format {
                        copies.append(.init(format: format, width: output.width, path: "/" + prefix + output.name))
                    }
                }
                // The folder's name is the image's key (its bytes, the settings, libvips' version):
                // never its path, which differs between output folders.
                var hash = StableHasher()
                hash.combine(String(stored.split(separator: "/").last ?? ""))
                catalog.entries[sitePath] = .init(width: made.width, height: made.height, hash: hash.value,
                                                  copies: copies.sorted { $0.width < $1.width }, fallback: "/" + prefix + made.fallback,
                                                  publishesOriginal: made.files.contains { !$0.isCopy })
            case .failure(let error):
                // Published as it is, as before images were processed, with a warning that names
                // the page and line showing it (or the file, when no page does).
                let problem = (error as? Vips.Failure)?.description ?? "\(error)"
                if let use = uses[sitePath] {
                    site.warnings.append(SiteError(file: use.file, line: use.line,
                                                   Message("images.unreadable", ["image": sitePath, "problem": problem]),
                                                   hint: Message("images.unreadable.hint"), severity: .warning))
                } else {
                    site.warnings.append(SiteError(file: SiteLoader.contentFolder + "/" + file.destination,
                                                   Message("images.unreadable_unused", ["problem": problem]), severity: .warning))
                }
            }
        }
        let destinations = Set(site.staticFiles.map { "/" + $0.destination })
        for (path, use) in uses.sorted(by: { $0.key < $1.key }) where !destinations.contains(path) {
            site.warnings.append(SiteError(file: use.file, line: use.line, Message("images.missing", ["image": path]),
                                           hint: Message("images.missing.hint"), severity: .warning))
        }
        site.staticFiles = site.staticFiles.indices.filter { !replaced.contains($0) }.map { site.staticFiles[$0] } + published
        site.images = catalog
        if settings.cards {
            let (cards, files) = try makeShareCards(site, store: store)
            site.shareCards = cards
            site.staticFiles += files
        }
        store.save()
        return site
    }

    /// Each post's share card, by post path: cropped from its image (front matter, else the
    /// first of its body), or its title typeset when it has none. A post whose image is remote
    /// (or could not be processed) keeps that image as its card.
    private static func makeShareCards(_ site: Site, store: ImageStore) throws -> (byPost: [String: String], files: [StaticFile]) {
        let settings = site.config.images
        let background = RGB(hex: settings.cardBackground)!, ink = RGB(hex: settings.cardText)!
        let sources = Dictionary(site.staticFiles.map { ("/" + $0.destination, $0.source) }) { first, _ in first }
        let posts = site.posts
        let catalog = site.images
        let siteName = site.config.title
        let cards = Parallel.map(Array(posts.indices)) { index -> Result<(String, StaticFile)?, Error> in
            let post = posts[index]
            let written = post.frontMatter.image ?? post.file.images.first?.written
            if let written, ImageUse(written: written, line: 0).isLocal == false { return .success(nil) }
            // The cleaned copy (upright, sRGB) is cropped, not the source.
            let photo = written.flatMap { ImageUse(written: $0, line: 0).sitePath(from: post.path) }
                .flatMap { catalog.entries[$0] }.flatMap { entry in sources[entry.fallback].map { (entry: entry, file: $0) } }
            // An image named but not processed (missing, unreadable) stays the card, as written.
            if written != nil && photo == nil { return .success(nil) }
            var key = StableHasher()
            key.combine(ShareCard.version)
            if let photo {
                key.combine(photo.entry.hash)
                key.combine(settings.quality)
            } else {
                key.combine(post.title)
                key.combine(siteName)
                key.combine(settings.cardBackground)
                key.combine(settings.cardText)
            }
            let ext = photo != nil ? "jpg" : "png"
            let name = "\(String(key.value, radix: 16)).\(ext)"
            return Result {
                let (_, folder) = try store.files(for: key.value) { folder in
                    if let photo {
                        try ShareCard.crop(photo.file, to: folder + "/" + name, quality: settings.quality)
                    } else {
                        try ShareCard.typeset(title: post.title, siteName: siteName, background: background, ink: ink, to: folder + "/" + name)
                    }
                    return ImageProcessor.Result(width: ShareCard.width, height: ShareCard.height,
                                                 files: [.init(format: ext == "jpg" ? .jpeg : .png, width: ShareCard.width, name: name, isCopy: true)],
                                                 fallback: name)
                }
                return (post.path, StaticFile(source: folder + "/" + name, destination: "images/cards/" + name))
            }
        }
        var byPost: [String: String] = [:]
        var failures: [SiteError] = []
        var published = Set<String>()
        var files: [StaticFile] = []
        for (index, card) in cards.enumerated() {
            switch card {
            case .success(let made?):
                byPost[made.0] = "/" + made.1.destination
                if published.insert(made.1.destination).inserted { files.append(made.1) }
            case .success(nil): break
            case .failure(let error):
                failures.append(SiteError(file: posts[index].file.source,
                                          Message("images.card_failed", ["problem": (error as? Vips.Failure)?.description ?? "\(error)"])))
            }
        }
        guard failures.isEmpty else { throw BuildFailure(failures) }
        return (byPost, files)
    }
}
