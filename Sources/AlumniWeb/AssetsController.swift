import AlumniResources
import Foundation
import Hummingbird

/// The desk's stylesheet and script, from `Resources/desk/static`: ours, served here, so the
/// desk works on an intranet with no way out.
struct AssetsController<Context: RequestContext>: Sendable {
    let files: [String: (type: String, body: ByteBuffer)]

    init() throws {
        var files: [String: (String, ByteBuffer)] = [:]
        for (fileExtension, type) in [("css", "text/css; charset=utf-8"), ("js", "text/javascript; charset=utf-8")] {
            for (name, data) in try AlumniResources.deskFiles(in: "static", withExtension: fileExtension) {
                files["\(name).\(fileExtension)"] = (type, ByteBuffer(bytes: data))
            }
        }
        self.files = files
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("desk/:file") { _, context in
            guard let name = context.parameters.get("file"), let file = files[name] else {
                throw HTTPError(.notFound)
            }
            return Response(
                status: .ok, headers: [.contentType: file.type, .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: file.body))
        }
    }
}
