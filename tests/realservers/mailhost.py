"""A private Postfix 3.x + Dovecot 2.3 (SASL only) on 127.0.0.1, one listener per server variant.

Everything lives in one temporary folder: Postfix's config_directory (``postfix -c DIR``),
queue_directory, data_directory and ``maillog_file``; Dovecot's base_dir, passwd-file and log.
Nothing can leave the machine: ``default_transport = error``, no relay host, and the only
deliverable addresses are Maildirs of the test domain ``example.test`` (Postfix virtual(8)).
Certificates come from a trustme CA made for the run. Every listener is a master.cf service
with ``-o`` overrides on a port the OS picked, so each variant is one real Postfix behaviour:
https://www.postfix.org/postconf.5.html and https://www.postfix.org/master.5.html.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trustme

DOMAIN = "example.test"
ALICE, BOB, CAROL = f"alice@{DOMAIN}", f"bob@{DOMAIN}", f"carol@{DOMAIN}"
PASSWORDS = {ALICE: "alice-Secret-2026", BOB: "bob-Secret-2026"}
GREYLISTED = f"grey@{DOMAIN}"
BLOCKED_HELO = "blocked.example.test"
IDENTITIES = ("localhost", "127.0.0.1")

# name -> master.cf "-o" overrides of that listener (on top of main.cf below).
_TLS_SUBMISSION = (
    "smtpd_tls_security_level=encrypt",
    "smtpd_sasl_auth_enable=yes",
    "smtpd_tls_auth_only=yes",
)
VARIANTS: dict[str, tuple[str, ...]] = {
    # 587-style: STARTTLS required, AUTH only after it (the usual Debian submission service).
    "submission": _TLS_SUBMISSION,
    # 25-style: STARTTLS offered, not required; AUTH still only after TLS.
    "starttls_may": ("smtpd_tls_security_level=may", "smtpd_sasl_auth_enable=yes", "smtpd_tls_auth_only=yes"),
    # 465-style implicit TLS.
    "smtps": ("smtpd_tls_wrappermode=yes", "smtpd_sasl_auth_enable=yes"),
    "wrong_name": (*_TLS_SUBMISSION, "smtpd_tls_chain_files=$wrong_name_chain"),
    "expired": (*_TLS_SUBMISSION, "smtpd_tls_chain_files=$expired_chain"),
    "tls13_only": (
        *_TLS_SUBMISSION,
        "smtpd_tls_protocols=>=TLSv1.3",
        "smtpd_tls_mandatory_protocols=>=TLSv1.3",
    ),
    "tls10_only": (
        *_TLS_SUBMISSION,
        "smtpd_tls_protocols=$tls10_protocols",
        "smtpd_tls_mandatory_protocols=$tls10_protocols",
        "smtpd_tls_mandatory_ciphers=low",
        "tls_low_cipherlist=$seclevel0_ciphers",
    ),
    "no_auth": ("smtpd_tls_security_level=may", "smtpd_sasl_auth_enable=no"),
    "cleartext_auth": (
        "smtpd_tls_security_level=none",
        "smtpd_sasl_auth_enable=yes",
        "smtpd_tls_auth_only=no",
    ),
    "size_limit": (*_TLS_SUBMISSION, "message_size_limit=300"),
    "greylist": (*_TLS_SUBMISSION, "smtpd_recipient_restrictions=$greylist_restrictions"),
    "client_reject_connect": (
        *_TLS_SUBMISSION,
        "smtpd_delay_reject=no",
        "smtpd_client_restrictions=$blocked_client_restrictions",
    ),
    "client_reject_rcpt": (*_TLS_SUBMISSION, "smtpd_client_restrictions=$blocked_client_restrictions"),
    "fqdn_helo": (
        *_TLS_SUBMISSION,
        "smtpd_helo_required=yes",
        "smtpd_helo_restrictions=$helo_restrictions",
    ),
    "login_mismatch": (
        *_TLS_SUBMISSION,
        "smtpd_sender_login_maps=$sender_logins",
        "smtpd_sender_restrictions=reject_sender_login_mismatch",
    ),
    "spam_filter": (*_TLS_SUBMISSION, "cleanup_service_name=spamcleanup"),
}


@dataclass
class MailHost:
    root: Path
    ca_file: str
    ports: dict[str, int]
    maildirs: Path
    log: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def port(self, variant: str) -> int:
        return self.ports[variant]

    def messages(self, address: str) -> list[bytes]:
        """Every message delivered to ``address`` (its Maildir's new/ folder), oldest first."""
        folder = self.maildirs / address / "new"
        if not folder.is_dir():
            return []
        files = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime_ns)
        return [path.read_bytes() for path in files]

    def wait_for_message(self, address: str, message_id: str, timeout: float = 20.0) -> bytes:
        """The delivered message with this Message-ID, once Postfix has written it."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for message in self.messages(address):
                if message_id.encode() in message:
                    return message
            time.sleep(0.1)
        raise AssertionError(f"{message_id} not delivered to {address} in {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def missing_requirements() -> str | None:
    """Why the real-server tests cannot run here, or None."""
    if os.geteuid() != 0:
        return "Postfix needs root to start a private instance (run the suite as root, as CI does)"
    for program in ("postfix", "dovecot"):
        if shutil.which(program) is None and not Path(f"/usr/sbin/{program}").exists():
            return f"{program} is not installed (scripts/test.sh installs it on Debian/Ubuntu)"
    for user in ("postfix", "dovecot", "dovenull"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            return f"the system user {user} is missing (comes with the Debian package)"
    return None


def _free_ports(count: int) -> list[int]:
    sockets, ports = [], []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
            ports.append(sock.getsockname()[1])
    finally:
        for sock in sockets:
            sock.close()
    return ports


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.write_text(text)
    path.chmod(mode)


def _certificates(root: Path) -> dict[str, str]:
    ca = trustme.CA()
    paths = {"ca": root / "ca.pem"}
    ca.cert_pem.write_to_path(str(paths["ca"]))
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    leaves = {
        "good": ca.issue_cert(*IDENTITIES, "mail.example.test"),
        "wrong_name": ca.issue_cert("other.example", "mail.other.example"),
        "expired": ca.issue_cert(*IDENTITIES, not_before=past - dt.timedelta(days=60), not_after=past),
    }
    for name, leaf in leaves.items():
        # Postfix's smtpd_tls_chain_files: key first, then the certificate chain, in one file.
        path = root / f"{name}.pem"
        pems = [leaf.private_key_pem.bytes(), *(pem.bytes() for pem in leaf.cert_chain_pems)]
        path.write_bytes(b"".join(pems))
        path.chmod(0o600)
        paths[name] = path
    return {name: str(path) for name, path in paths.items()}


def _postfix_config(
    root: Path, ports: dict[str, int], certs: dict[str, str], auth_socket: str, main_extra: str = ""
) -> None:
    conf = root / "postfix"
    conf.mkdir()
    vmail = pwd.getpwnam("nobody")
    main = f"""
compatibility_level = 3.6
config_directory = {conf}
queue_directory = {root / "queue"}
data_directory = {root / "data"}
maillog_file = {root / "maillog"}
maillog_file_prefixes = {root}
daemon_directory = /usr/lib/postfix/sbin
command_directory = /usr/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.{DOMAIN}
mydomain = {DOMAIN}
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.255.255.254/32
relayhost =
default_transport = error:this test server delivers nothing outside {DOMAIN}
relay_transport = error:no relaying
local_transport = error:no local delivery
alias_maps =
alias_database =
smtputf8_enable = no
biff = no
smtpd_banner = $myhostname ESMTP test server
virtual_mailbox_domains = {DOMAIN}
virtual_mailbox_base = {root / "maildirs"}
virtual_mailbox_maps = texthash:{conf / "mailboxes"}
virtual_uid_maps = static:{vmail.pw_uid}
virtual_gid_maps = static:{vmail.pw_gid}
virtual_minimum_uid = 1
smtpd_tls_chain_files = {certs["good"]}
smtpd_tls_loglevel = 1
smtpd_sasl_type = dovecot
smtpd_sasl_path = {auth_socket}
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_client_restrictions =
smtpd_sender_restrictions =
smtpd_helo_restrictions =
wrong_name_chain = {certs["wrong_name"]}
expired_chain = {certs["expired"]}
tls10_protocols = TLSv1
seclevel0_ciphers = ALL:@SECLEVEL=0
helo_restrictions = reject_non_fqdn_helo_hostname, check_helo_access texthash:{conf / "helo_access"}
sender_logins = texthash:{conf / "sender_logins"}
greylist_restrictions = check_recipient_access texthash:{conf / "greylist"}
blocked_client_restrictions = check_client_access texthash:{conf / "blocked_clients"}
{main_extra}
"""
    _write(conf / "main.cf", main)
    services = [
        "pickup    unix  n       -       n       60      1       pickup",
        "cleanup   unix  n       -       n       -       0       cleanup",
        f"spamcleanup unix n -  n  -  0  cleanup -o header_checks=regexp:{conf / 'spam_headers'}",
        "qmgr      unix  n       -       n       300     1       qmgr",
        "tlsmgr    unix  -       -       n       1000?   1       tlsmgr",
        "rewrite   unix  -       -       n       -       -       trivial-rewrite",
        "bounce    unix  -       -       n       -       0       bounce",
        "defer     unix  -       -       n       -       0       bounce",
        "trace     unix  -       -       n       -       0       bounce",
        "verify    unix  -       -       n       -       1       verify",
        "flush     unix  n       -       n       1000?   0       flush",
        "proxymap  unix  -       -       n       -       -       proxymap",
        "smtp      unix  -       -       n       -       -       smtp",
        "relay     unix  -       -       n       -       -       smtp",
        "showq     unix  n       -       n       -       -       showq",
        "error     unix  -       -       n       -       -       error",
        "retry     unix  -       -       n       -       -       error",
        "discard   unix  -       -       n       -       -       discard",
        "virtual   unix  -       n       n       -       -       virtual",
        "lmtp      unix  -       -       n       -       -       lmtp",
        "anvil     unix  -       -       n       -       1       anvil",
        "scache    unix  -       -       n       -       1       scache",
        "postlog   unix-dgram n  -       n       -       1       postlogd",
    ]
    for name in ports:
        options = " ".join(f"-o {item}" for item in VARIANTS[name])
        services.append(
            f"127.0.0.1:{ports[name]} inet n - n - - smtpd -o syslog_name=postfix/{name} {options}"
        )
    _write(conf / "master.cf", "\n".join(services) + "\n")
    _write(conf / "mailboxes", "".join(f"{a} {a}/\n" for a in (ALICE, BOB, CAROL, GREYLISTED)))
    _write(conf / "sender_logins", f"{ALICE} {ALICE}\n{BOB} {BOB}\n")
    _write(conf / "greylist", f"{GREYLISTED} 450 4.7.1 Greylisted, please try again later\n")
    _write(conf / "helo_access", f"{BLOCKED_HELO} REJECT not a name of this client\n")
    _write(conf / "blocked_clients", "127.0.0.1 REJECT Access denied\n")
    _write(
        conf / "spam_headers",
        "/^Auto-Submitted: auto-generated/ REJECT 5.7.1 Message content rejected as spam\n",
    )


def _dovecot_config(root: Path, certs: dict[str, str]) -> tuple[Path, str]:
    base = root / "dovecot"
    base.mkdir()
    run = base / "run"
    users = base / "users"
    # passwd-file: user:{scheme}password:uid:gid::home (https://doc.dovecot.org/2.3/configuration_manual/authentication/passwd_file/)
    _write(users, "".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in PASSWORDS.items()), 0o640)
    shutil.chown(users, group="dovecot")
    socket_path = str(run / "auth-postfix")
    conf = base / "dovecot.conf"
    _write(
        conf,
        f"""
protocols =
base_dir = {run}
state_dir = {base / "state"}
log_path = {base / "dovecot.log"}
ssl = no
auth_mechanisms = plain login
disable_plaintext_auth = no
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={base}/home/%u
}}
service auth {{
  unix_listener auth-postfix {{
    mode = 0666
  }}
}}
""",
    )
    return conf, socket_path


def _wait_for(predicate, process: subprocess.Popen, timeout: float, what: str, log: Path) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end and process.poll() is None:
        if predicate():
            return
        time.sleep(0.05)
    text = log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"
    raise RuntimeError(f"{what} did not come up within {timeout} s:\n{text}")


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


def start(
    root: Path,
    variants: tuple[str, ...] = tuple(VARIANTS),
    dovecot_config: Callable[[Path, dict[str, str]], tuple[Path, str]] = _dovecot_config,
    main_extra: str = "",
) -> MailHost:
    """Postfix with a listener per variant; ``dovecot_config(root, certs)`` writes Dovecot's
    config and returns it with the SASL socket's path; ``main_extra`` is added to main.cf."""
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    ports = dict(zip(variants, _free_ports(len(variants)), strict=True))
    certs = _certificates(root)
    dovecot_conf, auth_socket = dovecot_config(root, certs)
    _postfix_config(root, ports, certs, auth_socket, main_extra)
    maildirs = root / "maildirs"
    maildirs.mkdir()
    shutil.chown(maildirs, user="nobody", group="nogroup")
    (root / "queue").mkdir()
    (root / "data").mkdir()
    shutil.chown(root / "data", user="postfix")
    host = MailHost(root, certs["ca"], ports, maildirs, root / "maillog")
    try:
        _launch(host, dovecot_conf, auth_socket)
    except BaseException:
        stop(host)
        raise
    return host


def _launch(host: MailHost, dovecot_conf: Path, auth_socket: str) -> None:
    root, ports = host.root, host.ports
    dovecot = subprocess.Popen(
        ["dovecot", "-F", "-c", str(dovecot_conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    host.processes.append(dovecot)
    _wait_for(
        lambda: Path(auth_socket).exists(), dovecot, 15, "dovecot auth", root / "dovecot" / "dovecot.log"
    )
    conf = str(root / "postfix")
    env = {**os.environ, "MAIL_CONFIG": conf}
    subprocess.run(["postfix", "-c", conf, "check"], check=False, env=env, capture_output=True)
    postfix = subprocess.Popen(
        ["postfix", "-c", conf, "start-fg"],
        env=env,
        stdout=open(root / "postfix.out", "wb"),
        stderr=subprocess.STDOUT,
    )
    host.processes.append(postfix)
    _wait_for(
        lambda: all(_listening(p) for p in ports.values()), postfix, 30, "postfix", root / "postfix.out"
    )


def stop(host: MailHost) -> None:
    conf = str(host.root / "postfix")
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(["postfix", "-c", conf, "stop"], capture_output=True, timeout=20)
    for process in reversed(host.processes):
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
