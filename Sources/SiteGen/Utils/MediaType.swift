import Foundation

/// Content types by file extension, for the dev server and the deploy targets that set them (S3).
public enum MediaType {
    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8", "xml": "application/xml; charset=utf-8", "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "pdf": "application/pdf", "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "wasm": "application/wasm",
    ]

    public static func forPath(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        // A file with no extension (`_redirects`, `CNAME`) is a host's text file.
        return types[ext] ?? (ext.isEmpty ? "text/plain; charset=utf-8" : "application/octet-stream")
    }
}
