import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Portal: asking, following and replying")
struct PortalQuestionsTests {

    @Test("Asking opens an inquiry of the topic's type through the portal, acknowledged by e-mail, and says by when")
    func ask() async throws {
        let server = try TestServer(mail: true)
        try await server.signedInToPortal { browser in
            let form = try await browser.get("/my/questions/new?topic=pension")
            #expect(form.text.contains("value=\"pension\" required checked"))
            let asked = try await browser.post(
                "/my/questions", ["topic": "pension", "question": "Where did my ITP go after 2019?"],
                tokenFrom: "/my/questions/new")
            #expect(asked.status == .seeOther)
            #expect(asked.headers[.location] == "/my/questions/4?asked")
            let page = try await browser.get("/my/questions/4?asked")
            // Received Wednesday 18 November; pension answers take a calendar month.
            #expect(page.text.contains("you will have an answer by 18 December 2026"))
            #expect(page.text.contains("Where did my ITP go after 2019?"))
            #expect(page.text.contains("We are working on it"))
        }
        let inquiry = try server.database.inquiry(id: 4, as: "test")
        #expect(inquiry.type == .pension)
        #expect(inquiry.channel == .portal)
        #expect(inquiry.personId == 1)
        #expect(inquiry.timeline.receivedAt == TestServer.now)
        let acknowledgement = try server.database.outboxMessages(status: nil, limit: 20).items
            .filter { $0.dedupeKey.hasPrefix("inquiry:4:received") }
        #expect(acknowledgement.count == 1)
    }

    @Test("A question without a topic or without words is sent back with the form, and nothing is opened")
    func askIncomplete() async throws {
        let server = try TestServer()
        try await server.signedInToPortal { browser in
            let noTopic = try await browser.post(
                "/my/questions", ["question": "Hello"], tokenFrom: "/my/questions/new")
            #expect(noTopic.status == .badRequest)
            #expect(noTopic.text.contains("Please choose what your question is about."))
            #expect(noTopic.text.contains(">Hello</textarea>"))
            let noWords = try await browser.post(
                "/my/questions", ["topic": "other", "question": "  "], tokenFrom: "/my/questions/new")
            #expect(noWords.status == .badRequest)
            #expect(noWords.text.contains("Please write your question."))
            let forged = try await browser.post(
                "/my/questions", ["topic": "other", "question": "Hi", "csrf": "nope"], tokenFrom: nil)
            #expect(forged.status == .forbidden)
        }
        #expect(throws: StoreError.self) { try server.database.inquiry(id: 4, as: "test") }
    }

    @Test("The list and a thread show the person's words and ours, with the handler's first name, never staff notes")
    func thread() async throws {
        let server = try TestServer()
        _ = try server.database.assign(inquiry: 2, to: "anna.berg", actor: "setup")
        _ = try server.database.addNote(toInquiry: 2, body: "Internal: check the 2019 merger", actor: "setup")
        _ = try server.database.reply(toInquiry: 2, body: "We have found your papers.", actor: "setup")
        try await server.signedInToPortal { browser in
            let list = try await browser.get("/my/questions")
            #expect(list.text.contains("href=\"/my/questions/2\""))
            #expect(list.text.contains("Anna is handling it"))
            #expect(list.text.contains("Answered"))
            let page = try await browser.get("/my/questions/2")
            #expect(page.text.contains("We have found your papers."))
            #expect(page.text.contains("Hello"))
            #expect(!page.text.contains("Internal: check the 2019 merger"))
            #expect(!page.text.contains("anna.berg"))
        }
    }

    @Test("A reply is recorded as the person's message: it clears silence and restarts a stopped clock")
    func reply() async throws {
        let server = try TestServer()
        _ = try server.database.askRequester(inquiry: 2, body: "Which years?", actor: "setup")
        server.clock.advance(2 * 86_400)
        try await server.signedInToPortal { browser in
            #expect(try await browser.get("/my/questions/2").text.contains("We are waiting for your answer"))
            let sent = try await browser.post(
                "/my/questions/2/reply", ["message": "1999 to 2004"], tokenFrom: "/my/questions/2")
            #expect(sent.headers[.location] == "/my/questions/2?sent#latest")
            #expect(try await browser.get("/my/questions/2").text.contains("We are working on it"))
        }
        let inquiry = try server.database.inquiry(id: 2, as: "test")
        #expect(inquiry.status == .open)
        #expect(inquiry.timeline.awaitingReplySince == server.clock.now())
        let last = try #require(try server.database.thread(ofInquiry: 2, as: "test").last)
        #expect(last.kind == .inbound)
        #expect(last.body == "1999 to 2004")
    }

    @Test("Writing on a closed question reopens it within the reopen window; later it opens a new one that follows it")
    func reopenWindow() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.signedInToPortal { browser in
            let reopened = try await browser.post(
                "/my/questions/3/reply", ["message": "One more thing"], tokenFrom: "/my/questions/3")
            #expect(reopened.headers[.location] == "/my/questions/3?sent#latest")
        }
        #expect(try server.database.inquiry(id: 3, as: "test").status == .open)
        _ = try server.database.close(inquiry: 3, resolution: "Done again", actor: "setup")
        server.clock.advance(31 * 86_400)
        try await server.signedInToPortal { browser in
            let followed = try await browser.post(
                "/my/questions/3/reply", ["message": "It happened again"], tokenFrom: "/my/questions/3")
            #expect(followed.headers[.location] == "/my/questions/4?sent#latest")
            let page = try await browser.get("/my/questions/4")
            #expect(page.text.contains("follows your question #3"))
        }
        try await server.test { client in
            var desk = DeskBrowser(client)
            try await desk.signIn("hr")
            #expect(try await desk.get("/inquiries/4").text.contains("<a href=\"/inquiries/3\">#INQ-3</a>"))
            #expect(!(try await desk.get("/inquiries/3").text.contains("Follows up")))
        }
        #expect(try server.database.inquiry(id: 3, as: "test").status == .closed)
        let followUp = try server.database.inquiry(id: 4, as: "test")
        #expect(followUp.type == .general)
        #expect(followUp.channel == .portal)
    }

    @Test("Another person's question is not found, to read or to write on, and nothing of it changes")
    func otherPeoplesQuestions() async throws {
        let server = try TestServer()
        let other = try server.addCustomer("Bo", email: "bo@example.se", reference: "C1")
        let theirs = try server.database.openInquiry(
            NewInquiry(personId: other.id, type: .general, subject: "Bo's secret", body: "Private"), actor: "setup")
        try await server.signedInToPortal { browser in
            let read = try await browser.get("/my/questions/\(theirs.id)")
            #expect(read.status == .notFound)
            #expect(!read.text.contains("Bo's secret"))
            let write = try await browser.post(
                "/my/questions/\(theirs.id)/reply", ["message": "Hi"], tokenFrom: "/my/questions")
            #expect(write.status == .notFound)
            #expect(try await browser.get("/my/questions/999").status == .notFound)
            #expect(!(try await browser.get("/my/questions").text.contains("Bo's secret")))
        }
        #expect(try server.database.thread(ofInquiry: theirs.id, as: "test").count == 1)
    }
}
