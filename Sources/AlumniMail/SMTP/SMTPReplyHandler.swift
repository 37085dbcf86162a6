import NIOCore

/// Hands each reply to the oldest command waiting for one, so that pipelined commands get
/// their replies in order. A reply nobody waits for yet (the greeting) is kept for the next
/// waiter. A wait past its time limit, an error or a closed connection fails every waiter
/// and closes the connection: after that the session's state is unknown.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private struct Waiter {
        var promise: EventLoopPromise<SMTPReply>
        var timeout: Scheduled<Void>
    }

    private var waiters = CircularBuffer<Waiter>()
    private var early = CircularBuffer<SMTPReply>()
    private var failure: SMTPError?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// A future for the next reply, failed with ``SMTPError/timedOut`` after `limit`. Call on the event loop.
    func nextReply(within limit: TimeAmount, on loop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if let failure { return loop.makeFailedFuture(failure) }
        if let reply = early.popFirst() { return loop.makeSucceededFuture(reply) }
        let promise = loop.makePromise(of: SMTPReply.self)
        let bound = NIOLoopBound(self, eventLoop: loop)
        let timeout = loop.scheduleTask(in: limit) { bound.value.fail(.timedOut) }
        waiters.append(Waiter(promise: promise, timeout: timeout))
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard let waiter = waiters.popFirst() else { return early.append(reply) }
        waiter.timeout.cancel()
        waiter.promise.succeed(reply)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error as? SMTPError ?? .connectionFailed(String(describing: error)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed)
        context.fireChannelInactive()
    }

    private func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        while let waiter = waiters.popFirst() {
            waiter.timeout.cancel()
            waiter.promise.fail(error)
        }
        context?.close(promise: nil)
    }
}
