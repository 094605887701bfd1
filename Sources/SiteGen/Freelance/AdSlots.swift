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
    func insertInArticle(_ html: LazyText, ad: String?) -> LazyText {
        guard let ad else { return html }
        // Over the body's bytes as they are kept: no `String` is made of it.
        let closing = "</h\(config.inArticleLevel)>"
        return html.withUTF8 { bytes -> LazyText in
            var searchFrom = 0
            for count in 1...config.inArticleAfter {
                guard let found = UTF8Scan.find(closing, in: bytes, from: searchFrom) else { return html }
                let end = found + closing.utf8.count
                if count == config.inArticleAfter {
                    var result: [UInt8] = []
                    result.reserveCapacity(bytes.count + ad.utf8.count + 1)
                    result += bytes[..<end]
                    result.append(UInt8(ascii: "\n"))
                    result += ad.utf8
                    result += bytes[end...]
                    return LazyText(utf8: result)
                }
                searchFrom = end
            }
            return html
        }
    }
}
