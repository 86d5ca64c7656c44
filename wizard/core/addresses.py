"""Normalization of host names and mail addresses typed or pasted by people.

Chinese input methods produce full-width ``＠`` and ``．`` and the ideographic full
stop ``。``; pasted values carry blanks. We fold those where the intent is clear,
parse addresses with email-validator (not a home-made regex), and keep two forms:
the A-label (ASCII) form for the wire and the U-label form for display.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

# Full-width ASCII (U+FF01..U+FF5E) maps onto ASCII by a fixed offset.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x3002: 0x2E, 0xFF61: 0x2E})  # ideographic space, 。, ｡

# Internal domains that on-prem relays deliver to (RFC 6761 .test, RFC 6762 .local, RFC 8375
# home.arpa). email-validator refuses them as not globally deliverable; a private relay is not
# global, so they are addresses here (validation warns when a public provider gets one).
INTRANET_SUFFIXES = ("test", "local", "arpa")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAME_AND_ADDRESS = re.compile(r"<[^<>]*@[^<>]*>")


# The usual address (ASCII letters, digits and _+- in the local part, a host name under a
# letter-only top-level domain) is checked here: a strict subset of what email-validator
# accepts, with the same normal form (tests/core/test_address_fast_path.py holds them to it).
# Everything else, and every error, goes to email-validator, whose import costs ~40 ms.
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})  # RFC 6761 and kin


class InputError(ValueError):
    """A value that cannot be used; ``code`` is a stable issue code."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def fold_fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def has_control_chars(text: str) -> bool:
    return bool(_CONTROL.search(text))


# Bidi overrides/isolates and zero-width characters (Unicode category Cf) make a name or account
# look different from what it is; an RFC 2047 encoded word in a display name is decoded by
# Python's email package on output and can smuggle CR LF into the From header.
_ENCODED_WORD = re.compile(r"=\?.*\?=", re.DOTALL)
# Longest accepted values: RFC 5321 §4.5.3.1 (a path of 256 octets holds an address of 254),
# RFC 1035 host names, and 256 for an account name (no standard; real logins are far shorter).
FIELD_MAX = {"display_name": 64, "username": 256, "sender": 254, "recipient": 254, "host": 253}
_SHOWN_AS_TYPED = ("display_name", "username", "sender", "recipient")


def has_invisible_chars(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cf" for ch in text)


def text_issue(field: str, value: str) -> str | None:
    """The issue code for a value no field may hold, or None: control characters everywhere,
    invisible characters where people read the value, encoded words in the display name, length."""
    if has_control_chars(value):
        return "control_chars"
    if field in _SHOWN_AS_TYPED and has_invisible_chars(value):
        return "invisible_chars"
    if field == "display_name" and _ENCODED_WORD.search(value):
        return "encoded_word"
    if field in ("sender", "recipient") and _ENCODED_WORD.search(value):
        return "address_encoded_word"  # decoded by mail programs into another address
    if len(value) > FIELD_MAX.get(field, len(value)):
        return "display_name_too_long" if field == "display_name" else "too_long"
    return None


def is_ip_address(host: str) -> bool:
    """An IPv4 or IPv6 address, bracketed ("[::1]") or not."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def normalize_host(raw: str) -> str:
    """Return the ASCII (A-label) host for ``raw`` or raise :class:`InputError`."""
    host = fold_fullwidth(raw).strip().lower().rstrip(".")
    if "://" in host or re.match(r"^(smtps?|https?|mailto):", host):
        raise InputError("host_has_scheme")
    if "/" in host or "\\" in host:
        raise InputError("host_has_path")
    if any(ch.isspace() for ch in host):
        raise InputError("host_has_space")
    if "@" in host:
        raise InputError("host_is_address")
    literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(literal))
    except ValueError:
        pass
    if re.fullmatch(r"[^:]+:\d*", host):
        raise InputError("host_has_port")
    import idna  # ~3 ms, paid when a host is checked, not when the wizard starts

    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise InputError("host_invalid") from None
    if len(ascii_host) > 253 or ("." not in ascii_host and ascii_host != "localhost"):
        raise InputError("host_invalid")
    return ascii_host


def normalize_ehlo(raw: str) -> str:
    """An EHLO name given by the user: a fully qualified host name (A-label) or an address
    literal (``[10.0.0.5]``, ``[IPv6:fd00::5]``, RFC 5321 §4.1.3), else :class:`InputError`."""
    text = fold_fullwidth(raw).strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        version = 6 if inner[:5].lower() == "ipv6:" else 4
        try:
            address = ipaddress.ip_address(inner[5:] if version == 6 else inner)
        except ValueError:
            raise InputError("ehlo_invalid") from None
        if address.version != version:
            raise InputError("ehlo_invalid")
        return f"[IPv6:{address}]" if version == 6 else f"[{address}]"
    try:
        host = normalize_host(text)
    except InputError:
        raise InputError("ehlo_invalid") from None
    if "." not in host or host.replace(".", "").isdigit():
        raise InputError("ehlo_invalid")  # a short name is what servers refuse; an IP needs brackets
    return host


def host_to_unicode(host: str) -> str:
    if not host or "xn--" not in host:
        return host
    import idna

    try:
        return idna.decode(host)
    except (idna.IDNAError, UnicodeError):
        return host


def normalize_address(raw: str) -> str:
    """Return the ASCII form of one bare address (domain as A-label) or raise."""
    text = fold_fullwidth(raw).strip()
    if _NAME_AND_ADDRESS.search(text):
        raise InputError("address_with_name")
    if len(text.rpartition("@")[0]) > 64:  # RFC 5321 §4.5.3.1.1; email-validator lets it pass
        raise InputError("address_local_too_long")
    if (plain := plain_address(text)) is not None:
        return plain
    # Imported here: its regexes take ~25 ms to compile, which start-up need not pay.
    from email_validator import EmailNotValidError, validate_email

    try:
        parsed = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        if not is_intranet_domain(domain_of(text)):
            raise InputError(_address_error_code(text)) from None
        return _normalize_intranet(text)
    return parsed.ascii_email or parsed.normalized


def plain_address(text: str) -> str | None:
    """``text`` in email-validator's normal form when it is a plain ASCII address, else None."""
    if not text.isascii():
        return None
    local, _, domain = text.rpartition("@")
    domain = domain.lower()
    if len(text) > 254 or len(domain) > 253 or "--" in domain or domain.rpartition(".")[2] in _SPECIAL_USE:
        return None
    address = f"{local}@{domain}"
    return address if _PLAIN_ADDRESS.fullmatch(address) else None


def is_intranet_domain(domain: str) -> bool:
    labels = domain.lower().rstrip(".").split(".")
    return len(labels) > 1 and labels[-1] in INTRANET_SUFFIXES


def _normalize_intranet(text: str) -> str:
    """Check every other rule on the same address under a stand-in public top-level domain,
    then put the real one back (email-validator has no per-call switch for special-use names)."""
    local, _, domain = text.rpartition("@")
    head, _, suffix = domain.rstrip(".").rpartition(".")
    stand_in = normalize_address(f"{local}@{head}.intranet-example")
    return f"{stand_in.rpartition('.')[0]}.{suffix.lower()}"


def _address_error_code(text: str) -> str:
    """Say which half of the address is wrong by checking each half on its own."""
    if "@" not in text:
        return "address_missing_at"
    if text.count("@") > 1:
        return "address_two_at"
    local, _, domain = text.rpartition("@")
    if not local or not domain:
        return "address_incomplete"
    if not local.isascii():
        return "address_non_ascii_local"
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(f"{local}@example.com", check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return "address_bad_local"
    return "address_bad_domain"


def address_to_unicode(address: str) -> str:
    local, at, domain = address.rpartition("@")
    return f"{local}{at}{host_to_unicode(domain)}" if at else address


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower()


def local_part_of(address: str) -> str:
    return address.rpartition("@")[0]
