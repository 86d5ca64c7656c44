"""The mail settings model shared by the wizard, the CLI and the exported file.

One model for both ways of sending: the platform's own mail service (only the
sender's display name can be set) and the customer's own SMTP service.
Instances are immutable and always valid: build them with
:func:`wizard.core.validation.validate`, which normalizes raw input first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Final


class Mode(StrEnum):
    PLATFORM = "platform"
    SMTP = "smtp"


class Security(StrEnum):
    SSL = "ssl"  # implicit TLS from the first byte (usually 465)
    STARTTLS = "starttls"  # plain greeting, then a mandatory upgrade (usually 587)
    NONE = "none"  # no encryption at all


# The field names used everywhere: CLI options, exported keys, validation issues, widgets.
FIELDS: Final = (
    "mode",
    "display_name",
    "provider",
    "host",
    "port",
    "security",
    "username",
    "sender",
    "password",
)
SMTP_FIELDS: Final = FIELDS[2:]  # the ones of the own SMTP service (the exported "smtp" object)
SERVER_FIELDS: Final = ("host", "port", "security")  # where the connection goes

# Ports where each security mode is at home; used for the "port does not match" warning.
USUAL_PORTS: Final = {
    Security.SSL: frozenset({465, 994}),
    Security.STARTTLS: frozenset({587, 25, 2525}),
    Security.NONE: frozenset({25, 80, 2525, 587}),
}

CUSTOM_PROVIDER: Final = "custom"


@dataclass(frozen=True)
class Endpoint:
    """A port and the encryption spoken on it: what a preset offers and what the probe tries."""

    port: int
    security: Security

    def __str__(self) -> str:
        return f"{self.port}:{self.security.value}"

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """``"465:ssl"`` -> Endpoint; ValueError when it is not a port 1-65535 and an encryption."""
        port, _, security = text.strip().partition(":")
        number = int(port)
        if not 1 <= number <= 65535:
            raise ValueError(text)
        return cls(number, Security(security.strip().lower()))


@dataclass(frozen=True)
class SmtpSettings:
    provider: str = CUSTOM_PROVIDER
    host: str = ""  # A-label (ASCII) form, what goes on the wire
    port: int = 465
    security: Security = Security.SSL
    username: str = ""
    sender: str = ""  # ASCII form of the address (domain as A-label)
    password: str = field(default="", repr=False)

    @property
    def host_display(self) -> str:
        from wizard.core.addresses import host_to_unicode

        return host_to_unicode(self.host)

    @property
    def sender_display(self) -> str:
        from wizard.core.addresses import address_to_unicode

        return address_to_unicode(self.sender)


@dataclass(frozen=True)
class Verification:
    """Proof that a live test passed: when, to whom, the message's id, and what the test relied
    on besides the settings (a pinned certificate, a CA file, an EHLO name). ``digest`` ties the
    claim to exactly what was tested (wizard.core.tested); a file's claim holds only while its
    settings still hash to it."""

    time: str  # ISO 8601, UTC
    recipient: str
    message_id: str
    digest: str = ""  # "sha256:…" of the tested values, never the password
    pinned_sha256: str | None = None  # the certificate the user trusted by hand, if the test needed one
    ca_file: str | None = None  # the name (not the path) of the CA file the test trusted
    ehlo: str | None = None  # the EHLO name chosen for the test; None: automatic


@dataclass(frozen=True)
class MailSettings:
    mode: Mode = Mode.PLATFORM
    display_name: str = ""
    smtp: SmtpSettings = field(default_factory=SmtpSettings)

    def with_password(self, password: str) -> MailSettings:
        return replace(self, smtp=replace(self.smtp, password=password))

    def without_password(self) -> MailSettings:
        return self.with_password("")
