import AsyncHTTPClient
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NIOCore
import NIOHTTP1
import SiteGen

/// The few S3 calls a deploy makes, signed (Signature V4) and sent with async-http-client:
/// list a bucket's keys with their ETags, put an object, delete one. Works with AWS, Cloudflare
/// R2 and any S3-compatible endpoint.
struct S3Client: Sendable {
    let settings: DeployTarget.S3Settings
    let signer: SignatureV4
    let http: HTTPClient

    struct RemoteObject: Sendable, Equatable {
        /// The MD5 of the object's bytes, for objects put in one piece (hex, without quotes).
        var etag: String
        var size: Int
    }

    /// The bucket's address: the endpoint given (path-style, `ENDPOINT/BUCKET/`) or AWS's own
    /// for the region (`https://BUCKET.s3.REGION.amazonaws.com/`).
    var base: (scheme: String, host: String, pathPrefix: String) {
        let endpoint = settings.endpoint.flatMap(URL.init(string:))
        let scheme = endpoint?.scheme ?? "https"
        var host = endpoint?.host ?? "s3.\(signer.region).amazonaws.com"
        if let port = endpoint?.port { host += ":\(port)" }
        return settings.pathStyle ? (scheme, host, "/" + SignatureV4.encode(settings.bucket)) : (scheme, "\(settings.bucket).\(host)", "")
    }

    /// Every object under the site's prefix, by key without it.
    func list() async throws -> [String: RemoteObject] {
        var objects: [String: RemoteObject] = [:]
        var token: String?
        repeat {
            var query = [("list-type", "2")]
            if !settings.prefix.isEmpty { query.append(("prefix", settings.prefix)) }
            if let token { query.append(("continuation-token", token)) }
            let body = try await send("GET", key: nil, query: query)
            let page = try ListPage.parse(body)
            for object in page.objects where object.key.hasPrefix(settings.prefix) {
                objects[String(object.key.dropFirst(settings.prefix.count))] = RemoteObject(etag: object.etag, size: object.size)
            }
            token = page.truncated ? page.nextToken : nil
        } while token != nil
        return objects
    }

    func put(_ path: String, data: Data, contentType: String, cacheControl: String) async throws {
        _ = try await send("PUT", key: settings.prefix + path, payload: data, headers: [("content-type", contentType), ("cache-control", cacheControl)])
    }

    func delete(_ path: String) async throws {
        _ = try await send("DELETE", key: settings.prefix + path)
    }

    /// One signed request; a reply that is not 2xx is an error with S3's own code and message.
    private func send(_ method: String, key: String?, query: [(String, String)] = [], payload: Data = Data(),
                      headers extra: [(String, String)] = []) async throws -> Data {
        let base = base
        let path = base.pathPrefix + "/" + (key.map { SignatureV4.encode($0, keepingSlash: true) } ?? "")
        let queryText = query.map { "\(SignatureV4.encode($0.0))=\(SignatureV4.encode($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: "\(base.scheme)://\(base.host)\(path)\(queryText.isEmpty ? "" : "?" + queryText)")
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in extra + signer.headers(method: method, host: base.host, path: path, query: query, payload: payload) {
            request.headers.add(name: name, value: value)
        }
        if method == "PUT" {
            request.headers.add(name: "content-length", value: String(payload.count))
            request.body = .bytes(ByteBuffer(bytes: payload))
        }
        let response = try await http.execute(request, timeout: .seconds(120))
        let body = Data((try await response.body.collect(upTo: 64 << 20)).readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw S3Failure(status: Int(response.status.code), detail: ListPage.errorText(body) ?? response.status.reasonPhrase)
        }
        return body
    }

    struct S3Failure: Error, CustomStringConvertible {
        var status: Int
        var detail: String
        var description: String { "HTTP \(status): \(detail)" }
        /// Worth another try: the service was busy or failed, not the request.
        var isTransient: Bool { status >= 500 || status == 429 }
    }

    /// A page of ListObjectsV2's reply.
    struct ListPage {
        var objects: [(key: String, etag: String, size: Int)] = []
        var truncated = false
        var nextToken: String?

        static func parse(_ data: Data) throws -> ListPage {
            let reader = Reader()
            let parser = XMLParser(data: data)
            parser.delegate = reader
            guard parser.parse() else { throw S3Failure(status: 200, detail: "the bucket's listing could not be read") }
            return reader.page
        }

        /// `Code: Message` of an S3 error reply.
        static func errorText(_ data: Data) -> String? {
            let reader = Reader()
            let parser = XMLParser(data: data)
            parser.delegate = reader
            guard parser.parse(), let code = reader.fields["Code"] else { return nil }
            return [code, reader.fields["Message"]].compactMap { $0 }.joined(separator: ": ")
        }

        private final class Reader: NSObject, XMLParserDelegate {
            var page = ListPage()
            var fields: [String: String] = [:]
            private var text = ""
            private var object: (key: String, etag: String, size: Int)?

            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                text = ""
                if name == "Contents" { object = ("", "", 0) }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "Key": object?.key = text
                case "ETag": object?.etag = text.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
                case "Size": object?.size = Int(text) ?? 0
                case "Contents":
                    if let object { page.objects.append(object) }
                    object = nil
                case "IsTruncated": page.truncated = text == "true"
                case "NextContinuationToken": page.nextToken = text
                default: fields[name] = text
                }
                text = ""
            }
        }
    }
}
