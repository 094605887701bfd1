/// Steps that write the pages of posts and standalone pages.
extension BuildStep {
    static let posts = BuildStep(name: "posts") { context in
        let site = context.site
        // Post pages are independent of each other: render and write them on every core.
        try Parallel.forEach(site.posts.count) { index in
            let post = site.posts[index]
            let content = context.posts[index]
            let image = context.values.userURL(post.frontMatter.image, absolute: true)
                ?? context.values.userURL(context.site.config.shareImage, absolute: true)
            var crumbs: [(name: String, path: String)] = [(context.t("home"), SiteLinks.home)]
            if let category = post.categories.first { crumbs.append((category.name, SiteLinks.category(category))) }
            crumbs.append((post.title, post.path))
            // The description and language come from the body: set when the page is made (an
            // incremental build reads an unchanged post's body for nothing else).
            var meta = PageMeta(
                path: post.path, title: post.title, description: "", ogType: "article",
                image: image, language: nil, breadcrumbs: crumbs, lastmod: post.updated
            )
            meta.showsAds = !post.frontMatter.adsOff
            meta.source = post.file.source
            let related = context.related(to: index)
            let layout = post.frontMatter.layout ?? "post"
            // Made only when the page must be made again (most of an incremental build's posts are not).
            let make = { (meta: inout PageMeta) -> [String: Any] in
                meta.description = content.summary
                meta.language = content.language
                // The share card: the front matter's image, else the body's first, else the site's.
                if let card = context.site.shareCards[post.path] {
                    meta.image = context.url.absolute(card)
                } else if post.frontMatter.image == nil, let first = context.values.shareImage(firstInBody: content.firstImage) {
                    meta.image = first
                }
                // `context.site`, not `site`: this closure escapes, and capturing the `Site` value copied all of it for every post.
                meta.structuredData = [StructuredData.blogPosting(post, content: content, config: context.site.config,
                                                                  dates: context.dates, image: meta.image, author: context.author)]
                let values = context.values.post(index, related: related)
                var extra: [String: TemplateValue] = [:]
                if meta.showsAds, let ads = context.ads {
                    extra["adTop"] = context.adSlot(.postTop)
                    extra["adBottom"] = context.adSlot(.postBottom)
                    // The body as `post` put it in (read from the cache once per page, not twice).
                    if case .html(let html)? = values["content"] { extra["content"] = .html(ads.insertInArticle(html, ad: context.inArticleAd, minutes: content.readingTime.minutes)) }
                }
                // Japan's rules on stealth marketing (Oct 2023) require a visible PR disclosure.
                if post.frontMatter.sponsored { extra["sponsored"] = .flag(true) }
                if let box = context.commissionBox(showsFor: post.frontMatter) { extra["commission"] = box }
                return ["post": extra.isEmpty ? values : values.adding(extra) ?? values]
            }
            try context.writePage(meta, layout: layout, inputs: [.post(index), .cards([index] + related), .neighbours(of: index)], make: make)
        }
    }

    static let pages = BuildStep(name: "pages") { context in
        for (index, page) in context.site.pages.enumerated() {
            let content = context.pages[index]
            var meta = PageMeta(
                path: page.path, title: page.title, description: content.summary,
                image: context.values.userURL(page.frontMatter.image, absolute: true)
                    ?? context.values.shareImage(firstInBody: content.firstImage)
                    ?? context.values.userURL(context.site.config.shareImage, absolute: true), language: content.language,
                breadcrumbs: [(context.t("home"), SiteLinks.home), (page.title, page.path)],
                lastmod: page.frontMatter.lastmod ?? page.frontMatter.date
            )
            meta.showsAds = !page.frontMatter.adsOff
            meta.source = page.file.source
            let values = TemplateValues.compact([
                "title": page.title,
                "titleHTML": TemplateValue.html(LazyText(Phrases.html(page.title))),
                "content": content.html,
                "lang": content.language == context.site.config.language ? nil : content.language.rawValue,
            ])
            try context.writePage(meta, layout: page.frontMatter.layout ?? "page", values: ["pageContent": values])
        }
    }
}
