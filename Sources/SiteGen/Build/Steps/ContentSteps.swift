/// Steps that write the pages of posts and standalone pages.
extension BuildStep {
    static let posts = BuildStep(name: "posts") { context in
        let site = context.site
        for (index, post) in site.posts.enumerated() {
            let content = context.posts[index]
            let image = context.values.userURL(post.frontMatter.image, absolute: true)
            var crumbs: [(name: String, path: String)] = [(context.t("home"), SiteLinks.home)]
            if let category = post.categories.first { crumbs.append((category.name, SiteLinks.category(category))) }
            crumbs.append((post.title, post.path))
            let meta = PageMeta(
                path: post.path, title: post.title, description: content.summary, ogType: "article",
                image: image, language: content.language, breadcrumbs: crumbs,
                structuredData: [StructuredData.blogPosting(post, content: content, config: site.config,
                                                            dates: context.dates, image: image)],
                lastmod: post.updated
            )
            try context.writePage(meta, layout: post.frontMatter.layout ?? "post",
                                  values: ["post": context.values.post(index, related: context.related(to: index))])
        }
    }

    static let pages = BuildStep(name: "pages") { context in
        for (index, page) in context.site.pages.enumerated() {
            let content = context.pages[index]
            let meta = PageMeta(
                path: page.path, title: page.title, description: content.summary,
                image: context.values.userURL(page.frontMatter.image, absolute: true), language: content.language,
                breadcrumbs: [(context.t("home"), SiteLinks.home), (page.title, page.path)],
                lastmod: page.frontMatter.lastmod ?? page.frontMatter.date
            )
            let values = TemplateValues.compact([
                "title": page.title,
                "content": content.html,
                "lang": content.language == context.site.config.language ? nil : content.language.rawValue,
            ])
            try context.writePage(meta, layout: page.frontMatter.layout ?? "page", values: ["pageContent": values])
        }
    }
}
