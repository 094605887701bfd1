import Foundation

/// `redirects:` in site.yml: old addresses that are no post's alias, such as a tag's page on
/// the old blog (`/tag/deadline/: /tags/納期/`) or WordPress's `/?p=123`, each sent to a path
/// of the site or a full URL. Each gets a redirect page and a `_redirects` line; an address
/// with a query (`/?p=123`) gets only the line, since no file can stand at a query.
public struct Redirect: Sendable, Equatable {
    /// The old address's path, as a site path (`/tag/deadline/`).
    public var path: String
    /// `p=123` for `/?p=123`; nil for a plain path.
    public var query: String?
    public var to: String

    static func load(_ yaml: YAMLMap) throws -> [Redirect] {
        guard let map = try yaml.map("redirects") else { return [] }
        return try map.keys.map { from in
            guard let to = try map.string(from) else { throw map.error(from, Message("redirect.no_target")) }
            let parts = from.split(separator: "?", maxSplits: 1).map(String.init)
            let query = parts.count > 1 ? parts[1] : nil
            guard from.hasPrefix("/"), !URLPath.hasUnsafeSegment(parts[0]),
                  query.map({ $0.contains("=") && !$0.contains(where: \.isWhitespace) && !$0.contains("&") }) ?? true else {
                throw map.error(from, Message("redirect.bad_from", ["from": SafeURL.shown(from)]))
            }
            guard SafeURL.isAllowed(to), to.hasPrefix("/") || to.hasPrefix("http") else { throw map.error(from, SafeURL.refusal(to)) }
            return Redirect(path: SiteLinks.alias(parts[0]), query: query, to: to)
        }
    }
}

extension Redirect {
    /// For the home page: a script that sends `/?p=123` on where the host reads no query rule
    /// (GitHub Pages, Cloudflare Pages; Netlify reads `_redirects` first). The map is JSON with
    /// `<` written `\u003c`, so no value closes the element; empty when no redirect has a query at `/`.
    static func queryScript(_ redirects: [Redirect], url: SiteURL) -> [UInt8] {
        let map = redirects.filter { $0.path == SiteLinks.home && $0.query != nil }
            .map { ($0.query!, JSONValue.string($0.to.hasPrefix("/") ? url.link($0.to) : $0.to)) }
        guard !map.isEmpty else { return [] }
        var out = Array("<script>(function(){var to=".utf8)
        JSONValue.object(map).serialize(into: &out)
        out += "[location.search.slice(1)];if(typeof to===\"string\")location.replace(to)})()</script>".utf8
        return out
    }
}
