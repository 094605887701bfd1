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
