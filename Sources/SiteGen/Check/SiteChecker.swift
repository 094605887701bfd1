import Foundation

/// `sitegen check`: builds the site into a temporary folder and reports what a
/// reader or a search engine would trip over, as `file:line: severity: message`.
public struct CheckReport: Sendable {
    public var findings: [SiteError]
    public var errors: [SiteError] { findings.filter { $0.severity == .error } }
    public var warnings: [SiteError] { findings.filter { $0.severity == .warning } }
}

public enum SiteChecker {
    public static func check(_ options: BuildOptions, external: ExternalLinkChecker? = nil, io: FileIO = .disk) async -> CheckReport {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temp) }
        var build = options
        build.output = temp.appendingPathComponent("site")
        let result: (site: Site, theme: Theme, report: BuildReport)
        do {
            result = try Builder.run(build, io: io)
        } catch let failure as BuildFailure {
            return CheckReport(findings: failure.errors)
        } catch let error as SiteError {
            return CheckReport(findings: [error])
        } catch {
            return CheckReport(findings: [SiteError(file: options.source.path, Message("file.failed", ["problem": "\(error)"]))])
        }
        var findings = ContentLints.run(result.site, theme: result.theme) + result.site.warnings + ImageBudget.check(result.site)
        var links = LinkCheck(output: build.output, site: result.site, sources: result.report.pageSources, io: io)
        findings += links.run()
        if let external {
            findings += await external.check(links.externalReferences, imageBudget: result.site.config.images.budgetKB * 1024)
        }
        // Errors first, then by file and line, so the report reads top-down.
        findings.sort {
            ($0.severity, $0.file, $0.line ?? 0, $0.message) < ($1.severity, $1.file, $1.line ?? 0, $1.message)
        }
        return CheckReport(findings: findings)
    }
}

/// Checks on the model: typos in front matter keys, missing titles and
/// descriptions, images without alt text, ad and PR-notice settings.
enum ContentLints {
    static func run(_ site: Site, theme: Theme) -> [SiteError] {
        var findings: [SiteError] = []
        let markdown = MarkdownRenderer(allowRawHTML: site.config.allowRawHTML)
        let files = site.posts.map { ($0.file, true) } + site.pages.map { ($0.file, false) }
        for (file, isPost) in files {
            let fm = file.frontMatter
            for key in fm.raw.keys where !FrontMatter.knownKeys.contains(key) {
                findings.append(warning(file.source, fm.raw.line(of: key), Message("check.unknown_front_matter_key", ["key": key]),
                                        hint: suggestion(key, FrontMatter.knownKeys)))
            }
            if fm.title == nil || fm.title?.isEmpty == true {
                findings.append(warning(file.source, 1, Message("check.no_title")))
            }
            if isPost && fm.description == nil {
                findings.append(warning(file.source, 1, Message("check.no_description")))
            }
            let rendered = markdown.render(file.markdown)
            for image in rendered.imagesWithoutAlt {
                findings.append(warning(file.source, line(of: image, in: file), Message("check.no_alt", ["image": image])))
            }
            if isPost { findings += shareImageWarnings(file, firstImage: rendered.firstImage, site: site) }
        }
        let config = site.config.raw
        for key in config.keys where !SiteConfig.knownKeys.contains(key) {
            findings.append(warning(config.file, config.line(of: key), Message("check.unknown_setting", ["key": key]),
                                    hint: suggestion(key, SiteConfig.knownKeys)))
        }
        if let ads = site.config.ads, !ads.slots.isEmpty {
            if ads.label.trimmingCharacters(in: .whitespaces).isEmpty {
                findings.append(warning(config.file, config.line(of: "ads"), Message("check.ads_no_label")))
            } else if ads.provider == .adsense, !["広告", "スポンサーリンク", "Sponsored", "Advertisement", "Advertisements", "Sponsored Links"].contains(ads.label) {
                findings.append(warning(config.file, config.line(of: "ads"), Message("check.ads_label", ["label": ads.label])))
            }
        }
        let showsNotice = theme.texts.values.contains { $0.contains("pr_notice") }
        if !showsNotice {
            for post in site.posts where (try? post.frontMatter.raw.bool("sponsored")) == true {
                findings.append(warning(post.file.source, post.frontMatter.raw.line(of: "sponsored"),
                                        Message("check.no_pr_notice")))
            }
        }
        return findings
    }

    /// A post's share card as X, Facebook and LINE show it: from `image:`, else the body's first
    /// image, else the site's `image:`. None, or an SVG (which none of them shows), is a warning.
    static func shareImageWarnings(_ file: ContentFile, firstImage: String?, site: Site) -> [SiteError] {
        let fromBody = SiteLinks.shareable(firstInBody: firstImage)
        guard let image = file.frontMatter.image ?? fromBody ?? site.config.shareImage else {
            return [warning(file.source, 1, Message("check.no_share_image"))]
        }
        let path = image.lowercased().split(separator: "?").first.map(String.init) ?? ""
        guard path.hasSuffix(".svg") else { return [] }
        let line = file.frontMatter.image != nil ? file.frontMatter.raw.line(of: "image") : fromBody != nil ? self.line(of: image, in: file) : 1
        return [warning(file.source, line, Message("check.svg_share_image", ["image": SafeURL.shown(image)]))]
    }

    static func warning(_ file: String, _ line: Int?, _ message: Message, hint: Message? = nil) -> SiteError {
        SiteError(file: file, line: line, message, hint: hint, severity: .warning)
    }

    /// The line of a content file where `needle` first appears.
    static func line(of needle: String, in file: ContentFile) -> Int? {
        guard !needle.isEmpty else { return nil }
        for (index, line) in file.markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(needle) {
            return file.bodyLine + index
        }
        return nil
    }

    /// "did you mean `title`?" for keys one or two edits away from a known one.
    static func suggestion(_ key: String, _ known: Set<String>) -> Message? {
        let best = known.map { ($0, editDistance(key.lowercased(), $0)) }.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        guard let best, best.1 <= 2 else { return nil }
        return Message("key.did_you_mean", ["key": best.0])
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
