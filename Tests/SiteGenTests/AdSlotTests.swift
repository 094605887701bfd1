import Foundation
import Testing
@testable import SiteGen

@Suite struct AdSlotTests {
    static let allSlots = """

    ads:
      provider: placeholder
      slots:
        post_top: { height: 100 }
        post_bottom: { height: 280 }
        in_article: { after: 2, heading: h2, min_minutes: 0 }
        list: { every: 2 }
        footer: { height: 90 }
      ads_txt:
        - google.com, pub-1234567890123456, DIRECT, f08c47fec0942fa0
    """

    static let body = "前書き\n\n## 一つ目\n\n本文1\n\n## 二つ目\n\n本文2\n\n## 三つ目\n\n本文3"

    func site(ads: String = AdSlotTests.allSlots, language: String = "ja") throws -> TestSite {
        let config = TestSite.defaultConfig.replacingOccurrences(of: "language: ja", with: "language: \(language)")
        let site = try TestSite(config: config + ads + FreelanceFixture.contactMailto)
        try site.write("Content/services.yml", FreelanceFixture.services)
        for n in 1...5 { try site.post("p\(n)", title: "記事\(n)", date: "2026-01-1\(n)", body: Self.body) }
        return site
    }

    func slotCount(_ html: String, _ position: String) -> Int { html.occurrences(of: "class=\"ad ad--\(position)\"") }

    @Test func everyPositionOnAPost() throws {
        let site = try site()
        try site.build()
        let html = try site.read("posts/p1/index.html")
        for position in ["post_top", "post_bottom", "in_article", "footer"] {
            #expect(slotCount(html, position) == 1, "\(position)")
        }
        #expect(slotCount(html, "list") == 0)
        // In-article: after the second section, right before the third h2, never between a heading and its text.
        let afterSecond = try #require(html.between("二つ目</h2>", "三つ目</h2>"))
        #expect(afterSecond.contains("<p>本文2</p>\n<aside class=\"ad ad--in_article\""))
        #expect(afterSecond.contains("</aside>\n\n<h2 id=\"三つ目\">"))
        #expect(try !#require(html.between("一つ目</h2>", "二つ目</h2>")).contains("ad--in_article"))
        // Every slot on the page has a name of its own.
        let labels = html.matches(of: #/<aside class="ad [^"]*" aria-label="([^"]+)"/#).map { String($0.1) }
        #expect(labels.count == 4 && Set(labels).count == 4, "\(labels)")
        // Top is above the article body, bottom below it, footer outside <main>.
        let top = try #require(html.range(of: "ad--post_top")).lowerBound
        let prose = try #require(html.range(of: "<div class=\"prose\">")).lowerBound
        let bottom = try #require(html.range(of: "ad--post_bottom")).lowerBound
        let mainEnd = try #require(html.range(of: "</main>")).lowerBound
        let footerAd = try #require(html.range(of: "ad--footer")).lowerBound
        #expect(top < prose && prose < bottom && bottom < mainEnd && mainEnd < footerAd)
    }

    @Test func placeholdersReserveTheirHeightAndCarryTheDefaultLabel() throws {
        let site = try site()
        try site.build()
        let html = try site.read("posts/p1/index.html")
        #expect(html.contains("<aside class=\"ad ad--post_top\" aria-label=\"スポンサーリンク（記事の上）\">"))
        #expect(html.contains("<p class=\"ad__label\">スポンサーリンク</p>"))
        #expect(html.contains("<div class=\"ad__slot\" style=\"min-height:100px\">"))
        #expect(html.contains("<div class=\"ad__placeholder\" style=\"height:100px\">"))
        #expect(html.contains("style=\"min-height:280px\"")) // in_article default height
        #expect(!html.contains("adsbygoogle"))
        #expect(try site.read("index.html").contains("<p class=\"ad__label\">スポンサーリンク</p>"))
    }

    /// A short post gets no in-article slot (3 minutes by default, `min_minutes` sets it).
    @Test func shortPostsGetNoInArticleSlot() throws {
        let site = try site(ads: Self.allSlots.replacingOccurrences(of: ", min_minutes: 0", with: ""))
        let long = "前書き\n\n## 一つ目\n\n" + String(repeating: "仮払いのない案件は受けない。", count: 60) + "\n\n## 二つ目\n\n本文2\n\n## 三つ目\n\n"
            + String(repeating: "納期の前日に連絡する。", count: 60)
        try site.post("long", title: "長い記事", date: "2026-01-20", body: long)
        try site.build()
        #expect(slotCount(try site.read("posts/p1/index.html"), "in_article") == 0)
        #expect(slotCount(try site.read("posts/long/index.html"), "in_article") == 1)
    }

    @Test func englishSitesLabelSlotsSponsoredAndTheLabelIsConfigurable() throws {
        let english = try site(language: "en")
        try english.build()
        #expect(try english.read("posts/p1/index.html").contains("<p class=\"ad__label\">Sponsored</p>"))
        let custom = try site(ads: Self.allSlots.replacingOccurrences(of: "provider: placeholder", with: "provider: placeholder\n  label: 広告"))
        try custom.build()
        let html = try custom.read("posts/p1/index.html")
        #expect(html.contains("<p class=\"ad__label\">広告</p>"))
        #expect(!html.contains("スポンサーリンク"))
    }

    @Test func listPagesGetASlotBetweenCardsEveryNth() throws {
        let site = try site()
        try site.build()
        // 3 cards per page, a slot after every 2nd card, never after the last.
        let home = try site.read("index.html")
        #expect(slotCount(home, "list") == 1)
        let cards = try #require(home.between("<div class=\"cards\">", "<nav class=\"pagination\""))
        let second = try #require(cards.range(of: "記事4")).lowerBound
        let slot = try #require(cards.range(of: "ad--list")).lowerBound
        let third = try #require(cards.range(of: "記事3")).lowerBound
        #expect(second < slot && slot < third)
        #expect(slotCount(try site.read("page/2/index.html"), "list") == 0) // two cards: the slot would be last
    }

    @Test func adsFalseInFrontMatterRemovesEverySlot() throws {
        let site = try site()
        try site.post("quiet", title: "広告なし", date: "2026-01-20", extra: "ads: false", body: Self.body)
        try site.write("Content/pages/about.md", "---\ntitle: 自己紹介\nads: false\n---\n本文")
        try site.build()
        for page in ["posts/quiet/index.html", "about/index.html"] {
            let html = try site.read(page)
            #expect(!html.contains("class=\"ad "), "\(page)")
        }
        #expect(try site.read("posts/p1/index.html").contains("class=\"ad "))
    }

    @Test func servicesAndContactPagesHaveNoAdsByDefault() throws {
        let site = try site()
        try site.build()
        for page in ["services/index.html", "works/index.html", "contact/index.html"] {
            #expect(try !site.read(page).contains("class=\"ad "), "\(page)")
        }
        let opted = try self.site(ads: Self.allSlots + "\n  on_freelance_pages: true")
        try opted.build()
        #expect(try opted.read("services/index.html").contains("ad--footer"))
    }

    @Test func adsenseMarkupAndOneLoaderInHead() throws {
        let site = try site(ads: """

        ads:
          provider: adsense
          client: ca-pub-1234567890123456
          slots:
            post_top: { slot: "1111111111" }
            post_bottom: { slot: "2222222222" }
        """)
        try site.build()
        let html = try site.read("posts/p1/index.html")
        let head = try #require(html.between("<head>", "</head>"))
        #expect(head.occurrences(of: "pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-1234567890123456") == 1)
        #expect(html.contains("<ins class=\"adsbygoogle\" style=\"display:block;min-height:280px\" data-ad-client=\"ca-pub-1234567890123456\" data-ad-slot=\"1111111111\""))
        #expect(html.contains("data-ad-slot=\"2222222222\""))
        #expect(html.occurrences(of: "(adsbygoogle = window.adsbygoogle || []).push({});") == 2)
        #expect(!html.contains("ad__placeholder"))
    }

    @Test func htmlProviderUsesTheSnippet() throws {
        let site = try site(ads: """

        ads:
          provider: html
          slots:
            post_bottom:
              html: <div class="my-network" data-zone="42"></div>
        """)
        try site.build()
        #expect(try site.read("posts/p1/index.html").contains("<div class=\"my-network\" data-zone=\"42\"></div>"))
    }

    @Test func adsTxtIsWrittenFromTheSellerLines() throws {
        let site = try site()
        try site.build()
        #expect(try site.read("ads.txt") == "google.com, pub-1234567890123456, DIRECT, f08c47fec0942fa0\n")
        let none = try TestSite()
        try none.build()
        #expect(!none.exists("ads.txt"))
    }

    @Test func sponsoredPostsCarryThePRNotice() throws {
        let site = try site()
        try site.post("pr", title: "PR記事", date: "2026-01-21", extra: "sponsored: true")
        try site.build()
        let html = try site.read("posts/pr/index.html")
        let notice = try #require(html.range(of: "<p class=\"pr-notice\" role=\"note\">本記事はプロモーションを含みます</p>")).lowerBound
        #expect(notice < (try #require(html.range(of: "<h1 class=\"post__title\">")).lowerBound))
        #expect(try !site.read("posts/p1/index.html").contains("pr-notice"))
        let english = try self.site(language: "en")
        try english.post("pr", title: "PR", date: "2026-01-21", extra: "sponsored: true")
        try english.build()
        #expect(try english.read("posts/pr/index.html").contains("This post contains sponsored content"))
    }

    @Test func commissionBoxIsOnByDefaultAndOffPerPostOrSite() throws {
        let site = try site()
        try site.post("no-box", title: "案内なし", date: "2026-01-22", extra: "commissions: false")
        try site.build()
        let html = try site.read("posts/p1/index.html")
        let box = try #require(html.between("<aside class=\"commission-box\"", "</aside>"))
        #expect(box.contains("href=\"/contact/\""))
        #expect(box.contains("残り2枠です"))
        #expect(try !site.read("posts/no-box/index.html").contains("commission-box"))

        let off = try TestSite(config: TestSite.defaultConfig + FreelanceFixture.contactMailto + "\ncommissions: false")
        try off.post("a", title: "A")
        try off.build()
        #expect(try !off.read("posts/a/index.html").contains("commission-box"))
    }
}
