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
    /// event loops by the caller).
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
        guard case .sqlite(let database) = store else {
            addNotYetRoutes(to: group)
            return
        }
        let signIn = SignInController<Context>(database: database, pages: pages, settings: settings)
        signIn.addRoutes(to: desk)

        let signedIn = desk.group().add(middleware: DeskSessionMiddleware(database: database, settings: settings))
        signIn.addSignedInRoutes(to: signedIn)
        QueueController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        InquiryController(database: database, pages: pages).addRoutes(to: signedIn)
        PersonController(database: database, pages: pages).addRoutes(to: signedIn)
        PersonChangesController(database: database).addRoutes(to: signedIn)
        PersonPrivacyController(database: database, erase: erase).addRoutes(to: signedIn)
        DirectoryController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        DirectoryChangesController(database: database, pages: pages).addRoutes(to: signedIn)
        StaffController(database: database, pages: pages).addRoutes(to: signedIn)
        MailController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        RelationsController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        HomeController(database: database, pages: pages).addRoutes(to: signedIn)
        CampaignsController(database: database, pages: pages, settings: settings, rendering: campaigns)
            .addRoutes(to: signedIn)
        CampaignPreviewController(database: database, pages: pages, rendering: campaigns).addRoutes(to: signedIn)
        AccountController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        ReportController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
    }

    /// On PostgreSQL, where the desk's and the portal's pages do not run yet: every page
    /// address answers 501 with a page that says so and what to do; an address under `/api/`
    /// that nothing serves stays the API's 404 (or 405).
    private func addNotYetRoutes<Context: DeskRequestContext>(to group: RouterGroup<Context>) {
        let notYet: @Sendable (Request, Context) throws -> Response = { request, _ in
            guard !request.uri.path.hasPrefix("/api/") else { throw HTTPError(.notFound) }
            var response = try pages.errorPage(
                Refusal(StoreError.notOnPostgresYet("the desk and the portal")), for: request, session: nil)
            DeskHeadersMiddleware<Context>.protect(&response)
            return response
        }
        for path: RouterPath in ["/", "**"] {
            group.get(path, use: notYet)
            group.post(path, use: notYet)
        }
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
