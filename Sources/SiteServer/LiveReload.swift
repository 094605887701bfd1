import SiteGen

/// What the dev server adds to HTML it serves (never to the files on disk): a
/// script that listens for rebuilds, and an overlay while the last build failed.
public enum LiveReload {
    public static let eventsPath = "/__sitegen/events"

    static let script = """
    <script>
    /* sitegen serve: live reload */
    (function () {
      var source = new EventSource("\(eventsPath)");
      source.addEventListener("reload", function () { window.location.reload(); });
      source.addEventListener("error-overlay", function () { window.location.reload(); });
      source.addEventListener("css", function () {
        document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
          var url = new URL(link.href);
          url.searchParams.set("sitegen", Date.now());
          link.href = url.toString();
        });
      });
    })();
    </script>
    """

    /// The page with the reload script (and the overlay, when there are errors) before `</body>`.
    public static func inject(into html: String, errors: [SiteError], say: Messages = Messages(.en)) -> String {
        let addition = (errors.isEmpty ? "" : overlay(errors, say: say)) + script
        if let range = html.range(of: "</body>", options: .backwards) {
            var result = html
            result.insert(contentsOf: addition, at: range.lowerBound)
            return result
        }
        return html + addition
    }

    static func overlay(_ errors: [SiteError], say: Messages) -> String {
        let items = errors.map { "<li><pre style=\"white-space:pre-wrap;overflow-wrap:anywhere\">\(Escape.html($0.described(in: say)))</pre></li>" }.joined()
        return """
        <div id="sitegen-error-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;\
        background:rgba(20,20,24,.94);color:#fff;font:14px/1.6 ui-monospace,Menlo,monospace;padding:2rem">
        <h2 style="color:#ff8a80;font:bold 18px/1.4 system-ui,sans-serif;margin:0 0 1rem">\(Escape.html(say(Message("overlay.title", ["errors": errors.count]))))</h2>
        <ul style="list-style:none;padding:0;margin:0">\(items)</ul>
        <p style="font-family:system-ui,sans-serif;color:#bbb">\(Escape.html(say(Message("overlay.hint"))))</p>
        </div>
        """
    }

    /// Served when no build has succeeded yet.
    public static func errorPage(_ errors: [SiteError], say: Messages = Messages(.en)) -> String {
        inject(into: "<!DOCTYPE html><html lang=\"\(say.language.rawValue)\"><head><meta charset=\"utf-8\"><title>\(Escape.html(say(Message("overlay.page_title"))))</title></head><body></body></html>",
               errors: errors, say: say)
    }
}
