import AlumniCore
import Crypto
import Foundation
import NIOCore

/// Writes each message as `<id>.eml` in a folder (development and tests). The file appears
/// whole or not at all: it is written under a temporary name and renamed into place; only its
/// owner may read it (0600), and it is deleted when the person it is about is erased.
public struct FileTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func send(_ message: OutboxMessage) async throws {
        let final = directory.path + "/\(message.id).eml"
        let partial = directory.path + "/.\(message.id).eml.partial"
        if !write(message.mime, to: partial) {
            // The folder is made on first use rather than checked for every message.
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard write(message.mime, to: partial) else {
                throw TransportError("cannot write \(partial): errno \(errno)")
            }
        }
        guard rename(partial, final) == 0 else {
            throw TransportError("cannot move \(partial) into place: errno \(errno)")
        }
    }

    public func forget(messages ids: [Int64]) throws {
        for id in ids {
            let path = directory.path + "/\(id).eml"
            guard unlink(path) == 0 || errno == ENOENT else {
                throw TransportError("cannot delete \(path): errno \(errno)")
            }
        }
    }

    /// Writes `data` to a new file with plain system calls: Foundation's `Data.write` also
    /// syncs and stats, which made it most of the cost of a campaign's delivery.
    private func write(_ data: Data, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}

/// Pipes the message to a sendmail-compatible program (msmtp, postfix, exim):
/// `PATH -t -i -f RETURN-PATH`, so TLS, authentication and relaying stay with a real mail
/// transfer agent and bounces come back to the message's return path.
public struct SendmailTransport: MailTransport {
    public let path: String
    public let returnPath: ReturnPath

    public init(path: String, returnPath: ReturnPath) {
        self.path = path
        self.returnPath = returnPath
    }

    public func send(_ message: OutboxMessage) async throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TransportError("sendmail program \(path) is missing or not executable")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-t", "-i", "-f", returnPath.address(for: message.id)]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: message.mime)
        try input.fileHandleForWriting.close()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw TransportError("\(path) exited with \(process.terminationStatus): \(reason.prefix(300))")
        }
    }
}

/// POSTs the message's JSON payload with `X-Alumni-Timestamp` and
/// `X-Alumni-Signature: sha256=HEX`, an HMAC-SHA256 over `timestamp.body` with the shared
/// secret. Any 2xx is success.
public struct WebhookTransport: MailTransport {
    public let url: URL
    public let secret: String
    /// How long a delivery may take, connecting included.
    public let timeout: TimeAmount

    /// The headers a receiver checks the signature with.
    public static let timestampHeader = "X-Alumni-Timestamp"
    public static let signatureHeader = "X-Alumni-Signature"
    public static let messageIDHeader = "X-Alumni-Message-Id"

    public init(url: URL, secret: String, timeout: TimeAmount = .seconds(15)) {
        self.url = url
        self.secret = secret
        self.timeout = timeout
    }

    /// The signature header value for `body` sent at `timestamp`.
    public static func signature(body: Data, timestamp: String, secret: String) -> String {
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    public func send(_ message: OutboxMessage) async throws {
        let body = Data(message.payload.utf8)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let status = try await HTTPPost.send(
            body, to: url,
            headers: [
                ("Content-Type", "application/json"), (Self.timestampHeader, timestamp),
                (Self.signatureHeader, Self.signature(body: body, timestamp: timestamp, secret: secret)),
                (Self.messageIDHeader, message.messageID),
            ], timeout: timeout)
        guard (200..<300).contains(status) else { throw TransportError("webhook answered \(status)") }
    }
}
