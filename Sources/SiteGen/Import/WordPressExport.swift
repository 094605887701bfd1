import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// WordPress's own export (Tools → Export, "WXR" 1.1/1.2): an RSS file whose items are the
/// posts, pages and attachments, with WordPress's fields in the `wp:`, `content:`,
/// `excerpt:` and `dc:` namespaces.
struct WordPressExport {
    struct Item {
        var id = 0
        var title = ""
        /// The address WordPress showed it at.
        var link = ""
        var slug = ""
        var date = ""
        var dateGMT = ""
        var status = ""
        var type = ""
        var author = ""
        var content = ""
        var excerpt = ""
        var categories: [String] = []
        var tags: [String] = []
        /// Each category's and tag's nicename (the slug of its old address), by name.
        var nicenames: [String: String] = [:]
        var sticky = false
        var attachmentURL: String?
        var comments = 0
        /// The line of the export the item starts on, for messages.
        var line = 0
    }

    var siteTitle = ""
    var siteURL = ""
    var description = ""
    var language = ""
    /// Each author's display name by login (`dc:creator` names the login).
    var authors: [String: String] = [:]
    var items: [Item] = []

    static func parse(_ data: Data, file: String) throws -> WordPressExport {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            throw SiteError(file: file, line: parser.lineNumber,
                            Message("import.wordpress.invalid", ["problem": parser.parserError.map { ($0 as NSError).localizedDescription } ?? "?"]))
        }
        // A file cut short can read without an error up to where it stops: its channel never closes.
        guard reader.channelClosed else {
            throw SiteError(file: file, line: parser.lineNumber, Message("import.wordpress.invalid", ["problem": Message("import.wordpress.cut_short")]))
        }
        return reader.export
    }

    /// Collects the fields an element at a time (the parser calls back as it reads).
    private final class Reader: NSObject, XMLParserDelegate {
        var export = WordPressExport()
        private(set) var channelClosed = false
        private var item: Item?
        private var text = ""
        private var categoryDomain: String?
        private var nicename: String?
        private var inComment = false
        private var authorLogin = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            text = ""
            switch name {
            case "item": item = Item(line: parser.lineNumber)
            case "category": (categoryDomain, nicename) = (attributes["domain"], attributes["nicename"])
            case "wp:comment": inComment = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            defer { text = "" }
            guard var current = item else {
                switch name {
                case "channel": channelClosed = true
                case "title" where export.siteTitle.isEmpty: export.siteTitle = value
                case "wp:base_blog_url": export.siteURL = value
                case "link" where export.siteURL.isEmpty: export.siteURL = value
                case "description" where export.description.isEmpty: export.description = value
                case "language": export.language = value
                case "wp:author_login": authorLogin = value
                case "wp:author_display_name" where !authorLogin.isEmpty: export.authors[authorLogin] = value.isEmpty ? authorLogin : value
                default: break
                }
                return
            }
            if inComment {
                if name == "wp:comment" {
                    inComment = false
                    current.comments += 1
                    item = current
                }
                return
            }
            switch name {
            case "item":
                export.items.append(current)
                item = nil
                return
            case "title": current.title = value
            case "link": current.link = value
            case "wp:post_id": current.id = Int(value) ?? 0
            case "wp:post_name": current.slug = value.removingPercentEncoding ?? value
            case "wp:post_date": current.date = value
            case "wp:post_date_gmt": current.dateGMT = value
            case "wp:status": current.status = value
            case "wp:post_type": current.type = value
            case "dc:creator": current.author = value
            case "content:encoded": current.content = text
            case "excerpt:encoded": current.excerpt = value
            case "wp:is_sticky": current.sticky = value == "1"
            case "wp:attachment_url": current.attachmentURL = value
            case "category":
                if categoryDomain == "post_tag" { current.tags.append(value) } else if categoryDomain == "category" { current.categories.append(value) }
                if let nicename { current.nicenames[(categoryDomain ?? "") + ":" + value] = nicename.removingPercentEncoding ?? nicename }
            default: break
            }
            item = current
        }
    }
}
