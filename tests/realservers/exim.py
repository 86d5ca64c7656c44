"""A private Exim 4 on 127.0.0.1: Debian's exim4 binary with a configuration of its own.

The binary comes from the exim4-daemon-light package, unpacked by scripts/fetch_exim.sh into
``.cache/exim`` and not installed (Debian's packages of Exim and Postfix conflict). Everything
else lives in one temporary folder: the configuration (``exim -C``), spool, logs and Maildirs.
Nothing can leave the machine: the only router delivers to Maildirs of ``example.test``, and any
other address is unrouteable. Certificates come from a trustme CA made for the run. Exim's own
replies come from its ACLs and authenticators, one daemon listening on a port per variant
(``$received_port`` picks the variant's rules):
https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

import trustme

from tests.realservers.mailhost import (
    ALICE,
    DOMAIN,
    PASSWORDS,
    MailHost,
    _free_ports,
    _listening,
    _write,
)

REPOSITORY = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("EXIM_BINARY") or REPOSITORY / ".cache/exim/usr/sbin/exim4")
EXIM_USER = "Debian-exim"  # compiled into Debian's binary; looked up before any configuration

PASSWORD = PASSWORDS[ALICE]  # the same user as on Postfix, so the Postfix tests' helpers serve here too
BLOCKED_SENDER = f"blocked@{DOMAIN}"
BLOCKED_SENDER_TEXT = "Your address is blocked by local policy"
REFUSED_RECIPIENT = f"closed@{DOMAIN}"
REFUSED_RECIPIENT_TEXT = "This mailbox is closed and accepts no mail"
UNKNOWN_SENDER = f"ghost@{DOMAIN}"
AUTH_REFUSED_TEXT = "Encryption is required before authentication"
MISMATCH_TEXT = "Sender address does not match the authenticated user"

# Listeners: "submission" is STARTTLS with AUTH advertised only after it (Exim's
# server_advertise_condition); "auth_in_clear" advertises AUTH before TLS too and refuses it
# there in the AUTH ACL, which answers 503 with the ACL's message; "login_match" refuses a
# sender other than the login in the MAIL ACL; "size_limit" takes messages of 300 bytes at most.
VARIANTS = ("submission", "auth_in_clear", "login_match", "size_limit")


# The same handle as the Postfix fixture's: ports by variant, the CA, Maildirs and the log.
Exim = MailHost


def missing_requirements() -> str | None:
    """Why the Exim tests cannot run here, or None."""
    if os.geteuid() != 0:
        return "Exim needs root to start a private daemon (run the suite as root, as CI does)"
    if not BINARY.is_file():
        return f"no Exim binary at {BINARY} (scripts/fetch_exim.sh unpacks Debian's exim4-daemon-light)"
    try:
        pwd.getpwnam(EXIM_USER)
    except KeyError:
        return f"the system user {EXIM_USER} is missing (scripts/fetch_exim.sh creates it)"
    linked = subprocess.run(["ldd", str(BINARY)], capture_output=True, text=True, timeout=30, check=False)
    missing = [line.split()[0] for line in linked.stdout.splitlines() if "not found" in line]
    if missing:
        return f"Exim's libraries are missing: {', '.join(missing)} (scripts/fetch_exim.sh installs them)"
    return None


def _certificates(root: Path) -> tuple[str, str, str]:
    ca = trustme.CA()
    leaf = ca.issue_cert("localhost", "127.0.0.1", "mail.example.test")
    paths = root / "ca.pem", root / "cert.pem", root / "key.pem"
    ca.cert_pem.write_to_path(str(paths[0]))
    paths[1].write_bytes(b"".join(pem.bytes() for pem in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(paths[2]))
    shutil.chown(paths[2], user=EXIM_USER)  # read by the daemon's children, which run as the Exim user
    paths[2].chmod(0o600)
    return tuple(str(path) for path in paths)  # type: ignore[return-value]


def _config(root: Path, ports: dict[str, int], cert: str, key: str) -> str:
    # Exim's configuration syntax: https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html
    # Deliveries run as the Exim user: a daemon started with -C gives up root for them.
    # Exim expansions are full of braces: built by concatenation, not inside the f-string.
    def on_port(variant: str) -> str:
        return "${if eq{$received_port}{" + str(ports[variant]) + "}}"

    def password_is(user: str, password: str) -> str:
        return "${if and {{eq{" + user + "}{" + ALICE + "}} {eq{" + password + "}{" + PASSWORD + "}}}}"

    advertise_auth = (
        "${if or {{def:tls_in_cipher} {eq{$received_port}{" + str(ports["auth_in_clear"]) + "}}}}"
    )
    size_limit = "${if eq{$received_port}{" + str(ports["size_limit"]) + "}{300}{50M}}"
    return f"""
exim_path = {root / "exim4"}
primary_hostname = mail.{DOMAIN}
spool_directory = {root / "spool"}
log_file_path = {root / "log"}/%slog
pid_file_path = {root / "exim.pid"}
local_interfaces = 127.0.0.1
daemon_smtp_ports = {" : ".join(str(port) for port in ports.values())}
smtp_banner = $primary_hostname ESMTP test server
host_lookup =
rfc1413_hosts =
keep_environment =
tls_certificate = {cert}
tls_privatekey = {key}
tls_advertise_hosts = *
message_size_limit = {size_limit}
domainlist local_domains = {DOMAIN}
acl_smtp_auth = acl_check_auth
acl_smtp_mail = acl_check_mail
acl_smtp_rcpt = acl_check_rcpt

begin acl

acl_check_auth:
  accept  encrypted = *
  deny    message = {AUTH_REFUSED_TEXT}

acl_check_mail:
  deny    message = {BLOCKED_SENDER_TEXT}
          senders = {BLOCKED_SENDER}
  deny    message = {MISMATCH_TEXT}
          condition = {on_port("login_match")}
          authenticated = *
          condition = ${{if !eqi{{$sender_address}}{{$authenticated_id}}}}
  accept

acl_check_rcpt:
  deny    message = {REFUSED_RECIPIENT_TEXT}
          recipients = {REFUSED_RECIPIENT}
  require message = relay not permitted
          domains = +local_domains
  require verify = sender
  require verify = recipient
  accept

begin routers

mailboxes:
  driver = accept
  domains = +local_domains
  local_parts = alice : bob
  transport = maildir

begin transports

maildir:
  driver = appendfile
  directory = {root / "maildirs"}/$local_part_data@$domain_data
  maildir_format
  create_directory
  user = {EXIM_USER}

begin authenticators

plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = {password_is("$auth2", "$auth3")}
  server_set_id = $auth2
  server_advertise_condition = {advertise_auth}

login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = {password_is("$auth1", "$auth2")}
  server_set_id = $auth1
  server_advertise_condition = {advertise_auth}
"""


def start(root: Path) -> Exim:
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    ports = dict(zip(VARIANTS, _free_ports(len(VARIANTS)), strict=True))
    ca, cert, key = _certificates(root)
    # A copy next to the configuration: exim_path must be reachable by the Exim user, which
    # re-executes it for each delivery.
    shutil.copy2(BINARY, root / "exim4")
    for folder in ("spool", "log", "maildirs"):
        (root / folder).mkdir()
        shutil.chown(root / folder, user=EXIM_USER, group=EXIM_USER)
    config = root / "exim.conf"
    _write(config, _config(root, ports, cert, key))
    exim = MailHost(root, ca, ports, root / "maildirs", root / "log" / "mainlog")
    # -bdf: daemon in the foreground; -odf: deliver each message at once, not queued.
    daemon = subprocess.Popen(
        [str(root / "exim4"), "-C", str(config), "-bdf", "-odf"],
        stdout=open(root / "exim.out", "wb"),
        stderr=subprocess.STDOUT,
    )
    exim.processes.append(daemon)
    end = time.monotonic() + 20
    while not all(_listening(port) for port in ports.values()):
        if daemon.poll() is not None or time.monotonic() > end:
            stop(exim)
            output = (root / "exim.out").read_text(errors="replace")
            raise RuntimeError(f"Exim did not come up:\n{output}")
        time.sleep(0.05)
    return exim


def stop(exim: Exim) -> None:
    for process in exim.processes:
        if process.poll() is None:
            process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        if process.poll() is None:
            process.kill()
            process.wait(5)
