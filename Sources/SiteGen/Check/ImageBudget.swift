import Foundation

/// `sitegen check`: local images a page shows that the image stage publishes as they are
/// (GIF, SVG, or every image with `images.process: false`), weighed against
/// `images.budget_kb`. Remote images are weighed by `--external`, from their servers' sizes.
enum ImageBudget {
    static func check(_ site: Site) -> [SiteError] {
        let budget = site.config.images.budgetKB * 1024
        let sources = Dictionary(site.staticFiles.map { ("/" + $0.destination, $0.source) }) { first, _ in first }
        var findings: [SiteError] = []
        for (path, use) in site.imageUses().sorted(by: { $0.key < $1.key }) {
            // Resized copies are what pages show of a processed image.
            if let entry = site.images.entries[path], !entry.copies.isEmpty { continue }
            guard let source = sources[path], let size = FileStamp(source)?.size, size > budget else { continue }
            findings.append(SiteError(file: use.file, line: use.line,
                                      Message("images.over_budget", ["image": path, "size": (size + 1023) / 1024, "budget": budget / 1024]),
                                      hint: Message("images.over_budget.hint"), severity: .warning))
        }
        return findings
    }
}
