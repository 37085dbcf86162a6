import AlumniCore
import AlumniStore
import Hummingbird

/// The staff desk: sign-in, the queue, inquiries, people, the directory, staff accounts, mail
/// that came in, farewells and check-ins, the overview, campaigns and the report, added to an application's router.
public struct Desk: Sendable {
    let pages: DeskPages

    /// The desk with its shipped templates and words.
    public init() throws {
        pages = try DeskPages.shipped()
    }

    /// Adds every desk route to `group` (the site's root, with database work moved off the
    /// event loops by the caller). On PostgreSQL, the pages whose store has not moved there yet
    /// (campaigns) answer a page that says so.
    /// `erase` erases a person: the store's erasure and whatever else must forget them (the
    /// mail transport's copies). `campaigns` renders campaign previews and test sends (nil: a
    /// server without mail settings, where those two are refused).
    public func addRoutes<Context: DeskRequestContext>(
        to group: RouterGroup<Context>, store: Store, settings: DeskSettings,
        campaigns: (any CampaignRendering)? = nil,
        erase: @escaping @Sendable (_ personId: Int64, _ actor: Caller) async throws -> Void
    ) throws {
        let desk = group.group()
            .add(middleware: DeskHeadersMiddleware())
            .add(middleware: ErrorPageMiddleware(pages: pages, store: store))
        try AssetsController().addRoutes(to: desk)
        CalendarFeedController<Context>(store: store, settings: settings).addRoutes(to: desk)
        let signIn = SignInController<Context>(store: store, pages: pages, settings: settings)
        signIn.addRoutes(to: desk)

        let signedIn = desk.group().add(middleware: DeskSessionMiddleware(store: store, settings: settings))
        signIn.addSignedInRoutes(to: signedIn)
        QueueController(store: store, pages: pages, settings: settings).addRoutes(to: signedIn)
        InquiryController(store: store, pages: pages).addRoutes(to: signedIn)
        PersonController(store: store, pages: pages).addRoutes(to: signedIn)
        PersonChangesController(store: store).addRoutes(to: signedIn)
        PersonPrivacyController(store: store, erase: erase).addRoutes(to: signedIn)
        DirectoryController(store: store, pages: pages, settings: settings).addRoutes(to: signedIn)
        DirectoryChangesController(store: store, pages: pages).addRoutes(to: signedIn)
        StaffController(store: store, pages: pages).addRoutes(to: signedIn)
        MailController(store: store, pages: pages, settings: settings).addRoutes(to: signedIn)
        RelationsController(store: store, pages: pages, settings: settings).addRoutes(to: signedIn)
        HomeController(store: store, pages: pages).addRoutes(to: signedIn)
        CampaignsController(store: store, pages: pages, settings: settings, rendering: campaigns)
            .addRoutes(to: signedIn)
        CampaignPreviewController(store: store, pages: pages, rendering: campaigns).addRoutes(to: signedIn)
        AccountController(store: store, pages: pages, settings: settings).addRoutes(to: signedIn)
        ReportController(store: store, pages: pages, settings: settings).addRoutes(to: signedIn)
    }

    /// The desk's 404 page for a browser that opened an address nothing serves; nil under
    /// `/api/`, whose clients get the API's own answer.
    public func notFoundPage(for request: Request) throws -> Response? {
        guard request.method == .get, !request.uri.path.hasPrefix("/api/") else { return nil }
        var response = try pages.errorPage(Refusal(DeskError.notFound), for: request, session: nil)
        DeskHeadersMiddleware<BasicRequestContext>.protect(&response)
        return response
    }
}
