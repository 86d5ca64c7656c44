"""The whole delivery loop on loopback: Postfix accepts, Dovecot files with Sieve, IMAP shows it.

A private Postfix (mailhost.py, only the ``submission`` listener: STARTTLS + AUTH) hands mail for
``example.test`` to a private Dovecot over LMTP on a unix socket in the temporary folder
(``virtual_transport = lmtp:unix:...``, https://www.postfix.org/lmtp.8.html). Dovecot's LMTP runs
Pigeonhole Sieve (https://doc.dovecot.org/2.3/configuration_manual/sieve/configuration/): a global
``sieve_before`` script files a message whose From or Subject carries ``JUNK_TRIGGER`` into
``Junk`` (special-use ``\\Junk``, RFC 6154), everything else stays in INBOX. The same Dovecot
authenticates Postfix's SASL clients and serves IMAPS with the run's trustme certificate.
"""

from __future__ import annotations

import pwd
import shutil
import subprocess
from pathlib import Path

from tests.realservers import mailhost
from tests.realservers.dovecot_imap import JUNK_TRIGGER, NAMESPACE

SIEVE = f"""\
require ["fileinto", "mailbox"];
# Header tests compare decoded values (RFC 5228 2.7.2): an RFC 2047 display name matches too.
if header :contains ["from", "subject"] "{JUNK_TRIGGER}" {{
  fileinto :create "Junk";
  stop;
}}
"""

DOVECOT = """\
protocols = imap lmtp
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
ssl = required
ssl_cert = <{chain}
ssl_key = <{chain}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
# Postfix offers AUTH only after STARTTLS (smtpd_tls_auth_only); IMAP is TLS from the first byte.
disable_plaintext_auth = no
first_valid_uid = {uid}
mail_location = maildir:~
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={maildirs}/%u
}}
{namespace}
protocol lmtp {{
  mail_plugins = $mail_plugins sieve
}}
plugin {{
  sieve_before = {sieve}
}}
service auth {{
  unix_listener auth-postfix {{
    mode = 0666
  }}
}}
service lmtp {{
  unix_listener lmtp {{
    mode = 0666
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
"""


def missing_requirements() -> str | None:
    """Why the loop cannot run here, or None."""
    reason = mailhost.missing_requirements()
    if reason:
        return reason
    for path, package in (
        ("/usr/lib/dovecot/lmtp", "dovecot-lmtpd"),
        ("/usr/lib/dovecot/modules/lib90_sieve_plugin.so", "dovecot-sieve"),
    ):
        if not Path(path).exists():
            return f"{package} is not installed (scripts/test.sh installs it on Debian/Ubuntu)"
    if shutil.which("sievec") is None:
        return "sievec is missing (comes with dovecot-sieve)"
    return None


def _dovecot_config(root: Path, certs: dict[str, str], imaps_port: int) -> tuple[Path, str]:
    base = root / "dovecot"
    base.mkdir()
    users = base / "users"
    passwords = mailhost.PASSWORDS.items()
    mailhost._write(users, "".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in passwords), 0o640)
    shutil.chown(users, group="dovecot")
    sieve = base / "junk.sieve"
    mailhost._write(sieve, SIEVE)
    nobody = pwd.getpwnam("nobody")
    conf = base / "dovecot.conf"
    mailhost._write(
        conf,
        DOVECOT.format(
            base=base,
            chain=certs["good"],
            uid=nobody.pw_uid,
            gid=nobody.pw_gid,
            users=users,
            maildirs=root / "maildirs",
            sieve=sieve,
            imaps_port=imaps_port,
            namespace=NAMESPACE,
        ),
    )
    # Compiled now, as root, so that a mistake in the script stops the fixture with sievec's words
    # and LMTP (running as nobody) need not write the binary next to it.
    compiled = subprocess.run(["sievec", "-c", str(conf), str(sieve)], capture_output=True, text=True)
    if compiled.returncode != 0:
        raise RuntimeError(f"sievec refused the test script:\n{compiled.stdout}{compiled.stderr}")
    return conf, str(base / "run" / "auth-postfix")


def start(root: Path) -> mailhost.MailHost:
    """Postfix's ``submission`` port and Dovecot's ``imaps`` port are in ``ports``."""
    imaps_port = mailhost._free_ports(1)[0]
    host = mailhost.start(
        root,
        variants=("submission",),
        dovecot_config=lambda root, certs: _dovecot_config(root, certs, imaps_port),
        main_extra=f"virtual_transport = lmtp:unix:{root / 'dovecot' / 'run' / 'lmtp'}",
    )
    host.ports["imaps"] = imaps_port
    try:
        dovecot, log = host.processes[0], root / "dovecot" / "dovecot.log"
        mailhost._wait_for(lambda: mailhost._listening(imaps_port), dovecot, 15, "dovecot imaps", log)
    except BaseException:
        mailhost.stop(host)
        raise
    return host
