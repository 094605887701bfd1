import Foundation

/// What one build wrote: for every output file, the key of the inputs it was made
/// from and the hash and size of its bytes. The next build compares against it to
/// render only what is stale, write only what changed and delete what is gone.
struct OutputManifest: Sendable {
    struct Entry: Sendable, Equatable {
        /// Hash of everything the file was made from (0: not known; always rebuilt).
        var key: UInt64
        /// Hash of the file's bytes.
        var hash: UInt64
        var size: Int
    }

    /// Changes whenever the manifest format or sitegen's output could change.
    static let header = "sitegen-manifest 1 \(SitegenVersion.current)"

    var entries: [String: Entry] = [:]

    func serialized() -> String {
        var lines = [Self.header]
        lines.reserveCapacity(entries.count + 1)
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
            lines.append("\(String(entry.key, radix: 16))\t\(String(entry.hash, radix: 16))\t\(entry.size)\t\(path)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Nil when the text is not a manifest of this version (the build is then clean).
    static func parse(_ text: String) -> OutputManifest? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.first.map(String.init) == header else { return nil }
        lines = lines.dropFirst()
        var manifest = OutputManifest()
        manifest.entries.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let key = UInt64(fields[0], radix: 16), let hash = UInt64(fields[1], radix: 16),
                  let size = Int(fields[2]) else { return nil }
            manifest.entries[String(fields[3])] = Entry(key: key, hash: hash, size: size)
        }
        return manifest
    }
}

/// sitegen's version, part of every cache key: a new sitegen may write different bytes.
public enum SitegenVersion {
    public static let current = "0.5.0"
}
