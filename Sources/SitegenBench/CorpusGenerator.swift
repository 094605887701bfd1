import Foundation
import SiteGen

/// Writes a deterministic benchmark site: posts of about 6 KB of mixed Japanese and
/// English prose with headings, lists, tables and code, 1–4 tags from a pool of 60,
/// spread over ten years. The same seed and count always give the same files.
struct CorpusGenerator {
    var posts: Int
    var seed: UInt64

    static let tagPool: [String] = {
        let japanese = ["クラウドソーシング", "納期", "仮払い", "要件定義", "報酬", "取引トラブル", "翻訳", "校正", "SEO", "取材",
                        "確定申告", "請求書", "契約書", "見積もり", "単価", "ポートフォリオ", "営業", "ブログ運営", "文章術", "リライト",
                        "インタビュー", "編集", "Webライター", "副業", "独立", "時間管理", "在宅ワーク", "道具", "英語", "IT",
                        "SaaS", "マーケティング", "広告", "メディア", "継続案件", "単発案件", "修正対応", "コミュニケーション", "健康", "学び"]
        let english = ["freelancing", "writing", "translation", "contracts", "pricing", "clients", "deadlines", "escrow", "invoices",
                       "productivity", "tools", "remote-work", "seo", "editing", "interviews", "marketing", "career", "money", "health", "learning"]
        return japanese + english
    }()

    static let categories = ["仕事の記録", "お金のこと", "働き方", "道具", "Working in English", "学び", "取引の話", "お知らせ"]

    static let japaneseSentences = [
        "クラウドソーシングで受けた案件で、依頼文がたった一行だったことがあります。",
        "構成案の段階で方向性をすり合わせておけば、大きな書き直しはほとんど起きません。",
        "納期は日付ではなく、資料が揃ってから何営業日という形で約束するようにしています。",
        "仮払いのない直接契約では、着手金として報酬の半額を先にいただいています。",
        "依頼者の多くは、悪気があって曖昧な依頼を出しているわけではありません。",
        "作業時間を記録してみると、見積もりの三倍かかっていたことがわかりました。",
        "修正の回数と範囲は、受注前に必ずメッセージで確認しておきます。",
        "翻訳では直訳ではなく、読者が迷わない言葉選びを大切にしています。",
        "表記ゆれと誤字は道具に任せ、数字と固有名詞は自分で原典と突き合わせます。",
        "継続案件の単価交渉は、実績を数字で示すと驚くほど通りやすくなります。",
        "作業環境を整えてから、集中できる時間が一日に二時間ほど増えました。",
        "プレミアムプランの説明文を書く仕事では、読者の疑問を先に洗い出しました。",
    ]

    static let englishSentences = [
        "The client changed the brief twice after we had agreed on an outline.",
        "Escrow protects both sides of a job, and it costs less than chasing an unpaid invoice.",
        "I answer messages within one business day, and I say so on my terms page.",
        "A clear deadline counts from the day the materials arrive, not from the day of the order.",
        "Two rounds of revisions are included; a new direction is a new estimate.",
        "Publishing my rates up front brought fewer messages and better briefs.",
    ]

    typealias Random = SeededRandom

    func write(to folder: URL, theme: URL) throws {
        let fm = FileManager.default
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder.appendingPathComponent("Content/posts"), withIntermediateDirectories: true)
        try fm.copyItem(at: theme.resolvingSymlinksInPath(), to: folder.appendingPathComponent("Templates"))
        try Data(Self.siteYML.utf8).write(to: folder.appendingPathComponent("Content/site.yml"))
        var random = Random(seed: seed)
        let start = Date(timeIntervalSince1970: 1_483_228_800) // 2017-01-01
        let span = 9 * 365 * 86_400 // all in the past, so every post is published
        for n in 0..<posts {
            let date = start.addingTimeInterval(Double(span) * Double(n) / Double(max(posts, 1)) + Double(random.int(0...3600)))
            let day = ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "Asia/Tokyo")!, formatOptions: [.withFullDate])
            let name = "\(day)-post-\(n)"
            try Data(post(n, date: date, random: &random).utf8).write(to: folder.appendingPathComponent("Content/posts/\(name).md"))
        }
    }

    func post(_ n: Int, date: Date, random: inout Random) -> String {
        let english = n % 5 == 4
        var tags: [String] = []
        for _ in 0..<random.int(1...4) {
            let tag = random.pick(Self.tagPool)
            if !tags.contains(tag) { tags.append(tag) }
        }
        let iso = ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "Asia/Tokyo")!, formatOptions: [.withInternetDateTime])
        var text = """
        ---
        title: "\(english ? "Notes on freelance work, part \(n)" : "案件の記録 その\(n)：\(random.pick(Self.tagPool))について")"
        date: \(iso)
        tags: [\(tags.map { "\"\($0)\"" }.joined(separator: ", "))]
        categories: ["\(random.pick(Self.categories))"]
        description: "\(english ? "What I learned from job \(n) about briefs, deadlines and escrow." : "案件\(n)で学んだ、依頼内容の確認と納期と仮払いのこと。")"
        \(english ? "lang: en\n" : "")---

        """
        func paragraph(_ count: Int) -> String {
            (0..<count).map { _ in
                english || random.int(0...4) == 0 ? random.pick(Self.englishSentences) : random.pick(Self.japaneseSentences)
            }.joined(separator: english ? " " : "")
        }
        text += paragraph(3) + "\n\n<!--more-->\n\n"
        while text.utf8.count < 5800 {
            switch random.int(0...9) {
            case 0: text += "## " + (english ? "What happened in round \(random.int(1...9))" : "\(random.pick(Self.tagPool))で気をつけたこと") + "\n\n"
            case 1: text += (1...random.int(2...5)).map { "- " + (english ? "Item \($0): " : "項目\($0)：") + paragraph(1) }.joined(separator: "\n") + "\n\n"
            case 2: text += "| 項目 | 仮払いあり | 仮払いなし |\n| --- | --- | --- |\n| 報酬 | 作業前に確保 | 納品後の依頼者次第 |\n| 手数料 | \(random.int(5...20))% | なし |\n\n"
            case 3: text += "```swift\nlet rate = \(random.int(1...5)).\(random.int(0...9)) // 文字単価\nprint(rate * \(random.int(1000...9000)))\n```\n\n"
            case 4: text += "> " + paragraph(1) + "\n\n"
            default: text += paragraph(random.int(2...4)) + "\n\n"
            }
        }
        return text
    }

    static let siteYML = """
    title: ベンチマーク用のブログ
    description: 生成された記事で sitegen の速さを測るためのサイト。
    language: ja
    base_url: https://bench.example.com/
    posts_per_page: 10
    author:
      name: ベンチマーク
      links: { email: bench@example.com }
    contact:
      email: bench@example.com
    ads:
      provider: placeholder
      slots:
        post_top: { height: 120 }
        in_article: { after: 1 }
        list: { every: 3 }
    # The speed guard compares page building with Hugo's, which makes no share cards;
    # `sitegen-bench images` measures the image stage.
    images:
      cards: false

    """
}

extension SeededRandom {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}
