import Foundation

public struct BuildOptions: Sendable {
    public var source: URL
    public var output: URL
    public var baseURL: String?
    public var content: ContentOptions
    /// Ignore `.sitegen-cache/`: render and write everything.
    public var clean: Bool

    public init(source: URL, output: URL, baseURL: String? = nil, content: ContentOptions = ContentOptions(), clean: Bool = false) {
        self.source = source
        self.output = output
        self.baseURL = baseURL
        self.content = content
        self.clean = clean
    }
}

public struct BuildReport: Sendable {
    public var pagesWritten: Int
    public var filesCopied: Int
    public var seconds: Double
    public var posts: Int
    /// Incremental builds: files changed (added or rewritten) and deleted in the output folder.
    public var incremental = false
    public var filesChanged = 0
    public var filesDeleted = 0
    /// Markdown bodies rendered by this build; the others came from the cache.
    public var bodiesRendered = 0
    /// Content files read and parsed by this build; the others came from the cache.
    public var documentsRead = 0
    /// Documents, bodies and cards read back from the cache files; with `WarmCaches`,
    /// those the same process's last build used come from memory instead.
    public var cacheRecordsRead = 0
    /// What the build went on without (links in Content/ it did not follow), to be shown.
    public var warnings: [SiteError] = []
    /// Cache files found damaged (not as written) and made again by this build.
    public var cacheRepaired: [String] = []
    /// True when nothing had changed since the last build, which was kept as it was.
    public var upToDate = false
    /// When the first post held back for its future date comes out.
    public var nextPublication: Date?
    /// Output file → the content file it was made from (posts and pages).
    public var pageSources: [String: String] = [:]
}

extension BuildReport {
    /// The line a build prints when it found cache files damaged; nil when it found none.
    public var cacheRepair: Message? {
        guard !cacheRepaired.isEmpty else { return nil }
        return Message("build.cache_repaired", ["parts": cacheRepaired.joined(separator: ", ")])
    }
}

/// A build, from the user's folder to a finished output folder:
/// **load** (`SiteLoader`, `Theme`) → **process images** (`processImages`) → **render** (`BuildContext` and the steps) →
/// **write** (`OutputFolder`, swapped in only when every step succeeded).
public enum Builder {
    /// The build, in order. The search index comes before the pages, which make the cards
    /// as they show them: it is the build's largest piece of work in memory, and it needs no card.
    /// The sitemap comes last: it lists what the others wrote.
    static let steps: [BuildStep] = [
        .staticFiles, .search, .posts, .pages, .home, .taxonomies, .archives, .freelance, .aliases, .notFound, .favicon, .feeds, .sitemap,
    ]

    /// Layouts the steps above render through; a theme must have them all.
    static let requiredLayouts = ["post", "page", "list", "terms", "archive", "404", "services", "works", "contact", "search"]

    /// `warm`: what a long-running process (the dev server) keeps between its builds.
    /// `waiting`: told when another build of the same output holds the lock (this one waits for it).
    @discardableResult
    public static func build(_ options: BuildOptions, io: FileIO = .disk, warm: WarmCaches? = nil,
                             waiting: ((Message) -> Void)? = nil) throws -> BuildReport {
        let cache = BuildCache(output: options.output, io: io)
        return try BuildLock.exclusively(cache, waiting: waiting) { try build(options, cache: cache, io: io, warm: warm) }
    }

    private static func build(_ options: BuildOptions, cache: BuildCache, io: FileIO, warm: WarmCaches?) throws -> BuildReport {
        let started = Date()
        var laps = Laps()
        // A clean build checks nothing in the output folder first: site.yml is read, then the
        // fingerprint of its inputs runs on one core, and the theme is loaded on the other meanwhile.
        // (An error there is left to `load` to report, with the content's.)
        let settings = options.clean ? try? siteLoader(options, io: io).readSettings() : nil
        let theme = settings.map { settings in Parallel.later { try? loadTheme(options, language: settings.config.language, io: io) } }
        let (inputs, last, lastOutput) = cache.lastBuildIfCurrent(options, warm: warm)
        laps.lap("check inputs and output")
        if let last {
            var report = BuildReport(pagesWritten: last.pages, filesCopied: last.filesCopied,
                                     seconds: Date().timeIntervalSince(started), posts: last.posts)
            report.incremental = true
            report.upToDate = true
            return report
        }
        var result = Optional(try run(options, io: io, cache: cache, lastOutput: lastOutput, warm: warm, inputs: inputs,
                                      settings: settings, theme: theme?.value))
        let report = result!.report
        cache.save(LastBuild(inputs: inputs, report: report))
        // Moved out (`take`): were `result` still held here, the model would be freed on this
        // thread after all whenever the other thread let go of it first.
        Parallel.releaseInBackground(result.take()!)
        return report
    }

    /// Load, render, write. Returns the model too, for `sitegen check`.
    /// `lastOutput`: the last build's manifest and folder stamps, when the caller read them already.
    /// `inputs`: the fingerprint `build` took of the disk (its files' identities spare the load stage a stat each).
    /// `settings`, `theme`: site.yml and the theme, when the caller read them already.
    /// `cache`: the build's cache folder, when the caller opened it already.
    static func run(_ options: BuildOptions, io: FileIO = .disk, cache: BuildCache? = nil, lastOutput: BuildCache.LastOutput? = nil,
                    warm: WarmCaches? = nil, inputs: InputFingerprint? = nil, settings: SiteLoader.Settings? = nil, theme: Theme? = nil) throws
        -> (site: Site, theme: Theme, report: BuildReport) {
        let started = Date()
        var laps = Laps()
        func lap(_ name: String) { laps.lap(name) }
        let cache = cache ?? BuildCache(output: options.output, io: io)
        let (reads, repairs) = (!options.clean, cache.repairs)
        let documents = DocumentCache(file: cache.documentsPack, readsStored: reads, warm: warm, repairs: repairs, io: io)
        let (loaded, theme) = try load(options, io: io, documents: documents, warm: warm, identities: inputs?.contentIdentities ?? [:],
                                       settings: settings, theme: theme)
        lap("load")
        let site = try processImages(loaded, cacheFolder: cache.folder, repairs: cache.repairs)
        lap("process images")
        let output = try OutputFolder(destination: options.output, source: options.source,
                                      previous: options.clean ? nil : lastOutput?.manifest ?? cache.loadManifest(),
                                      previousFolders: options.clean ? nil : lastOutput?.folders ?? cache.loadFolderStamps(),
                                      checked: options.clean ? nil : lastOutput?.check, io: io)
        let markdownCache = MarkdownCache(file: cache.markdownPack, readsStored: reads, warm: warm, repairs: repairs, io: io)
        let cardCache = CardCache(file: cache.cardsPack, readsStored: reads, warm: warm, repairs: repairs, io: io)
        let searchTokens = SearchIndex.tokenCache(file: cache.searchPack, readsStored: reads, warm: warm, repairs: repairs, io: io)
        let searchIndex = SearchIndexCache(folder: cache.folder, readsStored: reads, warm: warm, repairs: repairs, io: io)
        let relatedPosts = RelatedPostsStore(file: cache.relatedPostsFile, readsStored: reads, repairs: repairs, io: io)
        let context: BuildContext
        do {
            let bodies = renderMarkdown(site, theme: theme, cache: markdownCache, related: relatedPosts, warm: warm)
            lap("render Markdown")
            let values = makeCards(site, theme: theme, bodies: bodies.posts, cache: cardCache)
            lap("cards")
            context = BuildContext(site: site, theme: theme, output: output, bodies: bodies, values: values,
                                   searchTokens: searchTokens, searchIndex: searchIndex)
            for step in steps {
                try step.run(context)
                lap("step: " + step.name)
            }
            cache.removeManifest()
            // The caches' packs are written side by side, each on its own (a clean build of 10,000
            // posts writes 120 MB of bodies, 60 MB of documents), while the output is moved into
            // place: they hold what was made, keyed by what it was made from, whatever the output
            // folder holds. The record of the output is written only once it is in place.
            let packs: [@Sendable () -> Void] = [
                { markdownCache.save() }, { documents.save() }, { cardCache.save() },
                { searchTokens.save(); searchIndex.save(); relatedPosts.save() },
            ]
            let (committed, _) = Parallel.pair({ Result { try output.commit() } }, { try? Parallel.forEach(packs.count) { packs[$0]() } })
            try committed.get()
            lap(output.previous != nil ? "move changes into place, save caches" : "move into place, save caches")
        } catch {
            output.discard()
            throw error
        }
        cache.save(output.manifest, folders: { output.folderStampsAfterCommit() }, warm: warm)
        lap("save the output's record")
        var report = BuildReport(pagesWritten: output.pagesWritten, filesCopied: output.filesCopied,
                                 seconds: Date().timeIntervalSince(started), posts: site.posts.count,
                                 pageSources: context.pageSources)
        report.incremental = output.isIncremental
        report.filesChanged = output.filesChanged
        report.filesDeleted = output.filesDeleted
        report.nextPublication = site.nextPublication
        report.cacheRepaired = cache.repairs.names
        report.warnings = site.warnings
        report.bodiesRendered = markdownCache.renderedCount
        report.documentsRead = documents.readCount
        report.cacheRecordsRead = documents.recordsRead + markdownCache.recordsRead + cardCache.recordsRead
        Parallel.releaseInBackground((context, output, markdownCache, cardCache, searchTokens, searchIndex, documents))
        return (site, theme, report)
    }

    /// The load stage: site.yml (read once), then the content and the theme, checked against each other.
    static func load(_ options: BuildOptions, io: FileIO, documents: DocumentCache? = nil, warm: WarmCaches? = nil,
                     identities: [String: UInt64] = [:], settings: SiteLoader.Settings? = nil,
                     theme loadedTheme: Theme? = nil) throws -> (Site, Theme) {
        var loader = siteLoader(options, io: io)
        loader.documents = documents
        loader.warm = warm
        loader.identities = identities
        let settings = try settings ?? loader.readSettings()
        // The theme needs only the site's language: loaded while the content loads.
        let (loaded, themed) = loadedTheme.map { theme in (Result { try loader.load(settings) }, .success(theme)) }
            ?? Parallel.pair({ Result { try loader.load(settings) } },
                             { Result { try loadTheme(options, language: settings.config.language, io: io) } })
        let site = try loaded.get()
        let theme = try themed.get()
        try checkLayouts(site: site, theme: theme)
        try checkShortcodes(site: site, theme: theme)
        return (site, theme)
    }

    private static func siteLoader(_ options: BuildOptions, io: FileIO) -> SiteLoader {
        SiteLoader(io: io, root: options.source.standardizedFileURL.path, options: options.content, baseURLOverride: options.baseURL)
    }

    /// The theme, in the site's language.
    static func loadTheme(_ options: BuildOptions, language: Language, io: FileIO) throws -> Theme {
        try Theme.load(root: options.source.standardizedFileURL.path, language: language, io: io)
    }

    /// An unknown shortcode, or a `ref` to no post or page, fails the build before anything is
    /// written, with the file and line of each (the names were read with the file).
    static func checkShortcodes(site: Site, theme: Theme) throws {
        guard site.usesShortcodes else { return }
        let known = theme.shortcodes.union(Shortcodes.builtIn)
        let renderer = ShortcodeRenderer(theme: theme, addresses: site.addressesBySource, baseURL: site.config.baseURL)
        var errors: [SiteError] = []
        for file in site.posts.map(\.file) + site.pages.map(\.file) where !file.shortcodes.isEmpty {
            for use in file.shortcodes {
                if !known.contains(use.name) {
                    errors.append(SiteError(file: file.source, line: use.line, Message("shortcode.unknown", ["name": use.name]),
                                            hint: Message("shortcode.unknown.hint", ["name": use.name, "names": known.sorted().joined(separator: ", ")])))
                } else if let target = use.target, renderer.address(of: target) == nil {
                    errors.append(SiteError(file: file.source, line: use.line, Message("shortcode.ref_nowhere", ["target": target])))
                }
            }
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
    }

    /// An unknown `layout:` fails the build before anything is written.
    static func checkLayouts(site: Site, theme: Theme) throws {
        var errors: [SiteError] = []
        for name in requiredLayouts where !theme.layouts.contains(name) {
            errors.append(SiteError(file: "Templates/layouts/\(name).mustache",
                                    Message("theme.no_layout", ["layout": name, "layouts": requiredLayouts.joined(separator: ", ")])))
        }
        func check(_ file: ContentFile) {
            guard let layout = file.frontMatter.layout, !theme.layouts.contains(layout) else { return }
            errors.append(SiteError(file: file.source, line: file.frontMatter.raw.line(of: "layout"),
                                    Message("layout.missing", ["layout": layout, "layouts": theme.layouts.sorted().joined(separator: ", ")])))
        }
        // By index: a copy of each post's file was most of this check's cost.
        for index in site.posts.indices where site.posts[index].file.frontMatter.layout != nil { check(site.posts[index].file) }
        for index in site.pages.indices where site.pages[index].file.frontMatter.layout != nil { check(site.pages[index].file) }
        guard errors.isEmpty else { throw BuildFailure(errors) }
    }
}

/// SITEGEN_TIMINGS=1 prints how long each stage and step took, for profiling.
struct Laps {
    static let enabled = ProcessInfo.processInfo.environment["SITEGEN_TIMINGS"] != nil
    private var mark = Date()
    private var cpuMark = Laps.cpuSeconds()

    /// User + system CPU time of the process so far: a stage whose CPU time is near twice
    /// its wall time kept both cores busy; one near its wall time ran on one.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    mutating func lap(_ name: String) {
        guard Self.enabled else { return }
        let cpu = Self.cpuSeconds()
        defer { cpuMark = cpu }
        // The resident memory after each stage and the peak so far (Linux), to see which stage holds the most.
        let pages = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        let memory = (pages.map { String(format: "  %5d MiB", ($0 * Int(getpagesize())) >> 20) } ?? "")
            + (peak.map { String(format: "  peak %5d MiB", $0 >> 10) } ?? "")
        FileHandle.standardError.write(Data(String(format: "%-28@ %6.3f s  cpu %6.3f s%@\n", name as NSString, Date().timeIntervalSince(mark), cpu - cpuMark, memory as NSString).utf8))
        mark = Date()
    }
}
