import Foundation

/// A JPEG original published without its metadata and without a second lossy encoding: the
/// file's segments are copied except EXIF (and the GPS position in it), XMP, IPTC, comments,
/// vendor segments and whatever follows the image (the extra pictures of MPF files), and the
/// compressed image data is copied byte for byte. The orientation survives as the one tag of
/// a minimal EXIF segment, which browsers apply, so the original shows upright as before.
///
/// Only a file laid out as it expects is handled: nil (so the caller re-encodes it through
/// libvips) for anything else, and for a file with an ICC profile, whose colours must be
/// converted to sRGB.
enum JPEGSegments {
    static func withoutMetadata(_ bytes: [UInt8], orientation: Int) -> [UInt8]? {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8, (1...8).contains(orientation) else { return nil }
        var kept: [UInt8] = [0xFF, 0xD8]
        kept.reserveCapacity(bytes.count)
        var wroteOrientation = orientation == 1
        var offset = 2
        while true {
            // A marker: 0xFF (fill bytes allowed before it), then its code.
            guard offset + 1 < bytes.count, bytes[offset] == 0xFF else { return nil }
            while offset + 1 < bytes.count && bytes[offset + 1] == 0xFF { offset += 1 }
            guard offset + 1 < bytes.count else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xD9 { // end of image: what follows it is not published
                kept += [0xFF, 0xD9]
                return wroteOrientation ? kept : nil
            }
            // Every other marker before the end has a length; stand-alone ones (restart
            // markers, a second start of image) cannot occur here in a well-formed file.
            guard marker != 0xD8, !(0xD0...0xD7).contains(marker), marker != 0x01, offset + 3 < bytes.count else { return nil }
            let end = offset + 2 + (Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]))
            guard end - offset >= 4, end <= bytes.count else { return nil }
            let segment = bytes[offset..<end]
            let payload = bytes[(offset + 4)..<end]
            switch marker {
            case 0xE0 where payload.starts(with: Array("JFIF\0".utf8)), 0xEE where payload.starts(with: Array("Adobe".utf8)):
                kept += segment // how to read the colours: kept
            case 0xE2 where payload.starts(with: Array("ICC_PROFILE\0".utf8)):
                return nil // converted to sRGB by libvips instead
            case 0xE0...0xEF, 0xFE:
                break // EXIF, XMP, IPTC, MPF, vendor segments, comments
            default:
                // The image's own segments (tables, frame, scan headers). The orientation goes
                // in just before the first of them, after JFIF's segment where there is one.
                if !wroteOrientation {
                    kept += orientationSegment(orientation)
                    wroteOrientation = true
                }
                kept += segment
            }
            offset = end
            if marker == 0xDA { // a scan: its compressed data runs to the next marker
                var next = offset
                while next + 1 < bytes.count {
                    if bytes[next] == 0xFF, bytes[next + 1] != 0, !(0xD0...0xD7).contains(bytes[next + 1]) { break }
                    next += 1
                }
                guard next + 1 < bytes.count else { return nil }
                kept += bytes[offset..<next]
                offset = next
            }
        }
    }

    /// An APP1 EXIF segment holding only the orientation tag (TIFF, big-endian: one IFD entry,
    /// tag 0x0112, type SHORT, one value).
    static func orientationSegment(_ orientation: Int) -> [UInt8] {
        let tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8, 0, 1,
                             0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation), 0, 0,
                             0, 0, 0, 0]
        let length = 2 + 6 + tiff.count
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + Array("Exif\0\0".utf8) + tiff
    }
}
