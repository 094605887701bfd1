import Foundation

/// `sitegen import hatena --download-images`: the fotolife images the imported posts show are
/// fetched into `Content/images/hatena/USER/` and the posts link them there, so they are
/// processed like any local image (sizes, WebP, width and height) and outlive the old blog.
/// Both forms are found: the notation `[f:id:USER:20170918204521j:plain:alt=…]` and fotolife
/// addresses in the HTML the export holds. An image that cannot be fetched stays linked where it was.
extension HatenaImporter {
    /// Where fotolife serves images from (tests give a local server's address instead).
    public static let fotolifeHost = "https://cdn-ak.f.st-hatena.com"

    public struct ImageDownloads: Sendable {
        public var downloaded = 0
        public var failures: [SiteError] = []
        public init() {}
    }

    /// Fetches the images of the files `report` wrote and rewrites their links.
    public func downloadImages(of report: Report, host: String = HatenaImporter.fotolifeHost) async throws -> ImageDownloads {
        var result = ImageDownloads()
        let images = into.deletingLastPathComponent().appendingPathComponent("images/hatena")
        var texts: [(URL, String)] = []
        var wanted = Set<String>()
        for name in report.written {
            let url = into.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            texts.append((url, text))
            for notation in Self.notations(in: text) { wanted.insert(notation.url(host: host)) }
            wanted.formUnion(Self.addresses(in: text, host: host))
        }
        var local: [String: String] = [:] // address → site path
        for (address, fetched) in await RemoteFiles.fetch(wanted.sorted()) {
            switch fetched {
            case .success(let bytes):
                guard let relative = Self.localPath(address) else { continue }
                let file = images.appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: file)
                local[address] = "/images/hatena/" + relative
                result.downloaded += 1
            case .failure(let problem):
                result.failures.append(SiteError(file: address, Message("import.hatena.image_failed", ["problem": problem]), severity: .warning))
            }
        }
        guard !local.isEmpty else { return result }
        for (url, original) in texts {
            var text = original
            for notation in Self.notations(in: original) {
                guard let path = local[notation.url(host: host)] else { continue }
                text = text.replacingOccurrences(of: notation.written, with: "![\(notation.alt)](\(path))")
            }
            // Longest first: no address is rewritten inside a longer one.
            for (address, path) in local.sorted(by: { $0.key.count > $1.key.count }) {
                text = text.replacingOccurrences(of: address, with: path)
            }
            if text != original { try Data(text.utf8).write(to: url) }
        }
        return result
    }

    /// One `[f:id:…]` as written, and what it names.
    struct Notation {
        var written: String
        var user: String
        var stamp: String
        var ext: String
        var alt: String

        func url(host: String) -> String {
            "\(host)/images/fotolife/\(user.prefix(1))/\(user)/\(stamp.prefix(8))/\(stamp).\(ext)"
        }
    }

    static func notations(in text: String) -> [Notation] {
        text.matches(of: #/\[f:id:([A-Za-z0-9_-]+):(\d{14})([jpg])((?::[^\]\n]*)?)\]/#).map { match in
            let options = String(match.output.4)
            let alt = options.components(separatedBy: ":alt=").dropFirst().first.map { String($0.prefix { $0 != ":" }) } ?? ""
            let ext = ["j": "jpg", "p": "png", "g": "gif"][String(match.output.3)] ?? "jpg"
            return Notation(written: String(match.output.0), user: String(match.output.1), stamp: String(match.output.2), ext: ext,
                            alt: alt.replacingOccurrences(of: "]", with: ""))
        }
    }

    /// Fotolife addresses written out (in HTML the import kept, or Markdown images): on
    /// Hatena's image hosts, or `host`.
    static func addresses(in text: String, host: String) -> [String] {
        text.matches(of: #/https?://[A-Za-z0-9.:-]+/images/fotolife/[^\s)"'<>\]]+/#).map { String($0.0) }.filter { address in
            let lower = address.lowercased()
            return lower.hasPrefix(host.lowercased() + "/") || lower.contains(".st-hatena.com/") || lower.contains(".hatena.ne.jp/")
        }
    }

    /// `…/images/fotolife/k/kotoha/20170918/20170918204521.jpg` → `kotoha/20170918204521.jpg`.
    static func localPath(_ address: String) -> String? {
        let parts = (address.components(separatedBy: "/images/fotolife/").last ?? "").split(separator: "?").first?.split(separator: "/") ?? []
        guard parts.count == 4, let name = parts.last, !name.contains(".."), !parts[1].contains("..") else { return nil }
        return "\(parts[1])/\(name)"
    }
}
