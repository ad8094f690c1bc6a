import Foundation

/// One HTTP response of the preview server, before Hummingbird writes it (`PreviewResponder`).
public struct PreviewResponse: Equatable, Sendable {
  /// The status code.
  public var status: Int
  /// The `Content-Type`.
  public var contentType: String
  /// The body.
  public var body: Data
  /// The `Location` of a redirect.
  public var location: String?

  /// A response.
  public init(status: Int, contentType: String, body: Data, location: String? = nil) {
    self.status = status
    self.contentType = contentType
    self.body = body
    self.location = location
  }

  /// A plain-text response.
  static func text(_ status: Int, _ text: String) -> PreviewResponse {
    PreviewResponse(status: status, contentType: "text/plain; charset=utf-8", body: Data(text.utf8))
  }

  /// The body as text.
  public var text: String { String(decoding: body, as: UTF8.self) }

  /// The content type of a file, by its extension.
  static func contentType(of path: String) -> String {
    switch (path as NSString).pathExtension.lowercased() {
    case "html": "text/html; charset=utf-8"
    case "css": "text/css; charset=utf-8"
    case "js": "text/javascript; charset=utf-8"
    case "svg": "image/svg+xml"
    case "json": "application/json"
    case "xml": "application/atom+xml"
    case "md": "text/markdown; charset=utf-8"
    case "txt": "text/plain; charset=utf-8"
    case "png": "image/png"
    case "jpg", "jpeg": "image/jpeg"
    case "gif": "image/gif"
    case "webp": "image/webp"
    case "ico": "image/x-icon"
    case "woff2": "font/woff2"
    default: "application/octet-stream"
    }
  }
}
