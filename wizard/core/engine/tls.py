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
import tempfile

from wizard.core.engine.api import TlsInfo


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
    look for CA files at the build machine's paths and trust nothing).
    """
    if pinned_sha256:
        # The pin replaces CA and name checks; check_pin() runs right after the handshake.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # RFC 8997
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


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
        subject=_name(cert.get("subject")),
        issuer=_name(cert.get("issuer")),
        not_after=not_after,
        sha256=fingerprint(der) if der else "",
    )


# Codes after which the user may look at the certificate and choose to trust that one.
CERT_DECISION_CODES = frozenset({"tls_untrusted", "tls_hostname_mismatch", "tls_expired"})


def peek_certificate(host: str, port: int, starttls: bool, timeout: float) -> TlsInfo | None:
    """Fetch the certificate a server presents, without trusting it, so the user can decide.

    Only the TLS handshake (after EHLO/STARTTLS where needed) happens on this connection;
    no credentials and no mail go over it. Any failure just means there is nothing to show.
    """
    import smtplib
    import socket

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # looked at, never used to send anything
    try:
        if starttls:
            with smtplib.SMTP(host, port, local_hostname="localhost", timeout=timeout) as client:
                client.starttls(context=context)
                return tls_info(client.sock)
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=host) as sock:
                return tls_info(sock)
    except (OSError, smtplib.SMTPException, ssl.SSLError, ValueError):
        return None
