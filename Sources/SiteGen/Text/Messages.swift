import Foundation

extension Messages {
    /// The language of the site in `source`, for what sitegen says about it — also when its
    /// site.yml has a mistake, so the error about that mistake reads in the site's language:
    /// the `language:` line is read from the text, with the default (`ja`) when there is none.
    /// English when there is no site.yml at all (sitegen is run in the wrong folder).
    public static func forSite(at source: URL) -> Messages {
        let file = source.standardizedFileURL.appendingPathComponent(SiteLoader.contentFolder + "/site.yml")
        guard let data = FileManager.default.contents(atPath: file.path) else { return Messages(.en) }
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where line.hasPrefix("language:") {
            let value = line.dropFirst("language:".count).split(separator: "#").first ?? ""
            let code = value.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
            return Messages(Language(code: code) ?? .en)
        }
        return Messages(.ja)
    }

    /// The language of the site a folder is in (`Content/posts` → the site above `Content/`);
    /// English when it is in none.
    public static func forSite(containing folder: URL) -> Messages {
        var site = folder.absoluteURL.standardizedFileURL
        while site.path.count > 1 {
            if FileManager.default.fileExists(atPath: site.appendingPathComponent(SiteLoader.contentFolder + "/site.yml").path) {
                return forSite(at: site)
            }
            site.deleteLastPathComponent()
        }
        return Messages(.en)
    }
}
