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


class MailSink:
    def __init__(self, work):
        self.maildir = os.path.join(work, "Maildir")
        port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox",
             self.maildir])
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        msmtprc = os.path.join(work, "msmtprc")
        with open(msmtprc, "w") as f:
            f.write(f"account default\nhost 127.0.0.1\nport {port}\nauth off\ntls off\nfrom alumni-desk@example.com\n")
        os.chmod(msmtprc, 0o600)
        self.sendmail = os.path.join(work, "sendmail")
        with open(self.sendmail, "w") as f:
            f.write(f'#!/bin/sh\nexec msmtp -C "{msmtprc}" "$@"\n')
        os.chmod(self.sendmail, 0o755)

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
