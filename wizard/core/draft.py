"""The configuration being edited, and every rule that changes it.

The wizard's pages and the CLI commands only call this: choosing a provider applies its
preset (once, here), the login follows the sender unless the user typed another one or the
provider says otherwise, a pasted code loses its spaces (with a notice), a file can be opened,
and the verification stamp says whether the last live test passed with exactly the current
settings, secret and recipient. Qt-free, so the CLI shares it.

The stamp keeps a keyed hash of the secret (HMAC with a key made for this process), never
the secret itself, to notice a changed password without storing it twice.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from wizard.core.addresses import InputError, fold_fullwidth, normalize_address
from wizard.core.catalog import Catalog, Provider, load_catalog
from wizard.core.settings import FIELDS, MailSettings, Mode, Verification
from wizard.core.validation import Issue, Severity, Validation, validate

if TYPE_CHECKING:  # the engine is imported where a test is prepared: the wizard starts without it
    from wizard.core.engine.api import TestRequest, TestResult

_SECRET_KEY: Final = os.urandom(32)  # lives and dies with this process
_PASTE_BREAKS: Final = str.maketrans("", "", "\r\n\t")


def clean_secret(value: str, provider: Provider) -> str:
    """A pasted code as the provider issued it: codes and API keys never contain blanks, so
    spaces and line breaks from copying go; any other password is taken exactly as typed."""
    if not provider.secret.strip_spaces:
        return value
    return "".join(value.translate(_PASTE_BREAKS).split())


def _secret_digest(secret: str) -> bytes:
    import hashlib  # with hmac ~6 ms, paid when a test is stamped, not when the wizard starts
    import hmac

    return hmac.new(_SECRET_KEY, secret.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()


def _as_port(value: Any) -> int | None:
    """A port as typed (an int, or text from the command line); None when there is none yet,
    -1 for text that is no port (kept as typed, so validation names it)."""
    text = str(value).strip()
    if text in ("", "0"):
        return None
    return int(text) if text.isdigit() else -1


@dataclass(frozen=True)
class _Tested:
    """Exactly what a test ran with: the settings (no password), the secret's hash, the recipient
    and the test options the outcome depends on (EHLO name, pinned certificate, CA file name)."""

    settings: MailSettings
    secret: bytes
    recipient: str
    ehlo: str | None = None
    pinned_sha256: str | None = None
    ca_file: str | None = None  # the name only: what the digest and the export carry

    @classmethod
    def of(
        cls,
        settings: MailSettings,
        recipient: str,
        *,
        ehlo: str | None = None,
        pinned_sha256: str | None = None,
        ca_file: str | None = None,
    ) -> _Tested:
        from wizard.core.tested import ca_name

        secret = _secret_digest(settings.smtp.password)
        return cls(settings.without_password(), secret, recipient, ehlo, pinned_sha256, ca_name(ca_file))

    @property
    def digest(self) -> str:
        from wizard.core.tested import digest_of_test

        return digest_of_test(
            self.settings,
            self.recipient,
            ehlo=self.ehlo,
            pinned_sha256=self.pinned_sha256,
            ca_file=self.ca_file,
        )

    def claim(self, verification: Verification) -> Verification:
        """The verification with what this test relied on, as the export writes it."""
        return replace(
            verification,
            recipient=self.recipient,
            digest=self.digest,
            pinned_sha256=self.pinned_sha256,
            ca_file=self.ca_file,
            ehlo=self.ehlo,
        )

    def same_login(self, other: _Tested) -> bool:
        return (self.settings, self.secret, self.ehlo, self.pinned_sha256, self.ca_file) == (
            other.settings,
            other.secret,
            other.ehlo,
            other.pinned_sha256,
            other.ca_file,
        )


@dataclass(frozen=True)
class Stamp:
    verification: Verification
    imported: bool  # True: it came with an opened file ("verified on <date> by another run")


class Draft:
    """Raw field values (as typed) plus the state that goes with them."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or load_catalog()
        self._values: dict[str, Any] = {}
        self._login_typed = False  # the user typed a login of their own: it no longer follows
        self._cleanup_notice = False
        self._recipient = ""  # the test mail's recipient; empty: the sender
        self._stamp: tuple[_Tested, Stamp] | None = None
        self._unverified_ok: _Tested | None = None
        self.pinned_sha256: str | None = None  # a certificate the user chose to trust
        self.ca_file: str | None = None  # a CA file (PEM) the tests trust besides the system's
        self.ehlo: str | None = None  # the EHLO name for tests (normalized); None: automatic
        self.claim_dropped = False  # the opened file's verification did not match its settings
        self._claimed_trust: tuple[str | None, str | None] | None = None  # an opened claim's (pin, CA name)
        self._template_host = ""  # the host a template preset (mail.{domain}) last filled in

    # -- reading ---------------------------------------------------------------------------------
    def get(self, name: str, default: Any = "") -> Any:
        value = self._values.get(name)
        return default if value is None else value

    @property
    def values(self) -> dict[str, Any]:
        return dict(self._values)

    @property
    def provider(self) -> Provider:
        return self.catalog.find(str(self.get("provider"))) or self.catalog.custom

    @property
    def recipient(self) -> str:
        return self._recipient or str(self.get("sender"))

    def validation(self, *, require_password: bool = False) -> Validation:
        checked = validate(self._values, catalog=self.catalog, require_password=require_password)
        notices = []
        if self._cleanup_notice:
            notices.append(Issue("password_whitespace_removed", "password", Severity.NOTICE))
        if self.claim_dropped:  # said wherever the opened file's settings are shown or used
            notices.append(Issue("verification_mismatch", "file", Severity.WARNING))
        return Validation(checked.settings, (*checked.issues, *notices)) if notices else checked

    @property
    def settings(self) -> MailSettings | None:
        return self.validation().settings

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values to scrub from anything shown or copied (crash reports, transcripts)."""
        password = str(self.get("password"))
        return (password,) if len(password) >= 3 else ()

    # -- changing --------------------------------------------------------------------------------
    def choose_provider(self, provider: Provider | str) -> None:
        """Apply a preset: server, port, encryption and the login rule; what the user typed stays."""
        if isinstance(provider, str):
            found = self.catalog.find(provider.strip().lower())
            if found is None:  # kept as typed, so validation names the unknown provider
                self._values["provider"] = provider
                return
            provider = found
        self._values["provider"] = provider.id
        if provider.is_template:  # a preset replaces the server: start from the sender's domain
            self._values["host"] = self._template_host = ""
            self._follow_template()
        elif provider.host:
            self._values["host"] = provider.host
        if provider.endpoints:
            self._values["port"] = provider.default_endpoint.port
            self._values["security"] = provider.default_endpoint.security.value
        self._login_typed = False
        self._values["username"] = self._expected_login() or ""
        self.pinned_sha256 = self._claimed_trust = None

    def set(self, name: str, value: Any) -> Any:
        """Change one field; returns the value as stored (a pasted code may have been cleaned)."""
        if name not in FIELDS:
            raise KeyError(name)
        if name == "provider":
            self.choose_provider(str(value))
            return self.get("provider")
        if name == "password":
            value = self._clean_password(str(value))
        left = str(self.get("security"))  # the encryption before this change
        self._values[name] = value
        if name == "sender" and self.provider.is_template:
            self._follow_template()
        if name == "sender" and not self._login_typed:
            self._follow_sender()
        elif name == "username":
            self._login_typed = bool(str(value).strip()) and value != self._expected_login()
        elif name == "security":
            self._port_for_security(left, str(value))
        return value

    def tidy(self, name: str) -> str:
        """When the user leaves a field: full-width ＠ ． and digits, and surrounding blanks, are
        replaced by what validation reads anyway, so the field shows what will be used."""
        value = self.get(name)
        if name not in ("sender", "username", "host") or not isinstance(value, str):
            return str(value)
        tidied = fold_fullwidth(value).strip()
        if tidied != value:
            self.set(name, tidied)
        return tidied

    def apply_fix(self, fix: Mapping[str, Any]) -> None:
        """A diagnosis' one-click fix changes exactly what it names: STARTTLS for a server that
        speaks it on this port keeps this port (the failure was about this port)."""
        port = self.get("port")
        for name in sorted(fix, key=lambda name: name != "security"):
            self.set(name, fix[name])
        if "port" not in fix:
            self._values["port"] = port

    def set_mode(self, mode: Mode | str) -> None:
        self.set("mode", Mode(mode).value)

    def set_recipient(self, recipient: str) -> None:
        self._recipient = recipient.strip()

    def _expected_login(self) -> str | None:
        """What the provider's login rule makes of the sender (None: the user must type it)."""
        return self.provider.login.username_for(fold_fullwidth(str(self.get("sender"))).strip())

    def _follow_sender(self) -> None:
        username = self._expected_login()
        if username is not None:
            self._values["username"] = username

    def _follow_template(self) -> None:
        """A self-hosted template's host follows the sender's domain until the user types another."""
        if self.get("host") not in ("", self._template_host):
            return
        sender = fold_fullwidth(str(self.get("sender"))).strip()
        self._template_host = self.provider.host_for(sender.rpartition("@")[2] if "@" in sender else "")
        self._values["host"] = self._template_host

    def _port_for_security(self, left: str, security: str) -> None:
        """Follow the preset's port for the new encryption (465 for SSL, 587 for STARTTLS …), but
        only while the port is still a preset's default: empty, or the preset's port for the
        encryption ``left`` behind. A port chosen on purpose (2525, a file's, a detected one)
        stays, and so does one the preset also pairs with the new encryption (25 with STARTTLS)."""
        security, left = security.strip().lower(), left.strip().lower()
        endpoints = self.provider.endpoints
        port = _as_port(self.get("port"))
        if port is not None and (port, security) in {(e.port, e.security.value) for e in endpoints}:
            return
        if port is not None and port not in {e.port for e in endpoints if e.security.value == left}:
            return
        for endpoint in endpoints:
            if endpoint.security.value == security:
                self._values["port"] = endpoint.port
                return

    def _clean_password(self, value: str) -> str:
        cleaned = clean_secret(value, self.provider)
        self._cleanup_notice = cleaned != value and bool(cleaned)
        return cleaned

    def load_file(self, path: Path) -> Validation:
        """Replace the draft with an exported file's values (raises ``config_file.ConfigError``).

        The file's verification holds only when its digest matches the opened settings (a hand-
        edited host keeps no claim): then it stays valid while nothing is changed, and its EHLO
        name comes back. A certificate or CA file it names stays part of the claim (and of the
        command for the server) but is not trusted by the next test: anyone can write a digest,
        so trust comes only from the user (Trust this certificate, the CA-file picker).
        Otherwise the claim is dropped and ``claim_dropped`` says so, with a notice."""
        from wizard.core import config_file  # only when a file is opened: not on `test`'s path

        loaded = config_file.read_draft(path)
        self.restore(loaded.values)
        claim = loaded.verified
        if claim is None:
            return self.validation()
        kept_ehlo = self.ehlo
        self._recipient = claim.recipient
        self.ehlo = claim.ehlo
        self._claimed_trust = (claim.pinned_sha256, claim.ca_file)
        tested = self._current()
        if tested is not None and claim.digest and claim.digest == tested.digest:
            self._stamp = (tested, Stamp(claim, imported=True))
            return self.validation()
        self.ehlo, self._claimed_trust = kept_ehlo, None
        self.claim_dropped = True
        return self.validation()

    def restore(self, values: Mapping[str, Any]) -> Validation:
        """Start over from saved values (an opened file, an unfinished setup): no stamp, no pin."""
        self._values = {}
        self._login_typed = self._cleanup_notice = False
        self._stamp = self._unverified_ok = None
        self.pinned_sha256 = self._claimed_trust = None
        self.claim_dropped = False
        self._recipient = ""
        for name in FIELDS:  # the provider first, so its rules apply to the rest
            if name in values and name != "username":
                self._values[name] = values[name]
        if "username" in values:
            self.set("username", values["username"])
        elif "sender" in values:
            self._follow_sender()
        return self.validation()

    # -- verification ----------------------------------------------------------------------------
    def test_request(self, *, login_only: bool = False, **options: Any) -> TestRequest:
        """The engine's request for the current settings (raises InputError for a bad recipient);
        ``options`` are TestRequest's own (allow_plaintext_auth, lang …; ca_file defaults to the
        draft's)."""
        settings = self.settings
        if settings is None or settings.mode is not Mode.SMTP:
            raise InputError("required")
        recipient = settings.smtp.sender if login_only else normalize_address(self.recipient)
        from wizard.core.engine.api import TestRequest

        options.setdefault("ca_file", self.ca_file)
        return TestRequest(
            settings,
            recipient,
            login_only=login_only,
            pinned_sha256=self.pinned_sha256,
            ehlo=self.ehlo,
            **options,
        )

    def record_test(self, request: TestRequest, result: TestResult | None) -> None:
        """The outcome of a test: a delivered mail stamps exactly what was tested; a failed,
        cancelled or crashed (``None``) test voids the stamp. A passed login-only check leaves a
        stamp of the same settings alone (it proves less, but nothing against it)."""
        tested = _Tested.of(
            request.settings,
            request.recipient,
            ehlo=request.ehlo,
            pinned_sha256=request.pinned_sha256,
            ca_file=request.ca_file,
        )
        self._claimed_trust = None  # from now on, what this test trusted is what holds
        if result is not None and result.ok and result.verified is not None and not request.login_only:
            self._stamp = (tested, Stamp(tested.claim(result.verified), imported=False))
        elif not (result is not None and result.ok and request.login_only and self._same_login(tested)):
            self._stamp = None

    def still_holds(self, request: TestRequest, *, apart_from: tuple[str, ...] = ()) -> bool:
        """Whether the draft still holds exactly what ``request`` ran with: the settings and
        secret, the pinned certificate, the EHLO name and, unless it only checked the login, the
        recipient. An outcome shown for a request that no longer holds describes settings that
        are gone (the test page clears it and asks for a new test). ``apart_from`` names server
        fields an outcome does not depend on (a probe tries every port and encryption)."""
        settings = self.settings
        if settings is None:
            return False
        tested = request.settings.smtp
        settings = replace(
            settings, smtp=replace(settings.smtp, **{n: getattr(tested, n) for n in apart_from})
        )
        if settings != request.settings or (self.pinned_sha256, self.ehlo) != (
            request.pinned_sha256,
            request.ehlo,
        ):
            return False
        if request.login_only:
            return True
        try:
            return normalize_address(self.recipient) == request.recipient
        except InputError:
            return False

    def _same_login(self, tested: _Tested) -> bool:
        return self._stamp is not None and self._stamp[0].same_login(tested)

    @property
    def stamp(self) -> Stamp | None:
        """The verification that holds for the current settings, secret and recipient, if any."""
        if self._stamp is None or self._stamp[0] != self._current():
            return None
        return self._stamp[1]

    @property
    def verified(self) -> Verification | None:
        stamp = self.stamp
        return stamp.verification if stamp else None

    def confirm_unverified(self, confirmed: bool = True) -> None:
        """The user chose to continue without a passed test, for exactly the current settings."""
        self._unverified_ok = self._current() if confirmed else None

    @property
    def unverified_confirmed(self) -> bool:
        return self._unverified_ok is not None and self._unverified_ok == self._current()

    def _current(self) -> _Tested | None:
        settings = self.settings
        if settings is None or settings.mode is not Mode.SMTP:
            return None
        try:
            recipient = normalize_address(self.recipient)
        except InputError:
            return None
        pin, ca_file = self.trust
        return _Tested.of(settings, recipient, ehlo=self.ehlo, pinned_sha256=pin, ca_file=ca_file)

    @property
    def trust(self) -> tuple[str | None, str | None]:
        """The certificate and CA file the current verification relies on (pin, CA path or name):
        the user's own choice, else what an opened file's claim says it was tested with."""
        claimed_pin, claimed_ca = self._claimed_trust or (None, None)
        return self.pinned_sha256 or claimed_pin, self.ca_file or claimed_ca
