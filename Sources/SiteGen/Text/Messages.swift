import Foundation

/// What sitegen itself says — on the terminal and over a page whose build failed — in the
/// site's language, as the theme's strings are. Errors name files and keys, which read the
/// same in both languages; their sentences stay English.
public struct Messages: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    /// The language of the site in `source` (English when its site.yml cannot be read).
    public static func forSite(at source: URL) -> Messages {
        let config = try? SiteLoader(root: source.standardizedFileURL.path, options: ContentOptions()).loadConfig()
        return Messages(config?.language ?? .en)
    }

    private var ja: Bool { language == .ja }

    /// "1 post", "3 posts" / "3件の記事".
    public func count(_ n: Int, _ en: String, ja word: String) -> String {
        ja ? "\(n)\(word)" : (n == 1 ? "1 \(en)" : "\(n) \(en)s")
    }

    public func built(posts: Int, pages: Int, copied: Int, seconds: String, output: String) -> String {
        ja ? "記事\(posts)件をビルドしました：\(pages)ページを書き出し、\(copied)ファイルをコピー（\(seconds)秒）→ \(output)"
            : "Built \(count(posts, "post", ja: "")): \(count(pages, "page", ja: "")) written, \(count(copied, "file", ja: "")) copied in \(seconds) s → \(output)"
    }

    public func builtIncrementally(posts: Int, pages: Int, changed: Int, removed: Int, seconds: String, output: String) -> String {
        ja ? "記事\(posts)件をビルドしました：\(pages)ページ、\(changed)ファイルを更新、\(removed)ファイルを削除（\(seconds)秒）→ \(output)"
            : "Built \(count(posts, "post", ja: "")): \(count(pages, "page", ja: "")), \(count(changed, "file", ja: "")) changed, \(removed) removed in \(seconds) s → \(output)"
    }

    public func nothingChanged(posts: Int, pages: Int, seconds: String, output: String) -> String {
        ja ? "変更はありません：記事\(posts)件、\(pages)ページとも最新です（\(seconds)秒）→ \(output)"
            : "Nothing changed: \(count(posts, "post", ja: "")), \(count(pages, "page", ja: "")) up to date (\(seconds) s) → \(output)"
    }

    public func buildFailed(errors: Int) -> String {
        ja ? "ビルドに失敗しました（エラー\(errors)件）。前回の出力はそのまま残しています。"
            : "Build failed with \(count(errors, "error", ja: "")); the previous output was left as it was."
    }

    public func serving(_ url: String) -> String {
        ja ? "\(url) で表示しています（Ctrl-C で終了）" : "Serving at \(url) (Ctrl-C to stop)"
    }

    public func serveBuilt(pages: Int, changed: Int?, seconds: String) -> String {
        let changes = changed.map { ja ? "\($0)ファイルを更新" : "\(count($0, "file", ja: "")) changed" } ?? (ja ? "変更なし" : "nothing changed")
        return ja ? "\(pages)ページをビルドしました（\(changes)）：\(seconds)" : "Built \(count(pages, "page", ja: "")) (\(changes)) in \(seconds)"
    }

    public var serveFailed: String {
        ja ? "ビルドに失敗しました。最後に成功したビルドを表示し続けます。" : "Build failed; still serving the last good build."
    }

    public var stopped: String { ja ? "終了しました。" : "Stopped." }

    public func created(_ path: String) -> String { ja ? "\(path) を作成しました" : "Created \(path)" }

    public var draftNote: String {
        ja ? "下書きです（`draft: true`）。`sitegen serve` では「下書き」の印つきで表示され、`sitegen build` はその行を消すまで公開しません。"
            : "It is a draft (`draft: true`): `sitegen serve` shows it with a Draft badge, `sitegen build` leaves it out until you delete that line."
    }

    /// The overlay over a page whose last build failed.
    public func overlayTitle(errors: Int) -> String {
        ja ? "sitegen：最後のビルドに失敗しました（エラー\(errors)件）。下のページは最後に成功したビルドです。"
            : "sitegen: the last build failed (\(count(errors, "error", ja: ""))). The page below is the last good build."
    }

    public var overlayHint: String {
        ja ? "ファイルを直して保存すると、このページは自動で読み込み直されます。" : "Fix the file and save: this page reloads by itself."
    }
}
