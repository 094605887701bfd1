/// Turns the `ads:` configuration into what templates show: one value per slot,
/// rendered everywhere by the single `partials/ad` template, plus the loader
/// script AdSense needs once in `<head>`.
struct AdSlots {
    let config: AdsConfig

    /// Template values for one slot, or nil when the site does not use that position.
    func values(_ position: AdsConfig.Position) -> [String: Any]? {
        guard let slot = config.slots[position] else { return nil }
        var values: [String: Any] = [
            "position": position.rawValue,
            "label": config.label,
            "height": slot.height,
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

    /// Puts the in-article slot right after the Nth heading of the configured level.
    /// Posts with fewer headings get no in-article ad.
    func insertInArticle(_ html: String, ad: String?) -> String {
        guard let ad else { return html }
        let closing = "</h\(config.inArticleLevel)>"
        var searchFrom = html.startIndex
        for count in 1...config.inArticleAfter {
            guard let found = html.byteRange(of: closing, from: searchFrom) else { return html }
            if count == config.inArticleAfter {
                var result = html
                result.insert(contentsOf: "\n" + ad, at: found.upperBound)
                return result
            }
            searchFrom = found.upperBound
        }
        return html
    }
}
