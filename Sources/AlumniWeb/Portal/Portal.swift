import AlumniCore
import AlumniStore
import Hummingbird

/// The alumni portal under `/my/`: former employees and customers sign in with an e-mailed
/// link, ask questions, follow them and reply, in their own language; and the pages links in
/// our messages open (unsubscribe, preferences, keep me on the list). Built on the desk's
/// foundations: its renderer and catalogs, form tokens, security headers and error pages.
public struct Portal: Sendable {
    let pages: PortalPages

    /// The portal with its shipped templates and words.
    public init() throws {
        pages = try PortalPages.shipped()
    }

    /// Adds every portal route under `/my` to `group` (the site's root, with database work
    /// moved off the event loops by the caller). `messages` writes the portal's e-mails (nil: a
    /// server without mail settings, where none is sent).
    /// `preferenceLinks` writes the e-mail with a fresh preference link an unsubscribe page
    /// offers (nil: none is sent).
    public func addRoutes<Context: PortalRequestContext>(
        to group: RouterGroup<Context>, store: Store, settings: DeskSettings,
        messages: (any PortalMessageRenderer)?, preferenceLinks: (any PreferenceLinkRenderer)?
    ) throws {
        func pageGroup(at path: RouterPath) -> RouterGroup<Context> {
            group.group(path)
                .add(middleware: DeskHeadersMiddleware())
                .add(middleware: PortalErrorMiddleware(pages: pages, store: store, settings: settings))
        }
        // The key signed links are checked with never changes: read once, not on every request
        // (here where that can wait, on SQLite; on the first link opened, on PostgreSQL).
        let key: LinkKey
        if case .sqlite(let database) = store {
            key = LinkKey(store: store, known: try database.linkSigningKey())
        } else {
            key = LinkKey(store: store)
        }
        PortalLinkPagesController<Context>(store: store, pages: pages, key: key, preferenceLinks: preferenceLinks)
            .addRoutes(to: pageGroup(at: ""))
        let portal = pageGroup(at: "my")
        let signIn = PortalSignInController<Context>(
            store: store, pages: pages, settings: settings, messages: messages)
        signIn.addRoutes(to: portal)
        PortalFarewellController<Context>(store: store, pages: pages, settings: settings, key: key)
            .addRoutes(to: portal)
        PortalRegistrationController<Context>(store: store, pages: pages, settings: settings, messages: messages)
            .addRoutes(to: portal)
        let signedIn = portal.group().add(middleware: PortalSessionMiddleware(store: store, settings: settings))
        signIn.addSignedInRoutes(to: signedIn)
        PortalQuestionsController(store: store, pages: pages).addRoutes(to: signedIn)
        PortalDetailsController(store: store, pages: pages, settings: settings, messages: messages)
            .addRoutes(to: signedIn)
        PortalPreferencesController(store: store, pages: pages).addRoutes(to: signedIn)
        PortalRecordsController(store: store, pages: pages).addRoutes(to: signedIn)
    }
}
