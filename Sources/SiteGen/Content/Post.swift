import Foundation

/// A tag or category: the name as written and the slug its page lives under.
public struct Term: Sendable, Hashable {
    public var name: String
    public var slug: String
}

/// A Markdown file from `Content/`, read but not yet rendered. A class: posts are copied
/// between arrays and closures tens of thousands of times a build, and a copy of a struct
/// of a dozen strings retained each of them (a tenth of an incremental build's load and
/// Markdown stages went to those reference counts); it is never changed once read.
public final class ContentFile: Sendable {
    /// Path relative to the site folder, as shown in messages (`Content/posts/a.md`).
    public let source: String
    public let frontMatter: FrontMatter
    /// The body (read from the document cache only when first used).
    public var markdown: String { body.value }
    let body: LazyText
    public let bodyLine: Int
    /// Hash of the whole file as read: part of the key of the page made from it.
    public let textHash: UInt64
    /// The Hugo shortcodes in the body, found when the file was read: the build checks their
    /// names against the theme without reading the body again.
    public let shortcodes: [ShortcodeUse]
    /// The images the body names (`![](photo.jpg)`, `<img src>`), found when the file was read:
    /// the image stage processes them, and the body's cache key holds what they became.
    public let images: [ImageUse]

    public convenience init(source: String, frontMatter: FrontMatter, markdown: String, bodyLine: Int, textHash: UInt64 = 0,
                            shortcodes: [ShortcodeUse] = [], images: [ImageUse]? = nil) {
        self.init(source: source, frontMatter: frontMatter, body: LazyText(markdown), bodyLine: bodyLine, textHash: textHash,
                  shortcodes: shortcodes, images: images ?? ImageUse.all(in: markdown, bodyLine: bodyLine))
    }

    init(source: String, frontMatter: FrontMatter, body: LazyText, bodyLine: Int, textHash: UInt64, shortcodes: [ShortcodeUse] = [],
         images: [ImageUse] = []) {
        self.source = source
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLine = bodyLine
        self.textHash = textHash
        self.shortcodes = shortcodes
        self.images = images
    }
}

/// A shortcode a body uses: its name, its line in the file, and for `ref`/`relref` the file it names.
public struct ShortcodeUse: Sendable, Equatable {
    public var name: String
    public var line: Int
    public var target: String?
}

/// A dated blog post.
public struct Post: Sendable {
    public var file: ContentFile
    public var slug: String
    public var date: Date
    /// Site path, e.g. `/posts/slug/`.
    public var path: String
    public var tags: [Term]
    public var categories: [Term]

    public var title: String { file.frontMatter.title ?? slug }
    public var frontMatter: FrontMatter { file.frontMatter }
    public var updated: Date { frontMatter.lastmod ?? date }
}

/// A standalone page (`pages/about.md` → `/about/`).
public struct Page: Sendable {
    public var file: ContentFile
    public var path: String
    public var title: String { file.frontMatter.title ?? "" }
    public var frontMatter: FrontMatter { file.frontMatter }
}

/// A file copied to the output as it is (images, PDFs, CNAME, theme assets).
public struct StaticFile: Sendable {
    /// Absolute path of the source file.
    public var source: String
    /// Path relative to the output folder.
    public var destination: String
}
