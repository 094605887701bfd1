import Foundation

/// `sitegen init`: a new site that builds as it is — site.yml with comments, a
/// first post, an about page, a services.yml example, the default theme, and the files
/// GitHub Pages and Netlify read (`HostingFiles`).
public enum SiteSkeleton {
    public static func write(to folder: URL, force: Bool, now: Date = Date()) throws -> [String] {
        let fm = FileManager.default
        let existing = (try? fm.contentsOfDirectory(atPath: folder.path))?.filter { !$0.hasPrefix(".") } ?? []
        if !existing.isEmpty && !force {
            throw SiteError(file: folder.path, Message("init.not_empty", ["items": existing.count]))
        }
        guard let theme = BundledTheme.folder else {
            throw SiteError(file: "sitegen", Message("init.no_theme"))
        }
        var written: [String] = []
        func file(_ relative: String, _ text: String) throws {
            let url = folder.appendingPathComponent(relative)
            if fm.fileExists(atPath: url.path) { return } // --force adds, it never overwrites
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            written.append(relative)
        }
        do {
            let day = DateFormat(calendar: DateParser(timeZone: TimeZone(identifier: "Asia/Tokyo")!).calendar, language: .ja).iso(now)
            try file("Content/site.yml", siteYML)
            try file("Content/posts/\(day.prefix(10))-hello.md", firstPost(date: day))
            try file("Content/pages/about.md", aboutPage)
            try file("Content/services.yml", servicesYML)
            try file(".gitignore", "Public/\n.sitegen-cache/\n.Public.sitegen-*\n")
            try file(".github/workflows/pages.yml", HostingFiles.pagesWorkflow)
            try file("netlify.toml", HostingFiles.netlify)
            try copyTheme(theme, file)
        } catch let error as SiteError {
            throw error
        } catch {
            throw SiteError(file: folder.path, Message("init.unwritable", ["problem": error.localizedDescription]))
        }
        return written
    }

    /// The bundled theme's files, each through `file` (which may leave one that exists alone).
    static func copyTheme(_ theme: URL, _ file: (String, String) throws -> Void) throws {
        let themeRoot = theme.resolvingSymlinksInPath()
        for relative in DiskListing.files(under: themeRoot.path, root: themeRoot.path) {
            try file("Templates/" + relative, try String(contentsOf: themeRoot.appendingPathComponent(relative), encoding: .utf8))
        }
    }

    static let siteYML = """
    # サイトの設定 / Site settings. Every key is optional except title.
    title: 私のブログ                      # the site's name
    description: 仕事の記録とお知らせ。      # for search results and social cards
    language: ja                           # ja or en: UI strings, date format, <html lang>
    base_url: https://example.com/         # where the site will live; may have a sub-path
    timezone: Asia/Tokyo                   # dates without a zone are in this one
    posts_per_page: 10
    permalink: /posts/:slug/               # tokens: :year :month :day :slug

    author:
      name: あなたの名前
      bio: 何を書いている人か、一言で。
      links:
        x: your_x_handle                   # or a full URL
        email: you@example.com

    # お仕事のご依頼ページ /contact/ (mailto by default; or delivery: endpoint)
    contact:
      email: you@example.com

    # 広告枠. provider: placeholder shows empty boxes of the right size.
    # ads:
    #   provider: placeholder              # placeholder, adsense or html
    #   slots:
    #     post_bottom: { height: 280 }

    markdown:
      unsafe: false                        # true lets raw HTML in posts through

    """

    static func firstPost(date: String) -> String {
        """
        ---
        title: はじめての記事
        date: \(date)
        tags: [お知らせ]
        description: ブログを始めました。このサイトで書いていくことを紹介します。
        ---

        ブログを始めました。仕事の記録や、依頼を受けるときに気をつけていることを書いていきます。

        <!--more-->

        ## このブログについて

        - 記事は `Content/posts/` に Markdown で書きます
        - `sitegen serve` で、保存するたびにブラウザが更新されます
        - `sitegen build` で `Public/` にサイトができます

        """
    }

    static let aboutPage = """
    ---
    title: このブログについて
    description: 書き手の紹介。
    ---

    はじめまして。ここに自己紹介を書きます。

    """

    static let servicesYML = """
    # サービス・実績・取引条件. Builds /services/, /works/ and the terms on /contact/.
    availability:
      accepting: true
      note: 今月の執筆枠は残り2本です。

    services:
      - id: article
        name: 記事作成
        summary: 読者に届く解説記事を、構成案から執筆まで。
        price: { amount: 2, currency: JPY, unit: per_character, from: true }
        minimum: 6000
        turnaround: 構成確定から5営業日
        revisions: 2
        deliverables: [構成案, 本文]

    jobs:
      - title: 最初の実績
        date: 2026-01
        service: article
        summary: どんな記事を、どのくらい書いたか。

    terms:
      - title: お支払い
        text: 着手前に仮払い（エスクロー）をお願いしています。
      - title: 返信
        text: 1営業日以内にお返事します。

    """
}
