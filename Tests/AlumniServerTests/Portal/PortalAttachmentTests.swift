import AlumniCore
import AlumniServer
@_spi(RawDatabase) import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Portal: files attached to questions and replies")
struct PortalAttachmentTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
    static let executable = Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0])

    @Test(
        "A file asked with is stored with the question, listed in the person's thread and on the desk, downloadable by both"
    )
    func attachAndRead() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.signedInToPortal { browser in
            let asked = try await browser.postFiles(
                "/my/questions", ["topic": "pension", "question": "My statement from 2004"],
                files: [("statement.pdf", Self.pdf)], tokenFrom: "/my/questions/new")
            #expect(asked.headers[.location] == "/my/questions/4?asked")
            let page = try await browser.get("/my/questions/4")
            #expect(page.text.contains(">statement.pdf</a> <span class=\"muted\">1 kB</span>"))
            let download = try await browser.get("/my/attachments/1")
            #expect(Data(buffer: download.body) == Self.pdf)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
        }
        try await server.test { client in
            var desk = DeskBrowser(client)
            try await desk.signIn("hr")
            #expect(try await desk.get("/inquiries/4").text.contains("href=\"/inquiries/attachments/1\""))
            #expect(Data(buffer: try await desk.get("/inquiries/attachments/1").body) == Self.pdf)
        }
        let reads = try server.database.auditEvents(personId: 1, as: "test").items.filter {
            $0.action == "inquiry.attachment.read"
        }
        #expect(Set(reads.map(\.actor)) == ["person #1 (portal)", "hr"])
    }

    @Test("Files are judged by their content: a PDF named .png is taken as a PDF, a program named .pdf is refused")
    func contentNotName() async throws {
        let server = try TestServer()
        try await server.signedInToPortal { browser in
            let refused = try await browser.postFiles(
                "/my/questions/2/reply", ["message": "Here"], files: [("payslip.pdf", Self.executable)],
                tokenFrom: "/my/questions/2")
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("&#39;payslip.pdf&#39; is not a PDF, JPEG or PNG file"))
            #expect(try server.database.thread(ofInquiry: 2, as: "test").count == 1)
            let taken = try await browser.postFiles(
                "/my/questions/2/reply", ["message": "Here"], files: [("scan.png", Self.pdf), ("photo.png", Self.png)],
                tokenFrom: "/my/questions/2")
            #expect(taken.status == .seeOther)
        }
        let files = try #require(try server.database.inquiryAttachments(inquiryId: 2, as: "test").values.first)
        #expect(files.map(\.contentType) == ["application/pdf", "image/png"])
    }

    @Test("At most five files of at most 10 MB each")
    func limits() async throws {
        let server = try TestServer()
        let large = Self.pdf + Data(count: UploadedFile.maxBytes)
        try await server.signedInToPortal { browser in
            let tooLarge = try await browser.postFiles(
                "/my/questions", ["topic": "other", "question": "Big"], files: [("big.pdf", large)],
                tokenFrom: "/my/questions/new")
            #expect(tooLarge.status == .badRequest)
            #expect(tooLarge.text.contains("&#39;big.pdf&#39; is larger than 10 MB"))
            let six = (1...6).map { ("page\($0).pdf", Self.pdf) }
            let tooMany = try await browser.postFiles(
                "/my/questions", ["topic": "other", "question": "Many"], files: six, tokenFrom: "/my/questions/new")
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.text.contains("at most 5 files, not 6"))
        }
        #expect(throws: StoreError.self) { try server.database.inquiry(id: 4, as: "test") }
    }

    @Test("Another person's file is not found")
    func othersFiles() async throws {
        let server = try TestServer()
        let other = try server.addCustomer("Bo", email: "bo@example.se", reference: "C1")
        _ = try server.database.askInPortal(
            personId: other.id, topic: .other, text: "Mine", files: [UploadedFile(filename: "bo.pdf", data: Self.pdf)])
        try await server.signedInToPortal { browser in
            let response = try await browser.get("/my/attachments/1")
            #expect(response.status == .notFound)
        }
    }

    @Test("Files are in the person's data export and go with the erasure")
    func exportAndErasure() async throws {
        let server = try TestServer()
        _ = try server.database.askInPortal(
            personId: 1, topic: .pension, text: "Slips", files: [UploadedFile(filename: "slip.pdf", data: Self.pdf)])
        let export = try server.database.dataExport(personId: 1, as: "test")
        #expect(export.attachments.map(\.content) == [Self.pdf])
        _ = try server.database.erasePerson(id: 1, actor: "test")
        let left = try await server.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inquiry_attachment") ?? -1
        }
        #expect(left == 0)
    }
}
