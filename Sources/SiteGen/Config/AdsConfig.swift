/// `ads:` in site.yml: where ad slots go and what fills them.
public struct AdsConfig: Sendable {
    public enum Provider: String, Sendable, CaseIterable {
        /// Google AdSense: `<ins class="adsbygoogle">` per slot, one loader in `<head>`.
        case adsense
        /// The user's own snippet per slot.
        case html
        /// A visible box of the slot's size, so the layout is right before a network is chosen.
        case placeholder
    }

    public enum Position: String, Sendable, CaseIterable {
        case postTop = "post_top", postBottom = "post_bottom", inArticle = "in_article", list, footer
    }

    public struct Slot: Sendable {
        public var position: Position
        public var slotID: String?
        public var html: String?
        /// Reserved height in CSS pixels, so the page does not jump when the ad loads.
        public var height: Int
    }

    public var provider: Provider
    public var client: String?
    /// Shown above every slot; AdSense allows only 広告 / スポンサーリンク (or "Sponsored", "Advertisement").
    public var label: String
    public var slots: [Position: Slot]
    /// In-article slot: after the Nth section, that is right before the heading of
    /// `inArticleLevel` (2 or 3) that starts section N + 1; only in posts that read in
    /// `inArticleMinMinutes` minutes or more.
    public var inArticleAfter: Int
    public var inArticleLevel: Int
    public var inArticleMinMinutes = 3
    /// List slot: after every Nth card.
    public var listEvery: Int
    public var adsTxt: [String]
    /// Services and contact pages carry no ads unless this is true.
    public var onFreelancePages: Bool

    static func defaultLabel(_ language: Language) -> String { language == .ja ? "スポンサーリンク" : "Sponsored" }

    /// nil when the site has no `ads:` or `ads: false`.
    static func load(_ yaml: YAMLMap, language: Language) throws -> AdsConfig? {
        guard !yaml.isFalse("ads"), let map = try yaml.map("ads") else { return nil }
        let providerText = try map.string("provider") ?? "placeholder"
        guard let provider = Provider(rawValue: providerText) else {
            throw map.error("provider", Message("ads.unknown_provider", ["provider": providerText, "providers": Provider.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        let client = try map.string("client")
        if provider == .adsense, !(client ?? "").hasPrefix("ca-pub-") {
            throw SiteError(file: map.file, line: map.line(of: "client") ?? map.line(of: "provider"),
                            Message("ads.no_client"))
        }
        var slots: [Position: Slot] = [:]
        var inArticleAfter = 1, inArticleLevel = 2, listEvery = 3, inArticleMinMinutes = 3
        if let slotMap = try map.map("slots") {
            for key in slotMap.keys {
                guard let position = Position(rawValue: key) else {
                    throw slotMap.error(key, Message("ads.unknown_position", ["positions": Position.allCases.map(\.rawValue).joined(separator: ", ")]))
                }
                let slot = try slotMap.map(key) ?? YAMLMap.parse("", file: map.file)
                let place = "ads.slots.\(key)"
                let height = try slot.int("height") ?? (position == .list || position == .footer ? 250 : 280)
                guard (50...1200).contains(height) else { throw slot.error("height", Message("ads.height_range")) }
                let slotID = try slot.string("slot")
                let html = try slot.string("html")
                if provider == .adsense && (slotID ?? "").isEmpty {
                    throw SiteError(file: map.file, line: slotMap.line(of: key), Message("ads.no_slot", ["place": place]))
                }
                if provider == .html && (html ?? "").isEmpty {
                    throw SiteError(file: map.file, line: slotMap.line(of: key), Message("ads.no_html", ["place": place]))
                }
                if position == .inArticle {
                    inArticleAfter = try slot.int("after") ?? 1
                    let heading = try slot.string("heading") ?? "h2"
                    guard heading == "h2" || heading == "h3" else { throw slot.error("heading", Message("ads.heading_level")) }
                    inArticleLevel = heading == "h2" ? 2 : 3
                    guard inArticleAfter >= 1 else { throw slot.error("after", Message("number.at_least", ["minimum": "1"])) }
                    inArticleMinMinutes = try slot.int("min_minutes") ?? 3
                    guard inArticleMinMinutes >= 0 else { throw slot.error("min_minutes", Message("number.at_least", ["minimum": "0"])) }
                }
                if position == .list {
                    listEvery = try slot.int("every") ?? 3
                    guard listEvery >= 1 else { throw slot.error("every", Message("number.at_least", ["minimum": "1"])) }
                }
                slots[position] = Slot(position: position, slotID: slotID, html: html, height: height)
            }
        }
        var config = AdsConfig(
            provider: provider, client: client,
            label: try map.string("label") ?? defaultLabel(language),
            slots: slots, inArticleAfter: inArticleAfter, inArticleLevel: inArticleLevel, listEvery: listEvery,
            adsTxt: try map.lines("ads_txt"),
            onFreelancePages: try map.bool("on_freelance_pages") ?? false
        )
        config.inArticleMinMinutes = inArticleMinMinutes
        return config
    }
}
