import Foundation

/// The benchmark's posts as a Hugo site, so `sitegen-bench run --hugo PATH` can time Hugo
/// on the same files side by side. The theme is a small one made to do what sitegen's
/// default theme does, so the two build comparable sites: every post page with its date,
/// reading time, tags, category, previous and next posts and three related posts (by
/// tags); the home page and each tag and category page paginated by 10 with each post's
/// card (title, date, reading time, summary, tags); the lists of tags and categories; an
/// RSS feed of the newest 20 posts and a sitemap; and a JSON search index of every post's text (what Hugo sites
/// commonly give to a client-side search). Hugo's own syntax highlighting is off, though sitegen
/// highlights the code blocks. What sitegen makes and this site does not: the archive
/// pages by year and month, the Atom feed, the services, works and contact pages, ad slots
/// and structured data — so Hugo's figures are, if anything, for a little less work.
struct HugoSite {
    /// The Hugo project (`hugo.toml`, `layouts/`, `content/posts/`).
    let folder: URL

    /// Writes the configuration and the theme, and copies the posts from `posts` (every
    /// run starts from the same files as sitegen's).
    func write(title: String, posts: URL) throws {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        for (path, text) in [("hugo.toml", Self.config(title: title))] + Self.layouts {
            let file = folder.appendingPathComponent(path)
            try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let target = contentPosts
        try manager.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: posts.path) where name.hasSuffix(".md") {
            try manager.copyItem(at: posts.appendingPathComponent(name), to: target.appendingPathComponent(name))
        }
    }

    var contentPosts: URL { folder.appendingPathComponent("content/posts") }
    var output: URL { folder.appendingPathComponent("public") }

    /// The build command: Hugo's default build, which writes every page each time.
    func command(hugo: String) -> [String] {
        [hugo, "--source", folder.path, "--destination", output.path]
    }

    /// Before a clean build: no output and no resource cache from the last one.
    func removeOutput() {
        try? FileManager.default.removeItem(at: output)
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("resources"))
    }

    /// The pages Hugo wrote, as its summary table counts them: " Pages            │ 1073"
    /// plus " Paginator pages  │  406" (sitegen counts both kinds as pages).
    static func pages(in output: String) -> Int? {
        let counts = output.split(separator: "\n").compactMap { line -> Int? in
            let label = line.drop(while: { $0 == " " })
            guard label.hasPrefix("Pages ") || label.hasPrefix("Paginator pages ") else { return nil }
            return label.split(whereSeparator: { !$0.isNumber }).first.flatMap { Int($0) }
        }
        return counts.isEmpty ? nil : counts.reduce(0, +)
    }

    static func config(title: String) -> String {
        """
        baseURL = "https://bench.example.com/"
        locale = "ja"
        defaultContentLanguage = "ja"
        title = "\(title.replacingOccurrences(of: "\"", with: ""))"
        hasCJKLanguage = true
        summaryLength = 120
        disableKinds = ["section"]

        [pagination]
        pagerSize = 10

        [taxonomies]
        tag = "tags"
        category = "categories"

        [outputs]
        home = ["html", "rss", "json"]
        taxonomy = ["html"]
        term = ["html"]

        [related]
        includeNewer = true
        threshold = 1
        toLower = false
        [[related.indices]]
        name = "tags"
        weight = 100

        [services.rss]
        limit = 20

        [markup.highlight]
        codeFences = false

        """
    }

    static let layouts: [(String, String)] = [
        ("layouts/baseof.html", """
        <!DOCTYPE html>
        <html lang="ja">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
        <meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
        <link rel="canonical" href="{{ .Permalink }}">
        <meta property="og:title" content="{{ .Title }}">
        <meta property="og:url" content="{{ .Permalink }}">
        <link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}">
        <link rel="stylesheet" href="{{ "style.css" | relURL }}">
        </head>
        <body>
        <header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
        <nav><a href="{{ "tags/" | relURL }}">タグ</a> <a href="{{ "categories/" | relURL }}">カテゴリー</a> <a href="{{ "search/" | relURL }}">検索</a></nav></header>
        <main>{{ block "main" . }}{{ end }}</main>
        <footer>© {{ now.Year }} {{ site.Title }}</footer>
        </body>
        </html>

        """),
        ("layouts/_partials/card.html", """
        <article class="card"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
        <p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2006年1月2日" }}</time> · {{ .ReadingTime }}分</p>
        <p>{{ .Summary | plainify }}</p>
        <ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>

        """),
        ("layouts/single.html", """
        {{ define "main" }}
        <article>
        <nav class="crumbs"><a href="{{ "/" | relURL }}">ホーム</a>{{ range first 1 (.GetTerms "categories") }} › <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</nav>
        <h1>{{ .Title }}</h1>
        <p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2006年1月2日" }}</time> · {{ .ReadingTime }}分で読めます</p>
        <ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
        <div class="content">{{ .Content }}</div>
        <nav class="pager">{{ with .Next }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .Prev }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
        {{ with first 3 (site.RegularPages.Related .) }}<section class="related"><h2>関連記事</h2>{{ range . }}{{ partial "card.html" . }}{{ end }}</section>{{ end }}
        </article>
        {{ end }}

        """),
        ("layouts/list.html", """
        {{ define "main" }}
        <h1>{{ .Title }}</h1>
        {{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
        {{ $pager := .Paginate $pages }}
        {{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
        <nav class="pagination">{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">前へ</a>{{ end }} {{ $pager.PageNumber }} / {{ $pager.TotalPages }} {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">次へ</a>{{ end }}</nav>
        {{ end }}

        """),
        ("layouts/taxonomy.html", """
        {{ define "main" }}
        <h1>{{ .Title }}</h1>
        <ul class="terms">{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
        {{ end }}

        """),
        ("layouts/home.json", """
        {{- $docs := slice -}}
        {{- range site.RegularPages -}}
        {{- $docs = $docs | append (dict "title" .Title "url" .RelPermalink "tags" .Params.tags "text" .Plain) -}}
        {{- end -}}
        {{- $docs | jsonify -}}

        """),
    ]
}
