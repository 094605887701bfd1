import Foundation

/// Turns the typed model into the plain values Mustache templates read.
/// Empty and missing values are left out entirely: Mustache treats an empty
/// string as "present", so `{{#image}}` would otherwise render for no image.
/// Each non-empty list `x` also gets a flag `hasX`, for markup that wraps a list
/// once (`{{#hasTags}}<ul>{{#tags}}…{{/tags}}</ul>{{/hasTags}}`).
struct TemplateValues {
    let site: Site
    let contents: [RenderedContent]
    let dates: DateFormat
    /// Site-wide values, made once and shared by every page.
    private(set) var siteWide: [String: Any] = [:]

    /// The cards are made by the caller (`typedCard`) and attached (`attachCards`), HTML included.
    init(site: Site, contents: [RenderedContent], dates: DateFormat) {
        self.site = site
        self.contents = contents
        self.dates = dates
        siteWide = siteValues()
    }

    var url: SiteURL { site.config.baseURL }

    static func compact(_ pairs: [String: Any?]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in pairs {
            guard let value else { continue }
            // Types compared before casting: most values are not lists, and a failed cast costs.
            let type = type(of: value)
            if type == String.self, (value as! String).isEmpty { continue }
            let cannotBeList = type == String.self || type == Bool.self || type == Int.self || type == [String: Any].self
                || type == TemplateValue.self
            if !cannotBeList, let list = value as? [Any] {
                if list.isEmpty { continue }
                result["has" + key.prefix(1).uppercased() + key.dropFirst()] = true
            }
            result[key] = value
        }
        return result
    }

    /// A link to an image or page given by the user: site paths get the base path,
    /// http(s) URLs stay, anything else (`javascript:`, `data:`) is refused.
    func userURL(_ text: String?, absolute: Bool = false) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let lower = text.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return text }
        if lower.hasPrefix("mailto:") && !absolute { return text }
        if lower.contains(":") || text.hasPrefix("//") { return nil }
        let path = site.images.published(text.hasPrefix("/") ? text : "/" + text)
        return absolute ? url.absolute(path) : url.link(path)
    }

    /// A body's first image as a share card's absolute URL (see `SiteLinks.shareable`).
    func shareImage(firstInBody written: String?) -> String? {
        userURL(SiteLinks.shareable(firstInBody: written), absolute: true)
    }

    /// Tags or categories as links: each its name and its page's URL.
    func terms(_ terms: [Term], link: (Term) -> String) -> TemplateValue {
        .list(terms.map { .object(["name": .text($0.name), "url": .text(url.link(link($0)))]) })
    }

    /// Every post's card, converted and hashed once, `cardHTML` included: list pages,
    /// archives and related posts all show them.
    private(set) var cards: [SharedTemplateValue] = []

    /// A post as a card on list pages.
    func card(_ index: Int) -> TemplateValue { .shared(cards[index]) }

    /// A card with more keys (an ad after it on a list page).
    func card(_ index: Int, adding extra: [String: Any]) -> TemplateValue {
        card(index).adding(extra.mapValues { TemplateValue($0) }) ?? card(index)
    }

    /// The hash of a card's values: what a page's key holds instead of them.
    func cardHash(_ index: Int) -> UInt64 { cards[index].hash }

    /// The cards, converted and hashed once, HTML included.
    mutating func attachCards(_ made: [SharedTemplateValue]) {
        cards = made
    }

    /// A post as a card: the one definition of a card's values, made typed (a dictionary of
    /// `Any` converted afterwards cost a dynamic cast a value, 10,000 cards every build).
    func typedCard(_ index: Int) -> TemplateValue {
        let post = site.posts[index]
        let content = contents[index]
        return TemplateValue.compact(entryFields(index) + [
            ("titleHTML", .html(LazyText(Phrases.html(post.title)))),
            ("summary", .text(content.summary)),
            ("minutes", .text(String(content.readingTime.minutes))),
            ("tags", terms(post.tags, link: SiteLinks.tag)),
            ("image", userURL(post.frontMatter.image).map { .text($0) }),
            ("lang", content.language == site.config.language ? nil : .text(content.language.rawValue)),
        ])
    }

    /// A post as the archive lists it: title, link, date, draft flag (a card's first fields).
    /// Made from the post alone, without its body: the archive changes only when one of
    /// these does (`PageInputs.Item.archiveEntries`), not when a post's text is edited.
    func archiveEntry(_ index: Int) -> TemplateValue { TemplateValue.compact(entryFields(index)) }

    private func entryFields(_ index: Int) -> [(String, TemplateValue?)] {
        let post = site.posts[index]
        return [
            ("title", .text(post.title)),
            ("draft", post.frontMatter.draft ? .flag(true) : nil),
            ("url", .text(url.link(post.path))),
            ("date", .text(dates.long(post.date))),
            ("dateISO", .text(dates.iso(post.date))),
        ]
    }

    /// The hash of everything `typedCard` reads, for `CardCache`: keep the two together.
    /// `site` hashes what is the same for every card (the theme, the settings, the time zone).
    func cardInputs(_ index: Int, site siteInputs: UInt64) -> UInt64 {
        let post = site.posts[index]
        let content = contents[index]
        var hasher = StableHasher()
        hasher.combine(siteInputs)
        hasher.combine(post.title)
        hasher.combine(post.path)
        hasher.combine(post.date.timeIntervalSince1970.bitPattern)
        // The body's summary, reading time and language follow from what it was rendered
        // from: its key stands for them, so an unchanged post's body is not read for its card.
        hasher.combine(content.key)
        hasher.combine(post.tags.count)
        for tag in post.tags {
            hasher.combine(tag.name)
            hasher.combine(SiteLinks.tag(tag))
        }
        hasher.combine(post.frontMatter.image ?? "\u{0}")
        return hasher.value
    }

    /// Everything a post page shows about its post: typed, as its card is (a dictionary of
    /// `Any` converted afterwards cast each value on every post page).
    func post(_ index: Int, related: [Int]) -> TemplateValue {
        let post = site.posts[index]
        let content = contents[index]
        let wasUpdated = dates.long(post.updated) != dates.long(post.date)
        func link(to other: Int) -> TemplateValue {
            .object(["title": .text(site.posts[other].title), "url": .text(url.link(site.posts[other].path))])
        }
        let more = TemplateValue.compact([
            ("content", .html(content.htmlText)),
            ("updated", wasUpdated ? .text(dates.long(post.updated)) : nil),
            ("updatedISO", wasUpdated ? .text(dates.iso(post.updated)) : nil),
            ("categories", terms(post.categories, link: SiteLinks.category)),
            // Posts are newest first: the one after this in the array is the older one.
            ("previous", index + 1 < site.posts.count ? link(to: index + 1) : nil),
            ("next", index > 0 ? link(to: index - 1) : nil),
            ("related", .list(related.map(card))),
        ])
        // The card as list pages show it, `cardHTML` included, with the rest added.
        let card = card(index)
        guard case .object(let extra) = more else { return card }
        return card.adding(extra) ?? more
    }

    /// Site-wide values every template can read.
    private func siteValues() -> [String: Any] {
        let config = site.config
        let author = Self.compact([
            "name": config.author.name,
            "bio": config.author.bio,
            "avatar": userURL(config.author.avatar),
            "links": config.author.links.compactMap { link -> [String: Any]? in
                guard let href = userURL(link.url) else { return nil }
                return ["label": link.label, "url": href]
            },
        ])
        return Self.compact([
            "title": config.title,
            "description": config.description,
            "lang": config.language.rawValue,
            "url": url.link(SiteLinks.home),
            "assets": url.link(SiteLinks.assets),
            "atom": url.link(SiteLinks.atom),
            "rss": url.link(SiteLinks.rss),
            "tagsURL": url.link(SiteLinks.tags),
            "categoriesURL": url.link(SiteLinks.categories),
            "archivesURL": url.link(SiteLinks.archives),
            "searchURL": url.link("/search/"),
            "favicon": userURL(config.favicon) ?? url.link(SiteLinks.favicon),
            "faviconType": Favicon.type(of: config.favicon),
            "author": author,
            "servicesURL": site.services == nil ? nil : url.link(FreelanceLinks.services),
            "worksURL": (site.services?.jobs.isEmpty ?? true) ? nil : url.link(FreelanceLinks.works),
            "contactURL": config.contact == nil ? nil : url.link(FreelanceLinks.contact),
            "nav": site.pages.filter { !$0.title.isEmpty }.map { ["title": $0.title, "url": url.link($0.path)] },
            "year": dates.calendar.component(.year, from: Date()),
        ])
    }
}
