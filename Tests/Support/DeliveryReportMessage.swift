/// A delivery status notification (RFC 3464) as a mail server sends it back, for tests of
/// bounces: `recipient` failed (or was delayed) with `status`, about the message with
/// `original` as its Message-ID when given.
public func deliveryReportMessage(
    to recipient: String, status: String, action: String = "failed", diagnostic: String? = nil,
    original: String? = nil
) -> String {
    var text = """
        From: MAILER-DAEMON@mx.example.net
        Subject: Undelivered Mail Returned to Sender
        Content-Type: multipart/report; report-type=delivery-status; boundary="d"

        --d
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net

        Final-Recipient: rfc822; \(recipient)
        Action: \(action)
        Status: \(status)

        """
    if let diagnostic { text += "Diagnostic-Code: smtp; \(diagnostic)\n" }
    if let original { text += "\n--d\nContent-Type: text/rfc822-headers\n\nMessage-ID: \(original)\n" }
    return text + "\n--d--\n"
}
