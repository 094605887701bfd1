import ArgumentParser
import Foundation
import SiteGen

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import posts from another blog service.",
        subcommands: [ImportHatena.self]
    )
}

struct ImportHatena: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hatena",
        abstract: "Import a Hatena Blog export file (Movable Type format) as Markdown posts.",
        discussion: """
        Each entry becomes Content/posts/YYYY-MM-DD-BASENAME.md with its title, date, \
        categories, tags, image and draft status, and its old address /entry/BASENAME as an \
        alias (a redirect page and a /_redirects line). Hatena's HTML becomes Markdown where \
        it maps cleanly and stays HTML where it does not. Files that exist are left alone \
        unless --force; a malformed entry is reported with its number and skipped.
        """
    )

    @Argument(help: "The export file (ブログの設定 → 詳細設定 → エクスポート).")
    var file: String

    @Option(help: ArgumentHelp("Where to write the posts.", valueName: "dir"))
    var into = "Content/posts"

    @Option(help: ArgumentHelp("Your Hatena ID (for notes only; image URLs carry it already).", valueName: "id"))
    var user: String?

    @Option(help: ArgumentHelp("The blog's time zone for the export's dates.", valueName: "zone"))
    var timezone = "Asia/Tokyo"

    @Flag(help: "Overwrite posts that were imported before (and maybe edited since).")
    var force = false

    func run() throws {
        guard let zone = TimeZone(identifier: timezone) else { throw ValidationError("`\(timezone)` is not a time zone") }
        guard let data = FileManager.default.contents(atPath: file) else {
            Report.print([SiteError(file: file, message: "could not be read")])
            throw ExitCode(1)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            Report.print([SiteError(file: file, message: "is not UTF-8 text", hint: "Hatena's export is UTF-8; was it re-saved in another encoding?")])
            throw ExitCode(1)
        }
        let report = try HatenaImporter(into: URL(fileURLWithPath: into), timeZone: zone, force: force).run(text)
        for problem in report.problems {
            FileHandle.standardError.write(Data("\(file): \(problem) — skipped\n".utf8))
        }
        for warning in report.warnings {
            FileHandle.standardError.write(Data("\(file): warning: \(warning)\n".utf8))
        }
        print("Imported \(Report.count(report.written.count, "post")) into \(into)"
              + (report.skipped.isEmpty ? "" : "; \(report.skipped.count) already there, left alone (--force overwrites)")
              + (report.problems.isEmpty ? "" : "; \(report.problems.count) skipped with errors")
              + (report.comments == 0 ? "" : "; \(report.comments) comments not imported") + ".")
        if !report.keptHTML.isEmpty {
            print(report.keptHTML.count == 1 ? "1 post keeps some HTML that Markdown cannot express; it is marked `html: true`."
                  : "\(report.keptHTML.count) posts keep some HTML that Markdown cannot express; they are marked `html: true`.")
        }
        if report.written.isEmpty && report.skipped.isEmpty {
            Report.print([SiteError(file: file, message: "no entry could be imported",
                                    hint: "is this the export file (ブログの設定 → 詳細設定 → エクスポート)? Each entry starts with `AUTHOR:` or `TITLE:`")])
            throw ExitCode(1)
        }
    }
}
