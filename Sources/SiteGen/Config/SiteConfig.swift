import Foundation

/// Everything `Content/site.yml` says, with defaults filled in.
public struct SiteConfig: Sendable {
    public struct Author: Sendable {
        public var name: String
        public var bio: String?
        public var avatar: String?
        public var links: [Link]
    }

    /// A labelled link (X/Twitter, GitHub, email…), shown in the footer and on the about page.
    public struct Link: Sendable {
        public var label: String
        public var url: String
    }

    public var title: String
    public var description: String
    public var author: Author
    public var language: Language
    public var baseURL: SiteURL
    public var postsPerPage: Int
    public var permalink: Permalink
    public var timeZone: TimeZone
    public var feedLimit: Int
    /// `markdown.unsafe: true` lets raw HTML in posts through; off by default.
    public var allowRawHTML: Bool
    /// `markdown.hatena: false` turns off Hatena Blog notation in posts.
    public var hatenaNotation: Bool
    /// `markdown.highlight: false` leaves code blocks plain (see `CodeHighlighter`).
    public var highlightCode: Bool
    /// `toc: true`: every post and page gets a table of contents (a post's own `toc:` decides for it).
    public var tableOfContents: Bool
    /// `image:` — the share card of pages that have no image of their own.
    public var shareImage: String?
    /// `favicon:` — the site's icon; nil: `/favicon.svg`, made from the site's initial.
    public var favicon: String?
    /// Ad slots; nil when the site has none.
    public var ads: AdsConfig?
    /// Where commission requests go; nil when there is no address or endpoint.
    public var contact: ContactConfig?
    /// The "commissions welcome" box at the end of posts (`commissions: false` turns it off).
    public var commissionBox: Bool
    /// Old addresses sent elsewhere (`redirects:`).
    public var redirects: [Redirect] = []
    /// Where `sitegen deploy` sends the site (`deploy:`).
    public var deploy: [DeployTarget] = []
    /// How local images are processed (`images:`).
    public var images = ImageSettings()
    /// The whole file, for keys that later parts of the build read (ads, contact…).
    public var raw: YAMLMap

    public static let knownKeys: Set<String> = [
        "title", "description", "author", "language", "base_url", "baseURL", "posts_per_page",
        "permalink", "timezone", "feed_limit", "markdown", "ads", "contact", "commissions", "toc", "image", "favicon", "redirects", "deploy", "images",
    ]

    public static func load(_ yaml: YAMLMap, baseURLOverride: String?) throws -> SiteConfig {
        let file = yaml.file
        guard let title = try yaml.string("title"), !title.isEmpty else {
            throw SiteError(file: file, line: 1, Message("site.no_title"))
        }
        let languageCode = try yaml.string("language") ?? "ja"
        guard let language = Language(code: languageCode) else {
            throw yaml.error("language", Message("language.unsupported", ["language": languageCode]))
        }
        let configuredURL = try yaml.string("base_url") ?? yaml.string("baseURL")
        let urlText = baseURLOverride ?? configuredURL ?? "http://localhost:8080/"
        guard let baseURL = SiteURL(urlText) else {
            throw SiteError(file: baseURLOverride == nil ? file : "--base-url",
                            line: baseURLOverride == nil ? (yaml.line(of: "base_url") ?? yaml.line(of: "baseURL")) : nil,
                            Message("site.base_url_not_absolute", ["url": urlText]))
        }
        let perPage = try yaml.int("posts_per_page") ?? 10
        guard perPage >= 1 else { throw yaml.error("posts_per_page", Message("number.at_least", ["minimum": "1"])) }
        let patternText = try yaml.string("permalink") ?? "/posts/:slug/"
        let permalink: Permalink
        do { permalink = try Permalink(patternText) } catch let error as Permalink.InvalidPattern {
            throw yaml.error("permalink", error.message, hint: Message("permalink.hint"))
        }
        let zoneName = try yaml.string("timezone") ?? "Asia/Tokyo"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw yaml.error("timezone", Message("site.unknown_timezone", ["zone": zoneName]))
        }
        let markdown = try yaml.map("markdown")
        let author = try loadAuthor(yaml)
        let commissions = yaml.isFalse("commissions") ? nil : try yaml.map("commissions")
        return SiteConfig(
            title: title,
            description: try yaml.string("description") ?? "",
            author: author,
            language: language,
            baseURL: baseURL,
            postsPerPage: perPage,
            permalink: permalink,
            timeZone: zone,
            feedLimit: try yaml.int("feed_limit") ?? 20,
            allowRawHTML: try markdown?.bool("unsafe") ?? false,
            hatenaNotation: try markdown?.bool("hatena") ?? true,
            highlightCode: try markdown?.bool("highlight") ?? true,
            tableOfContents: try yaml.bool("toc") ?? false,
            shareImage: try yaml.url("image", image: true),
            favicon: try yaml.url("favicon", image: true),
            ads: try AdsConfig.load(yaml, language: language),
            contact: try ContactConfig.load(yaml, author: author, language: language),
            commissionBox: try !yaml.isFalse("commissions") && (commissions?.bool("box") ?? true),
            redirects: try Redirect.load(yaml),
            deploy: try DeployTarget.load(yaml),
            images: try ImageSettings.load(yaml),
            raw: yaml
        )
    }

    private static func loadAuthor(_ yaml: YAMLMap) throws -> Author {
        // `author: 名前` or a mapping with name, bio, avatar and links.
        if let name = try? yaml.string("author") {
            return Author(name: name, bio: nil, avatar: nil, links: [])
        }
        guard let map = try yaml.map("author") else { return Author(name: "", bio: nil, avatar: nil, links: []) }
        var links: [Link] = []
        if let linkMap = try map.map("links") {
            for key in linkMap.keys {
                guard let value = try linkMap.string(key), !value.isEmpty else { continue }
                let url = Self.linkURL(key: key, value: value)
                guard SafeURL.isAllowed(url) else { throw linkMap.error(key, SafeURL.refusal(value)) }
                links.append(Link(label: Self.linkLabel(key), url: url))
            }
        }
        return Author(
            name: try map.string("name") ?? "",
            bio: try map.string("bio"),
            avatar: try map.url("avatar", image: true),
            links: links
        )
    }

    /// Lets users write `x: myname` or `github: myname` instead of full URLs.
    static func linkURL(key: String, value: String) -> String {
        if value.contains("://") || value.hasPrefix("mailto:") || value.hasPrefix("/") { return value }
        let handle = value.hasPrefix("@") ? String(value.dropFirst()) : value
        switch key.lowercased() {
        case "x", "twitter": return "https://x.com/" + handle
        case "github": return "https://github.com/" + handle
        case "email", "mail": return "mailto:" + value
        default: return value
        }
    }

    static func linkLabel(_ key: String) -> String {
        switch key.lowercased() {
        case "x", "twitter": return "X"
        case "github": return "GitHub"
        case "email", "mail": return "Email"
        default: return key
        }
    }
}

/// The languages sitegen has UI strings, date formats and text rules for.
public enum Language: String, Sendable, CaseIterable {
    case ja, en
    init?(code: String) { self.init(rawValue: code.lowercased().split(separator: "-").first.map(String.init) ?? code) }
}

/// The site's base URL, split into the origin and the path the site lives under
/// (`https://example.com/blog/` → `https://example.com` + `/blog/`).
public struct SiteURL: Sendable {
    public let origin: String
    public let basePath: String

    public init?(_ text: String) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return nil }
        var origin = scheme + "://" + host
        if let port = components.port { origin += ":\(port)" }
        self.origin = origin
        var path = components.percentEncodedPath
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        self.basePath = URLPath.decode(path) ?? path
    }

    /// The link to a site path, relative to the host: "/tags/猫/" → "/blog/tags/%E7%8C%AB/".
    public func link(_ sitePath: String) -> String {
        // Encoded straight into one buffer (joining and trimming as `String`s first cost more
        // than the encoding: every page, card and pager link goes through here).
        return basePath.withUTF8Bytes { base in
            sitePath.withUTF8Bytes { path in
                let trimmed = path.first == UInt8(ascii: "/") ? UnsafeBufferPointer(rebasing: path[1...]) : path
                var out: [UInt8] = []
                URLPath.appendEncoded(base, to: &out)
                URLPath.appendEncoded(trimmed, to: &out)
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// The absolute URL of a site path, for feeds, sitemaps, canonical and OG tags.
    public func absolute(_ sitePath: String) -> String { origin + link(sitePath) }

    /// The site's root URL (`https://example.com/blog/`).
    public var root: String { absolute("/") }
}
