import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body has not all arrived within `limit` of its head.
/// Hummingbird's idle timeout covers the head (it counts whole HTTP parts only, so a head sent
/// a byte at a time runs out of time), but every body part restarts it: without this, a body
/// sent a byte at a time, or never, would hold its connection for ever.
final class RequestBodyDeadline: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPRequestPart
  typealias InboundOut = HTTPRequestPart

  private let limit: TimeAmount
  private var cutoff: Scheduled<Void>?

  init(limit: TimeAmount) { self.limit = limit }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head:
      cutoff?.cancel()
      cutoff = context.eventLoop.assumeIsolated().scheduleTask(in: limit) {
        context.close(promise: nil)
      }
    case .end:
      cutoff?.cancel()
      cutoff = nil
    case .body:
      break
    }
    context.fireChannelRead(data)
  }

  func channelInactive(context: ChannelHandlerContext) {
    cutoff?.cancel()
    cutoff = nil
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    cutoff?.cancel()
    cutoff = nil
  }
}
