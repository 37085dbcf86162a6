"""A real SMTP server on loopback (aiosmtpd, storing a Maildir) behind msmtp, for the mail
end-to-end checks: `start` gives the sendmail program `alumni` is pointed at, `received`
what arrived."""
import email
import email.policy
import mailbox
import os
import socket
import subprocess
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for_port(port, seconds=10):
    """Waits until a server listens on `port` on loopback (at most `seconds`)."""
    for _ in range(seconds * 10):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on port {port}")


def msmtp_sendmail(work, port, sender="alumni-desk@example.com"):
    """A sendmail program in `work` that hands each message to msmtp for the SMTP server on `port`."""
    msmtprc = os.path.join(work, "msmtprc")
    with open(msmtprc, "w") as f:
        f.write(f"account default\nhost 127.0.0.1\nport {port}\nauth off\ntls off\nfrom {sender}\n")
    os.chmod(msmtprc, 0o600)
    sendmail = os.path.join(work, "sendmail")
    with open(sendmail, "w") as f:
        f.write(f'#!/bin/sh\nexec msmtp -C "{msmtprc}" "$@"\n')
    os.chmod(sendmail, 0o755)
    return sendmail


class MailSink:
    def __init__(self, work):
        self.maildir = os.path.join(work, "Maildir")
        port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox",
             self.maildir])
        wait_for_port(port)
        self.sendmail = msmtp_sendmail(work, port)

    def received(self):
        """Every message that arrived: (parsed message, raw bytes)."""
        box = mailbox.Maildir(self.maildir, create=False)
        messages = []
        for key in box.keys():
            with box.get_file(key) as f:
                data = f.read()
            messages.append((email.message_from_bytes(data, policy=email.policy.default), data))
        return messages

    def stop(self):
        self.process.terminate()


class SMTPSink:
    """aiosmtpd on loopback that `alumni`'s own smtp transport talks to directly: a Maildir
    like MailSink's, login required, and with `starttls` a certificate made here with openssl
    that the desk trusts through ALUMNI_SMTP_CA_FILE."""

    USERNAME = "desk"
    PASSWORD = "correct horse battery"

    def __init__(self, work, starttls=False):
        import ssl
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Mailbox
        from aiosmtpd.smtp import AuthResult
        import logging
        import warnings

        # aiosmtpd warns about its own use of a deprecated attribute on every login, and about
        # login without TLS, which the plain mode does on purpose (loopback only); the TLS
        # handshake the desk refuses on purpose would print a server-side traceback.
        warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)

        self.maildir = os.path.join(work, "Maildir")
        self.port = free_port()
        self.starttls = starttls
        self.ca_file = None
        tls_context = None
        if starttls:
            self.ca_file = os.path.join(work, "relay-cert.pem")
            key = os.path.join(work, "relay-key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                            "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                            "-keyout", key, "-out", self.ca_file], check=True, capture_output=True)
            tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_context.load_cert_chain(self.ca_file, key)
        self.logins = []

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == self.USERNAME.encode() and auth_data.password == self.PASSWORD.encode()
            self.logins.append((mechanism, ok, session.ssl is not None))
            return AuthResult(success=ok, handled=False)

        self.controller = Controller(
            Mailbox(self.maildir), hostname="127.0.0.1", port=self.port, authenticator=authenticate,
            auth_required=True, auth_require_tls=starttls, tls_context=tls_context, require_starttls=starttls)
        self.controller.start()

    def environment(self, password_file):
        """The settings that point `alumni` at this relay, the password in a file."""
        with open(password_file, "w") as f:
            f.write(self.PASSWORD + "\n")
        os.chmod(password_file, 0o600)
        settings = dict(ALUMNI_MAIL_TRANSPORT="smtp", ALUMNI_SMTP_HOST="127.0.0.1", ALUMNI_SMTP_PORT=str(self.port),
                        ALUMNI_SMTP_SECURITY="starttls" if self.starttls else "none",
                        ALUMNI_SMTP_USERNAME=self.USERNAME, ALUMNI_SMTP_PASSWORD_FILE=password_file,
                        ALUMNI_SMTP_CONNECTIONS="4")
        if self.ca_file:
            settings["ALUMNI_SMTP_CA_FILE"] = self.ca_file
        return settings

    received = MailSink.received

    def stop(self):
        self.controller.stop()
