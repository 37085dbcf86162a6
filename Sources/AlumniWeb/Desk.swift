import AlumniStore
import Hummingbird

/// The staff desk: sign-in, the queue, inquiries, people, the directory, staff accounts and
/// mail that came in,
/// added to an application's router.
public enum Desk {
    /// Adds every desk route to `group` (the site's root, with database work moved off the
    /// event loops by the caller).
    /// `erase` erases a person: the store's erasure and whatever else must forget them (the
    /// mail transport's copies).
    public static func addRoutes<Context: DeskRequestContext>(
        to group: RouterGroup<Context>, database: AlumniDatabase, settings: DeskSettings,
        erase: @escaping @Sendable (_ personId: Int64, _ actor: String) throws -> Void
    ) throws {
        let pages = try DeskPages.shipped()
        let desk = group.group()
            .add(middleware: DeskHeadersMiddleware())
            .add(middleware: ErrorPageMiddleware(pages: pages))
        try AssetsController().addRoutes(to: desk)
        let signIn = SignInController<Context>(database: database, pages: pages, settings: settings)
        signIn.addRoutes(to: desk)

        let signedIn = desk.group().add(middleware: DeskSessionMiddleware(database: database, settings: settings))
        signIn.addSignedInRoutes(to: signedIn)
        QueueController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        InquiryController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        PersonController(database: database, pages: pages).addRoutes(to: signedIn)
        PersonChangesController(database: database).addRoutes(to: signedIn)
        PersonPrivacyController(database: database, erase: erase).addRoutes(to: signedIn)
        DirectoryController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
        DirectoryChangesController(database: database, pages: pages).addRoutes(to: signedIn)
        StaffController(database: database, pages: pages).addRoutes(to: signedIn)
        MailController(database: database, pages: pages, settings: settings).addRoutes(to: signedIn)
    }
}
