/// Turns the `ads:` configuration into what templates show: one value per slot,
/// rendered everywhere by the single `partials/ad` template, plus the loader
/// script AdSense needs once in `<head>`.
struct AdSlots {
    let config: AdsConfig
    /// Where each slot is, in the site's language, so every slot on a page has a name of its own
    /// (`aria-label`): 記事の上, 記事の途中…
    var place: (AdsConfig.Position) -> String = { $0.rawValue }

    /// Template values for one slot, or nil when the site does not use that position.
    func values(_ position: AdsConfig.Position) -> [String: Any]? {
        guard let slot = config.slots[position] else { return nil }
        var values: [String: Any] = [
            "position": position.rawValue,
            "label": config.label,
            "height": slot.height,
            "place": place(position),
        ]
        switch config.provider {
        case .adsense:
            values["markup"] = """
            <ins class="adsbygoogle" style="display:block;min-height:\(slot.height)px" data-ad-client="\(Escape.html(config.client ?? ""))" \
            data-ad-slot="\(Escape.html(slot.slotID ?? ""))" data-ad-format="auto" data-full-width-responsive="true"></ins>
            <script>(adsbygoogle = window.adsbygoogle || []).push({});</script>
            """
        case .html:
            values["markup"] = slot.html ?? ""
        case .placeholder:
            values["placeholder"] = true
        }
        return values
    }

    /// AdSense's loader, once per page that shows a slot.
    var headScript: String? {
        guard config.provider == .adsense, !config.slots.isEmpty, let client = config.client else { return nil }
        return "<script async src=\"https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=\(Escape.html(URLPath.encodeComponent(client)))\" crossorigin=\"anonymous\"></script>"
    }

    /// Puts the in-article slot after the Nth section: right before the heading of the
    /// configured level that opens section N + 1, so it never stands between a heading and
    /// its text. Posts with fewer sections, or shorter than `inArticleMinMinutes`, get none.
    func insertInArticle(_ html: LazyText, ad: String?, minutes: Int) -> LazyText {
        guard let ad, minutes >= config.inArticleMinMinutes else { return html }
        // Over the body's bytes as they are kept: no `String` is made of it. Headings carry an id.
        let opening = "<h\(config.inArticleLevel) "
        return html.withUTF8 { bytes -> LazyText in
            var searchFrom = 0
            for count in 0...config.inArticleAfter {
                guard let found = UTF8Scan.find(opening, in: bytes, from: searchFrom) else { return html }
                if count == config.inArticleAfter {
                    var result: [UInt8] = []
                    result.reserveCapacity(bytes.count + ad.utf8.count + 1)
                    result += bytes[..<found]
                    result += ad.utf8
                    result.append(UInt8(ascii: "\n"))
                    result += bytes[found...]
                    return LazyText(utf8: result)
                }
                searchFrom = found + opening.utf8.count
            }
            return html
        }
    }
}
