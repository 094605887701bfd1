/// The site's icon, so no page asks for a `/favicon.ico` that is not there: the one
/// `favicon:` in site.yml names, or one made from the site's initial on the theme's colour.
enum Favicon {
    /// The theme's accent (`--accent` in the default style sheet).
    static let colour = "#0b6e4f"

    /// An SVG icon: the title's first character, white on a rounded square.
    static func svg(title: String) -> String {
        let initial = title.first(where: { !$0.isWhitespace }).map { Escape.html(String($0)) } ?? "・"
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="\(colour)"/>\
        <text x="32" y="45" font-size="38" text-anchor="middle" fill="#fff" font-family="sans-serif">\(initial)</text></svg>

        """
    }

    /// The `type` of the `<link rel="icon">`: from the file's extension (nil: the browser tells).
    static func type(of configured: String?) -> String? {
        let path = (configured ?? SiteLinks.favicon).lowercased()
        if path.hasSuffix(".svg") { return "image/svg+xml" }
        if path.hasSuffix(".png") { return "image/png" }
        if path.hasSuffix(".ico") { return "image/x-icon" }
        return nil
    }
}
