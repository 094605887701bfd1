import Foundation

/// A services.yml with two services, three jobs and terms, for the freelancer-page tests.
enum FreelanceFixture {
    static let services = """
    availability:
      accepting: true
      note: 残り2枠です
      next_available: 2026-12-15
    services:
      - id: article
        name: 記事作成
        summary: 検索から読まれる記事
        description: "**構成案**から書きます"
        price: { amount: 2.5, currency: JPY, unit: per_character, from: true }
        minimum: 7500
        turnaround: 5営業日
        revisions: 2
        deliverables: [構成案, 本文]
      - id: translation
        name: 英日翻訳
        summary: 自然な日本語に
        price: { amount: 30000, currency: JPY, unit: per_article }
    jobs:
      - title: 古い記事の仕事
        date: 2025-01
        service: article
        summary: 一つ目
      - title: 新しい記事の仕事
        from: 2026-05
        to: 2026-08
        service: article
        summary: 二つ目
        testimonial: { text: 助かりました, author: 担当者さま }
      - title: 翻訳の仕事
        date: 2026-03
        service: translation
        client: SaaS企業
        summary: 三つ目
        link: https://example.com/work
    terms:
      - title: お支払い
        text: 着手前に**仮払い**をお願いします。
      - title: キャンセル
        text: 作業量に応じてお支払いいただきます。
    """

    static let contactMailto = """

    contact:
      email: hello@example.com
      subject: お仕事のご依頼
      routes:
        - { label: X（DM）, url: "https://x.com/me" }
    """

    static func site(extraConfig: String = contactMailto, services: String? = FreelanceFixture.services) throws -> TestSite {
        let site = try TestSite(config: TestSite.defaultConfig + extraConfig)
        if let services { try site.write("Content/services.yml", services) }
        return site
    }
}
