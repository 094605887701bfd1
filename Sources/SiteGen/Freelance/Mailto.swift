/// `mailto:` URLs as RFC 6068 wants them: every header value UTF-8 percent-encoded,
/// line breaks as `%0D%0A`. The contact page's script does the same in the browser
/// (Templates/assets/contact.js); this one makes the link that works without it.
public enum Mailto {
    public static func url(to address: String, subject: String, body: String) -> String {
        "mailto:" + encode(address, keepAt: true) + "?subject=" + encode(subject) + "&body=" + encode(crlf(body))
    }

    /// Normalises every line break to CRLF, as RFC 6068 requires in `body`.
    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    static func encode(_ text: String, keepAt: Bool = false) -> String {
        let encoded = URLPath.encodeComponent(text)
        return keepAt ? encoded.replacingOccurrences(of: "%40", with: "@") : encoded
    }
}
