"""TLS contexts and certificate facts.

smtplib's default context verifies nothing (https://docs.python.org/3/library/smtplib.html,
SMTP.starttls and SMTP_SSL without a context), so every connection gets a
fresh ``ssl.create_default_context()``. The only exception is an explicit certificate pin:
then the handshake runs without CA checks and the DER certificate's SHA-256 must equal the
pin, otherwise the session is dropped before a single SMTP command is sent over it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import ssl
import sys
import tempfile

from wizard.core.engine.api import TlsInfo
from wizard.core.engine.bounds import cap


class PinMismatch(ssl.SSLError):
    """The server's certificate is not the one the user chose to trust."""


def normalize_fingerprint(value: str) -> str | None:
    """``AB:CD:..`` / ``abcd..`` / ``sha256:..`` -> colon-separated upper-case hex, or None."""
    text = value.strip().lower().removeprefix("sha256:").removeprefix("sha256/")
    digits = re.sub(r"[\s:]", "", text)
    if not re.fullmatch(r"[0-9a-f]{64}", digits):
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 64, 2)).upper()


def fingerprint(der: bytes) -> str:
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def client_context(ca_file: str | None = None, pinned_sha256: str | None = None) -> ssl.SSLContext:
    """A verifying context backed by the operating system's trust store.

    truststore asks Windows/macOS to verify, and finds the system CA bundle on Linux, so a
    frozen build verifies exactly like the source version (a bundled OpenSSL would otherwise
    look for CA files at the build machine's paths and trust nothing). On Linux a hashed CA
    directory, where there is one, takes the bundle's place (``hashed_system_directory``).
    """
    if pinned_sha256:
        # The pin replaces CA and name checks; check_pin() runs right after the handshake.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif (directory := hashed_system_directory()) is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(capath=directory)
    else:
        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # RFC 8997
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


_HASHED_NAME = re.compile(r"[0-9a-fA-F]{8}\.[0-9]+")


def hashed_system_directory() -> str | None:
    """Linux's CA directory of hashed names (Debian's /etc/ssl/certs), when it is the whole store.

    OpenSSL reads a CA *file* whole on every load, but looks up a certificate in a hashed
    *directory* only when a chain needs it
    (https://docs.openssl.org/3.0/man3/SSL_CTX_load_verify_locations/). truststore loads the
    system file for every connection on Linux, ~40 ms each; the directory costs under 1 ms and
    verifies the same chains. Where the user named a file (SSL_CERT_FILE), where the directory
    has no hashed names (Fedora/RHEL ship only the bundle file), or on Windows and macOS (the
    operating system verifies), truststore decides as before.
    """
    if not sys.platform.startswith("linux"):
        return None
    paths = ssl.get_default_verify_paths()
    if paths.openssl_cafile_env in os.environ or not paths.capath:
        return None
    try:
        with os.scandir(paths.capath) as entries:
            hashed = any(_HASHED_NAME.fullmatch(entry.name) for entry in entries)
    except OSError:
        return None
    return paths.capath if hashed else None


def ca_file_problem(path: str) -> str | None:
    """Why ``path`` cannot serve as ``--ca-file`` (an issue code), or None when it can.

    OpenSSL's own errors here ("no start line", "line break") say nothing to an installer; the
    usual mistakes are the server's own certificate instead of its CA, or a file in DER form.
    """
    from wizard.core.files import FileRefused, read_limited

    try:
        data = read_limited(path)
    except FileRefused as refused:
        return refused.code
    except OSError:
        return "ca_file_missing"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_verify_locations(cadata=data.decode("ascii"))
    except (UnicodeDecodeError, ssl.SSLError, ValueError):
        return "ca_file_not_pem"
    if not context.cert_store_stats().get("x509_ca"):
        return "ca_file_not_ca"
    return None


def check_pin(sock: ssl.SSLSocket, pinned_sha256: str | None) -> None:
    if not pinned_sha256:
        return
    der = sock.getpeercert(binary_form=True) or b""
    expected = normalize_fingerprint(pinned_sha256)
    if fingerprint(der) != expected:
        raise PinMismatch(f"certificate fingerprint {fingerprint(der)} does not match the pinned {expected}")


def _name(rdns) -> str:
    return ", ".join(f"{key}={value}" for rdn in rdns or () for key, value in rdn)


def _decoded(sock: ssl.SSLSocket, der: bytes) -> dict:
    """The certificate as a dict; with a pin (CERT_NONE) getpeercert() is empty, so decode the DER."""
    info = sock.getpeercert() or {}
    if info or not der:
        return info
    fd, path = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(fd, "w") as stream:
            stream.write(ssl.DER_cert_to_PEM_cert(der))
        return ssl._ssl._test_decode_cert(path)  # stdlib's own decoder; no extra dependency
    except (AttributeError, ssl.SSLError, OSError):
        return {}
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def tls_info(sock: ssl.SSLSocket) -> TlsInfo:
    der = sock.getpeercert(binary_form=True) or b""
    cert = _decoded(sock, der)
    not_after = ""
    if cert.get("notAfter"):
        stamp = ssl.cert_time_to_seconds(cert["notAfter"])
        not_after = dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat().replace("+00:00", "Z")
    cipher = sock.cipher()
    return TlsInfo(
        version=sock.version() or "",
        cipher=cipher[0] if cipher else "",
        subject=cap(_name(cert.get("subject")), 500),
        issuer=cap(_name(cert.get("issuer")), 500),
        not_after=not_after,
        sha256=fingerprint(der) if der else "",
        names=tuple(value for kind, value in cert.get("subjectAltName", ()) if kind in ("DNS", "IP Address")),
    )


# Codes after which the user may look at the certificate and choose to trust that one.
CERT_DECISION_CODES = frozenset({"tls_untrusted", "tls_hostname_mismatch", "tls_expired"})


def peek_context() -> ssl.SSLContext:
    """For looking at a certificate the user may choose to trust; never used to send anything."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
