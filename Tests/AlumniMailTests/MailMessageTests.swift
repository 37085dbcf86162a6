import AlumniCore
import AlumniMail
import Foundation
import Testing

@Suite struct MailMessageTests {
    private let date = Date(timeIntervalSince1970: 1_795_000_000)

    private func headers(_ data: Data) -> [String: String] {
        let text = String(decoding: data, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        var headers: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(
                in: .whitespaces)
        }
        return headers
    }

    @Test func unicodeNamesAndSubjectsAreEncodedWords() {
        let message = MailMessage(
            from: Mailbox(name: "Alumni Desk", address: "desk@example.com"),
            to: [Mailbox(name: "Åse Ødegård", address: "ase@example.no")],
            subject: "Takk for 12 år – velkommen tilbake",
            text: "Hei Åse,\nlinje to", messageID: "<m1@alumni-desk>", date: date, inReplyTo: "<root@alumni-desk>",
            references: ["<root@alumni-desk>"])
        let rendered = message.render()
        #expect(rendered.allSatisfy { $0 < 0x80 }, "the rendered message is 7-bit")
        let fields = headers(rendered)
        #expect(fields["To"] == "=?UTF-8?B?\(Data("Åse Ødegård".utf8).base64EncodedString())?= <ase@example.no>")
        #expect(fields["Subject"]?.hasPrefix("=?UTF-8?B?") == true)
        #expect(fields["From"] == "\"Alumni Desk\" <desk@example.com>")
        #expect(fields["Message-ID"] == "<m1@alumni-desk>")
        #expect(fields["In-Reply-To"] == "<root@alumni-desk>")
        #expect(fields["Date"] == "Wed, 18 Nov 2026 11:06:40 +0000")
        #expect(fields["Content-Type"] == "text/plain; charset=utf-8")
        let body = String(decoding: rendered, as: UTF8.self).components(separatedBy: "\r\n\r\n")[1]
        #expect(body == "Hei =C3=85se,\r\nlinje to\r\n")
    }

    @Test func quotedPrintableKeepsLinesShort() {
        let message = MailMessage(
            from: Mailbox(address: "a@example.com"), to: [Mailbox(address: "b@example.com")], subject: "Long",
            text: String(repeating: "æøå ", count: 40), messageID: "<m2@x>", date: date)
        let lines = String(decoding: message.render(), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
    }

    @Test func htmlMakesItMultipartAlternative() {
        let message = MailMessage(
            from: Mailbox(address: "a@example.com"), to: [Mailbox(address: "b@example.com")], subject: "News",
            text: "plain", html: "<p>rich</p>", messageID: "<m3@x>", date: date)
        let text = String(decoding: message.render(), as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/alternative; boundary="))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8"))
        #expect(message.render() == message.render())
    }

    @Test func webhookSignaturesAreHMACSHA256OverTimestampAndBody() {
        // Reference value from Python: hmac.new(b"s3cret", b"1700000000.{}", hashlib.sha256).hexdigest()
        let signature = WebhookTransport.signature(body: Data("{}".utf8), timestamp: "1700000000", secret: "s3cret")
        #expect(signature == "sha256=" + Self.pythonReference)
    }

    static let pythonReference = "97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf"
}
