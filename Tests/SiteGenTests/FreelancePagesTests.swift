import Foundation
import Testing
@testable import SiteGen

@Suite struct FreelancePagesTests {
    @Test func servicesPageShowsPricesAvailabilityTermsAndJSONLD() throws {
        let site = try FreelanceFixture.site()
        try site.build()
        let html = try site.read("services/index.html")
        #expect(html.contains("ご依頼受付中"))
        #expect(html.contains("残り2枠です"))
        #expect(html.contains("<time datetime=\"2026-12-15T00:00:00+09:00\">2026年12月15日</time>"))
        #expect(html.contains("文字単価 2.5円〜"))
        #expect(html.contains("1記事 30,000円"))
        #expect(html.contains("<dd>7,500円</dd>"))
        #expect(html.contains("2回まで無料"))
        #expect(html.contains("<strong>構成案</strong>から書きます"))
        #expect(html.contains("<dt>お支払い</dt><dd><p>着手前に<strong>仮払い</strong>をお願いします。</p>"))
        #expect(html.contains("href=\"/contact/?service=article\""))
        #expect(html.contains("<a class=\"button button--large\" href=\"/contact/\">"))
        // No ads on the services page by default.
        #expect(!html.contains("class=\"ad "))

        let json = try #require(html.between("<script type=\"application/ld+json\">", "</script>"))
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let services = items.filter { $0["@type"] as? String == "Service" }
        #expect(services.count == 2)
        let offer = try #require(services[0]["offers"] as? [String: Any])
        #expect(offer["@type"] as? String == "Offer")
        #expect(offer["price"] as? String == "2.5")
        #expect(offer["priceCurrency"] as? String == "JPY")
        #expect((offer["priceSpecification"] as? [String: Any])?["unitText"] as? String == "character")
        #expect((services[0]["provider"] as? [String: Any])?["@type"] as? String == "Person")
    }

    @Test func worksPageIsGroupedByServiceNewestFirst() throws {
        let site = try FreelanceFixture.site()
        try site.build()
        let html = try site.read("works/index.html")
        let article = try #require(html.between("id=\"article\"", "</section>"))
        let newer = try #require(article.range(of: "新しい記事の仕事")).lowerBound
        let older = try #require(article.range(of: "古い記事の仕事")).lowerBound
        #expect(newer < older)
        #expect(article.contains("2026年5月〜2026年8月"))
        #expect(article.contains("助かりました"))
        #expect(article.contains("依頼主：非公開")) // full-width, as Japanese UI text is
        let translation = try #require(html.between("id=\"translation\"", "</section>"))
        #expect(translation.contains("依頼主：SaaS企業"))
        #expect(translation.contains("href=\"https://example.com/work\""))
        #expect(html.contains("<a href=\"#article\">記事作成 <span class=\"count\">2</span></a>"))
        #expect(try site.read("index.html").contains("href=\"/works/\""))
    }

    @Test func withoutServicesDataThereAreNoServicesOrWorksPages() throws {
        let site = try FreelanceFixture.site(services: nil)
        try site.post("a", title: "A")
        try site.build()
        #expect(!site.exists("services/index.html"))
        #expect(!site.exists("works/index.html"))
        #expect(site.exists("contact/index.html"))
        #expect(try !site.read("index.html").contains("href=\"/services/\""))
    }

    @Test func englishSitesFormatPricesTheEnglishWay() throws {
        let config = TestSite.defaultConfig.replacingOccurrences(of: "language: ja", with: "language: en")
        let site = try TestSite(config: config + FreelanceFixture.contactMailto)
        try site.write("Content/services.yml", FreelanceFixture.services)
        try site.build()
        let html = try site.read("services/index.html")
        #expect(html.contains("from ¥2.5 per character"))
        #expect(html.contains("¥30,000 per article"))
        #expect(html.contains("Taking new commissions"))
        #expect(try site.read("works/index.html").contains("May 2026 – August 2026"))
    }
}

@Suite struct ContactPageTests {
    @Test func mailtoFormAsksForWhatVagueBriefsLeaveOut() throws {
        let site = try FreelanceFixture.site()
        try site.build()
        let html = try site.read("contact/index.html")
        let form = try #require(html.between("<form class=\"commission-form\"", "</form>"))
        #expect(form.contains("data-mailto=\"hello@example.com\""))
        for name in ["service", "request", "scope", "budget", "deadline", "references", "name", "email", "terms"] {
            #expect(form.contains("name=\"\(name)\""), "missing field \(name)")
        }
        #expect(form.contains("<option value=\"article\">記事作成</option>"))
        #expect(form.contains("<option value=\"translation\">英日翻訳</option>"))
        #expect(form.contains("type=\"checkbox\" id=\"form-terms\" name=\"terms\" value=\"yes\" data-label=\"お取引の条件（着手前の仮払いなど）に同意します\" required"))
        #expect(form.contains("type=\"date\" id=\"form-deadline\""))
        #expect(!form.contains("_gotcha"))
        // Terms and other routes are on the page; the script is loaded.
        #expect(html.contains("<dt>お支払い</dt>"))
        #expect(html.contains("<a href=\"https://x.com/me\">X（DM）</a>"))
        #expect(html.contains("<script src=\"/assets/contact.js\" defer></script>"))
        // The terms come before the consent and the button, and the consent points to them.
        let terms = try #require(form.range(of: "<section class=\"terms\"")).lowerBound
        let consent = try #require(form.range(of: "id=\"form-terms\"")).lowerBound
        let button = try #require(form.range(of: "<button")).lowerBound
        #expect(terms < consent && consent < button)
        let consentLabel = try #require(form.between("<label class=\"field__check\">", "</label>"))
        #expect(consentLabel.contains("<a href=\"#terms-heading\">"), "the consent label links to the terms")
        #expect(html.occurrences(of: "<section class=\"terms\"") == 1)
        // Only what every first-time client can answer is required by default.
        let required = form.matches(of: #/name="([a-z]+)"[^>]*\brequired\b/#).map { String($0.1) }
        #expect(Set(required) == ["request", "name", "email", "terms"], "\(required)")
    }

    /// `contact.required` chooses the required fields; a name that is no field is an error.
    @Test func requiredFieldsAreTheSitesChoice() throws {
        let site = try FreelanceFixture.site(extraConfig: FreelanceFixture.contactMailto + "\n  required: [service, request, budget, email, terms]\n")
        try site.build()
        let form = try #require(try site.read("contact/index.html").between("<form class=\"commission-form\"", "</form>"))
        let required = form.matches(of: #/name="([a-z]+)"[^>]*\brequired\b/#).map { String($0.1) }
        #expect(Set(required) == ["service", "request", "budget", "email", "terms"], "\(required)")
        let wrong = try FreelanceFixture.site(extraConfig: FreelanceFixture.contactMailto + "\n  required: [budjet]\n").buildErrors()
        #expect(wrong.count == 1 && wrong[0].message.contains("`budjet` is not a field of the form"))
    }

    @Test func withoutJavaScriptThePageStillGivesTheAddressAndTheQuestions() throws {
        let site = try FreelanceFixture.site()
        try site.build()
        let html = try site.read("contact/index.html")
        let noscript = try #require(html.between("<noscript>", "</noscript>"))
        #expect(noscript.contains("<a href=\"mailto:hello@example.com\">hello@example.com</a>"))
        for label in ["ご依頼のサービス", "ご依頼の内容", "分量", "ご予算", "希望納期", "参考資料・参考URL"] {
            #expect(noscript.contains("<li>\(label)</li>"))
        }
        // The prefilled e-mail decodes back to the questions, one per line (RFC 6068).
        let href = try #require(noscript.between("<a class=\"button\" href=\"", "\""))
        let url = href.replacingOccurrences(of: "&amp;", with: "&")
        #expect(url.hasPrefix("mailto:hello@example.com?subject=%E3%81%8A"))
        let encodedBody = try #require(url.components(separatedBy: "&body=").last)
        let body = try #require(URLPath.decode(encodedBody))
        #expect(body.hasPrefix("ご依頼のサービス:\r\n\r\n\r\nご依頼の内容:"))
        // Every line break is CRLF: no bare LF.
        #expect(body.replacingOccurrences(of: "\r\n", with: "").contains("\n") == false)
    }

    @Test func endpointModeUsesFormspreeFieldsAndAHoneypot() throws {
        let site = try FreelanceFixture.site(extraConfig: """

        contact:
          delivery: endpoint
          endpoint: https://formspree.io/f/abcd1234
        """)
        try site.build()
        let html = try site.read("contact/index.html")
        let form = try #require(html.between("<form class=\"commission-form\"", "</form>"))
        #expect(form.contains("action=\"https://formspree.io/f/abcd1234\" method=\"POST\""))
        #expect(form.contains("<input type=\"hidden\" name=\"_subject\" value=\"お仕事のご依頼\">"))
        #expect(form.contains("name=\"_gotcha\" tabindex=\"-1\""))
        #expect(form.contains("name=\"email\""))
        #expect(!form.contains("data-mailto"))
        #expect(!html.contains("<noscript>"))
    }

    @Test func netlifyFormsGetTheirAttributes() throws {
        let site = try FreelanceFixture.site(extraConfig: """

        contact:
          delivery: endpoint
          endpoint: /contact/thanks/
          service: netlify
        """)
        try site.build()
        let form = try #require(try site.read("contact/index.html").between("<form class=\"commission-form\"", "</form>"))
        #expect(form.contains("name=\"commission\" data-netlify=\"true\" netlify-honeypot=\"bot-field\""))
        #expect(form.contains("<input type=\"hidden\" name=\"form-name\" value=\"commission\">"))
        #expect(form.contains("name=\"bot-field\""))
        #expect(form.contains("action=\"/contact/thanks/\""))
    }

    @Test func swiftMailtoRoundTripsJapaneseAndLineBreaks() throws {
        let url = Mailto.url(to: "a+b@example.com", subject: "ご依頼 & 相談?", body: "一行目\n二行目\r\n三行目 = 100%")
        #expect(url.hasPrefix("mailto:a%2Bb@example.com?subject="))
        #expect(url.contains("%0D%0A"))
        #expect(!url.contains("\n") && !url.contains(" "))
        let query = try #require(url.split(separator: "?", maxSplits: 1).last)
        let parts = query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1) }
        #expect(URLPath.decode(String(parts[0][1])) == "ご依頼 & 相談?")
        #expect(URLPath.decode(String(parts[1][1])) == "一行目\r\n二行目\r\n三行目 = 100%")
    }

    /// The browser-side composer in Templates/assets/contact.js, run with Node.
    @Test func javascriptMailtoRoundTripsJapaneseAndLineBreaks() throws {
        let script = TestSite.repoRoot.appendingPathComponent("Templates/assets/contact.js").path
        let program = """
        const { composeMailto } = require(\(Escape.jsonString(script)));
        const url = composeMailto("hello@example.com", "お仕事のご依頼（記事作成）", [
          { label: "ご依頼の内容", value: "SEO記事を4本\\n想定読者は個人事業主です" },
          { label: "ご予算", value: "1本3万円 & 相談可" },
          { label: "参考資料", value: "" },
        ]);
        console.log(url);
        """
        let (status, data) = try Node.run(program)
        let output = String(decoding: data, as: UTF8.self)
        #expect(status == 0)
        let url = output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("mailto:hello@example.com?subject="))
        #expect(!url.contains(" ") && !url.contains("\n"))
        let query = try #require(url.split(separator: "?", maxSplits: 1).last)
        let parts = query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1) }
        #expect(parts.map { String($0[0]) } == ["subject", "body"])
        #expect(URLPath.decode(String(parts[0][1])) == "お仕事のご依頼（記事作成）")
        let body = try #require(URLPath.decode(String(parts[1][1])))
        #expect(body == "ご依頼の内容:\r\nSEO記事を4本\r\n想定読者は個人事業主です\r\n\r\nご予算: 1本3万円 & 相談可")
    }
}
