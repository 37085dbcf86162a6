import AlumniCore
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/calendar/<token>.ics`: a staff member's deadline calendar at its secret address, for
/// calendar clients (no session, no HTTP authentication: they handle it badly). GET, HEAD and
/// the PROPFIND some clients send first; an `ETag` so polling an unchanged calendar costs no
/// transfer; a revoked or unknown address is a 404. The request log names the route, never
/// the token.
struct CalendarFeedController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let settings: DeskSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("calendar/:file") { request, context in try await feed(request, context, body: true) }
        group.head("calendar/:file") { request, context in try await feed(request, context, body: false) }
        group.on("calendar/:file", method: .propfind) { request, context in try await properties(request, context) }
    }

    private func feed(_ request: Request, _ context: Context, body: Bool) async throws -> Response {
        let (text, tag) = try await calendar(context)
        if EntityTag.matches(request.headers[.ifNoneMatch], tag) {
            return Response(status: .notModified, headers: [.eTag: tag, .cacheControl: "private, no-cache"])
        }
        var headers: HTTPFields = [
            .contentType: "text/calendar; charset=utf-8", .eTag: tag, .cacheControl: "private, no-cache",
        ]
        headers[.contentLength] = String(text.utf8.count)
        return Response(
            status: .ok, headers: headers, body: body ? .init(byteBuffer: ByteBuffer(string: text)) : .init())
    }

    /// A WebDAV client's first question: the feed is one plain resource, with its tag and type.
    private func properties(_ request: Request, _ context: Context) async throws -> Response {
        let (_, tag) = try await calendar(context)
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:multistatus xmlns:d="DAV:"><d:response><d:href>\(request.uri.path)</d:href><d:propstat><d:prop>\
            <d:resourcetype/><d:getcontenttype>text/calendar; charset=utf-8</d:getcontenttype>\
            <d:getetag>\(tag)</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\
            </d:multistatus>
            """
        return Response(
            status: .init(code: 207, reasonPhrase: "Multi-Status"),
            headers: [.contentType: "application/xml; charset=utf-8", .cacheControl: "private, no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// The feed of the path's token and its tag; a 404 for an unknown or revoked token.
    private func calendar(_ context: Context) async throws -> (text: String, tag: String) {
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics"),
            let events = try await store.calendarDeadlines(token: String(file.dropLast(4)))
        else { throw DeskError.notFound }
        let text = DeadlineCalendar(
            events: events, calendar: try await store.businessCalendar(), publicURL: settings.publicURL,
            reminderBusinessHours: settings.calendarReminderBusinessHours
        ).render()
        return (text, EntityTag.of(Data(text.utf8)))
    }
}

extension HTTPRequest.Method {
    /// WebDAV's request for a resource's properties (RFC 4918).
    static let propfind = Self("PROPFIND")!
}
