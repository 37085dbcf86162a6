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
        // The pages links in our messages have always opened, at the addresses those messages
        // carry; they run on either store.
        func addLinkPages(_ key: LinkKey) {
            PortalLinkPagesController<Context>(
                store: store, pages: pages, key: key, preferenceLinks: preferenceLinks
            ).addRoutes(to: pageGroup(at: ""))
        }
        guard case .sqlite(let database) = store else {
            addLinkPages(LinkKey(store: store))
            // On PostgreSQL, where the rest of the portal does not run yet, its addresses say so (501).
            let notYet: @Sendable (Request, Context) throws -> Response = { _, _ in
                throw StoreError.notOnPostgresYet("the alumni portal")
            }
            let pages = pageGroup(at: "")
            for path: RouterPath in ["my", "my/**"] {
                pages.get(path, use: notYet)
                pages.post(path, use: notYet)
            }
            return
        }
        // The key signed links are checked with never changes: read once, not on every request.
        let key = try database.linkSigningKey()
        addLinkPages(LinkKey(store: store, known: key))
        let portal = pageGroup(at: "my")
        let signIn = PortalSignInController<Context>(
            database: database, pages: pages, settings: settings, messages: messages)
        signIn.addRoutes(to: portal)
        PortalFarewellController<Context>(database: database, pages: pages, settings: settings, key: key)
            .addRoutes(to: portal)
        PortalRegistrationController<Context>(database: database, pages: pages, settings: settings, messages: messages)
            .addRoutes(to: portal)
        let signedIn = portal.group().add(middleware: PortalSessionMiddleware(database: database, settings: settings))
        signIn.addSignedInRoutes(to: signedIn)
        PortalQuestionsController(database: database, pages: pages).addRoutes(to: signedIn)
        PortalDetailsController(database: database, pages: pages, settings: settings, messages: messages)
            .addRoutes(to: signedIn)
        PortalPreferencesController(database: database, pages: pages).addRoutes(to: signedIn)
        PortalRecordsController(database: database, pages: pages).addRoutes(to: signedIn)
    }
}
