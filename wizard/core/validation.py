"""Validation and normalization of raw settings (from the CLI, the wizard or a file).

``validate`` returns every problem at once, each with a stable code, the field it
concerns and a localized message, plus the normalized settings when there is no
error. Warnings and notices never block; errors always do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from wizard.core.addresses import (
    FIELD_MAX,
    InputError,
    domain_of,
    fold_fullwidth,
    has_control_chars,
    is_intranet_domain,
    normalize_address,
    normalize_host,
    text_issue,
)
from wizard.core.catalog import Catalog, Provider, Text, load_catalog
from wizard.core.i18n import field_label, tr, tr_on
from wizard.core.settings import (
    CUSTOM_PROVIDER,
    SMTP_FIELDS,
    USUAL_PORTS,
    MailSettings,
    Mode,
    Security,
    SmtpSettings,
)

DISPLAY_NAME_MAX: Final = 64


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Issue:
    code: str
    field: str
    severity: Severity = Severity.ERROR
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None, surface: str | None = None) -> str:
        """``surface="cli"``: the command line's text where the advice names a control."""
        params = {k: v.get(lang) if isinstance(v, Text) else v for k, v in self.params.items()}
        key = f"issue.{self.code}"
        field_name = field_label(self.field, lang)
        if surface:
            return tr_on(surface, key, lang, field=field_name, **params)
        return tr(key, lang, field=field_name, **params)

    def to_dict(self, lang: str | None = None) -> dict[str, str]:
        return {
            "code": self.code,
            "field": self.field,
            "severity": self.severity.value,
            "message": self.message(lang, "cli"),  # the JSON is the command line's
        }


@dataclass(frozen=True)
class Validation:
    settings: MailSettings | None
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        return self.settings is not None

    def of(self, severity: Severity) -> list[Issue]:
        return [i for i in self.issues if i.severity is severity]

    @property
    def errors(self) -> list[Issue]:
        return self.of(Severity.ERROR)

    @property
    def warnings(self) -> list[Issue]:
        return self.of(Severity.WARNING)

    @property
    def notices(self) -> list[Issue]:
        return self.of(Severity.NOTICE)

    def for_field(self, name: str) -> list[Issue]:
        return [i for i in self.issues if i.field == name]


def infer_mode(draft: Mapping[str, Any]) -> str:
    """An explicit mode wins; otherwise any SMTP value means the user wants SMTP."""
    mode = draft.get("mode")
    if mode not in (None, ""):
        return str(mode)
    if any(draft.get(name) not in (None, "") for name in SMTP_FIELDS if name != "password"):
        return Mode.SMTP.value
    return Mode.PLATFORM.value


class _Checker:
    def __init__(self, draft: Mapping[str, Any], catalog: Catalog, require_password: bool) -> None:
        self.draft = draft
        self.catalog = catalog
        self.require_password = require_password
        self.issues: list[Issue] = []

    def add(self, code: str, field_name: str, severity: Severity = Severity.ERROR, **params: Any) -> None:
        self.issues.append(Issue(code, field_name, severity, params))

    def text(self, name: str) -> str | None:
        """The field as text, or None after reporting why it cannot be used."""
        value = self.draft.get(name)
        if value is None:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.add("wrong_type", name)
            return None
        value = str(value)
        problem = text_issue(name, value) if name != "password" else None
        if problem is not None:
            self.add(problem, name, max=FIELD_MAX.get(name, 0))
            return None
        return value

    def folded(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        folded = fold_fullwidth(value)
        if folded != value:
            self.add("fullwidth_folded", name, Severity.NOTICE)
        return folded.strip()

    def required(self, name: str, value: str | None) -> bool:
        if value == "":
            self.add("required", name)
            return False
        return value is not None

    def run(self) -> Validation:
        mode_text = (self.text("mode") or infer_mode(self.draft)).strip().lower()
        try:
            mode = Mode(mode_text or infer_mode(self.draft))
        except ValueError:
            self.add("mode_invalid", "mode", value=mode_text)
            mode = None

        raw_name = self.text("display_name")  # None: already reported
        display_name = (raw_name or "").strip()
        if len(display_name) > DISPLAY_NAME_MAX:
            self.add("display_name_too_long", "display_name", max=DISPLAY_NAME_MAX)
        if mode is Mode.PLATFORM and raw_name is not None:
            self.required("display_name", display_name)

        smtp = self.smtp() if mode is Mode.SMTP else SmtpSettings()
        if mode is None or any(i.severity is Severity.ERROR for i in self.issues):
            return Validation(None, tuple(self.issues))
        assert smtp is not None
        return Validation(MailSettings(mode=mode, display_name=display_name, smtp=smtp), tuple(self.issues))

    def smtp(self) -> SmtpSettings | None:
        provider = self.provider()
        if provider is None and not any(self.draft.get(name) for name in ("host", "port", "security")):
            # The preset would have filled these: one error (the unknown preset), not four.
            host = port = security = None
        else:
            host = self.host()
            port = self.port()
            security = self.security()
        sender = self.sender()
        username = self.username(sender)
        password = self.password()
        if None in (provider, host, port, security, sender, username, password):
            return None
        assert provider is not None and port is not None and security is not None
        settings = SmtpSettings(
            provider=provider.id,
            host=host or "",
            port=port,
            security=security,
            username=username or "",
            sender=sender or "",
            password=password or "",
        )
        self.warn(provider, settings)
        return settings

    def provider(self) -> Provider | None:
        provider_id = (self.text("provider") or "").strip().lower() or CUSTOM_PROVIDER
        provider = self.catalog.find(provider_id)
        if provider is None:
            self.issues.append(unknown_provider(provider_id, self.catalog))
        return provider

    def host(self) -> str | None:
        value = self.text("host")
        if not self.required("host", (value or "").strip() if value is not None else None):
            return None
        try:
            return normalize_host(value or "")
        except InputError as error:
            self.add(error.code, "host")
            return None

    def port(self) -> int | None:
        raw = self.draft.get("port")
        if isinstance(raw, bool) or (raw is not None and not isinstance(raw, int | str)):
            self.add("wrong_type", "port")
            return None
        value = fold_fullwidth(str(raw if raw is not None else "")).strip()
        if not self.required("port", value):
            return None
        if not value.isascii() or not value.isdigit():
            self.add("port_not_number", "port", value=value[:20])
            return None
        port = int(value) if len(value) <= 5 else 0  # int() of 4,300+ digits raises: never try
        if not 1 <= port <= 65535:
            self.add("port_range", "port", value=value[:20])
            return None
        return port

    def security(self) -> Security | None:
        value = (self.text("security") or "").strip().lower()
        if not self.required("security", value):
            return None
        try:
            return Security(value)
        except ValueError:
            self.add("security_invalid", "security", value=value[:20])
            return None

    def sender(self) -> str | None:
        value = self.folded("sender")
        if not self.required("sender", value):
            return None
        try:
            return normalize_address(value or "")
        except InputError as error:
            self.add(error.code, "sender")
            return None

    def username(self, sender: str | None) -> str | None:
        value = self.folded("username")
        if value is None:
            return None
        if value == "" and sender is None:
            return None  # the sender error already explains it
        if not self.required("username", value):
            return None
        if "@" in value:
            try:
                return normalize_address(value)
            except InputError:
                return value  # relay logins such as "API_USER#label" are not addresses
        return value

    def password(self) -> str | None:
        value = self.text("password")
        if value is None:
            return None
        if has_control_chars(value):
            self.add("control_chars", "password")
            return None
        if self.require_password and not self.required("password", value):
            return None
        return value

    def warn(self, provider: Provider, settings: SmtpSettings) -> None:
        if provider.login.must_equal_sender and settings.username.lower() != settings.sender.lower():
            self.add("sender_differs_from_login", "sender", Severity.WARNING, provider=provider.name)
        if settings.security is Security.NONE and settings.password:
            self.add("plaintext_password", "security", Severity.WARNING)
        usual = USUAL_PORTS[settings.security]
        others = set().union(*(ports for sec, ports in USUAL_PORTS.items() if sec is not settings.security))
        if settings.port not in usual and settings.port in others:
            expected = "/".join(str(p) for p in sorted(usual))
            self.add(
                "port_security_mismatch",
                "port",
                Severity.WARNING,
                port=settings.port,
                security=settings.security.value,
                expected=expected,
            )
        if provider.oauth_only:
            self.add("provider_oauth_only", "provider", Severity.WARNING)
        sender_domain = domain_of(settings.sender)
        if provider.domains and sender_domain not in provider.domains:
            # A personal-mail preset sends only from its own domains (QQ: qq.com, vip.qq.com).
            owner = self.catalog.by_domain(sender_domain)
            self.add(
                "sender_domain_not_provider",
                "sender",
                Severity.WARNING,
                provider=provider.name,
                domain=sender_domain,
                domains=", ".join(provider.domains),
                owner=_owner_hint(owner),
            )
        if not provider.is_custom and is_intranet_domain(domain_of(settings.sender)):
            # .test/.local/home.arpa exist only inside a company network: fine for its own relay.
            self.add("sender_intranet_domain", "sender", Severity.WARNING, provider=provider.name)


def unknown_provider(typed: str, catalog: Catalog) -> Issue:
    """The error for a preset id that does not exist, with the ids the user may have meant."""
    found = catalog.suggest(typed)
    zh = "、".join(f"{p.id}({p.name.zh_CN})" for p in found)
    en = ", ".join(f"{p.id} ({p.name.en})" for p in found)
    suggestion = Text(
        tr("provider.did_you_mean", "zh_CN", choices=zh) if found else "",
        tr("provider.did_you_mean", "en", choices=en) if found else "",
    )
    return Issue("provider_unknown", "provider", params={"value": typed, "suggestion": suggestion})


def _owner_hint(owner: Provider | None) -> Text:
    if owner is None:
        return Text("", "")
    return Text(
        tr("provider.domain_owner", "zh_CN", provider=owner.name.zh_CN, id=owner.id),
        tr("provider.domain_owner", "en", provider=owner.name.en, id=owner.id),
    )


def validate(
    draft: Mapping[str, Any],
    *,
    catalog: Catalog | None = None,
    require_password: bool = False,
) -> Validation:
    """Check and normalize ``draft`` (field name -> raw value); see module docstring."""
    return _Checker(draft, catalog or load_catalog(), require_password).run()
