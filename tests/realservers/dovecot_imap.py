"""A private Dovecot 2.3 IMAP server on loopback for delivery-confirmation tests.

Own base_dir, config and Maildir under a temporary folder; one password for any user (a static
passdb: the auth process runs as Dovecot's own user and cannot read private temporary folders); a
``Junk`` folder marked ``\\Junk`` (RFC 6154) beside INBOX; IMAPS and STARTTLS-only IMAP on free high ports
with a trustme certificate. :meth:`DovecotImap.deliver` files a message the way a mail server's
delivery would: into the Maildir's ``new/`` of INBOX, or of Junk when the message trips the
same rule a Sieve ``fileinto "Junk"`` script would (its From or Subject carries ``JUNK_TRIGGER``).
delivery_loop.py runs that rule for real: Postfix delivers over LMTP and Pigeonhole Sieve files it.
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import trustme

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
JUNK_TRIGGER = "[junk-trigger]"

# INBOX and a Junk folder marked \Junk (RFC 6154), made when first used: one mailbox layout for both fixtures.
NAMESPACE = """\
namespace inbox {
  inbox = yes
  separator = /
  mailbox Junk {
    special_use = \\Junk
    auto = create
  }
}"""

CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
instance_name = smtp-wizard-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{base}/cert.pem
ssl_key = <{base}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
default_login_user = {login}
default_internal_user = {user}
default_internal_group = {group}
first_valid_uid = 0
mail_location = maildir:{base}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
{namespace}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def available() -> bool:
    return os.path.exists(DOVECOT)


class DovecotImap:
    def __init__(self, base: Path, ca: trustme.CA, user: str, password: str) -> None:
        self.base, self.user, self.password = base, user, password
        self.port = free_port()  # IMAPS (TLS from the first byte)
        self.starttls_port = free_port()  # plain IMAP that requires STARTTLS before login
        self.host = "127.0.0.1"
        cert = ca.issue_cert("localhost", "127.0.0.1")
        cert.private_key_pem.write_to_path(str(base / "key.pem"))
        cert.cert_chain_pems[0].write_to_path(str(base / "cert.pem"))
        base.chmod(0o755)  # the mail process (not root) must reach the Maildir
        for sub in ("run", "state", "mail", "home"):
            (base / sub).mkdir(exist_ok=True)
        import grp
        import pwd

        # Dovecot refuses root for its login/internal processes and for mail access: as root, use
        # its own users and let "nobody" own the Maildir.
        nobody = pwd.getpwnam("nobody")
        self.mail_owner = (nobody.pw_uid, nobody.pw_gid) if os.getuid() == 0 else (os.getuid(), os.getgid())
        for sub in ("mail", "home"):
            os.chown(base / sub, *self.mail_owner)
        login = "dovenull" if os.getuid() == 0 else pwd.getpwuid(os.getuid()).pw_name
        internal = "dovecot" if os.getuid() == 0 else login
        group = grp.getgrnam(internal).gr_name if os.getuid() == 0 else grp.getgrgid(os.getgid()).gr_name
        self.config = base / "dovecot.conf"
        self.config.write_text(
            CONFIG.format(
                base=base,
                port=self.port,
                starttls_port=self.starttls_port,
                uid=self.mail_owner[0],
                gid=self.mail_owner[1],
                login=login,
                user=internal,
                group=group,
                password=password,
                namespace=NAMESPACE,
            ),
            encoding="utf-8",
        )
        self.maildir = base / "mail" / user

    def start(self) -> DovecotImap:
        # In the foreground (-F) so that stop() ends exactly the process this fixture started.
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not start: {self.log()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def log(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def deliver(self, message: bytes, folder_dir: Path | None = None) -> str:
        """File ``message`` as delivery would; returns the folder ("INBOX" or "Junk").

        ``folder_dir``: file it into that Maildir++ folder instead (e.g. one named in modified UTF-7).
        """
        headers = email.message_from_bytes(message, policy=email.policy.default)
        decoded = f"{headers.get('From', '')} {headers.get('Subject', '')}"  # RFC 2047 words decoded
        folder = "Junk" if JUNK_TRIGGER in decoded else "INBOX"
        root = self.maildir if folder == "INBOX" else self.maildir / ".Junk"
        if folder_dir is not None:
            root, folder = folder_dir, folder_dir.name
        for sub in ("tmp", "new", "cur"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        name = f"{time.time():.6f}.{uuid.uuid4().hex}.localhost"
        (root / "tmp" / name).write_bytes(message)
        for path in (self.maildir, root, *(root / sub for sub in ("tmp", "new", "cur")), root / "tmp" / name):
            os.chown(path, *self.mail_owner)
        os.replace(root / "tmp" / name, root / "new" / name)  # Maildir: tmp/ then new/, atomically
        return folder
