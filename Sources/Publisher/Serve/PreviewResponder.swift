import Hummingbird

/// Hummingbird's side of the preview server: hands each request to a `PreviewRouter` for the
/// latest good build and turns its answer into Hummingbird's `Response`. The router stays pure
/// request -> response logic; nothing about HTTP framing lives there.
struct PreviewResponder: HTTPResponder {
  typealias Context = BasicRequestContext

  /// The router for the site as last built; asked anew for every request.
  let currentRouter: @Sendable () -> PreviewRouter

  func respond(to request: Request, context: Context) async throws -> Response {
    // The request target as the client sent it: the router does its own decoding and checks.
    let target = request.head.path ?? "/"
    let answer = currentRouter().respond(method: request.method.rawValue, target: target)
    let response = Response(answer)
    // A HEAD answer keeps the headers (Content-Length included) and drops the body.
    return request.method == .head ? response.createHeadResponse() : response
  }
}

extension Response {
  /// The preview server's answer as Hummingbird writes it; never cached, so a reload after a
  /// rebuild always shows the new pages.
  init(_ answer: PreviewResponse) {
    var headers: HTTPFields = [.contentType: answer.contentType, .cacheControl: "no-store"]
    if let location = answer.location { headers[.location] = location }
    self.init(
      status: HTTPResponse.Status(code: answer.status), headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
  }
}
