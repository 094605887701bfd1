import Foundation

/// libvips 8.14's WebP saver writes an EXIF chunk even when told to strip metadata (a small
/// made-up one: orientation, resolution). This takes the EXIF, XMP and ICC chunks out of a WebP
/// file's RIFF container and clears their flags in its VP8X header: the image data itself is
/// not touched. A file that is not the RIFF/WebP layout it expects is left as it is.
enum WebPChunks {
    static func removeMetadata(atPath path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let stripped = removingMetadata(from: [UInt8](data)) else { return }
        try Data(stripped).write(to: URL(fileURLWithPath: path))
    }

    /// The file without its metadata chunks; nil when it has none (or is not laid out as WebP).
    static func removingMetadata(from bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WEBP".utf8) else { return nil }
        var chunks: [[UInt8]] = []
        var removed = false
        var offset = 12
        while offset + 8 <= bytes.count {
            let fourCC = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            let end = offset + 8 + size + (size & 1)
            guard end <= bytes.count else { return nil }
            if ["EXIF", "XMP ", "ICCP"].contains(fourCC) {
                removed = true
            } else {
                chunks.append(Array(bytes[offset..<end]))
            }
            offset = end
        }
        guard removed else { return nil }
        // VP8X flags: ICC 0x20, EXIF 0x08, XMP 0x04.
        if let index = chunks.firstIndex(where: { $0.count > 8 && $0[0..<4].elementsEqual("VP8X".utf8) }) {
            chunks[index][8] &= ~UInt8(0x20 | 0x08 | 0x04)
        }
        let body = chunks.flatMap { $0 }
        let size = UInt32(body.count + 4)
        return Array("RIFF".utf8) + [UInt8(size & 0xff), UInt8(size >> 8 & 0xff), UInt8(size >> 16 & 0xff), UInt8(size >> 24)]
            + Array("WEBP".utf8) + body
    }
}
