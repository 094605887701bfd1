import ArgumentParser
import Foundation
import SiteGen

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import posts from another blog service.",
        subcommands: [ImportHatena.self, ImportHugo.self, ImportJekyll.self, ImportWordPress.self]
    )
}

struct ImportHatena: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hatena",
        abstract: "Import a Hatena Blog export file (Movable Type format) as Markdown posts.",
        discussion: """
        Each entry becomes Content/posts/YYYY-MM-DD-BASENAME.md with its title, date, \
        categories, tags, image and draft status, and its old address /entry/BASENAME as an \
        alias (a redirect page and a /_redirects line). Hatena's HTML becomes Markdown where \
        it maps cleanly and stays HTML where it does not. Files that exist are left alone \
        unless --force; a malformed entry is reported with its number and skipped.
        """
    )

    @Argument(help: "The export file (ブログの設定 → 詳細設定 → エクスポート).")
    var file: String

    @Option(help: ArgumentHelp("Where to write the posts.", valueName: "dir"))
    var into = "Content/posts"

    @Option(help: ArgumentHelp("Your Hatena ID (for notes only; image URLs carry it already).", valueName: "id"))
    var user: String?

    @Option(help: ArgumentHelp("The blog's time zone for the export's dates.", valueName: "zone"))
    var timezone = "Asia/Tokyo"

    @Flag(help: "Overwrite posts that were imported before (and maybe edited since).")
    var force = false

    @Flag(help: "Fetch the posts' fotolife images into Content/images/hatena/ and link them there.")
    var downloadImages = false

    func run() async throws {
        // Said in the language of the site the posts go into: the folder above `Content/`.
        let say = Messages.forSite(containing: URL(fileURLWithPath: into))
        guard let zone = TimeZone(identifier: timezone) else { throw ValidationError(say(Message("site.unknown_timezone", ["zone": timezone]))) }
        guard let data = FileManager.default.contents(atPath: file) else {
            Report.print([SiteError(file: file, Message("import.unreadable"))], say: say)
            throw ExitCode(1)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            Report.print([SiteError(file: file, Message("file.not_utf8"), hint: Message("import.not_utf8.hint"))], say: say)
            throw ExitCode(1)
        }
        let importer = HatenaImporter(into: URL(fileURLWithPath: into), timeZone: zone, force: force)
        let report = try importer.run(text)
        // The address of fotolife can be pointed elsewhere for tests (a server on 127.0.0.1).
        let host = ProcessInfo.processInfo.environment["SITEGEN_FOTOLIFE_HOST"] ?? HatenaImporter.fotolifeHost
        let images = downloadImages ? try await importer.downloadImages(of: report, host: host) : HatenaImporter.ImageDownloads()
        Report.print(images.failures, say: say)
        for problem in report.problems {
            Report.print([SiteError(file: file, Message("import.skipped", ["problem": problem.located]))], say: say)
        }
        for warning in report.warnings {
            Report.print([SiteError(file: file, warning.located, severity: .warning)], say: say)
        }
        var summary = [say(Message("import.done", ["posts": report.written.count, "folder": into]))]
        if !report.skipped.isEmpty { summary.append(say(Message("import.already_there", ["count": report.skipped.count]))) }
        if !report.problems.isEmpty { summary.append(say(Message("import.with_errors", ["count": report.problems.count]))) }
        if report.comments > 0 { summary.append(say(Message("import.comments_left", ["count": report.comments]))) }
        print(summary.joined(separator: say(Message("list.separator"))) + say(Message("sentence.end")))
        if !report.keptHTML.isEmpty { print(say(Message("import.kept_html", ["posts": report.keptHTML.count]))) }
        if images.downloaded > 0 { print(say(Message("import.hatena.images", ["images": images.downloaded]))) }
        if report.written.isEmpty && report.skipped.isEmpty {
            Report.print([SiteError(file: file, Message("import.nothing"))], say: say)
            throw ExitCode(1)
        }
    }
}

struct ImportHugo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hugo",
        abstract: "Make a Hugo site a sitegen site: settings, posts, pages, static files, shortcodes.",
        discussion: """
        hugo.toml (or config.toml/yaml/json) becomes Content/site.yml; the main section's posts \
        go to Content/posts/ and other pages to Content/pages/, front matter and shortcodes as \
        they are; static/ goes to Content/. Old addresses keep working: the permalink is carried \
        over, and a post whose address would change gets the old one as an alias. Each \
        shortcode of the site's own gets a starter template in Templates/shortcodes/. Files \
        that exist are left alone unless --force.
        """
    )

    @Argument(help: "The Hugo site's folder (the one with hugo.toml or config.toml).")
    var folder: String

    @OptionGroup var site: SiteTarget

    func run() async throws {
        let (destination, into, force) = (site.destination, site.into, site.force)
        let report = try await Report.importing(into: destination) {
            try HugoImporter(source: URL(fileURLWithPath: folder), destination: destination, force: force).run()
        }
        try Report.imported(
            warnings: report.warnings.map { SiteError(file: folder, $0, severity: .warning) },
            lines: [Message("import.hugo.done", ["posts": report.posts, "pages": report.pages, "files": report.files, "folder": into])]
                + (report.aliases > 0 ? [Message("import.hugo.aliases", ["posts": report.aliases])] : [])
                + (report.starterShortcodes.isEmpty ? [] : [Message("import.hugo.shortcodes", ["names": report.starterShortcodes.joined(separator: ", ")])])
                + (report.redirects > 0 ? [Message(report.redirectsByHand ? "import.hugo.redirects_by_hand" : "import.hugo.redirects", ["redirects": report.redirects])] : []),
            skipped: report.skipped.count, imported: report.posts + report.pages, into: destination, source: folder,
            nothing: Message("import.hugo.nothing"))
    }
}

struct ImportJekyll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jekyll",
        abstract: "Make a Jekyll site a sitegen site: settings, posts, drafts, pages, files.",
        discussion: """
        _config.yml becomes Content/site.yml; _posts/ and _drafts/ (as drafts) go to \
        Content/posts/, Markdown pages to Content/pages/, images and other files to Content/. \
        {% highlight %}, {% raw %}, {% post_url %}, {% link %} and {{ site.baseurl }} are \
        converted; other Liquid is reported with its file and line. Each post keeps its Jekyll \
        address as an alias. Files that exist are left alone unless --force.
        """
    )

    @Argument(help: "The Jekyll site's folder (the one with _config.yml).")
    var folder: String

    @OptionGroup var site: SiteTarget

    func run() async throws {
        let (destination, into, force) = (site.destination, site.into, site.force)
        let report = try await Report.importing(into: destination) {
            try JekyllImporter(source: URL(fileURLWithPath: folder), destination: destination, force: force).run()
        }
        try Report.imported(
            warnings: report.liquid,
            lines: [Message("import.jekyll.done", ["posts": report.posts, "drafts": report.drafts, "pages": report.pages,
                                                   "files": report.files, "folder": into])]
                + (report.aliases > 0 ? [Message("import.jekyll.aliases", ["posts": report.aliases])] : [])
                + (report.layoutsSetAside > 0 ? [Message("import.jekyll.layouts", ["files": report.layoutsSetAside])] : []),
            skipped: report.skipped.count, imported: report.posts + report.drafts + report.pages, into: destination, source: folder,
            nothing: Message("import.jekyll.nothing"))
    }
}

struct ImportWordPress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wordpress",
        abstract: "Import WordPress's export file (Tools → Export) as Markdown posts and pages.",
        discussion: """
        Posts go to Content/posts/YYYY-MM-DD-SLUG.md and pages to Content/pages/, with title, \
        date, slug, categories, tags, excerpt, drafts as drafts, and the old addresses (the \
        post's link, /archives/ID, the date form and /slug/) as aliases; old tag, category \
        and ?p=ID addresses go to site.yml's redirects. Blocks and the classic editor's [caption], \
        [gallery] and [embed] become Markdown or shortcodes; other shortcodes are reported; \
        HTML that Markdown cannot say is kept (html: true). Files that exist are left alone \
        unless --force.
        """
    )

    @Argument(help: "The export file (WordPress: Tools → Export → All content).")
    var file: String

    @OptionGroup var site: SiteTarget

    @Flag(help: "Fetch the images of the old site's uploads into Content/images/wp/ and link them there.")
    var downloadImages = false

    func run() async throws {
        let (destination, into, force) = (site.destination, site.into, site.force)
        guard let data = FileManager.default.contents(atPath: file) else {
            Report.print([SiteError(file: file, Message("import.unreadable"))], say: Messages.forSite(containing: destination))
            throw ExitCode(1)
        }
        let report = try await Report.importing(into: destination) {
            try await WordPressImporter(destination: destination, force: force, downloadImages: downloadImages).run(data, file: file)
        }
        var lines = [Message("import.wordpress.done", ["posts": report.posts, "pages": report.pages, "drafts": report.drafts, "folder": into])]
        if report.keptHTML > 0 { lines.append(Message("import.kept_html", ["posts": report.keptHTML])) }
        if report.imagesDownloaded > 0 { lines.append(Message("import.wordpress.images", ["images": report.imagesDownloaded])) }
        if report.redirects > 0 {
            lines.append(Message(report.redirectsByHand ? "import.wordpress.redirects_by_hand" : "import.wordpress.redirects", ["redirects": report.redirects]))
        }
        if report.authors.count > 1 { lines.append(Message("import.wordpress.authors", ["authors": report.authors.joined(separator: ", "), "author": String(report.authors[0].prefix { $0 != "(" }.dropLast())])) }
        if !downloadImages && (report.attachments > 0 || report.comments > 0) {
            lines.append(Message("import.wordpress.left", ["attachments": report.attachments, "comments": report.comments]))
        } else if report.comments > 0 {
            lines.append(Message("import.comments_left", ["count": report.comments]))
        }
        try Report.imported(warnings: report.warnings, lines: lines, skipped: report.skipped.count, imported: report.posts + report.pages,
                            into: destination, source: file, nothing: Message("import.wordpress.nothing"))
    }
}

/// Where a Hugo, Jekyll or WordPress import writes: a sitegen site's folder.
struct SiteTarget: ParsableArguments {
    @Option(help: ArgumentHelp("The sitegen site to write into.", valueName: "dir"))
    var into = "."

    @Flag(help: "Overwrite files that exist.")
    var force = false

    var destination: URL { URL(fileURLWithPath: into) }
}
