/// JSON-LD for search engines: `BlogPosting` with its author, `BreadcrumbList`,
/// and `WebSite` on the home page.
enum StructuredData {
    static func person(_ config: SiteConfig) -> JSONValue {
        .compact([
            ("@type", .string("Person")),
            ("name", .string(config.author.name.isEmpty ? config.title : config.author.name)),
            ("url", .string(config.baseURL.root)),
            ("sameAs", config.author.links.contains { $0.url.hasPrefix("http") }
                ? .array(config.author.links.filter { $0.url.hasPrefix("http") }.map { .string($0.url) }) : nil),
        ])
    }

    /// `author`: `person(config)`, which every post shares.
    static func blogPosting(_ post: Post, content: RenderedContent, config: SiteConfig, dates: DateFormat, image: String?,
                            author: JSONValue) -> JSONValue {
        let url = config.baseURL.absolute(post.path)
        return .compact([
            ("@context", .string("https://schema.org")),
            ("@type", .string("BlogPosting")),
            ("headline", .string(post.title)),
            ("description", .string(content.summary)),
            ("datePublished", .string(dates.iso(post.date))),
            ("dateModified", .string(dates.iso(post.updated))),
            ("inLanguage", .string(content.language.rawValue)),
            ("mainEntityOfPage", .object([("@type", .string("WebPage")), ("@id", .string(url))])),
            ("url", .string(url)),
            ("image", image.map { .string($0) }),
            ("keywords", post.tags.isEmpty ? nil : .string(post.tags.map(\.name).joined(separator: ", "))),
            ("author", author),
        ])
    }

    static func breadcrumbs(_ trail: [(name: String, path: String)], config: SiteConfig) -> JSONValue {
        .object([
            ("@context", .string("https://schema.org")),
            ("@type", .string("BreadcrumbList")),
            ("itemListElement", .array(trail.enumerated().map { index, crumb in
                .object([
                    ("@type", .string("ListItem")),
                    ("position", .number(index + 1)),
                    ("name", .string(crumb.name)),
                    ("item", .string(config.baseURL.absolute(crumb.path))),
                ])
            })),
        ])
    }

    static func website(_ config: SiteConfig) -> JSONValue {
        .compact([
            ("@context", .string("https://schema.org")),
            ("@type", .string("WebSite")),
            ("name", .string(config.title)),
            ("description", .string(config.description)),
            ("url", .string(config.baseURL.root)),
            ("inLanguage", .string(config.language.rawValue)),
            ("author", person(config)),
        ])
    }

    /// The `<script>` element, as bytes (the page takes them as they are, no `String` made
    /// and checked of each page's JSON-LD): `Escape.jsonString` already turned `<` into
    /// `\u003c`, so no value can close the element early.
    static func script(_ items: [JSONValue]) -> [UInt8] {
        guard !items.isEmpty else { return [] }
        var out = Array(#"<script type="application/ld+json">"#.utf8)
        out.reserveCapacity(2048) // a post's JSON-LD is about 1 KB: grown from 35 bytes, it was copied five times
        (items.count == 1 ? items[0] : JSONValue.array(items)).serialize(into: &out)
        out += "</script>".utf8
        return out
    }
}
