/// The one rule for a URL that sitegen publishes from text it did not write itself
/// (imported HTML, `html: true` posts, links in site.yml and services.yml): `http`,
/// `https`, `mailto` or a relative URL. Images may also be `data:image/…`. Everything
/// else — `javascript:`, `vbscript:`, `data:` elsewhere, any other scheme — is refused.
enum SafeURL {
    static let schemes: Set<String> = ["http", "https", "mailto"]

    /// Whether `url` (as the browser will read it: entities already decoded) may be published.
    /// `image`: the URL is an image's source, where `data:image/…` is allowed too.
    static func isAllowed(_ url: String, image: Bool = false) -> Bool {
        // Browsers drop control characters and spaces around and inside the scheme
        // (`java\tscript:`), so the scheme is read the same way.
        let compact = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        guard let colon = compact.firstIndex(of: ":") else { return true }
        let scheme = compact[..<colon]
        // A character reference left undecoded may hide a scheme from this reading but not from
        // a browser (`java&Tab;script:`, `&#106avascript:`).
        if scheme.contains("&") { return false }
        // Text before the colon that cannot be a scheme (`/a:b`, `日本:語`) makes a relative URL.
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return true }
        let name = scheme.lowercased()
        if schemes.contains(name) { return true }
        return image && name == "data" && compact.dropFirst(5).lowercased().hasPrefix("image/")
            && !compact.lowercased().hasPrefix("data:image/svg")
    }

    /// What an error says of a URL that is refused.
    static func refusal(_ url: String) -> Message { Message("url.refused", ["url": shown(url)]) }

    /// A value as an error message shows it: at most 80 characters.
    static func shown(_ value: String) -> String {
        value.count <= 80 ? value : String(value.prefix(80)) + "…"
    }
}
