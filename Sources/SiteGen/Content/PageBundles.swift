import Foundation

/// Hugo's page bundles: a post or page as a folder, `posts/first-client/index.md`, with its
/// images and files beside it. The post is named by the folder (`first-client`, its date
/// prefix read as for a file name), and the files beside it are published beside the page,
/// wherever the permalink puts it, so `![](photo.jpg)` in the text finds them (as Hugo does).
/// A folder's files are not published when its post is not (a draft's photos stay private).
enum PageBundles {
    // The names are told apart by their length first: this runs for every file of a
    // 10,000-post site on each build, and nearly no name has these lengths and letters.
    static func isIndex<S: StringProtocol>(_ name: S) -> Bool {
        let count = name.utf8.count
        return (count == 8 || count == 14) && (name == "index.md" || name == "index.markdown")
    }

    /// `_index.md`: a Hugo section's list page, which sitegen makes itself.
    static func isSectionIndex(_ relative: String) -> Bool {
        let name = lastComponent(relative)
        let count = name.utf8.count
        return (count == 9 || count == 15) && (name == "_index.md" || name == "_index.markdown")
    }

    /// `posts/2014-05-31-first-client/index.md` → `2014-05-31-first-client.md`, the name a
    /// single file would have; nil for a file that is not a bundle's.
    static func folderName(_ relative: String) -> String? {
        guard isIndex(lastComponent(relative)) else { return nil }
        let parts = relative.split(separator: "/")
        guard parts.count > 2 else { return nil }
        return parts[parts.count - 2] + ".md"
    }

    /// The file name of a relative path, found by bytes.
    static func lastComponent(_ relative: String) -> Substring {
        relative.utf8.lastIndex(of: UInt8(ascii: "/")).map { relative[relative.utf8.index(after: $0)...] } ?? relative[...]
    }

    /// The static files, those of bundles moved to their page's folder (or left out when the
    /// page is not published).
    static func publish(_ files: [StaticFile], documents: [String], posts: [Post], pages: [Page]) -> [StaticFile] {
        let folders = Set(documents.compactMap(bundleFolder))
        guard !folders.isEmpty else { return files }
        // Each published bundle's page path, by its folder.
        var paths: [String: String] = [:]
        for (file, path) in posts.map({ ($0.file, $0.path) }) + pages.map({ ($0.file, $0.path) }) {
            if let folder = bundleFolder(String(file.source.dropFirst(SiteLoader.contentFolder.count + 1))) { paths[folder] = path }
        }
        return files.compactMap { file in
            // The innermost bundle folder the file is in, if any.
            var parts = file.destination.split(separator: "/").dropLast()
            while !parts.isEmpty {
                let folder = parts.joined(separator: "/") + "/"
                if folders.contains(folder) {
                    guard let path = paths[folder] else { return nil }
                    return StaticFile(source: file.source, destination: String(path.dropFirst()) + file.destination.dropFirst(folder.count))
                }
                parts.removeLast()
            }
            return file
        }
    }

    /// `posts/first-client/index.md` → `posts/first-client/`; nil for a file that is not a bundle's index.
    private static func bundleFolder(_ relative: String) -> String? {
        guard isIndex(lastComponent(relative)) else { return nil }
        let parts = relative.split(separator: "/")
        guard parts.count > 2 else { return nil }
        return parts.dropLast().joined(separator: "/") + "/"
    }
}
