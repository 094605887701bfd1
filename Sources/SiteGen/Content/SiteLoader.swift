import Foundation

/// The load stage: reads `Content/` (through `FileIO`) into a `Site`.
/// Every problem found is collected, so one run reports them all.
public struct SiteLoader: Sendable {
    public var io: FileIO
    public var root: String
    public var options: ContentOptions
    public var baseURLOverride: String?
    /// Content files parsed by earlier builds (nil: every file is read and parsed).
    var documents: DocumentCache?
    /// What the same process's last build loaded (`sitegen serve`).
    var warm: WarmCaches?
    /// Content files' identities as the build's input fingerprint took them (by path under
    /// Content/); a file not there is asked of `io`.
    var identities: [String: UInt64] = [:]
    /// Tag and category slugs, made once per name: ten thousand posts share a few dozen tags.
    let slugs = SlugMemo()

    public init(io: FileIO = .disk, root: String, options: ContentOptions, baseURLOverride: String? = nil) {
        self.io = io
        self.root = root
        self.options = options
        self.baseURLOverride = baseURLOverride
    }

    static let contentFolder = "Content"
    /// Files in Content/ that are read as data, not copied.
    static let dataFiles: Set<String> = ["site.yml", "services.yml"]

    /// Content/site.yml, read and parsed once per build, and the hash of everything the
    /// settings are read from (site.yml's text, services.yml's, a base URL given on the command line).
    struct Settings: Sendable {
        let config: SiteConfig
        let hash: UInt64
    }

    func readSettings() throws -> Settings {
        let (text, config) = try readSiteYML()
        var hasher = StableHasher()
        hasher.combine(text)
        let services = root + "/" + ServicesData.file
        hasher.combine(io.exists(services) ? try readText(services, display: ServicesData.file) : "\u{0}")
        hasher.combine(baseURLOverride ?? "\u{0}")
        return Settings(config: config, hash: hasher.value)
    }

    /// The site: `settings` as the build read them (nil: read now).
    func load(_ settings: Settings? = nil) throws -> Site {
        let settings = try settings ?? readSettings()
        let config = settings.config
        let dates = DateParser(timeZone: config.timeZone)
        var errors: [SiteError] = []
        let contentRoot = root + "/" + Self.contentFolder
        let listing = io.list(contentRoot, root)
        let files = listing.files

        var posts: [Post] = []
        var pages: [Page] = []
        var staticFiles: [StaticFile] = []
        var documents: [String] = []
        var sectionTexts: [SectionText] = []
        var nextPublication: Date?
        for relative in files {
            let isMarkdown = relative.hasSuffix(".md") || relative.hasSuffix(".markdown")
            if isMarkdown && PageBundles.isSectionIndex(relative) {
                // Hugo's `_index.md`: the text of a list sitegen makes, or of one it has not (not published).
                guard let path = SectionTexts.listPath(relative) else { continue }
                do {
                    let display = Self.contentFolder + "/" + relative
                    let split = try SourceText.split(try readText(contentRoot + "/" + relative, display: display), file: display)
                    sectionTexts.append(SectionText(path: path, source: relative, markdown: split.body, bodyLine: split.bodyLine))
                } catch let error as SiteError { errors.append(error) }
            } else if isMarkdown && (relative.hasPrefix("posts/") || relative.hasPrefix("pages/")) {
                documents.append(relative)
            } else if !Self.dataFiles.contains(relative) {
                staticFiles.append(StaticFile(source: contentRoot + "/" + relative, destination: relative))
            }
        }
        // Each file is read and parsed on its own: spread them over every core.
        let kept = warm?.loadedDocuments ?? [:]
        let loaded = Parallel.map(documents) { relative in self.keptOrLoaded(relative, config: config, dates: dates, settings: settings.hash, kept: kept) }
        var keepNow: [UInt64: Document] = [:]
        for (key, result) in loaded {
            if warm != nil, let key, case .success(let document) = result, document.isLoaded { keepNow[key] = document }
            switch result {
            case .success(.post(let post)): posts.append(post)
            case .success(.page(let page)): pages.append(page)
            case .success(.skipped): break
            case .success(.future(let date)): nextPublication = min(date, nextPublication ?? date)
            case .failure(let error as SiteError): errors.append(error)
            case .failure(let error as BuildFailure): errors += error.errors
            case .failure(let error): errors.append(SiteError(file: Self.contentFolder, Message("file.failed", ["problem": "\(error)"])))
            }
        }
        warm?.loadedDocuments = keepNow
        staticFiles = PageBundles.publish(staticFiles, documents: documents, posts: posts, pages: pages)
        for asset in io.listFiles(root + "/Templates/assets", root) {
            staticFiles.append(StaticFile(source: root + "/Templates/assets/" + asset, destination: "assets/" + asset))
        }

        var services: ServicesData?
        do { services = try loadServices(dates: dates) } catch let failure as BuildFailure {
            errors += failure.errors
        } catch let error as SiteError {
            errors.append(error)
        }

        // Newest first; ties broken by slug so the order never depends on the file system.
        posts.sort { $0.date != $1.date ? $0.date > $1.date : $0.slug < $1.slug }
        // The duplicate check and the taxonomies read the same posts: one core each.
        let (sorted, found, copies) = (posts, pages, staticFiles)
        let (duplicates, taxonomies) = Parallel.pair({ Self.duplicatePaths(posts: sorted, pages: found, staticFiles: copies, calendar: dates.calendar, config: config) },
                                                     { (Taxonomy.build(sorted) { $0.tags }, Taxonomy.build(sorted) { $0.categories }) })
        errors += duplicates
        guard errors.isEmpty else { throw BuildFailure(errors) }

        var site = Site(
            root: root, config: config, posts: posts, pages: pages, tags: taxonomies.0, categories: taxonomies.1,
            staticFiles: staticFiles, services: services, calendar: dates.calendar, nextPublication: nextPublication
        )
        site.settingsHash = settings.hash
        site.sectionTexts = sectionTexts
        site.warnings = (services?.warnings ?? []) + Self.rootFileWarnings(config)
            + SectionTexts.unused(sectionTexts, tags: site.tags, categories: site.categories) + listing.skippedLinks.map { link in
            SiteError(file: Self.contentFolder + "/" + link,
                      Message("content.link_not_followed"), severity: .warning)
        }
        return site
    }

    enum Document {
        case post(Post), page(Page), skipped, future(Date)
        /// A post or page: what a later build of the same process may take as it is.
        var isLoaded: Bool {
            switch self {
            case .post, .page: true
            case .skipped, .future: false
            }
        }

        /// Whether a kept post may still be shown (`now` moved back: a later date is held back again).
        func isOut(at options: ContentOptions) -> Bool {
            guard case .post(let post) = self else { return true }
            if let expiry = post.frontMatter.expiryDate, expiry <= options.now { return false }
            return options.includeFuture || post.date <= options.now
        }
    }

    /// `document`, or the post or page the same process's last build loaded from the file as
    /// it is now (same identity) under the same settings, when there is one (`sitegen serve`:
    /// 10,000 posts not made again after one was saved). The key is nil without `warm`.
    func keptOrLoaded(_ relative: String, config: SiteConfig, dates: DateParser, settings: UInt64,
                      kept: [UInt64: Document]) -> (UInt64?, Result<Document, Error>) {
        let display = Self.contentFolder + "/" + relative
        guard warm != nil, let identity = identities[relative] ?? io.identity(root + "/" + display) else {
            return (nil, Result { try document(relative, config: config, dates: dates) })
        }
        var hasher = StableHasher()
        hasher.combine(settings) // site.yml: permalinks, time zone
        hasher.combine(relative)
        hasher.combine(identity)
        hasher.combine(options.includeDrafts ? 1 : 0)
        hasher.combine(options.includeFuture ? 1 : 0)
        let key = hasher.value
        if let document = kept[key], document.isOut(at: options) {
            documents?.keep(display, identity: identity, timeZone: dates.calendar.timeZone)
            return (key, .success(document))
        }
        return (key, Result { try document(relative, config: config, dates: dates, identity: identity) })
    }

    /// One Markdown file of `posts/` or `pages/`, read and parsed; drafts and future posts are skipped.
    func document(_ relative: String, config: SiteConfig, dates: DateParser, identity: UInt64? = nil) throws -> Document {
        let file = try readContent(Self.contentFolder + "/" + relative, dates: dates, identity: identity ?? identities[relative])
        if relative.hasPrefix("posts/") {
            // By bytes: `lastIndex(of:)` on the characters walked each path grapheme by grapheme.
            let fileName = PageBundles.folderName(relative)
                ?? relative.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(relative[relative.utf8.index(after: $0)...]) } ?? relative
            let post = try makePost(file, fileName: fileName, config: config, calendar: dates.calendar)
            if post == nil, !file.frontMatter.draft || options.includeDrafts,
               let date = file.frontMatter.date ?? Self.dateFromFileName(fileName, calendar: dates.calendar),
               date > options.now { return .future(date) }
            return post.map(Document.post) ?? .skipped
        }
        if file.frontMatter.draft && !options.includeDrafts { return .skipped }
        return .page(makePage(file, relative: String(relative.dropFirst("pages/".count))))
    }

    func loadServices(dates: DateParser) throws -> ServicesData? {
        let path = root + "/" + ServicesData.file
        guard io.exists(path) else { return nil }
        let yaml = try YAMLMap.parse(try readText(path, display: ServicesData.file), file: ServicesData.file)
        return try ServicesLoader.load(yaml, dates: dates)
    }

    public func loadConfig() throws -> SiteConfig { try readSiteYML().config }

    private func readSiteYML() throws -> (text: String, config: SiteConfig) {
        let display = Self.contentFolder + "/site.yml"
        let path = root + "/" + display
        guard io.exists(path) else {
            throw SiteError(file: display, Message("site.yml_missing", ["folder": "\(root)/\(Self.contentFolder)"]))
        }
        let text = try readText(path, display: display)
        let yaml = try YAMLMap.parse(text, file: display)
        return (text, try SiteConfig.load(yaml, baseURLOverride: baseURLOverride))
    }

    func readText(_ path: String, display: String) throws -> String {
        let data: Data
        do { data = try io.read(path) } catch {
            throw SiteError(file: display, Message("file.unreadable", ["problem": error.localizedDescription]))
        }
        guard let text = String(validUTF8: data) else {
            throw SiteError(file: display, Message("file.not_utf8"))
        }
        return text
    }

    func readContent(_ display: String, dates: DateParser, identity known: UInt64? = nil) throws -> ContentFile {
        guard let documents, let identity = known ?? io.identity(root + "/" + display) else { return try parseContent(display, dates: dates) }
        return try documents.file(display, identity: identity, timeZone: dates.calendar.timeZone) {
            try parseContent(display, dates: dates)
        }
    }

    func parseContent(_ display: String, dates: DateParser) throws -> ContentFile {
        let text = try readText(root + "/" + display, display: display)
        let split = try SourceText.split(text, file: display)
        let frontMatter = try FrontMatter.read(text: split.frontMatter ?? "", file: display, dates: dates)
        // Control characters have no place in a page and would make feeds invalid XML.
        let body = Escape.stripControls(split.body)
        return ContentFile(source: display, frontMatter: frontMatter, markdown: body,
                           bodyLine: split.bodyLine, textHash: StableHasher.hash(text), shortcodes: Shortcodes.uses(in: body, bodyLine: split.bodyLine))
    }

    func makePost(_ file: ContentFile, fileName: String, config: SiteConfig, calendar: Calendar) throws -> Post? {
        let fm = file.frontMatter
        if fm.date == nil, let written = Self.datePrefix(fileName), Self.dateFromFileName(fileName, calendar: calendar) == nil {
            throw SiteError(file: file.source, line: 1, Message("post.bad_file_name_date", ["date": written]))
        }
        guard let date = fm.date ?? Self.dateFromFileName(fileName, calendar: calendar) else {
            throw SiteError(file: file.source, line: 1, Message("post.no_date"))
        }
        if fm.draft && !options.includeDrafts { return nil }
        if date > options.now && !options.includeFuture { return nil }
        if let expiry = fm.expiryDate, expiry <= options.now { return nil }
        let slug = try Self.slug(explicit: fm.slug, fileName: fileName, file: file, date: date, calendar: calendar)
        return Post(
            file: file, slug: slug, date: date,
            path: config.permalink.path(slug: slug, date: date, calendar: calendar),
            tags: Self.terms(fm.tags, slugs: slugs), categories: Self.terms(fm.categories, slugs: slugs)
        )
    }

    func makePage(_ file: ContentFile, relative: String) -> Page {
        var parts = relative.split(separator: "/").map(String.init)
        // A bundle (`about/index.md`) is named by its folder.
        if parts.count > 1, PageBundles.isIndex(parts.last ?? "") { parts.removeLast() }
        let name = parts.removeLast()
        let slug = file.frontMatter.slug.map(Slug.make).flatMap { $0.isEmpty ? nil : $0 } ?? Slug.fromFileName(name)
        let folders = parts.map(Slug.make).filter { !$0.isEmpty }
        let path = "/" + (folders + [slug]).joined(separator: "/") + "/"
        return Page(file: file, path: path == "//" ? "/untitled/" : path)
    }

    /// An explicit `slug:` wins; then the file name; a name with no letters or digits
    /// (`2017-09-18-！！.md`) falls back to the date, never to an empty slug.
    static func slug(explicit: String?, fileName: String, file: ContentFile, date: Date, calendar: Calendar) throws -> String {
        if let explicit {
            let slug = Slug.make(explicit)
            guard !slug.isEmpty else {
                throw SiteError(file: file.source, line: file.frontMatter.raw.line(of: "slug"),
                                Message("key.problem", ["key": "slug", "problem": Message("slug.empty", ["slug": explicit])]),
                                hint: Message("slug.empty.hint"))
            }
            return slug
        }
        let fromName = Slug.fromFileName(fileName)
        if !fromName.isEmpty { return fromName }
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d-%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// A site under a sub-path (`https://example.com/blog/`) has its robots.txt and ads.txt
    /// there too, where crawlers and ad networks never look: said, with what to do.
    static func rootFileWarnings(_ config: SiteConfig) -> [SiteError] {
        let base = config.baseURL
        guard base.basePath != "/" else { return [] }
        let files = ["robots.txt"] + ((config.ads?.adsTxt.isEmpty ?? true) ? [] : ["ads.txt"])
        let root = base.origin + "/"
        return [SiteError(file: contentFolder + "/site.yml", line: config.raw.line(of: "base_url") ?? config.raw.line(of: "baseURL"),
                          Message(files.count > 1 ? "site.root_files_under_path" : "site.robots_under_path", ["path": base.basePath, "root": root]),
                          severity: .warning)]
    }

    /// The `YYYY-MM-DD` a file name starts with, valid or not.
    static func datePrefix(_ name: String) -> String? {
        let prefix = name.prefix(10)
        guard prefix.count == 10, name.count > 10,
              prefix.enumerated().allSatisfy({ [4, 7].contains($0.offset) ? $0.element == "-" : $0.element.isASCII && $0.element.isNumber })
        else { return nil }
        return String(prefix)
    }

    static func dateFromFileName(_ name: String, calendar: Calendar) -> Date? {
        guard name.count > 10 else { return nil }
        return DateParser(timeZone: calendar.timeZone).parse(String(name.prefix(10)))
    }

    static func terms(_ names: [String], slugs: SlugMemo = SlugMemo()) -> [Term] {
        // A post has a few terms: a list, not a set (hashing a Japanese slug normalizes it first).
        var terms: [Term] = []
        terms.reserveCapacity(names.count)
        for name in names {
            let term = slugs.term(name)
            guard !term.slug.isEmpty, !terms.contains(where: { $0.slug == term.slug }) else { continue }
            terms.append(term)
        }
        return terms
    }

    /// Two sources that would write the same file, or a source that takes a URL the
    /// build generates (tags, archives, feeds…): an error, never a silent overwrite.
    static func duplicatePaths(posts: [Post], pages: [Page], staticFiles: [StaticFile], calendar: Calendar, config: SiteConfig) -> [SiteError] {
        var owners: [String: String] = [:]
        var errors: [SiteError] = []
        var claims: [(path: String, source: String, line: Int?, what: Message)] =
            posts.map { ($0.path, $0.file.source, 1, Message("claim.post")) } + pages.map { ($0.path, $0.file.source, 1, Message("claim.page")) }
        func addAliases(_ file: ContentFile) {
            for alias in file.frontMatter.aliases {
                claims.append((SiteLinks.alias(alias), file.source, file.frontMatter.raw.line(of: "aliases"), Message("claim.alias", ["alias": alias])))
            }
        }
        for index in posts.indices where !posts[index].file.frontMatter.aliases.isEmpty { addAliases(posts[index].file) }
        for index in pages.indices where !pages[index].file.frontMatter.aliases.isEmpty { addAliases(pages[index].file) }
        claims += staticFiles.map { ("/" + $0.destination, "Content/" + $0.destination, nil, Message("claim.file")) }
        claims += config.redirects.filter { $0.query == nil }.map {
            ($0.path, contentFolder + "/site.yml", config.raw.line(of: "redirects"), Message("claim.redirect", ["from": $0.path]))
        }
        // The year and month pages, worked out only when some post, page or alias is under /archives/.
        let underArchives = claims.contains { $0.path.utf8.starts(with: SiteLinks.archives.utf8) }
        let archivePages = underArchives ? SiteLinks.archivePages(posts, calendar: calendar) : []
        // Each path's file and checks on every core (10,000 posts); only the owners' map is serial.
        let found = Parallel.map(claims) { claim in
            (file: URLPath.outputFile(for: claim.path), unsafe: URLPath.hasUnsafeSegment(claim.path),
             reserved: claim.what.key != "claim.file"
                && (SiteLinks.isReserved(claim.path) || archivePages.contains(claim.path)))
        }
        owners.reserveCapacity(claims.count)
        for (claim, (file, unsafe, reserved)) in zip(claims, found) {
            if unsafe {
                errors.append(SiteError(file: claim.source, line: claim.line,
                                        Message("claim.outside", ["what": claim.what])))
            } else if reserved {
                errors.append(SiteError(file: claim.source, line: claim.line,
                                        Message("claim.reserved", ["what": claim.what, "path": claim.path])))
            } else if let first = owners[file] {
                errors.append(SiteError(file: claim.source, line: claim.line,
                                        Message("claim.duplicate", ["what": claim.what, "path": claim.path, "first": first])))
            } else {
                owners[file] = claim.source
            }
        }
        return errors
    }
}

/// Each tag or category name as written, trimmed and with its slug (`Slug.make`),
/// remembered for the loading threads: a site has a few dozen names, written 30,000 times.
final class SlugMemo: @unchecked Sendable { // `terms` only under `lock`
    private let lock = NSLock()
    private var terms: [ByteKey: Term] = [:]

    func term(_ name: String) -> Term {
        let key = ByteKey(name)
        if let known = lock.withLock({ terms[key] }) { return known }
        let trimmed = name.trimmedSpaces
        let term = Term(name: trimmed, slug: Slug.make(trimmed))
        lock.withLock { terms[key] = term }
        return term
    }
}
