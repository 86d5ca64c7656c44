"""The provider catalog: presets are data in ``resources/providers.json``.

Adding a provider is an edit to that file (checked by its JSON Schema and by
tests/core/test_catalog_data.py); this module only reads it into typed objects. It is just over
300 lines because every catalog field (secret, login, limits, IMAP, SPF, aliases) has its typed
reader here, next to the others.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from wizard.core.i18n import normalize_language
from wizard.core.paths import resource
from wizard.core.settings import CUSTOM_PROVIDER, Endpoint, Security

CATALOG_FORMAT: Final = "smtp-wizard-providers"
CATEGORIES: Final = ("personal", "enterprise", "service", "custom")


@dataclass(frozen=True)
class Text:
    """A text in both languages; ``get`` falls back to English, then Chinese."""

    zh_CN: Any
    en: Any

    def get(self, lang: str | None = None) -> Any:
        return self.en if normalize_language(lang) == "en" else self.zh_CN

    @classmethod
    def of(cls, data: Mapping[str, Any] | None, empty: Any = "") -> Text:
        data = data or {}
        return cls(zh_CN=data.get("zh_CN", empty), en=data.get("en", empty))


@dataclass(frozen=True)
class AltHost:
    host: str
    label: Text


@dataclass(frozen=True)
class LoginRule:
    rule: str  # address | local_part | fixed | separate
    value: str
    must_equal_sender: bool
    label: Text

    def username_for(self, sender: str) -> str | None:
        """The login the provider expects for ``sender``; None when the user must type it."""
        if self.rule == "address":
            return sender
        if self.rule == "local_part":
            return sender.rpartition("@")[0] if "@" in sender else sender
        if self.rule == "fixed":
            return self.value
        return None


@dataclass(frozen=True)
class Secret:
    kind: str
    name: Text
    strip_spaces: bool


@dataclass(frozen=True)
class Limit:
    scope: str  # sender_recipient | sender | account
    max: int
    per_seconds: int
    text: Text


@dataclass(frozen=True)
class Notice:
    """A dated announcement of the provider (a retirement, a new limit); ``starts`` is ISO."""

    starts: str
    text: Text
    source: str


@dataclass(frozen=True)
class Confidence:
    level: str  # confirmed | secondary | unconfirmed
    unconfirmed: tuple[str, ...]


@dataclass(frozen=True)
class AdminPrerequisites:
    """What the customer's mail administrator must switch on before any login can work."""

    steps: Text  # lists, with the exact menu path
    console_url: str
    login_failure_hint: Text  # shown by the diagnosis when a login to this provider fails


# Stands for the sender's domain in a template host ("mail.{domain}" for self-hosted systems).
DOMAIN_PLACEHOLDER: Final = "{domain}"


@dataclass(frozen=True)
class ImapServer:
    """Where the provider's mailboxes are read (delivery confirmation)."""

    host: str
    port: int
    security: Security  # ssl or starttls
    smtp_secret_works: bool  # the SMTP password/code also logs in over IMAP


@dataclass(frozen=True)
class Provider:
    id: str
    name: Text
    category: str
    domains: tuple[str, ...]
    mx_patterns: tuple[str, ...]
    host: str
    alt_hosts: tuple[AltHost, ...]
    endpoints: tuple[Endpoint, ...]
    login: LoginRule
    secret: Secret
    needs_setup: bool
    steps: Text
    warnings: Text
    help_url: str
    limits: tuple[Limit, ...]
    notes: Text
    oauth_only: bool
    disagreements: tuple[str, ...]
    sources: tuple[str, ...]
    last_verified: str
    aliases: Text = Text((), ())
    confidence: Confidence = Confidence("confirmed", ())
    mx_domains: tuple[str, ...] = ()
    spf_includes: tuple[str, ...] = ()
    cname_patterns: tuple[str, ...] = ()
    banner_patterns: tuple[str, ...] = ()
    admin: AdminPrerequisites | None = None

    spf_include: str | None = None  # what a customer's SPF must include for this relay
    dkim_after_setup: bool = False  # signs with the customer's domain only once set up in its console
    imap: ImapServer | None = None
    notices: tuple[Notice, ...] = ()

    @property
    def is_template(self) -> bool:
        """The host is built from the sender's domain (a self-hosted system on the customer's domain)."""
        return DOMAIN_PLACEHOLDER in self.host

    def host_for(self, domain: str) -> str:
        """The server for a sender in ``domain``; a template without a domain yields ""."""
        if not self.is_template:
            return self.host
        domain = domain.strip().lower().rstrip(".")
        return self.host.replace(DOMAIN_PLACEHOLDER, domain) if domain else ""

    def matches_cname(self, target: str) -> bool:
        target = target.lower().rstrip(".")
        return any(fnmatch.fnmatchcase(target, pattern) for pattern in self.cname_patterns)

    def matches_banner(self, banner: str) -> bool:
        banner = banner.lower()
        return any(word in banner for word in self.banner_patterns)

    @property
    def is_custom(self) -> bool:
        return self.id == CUSTOM_PROVIDER

    @property
    def default_endpoint(self) -> Endpoint:
        return self.endpoints[0]

    def matches_mx(self, mx_host: str) -> bool:
        host = mx_host.lower().rstrip(".")
        return any(fnmatch.fnmatchcase(host, pattern) for pattern in self.mx_patterns)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provider:
        login = data["login"]
        secret = data["secret"]
        return cls(
            id=data["id"],
            name=Text.of(data["name"]),
            category=data["category"],
            domains=tuple(d.lower() for d in data.get("domains", ())),
            mx_patterns=tuple(p.lower() for p in data.get("mx_patterns", ())),
            host=data.get("host", ""),
            alt_hosts=tuple(AltHost(a["host"], Text.of(a.get("label"))) for a in data.get("alt_hosts", ())),
            endpoints=tuple(Endpoint(int(e["port"]), Security(e["security"])) for e in data["endpoints"]),
            login=LoginRule(
                rule=login["rule"],
                value=login.get("value", ""),
                must_equal_sender=bool(login.get("must_equal_sender", False)),
                label=Text.of(login.get("label")),
            ),
            secret=Secret(
                secret["kind"], Text.of(secret.get("name")), bool(secret.get("strip_spaces", False))
            ),
            needs_setup=bool(data.get("needs_setup", False)),
            steps=Text.of(data.get("steps"), empty=[]),
            warnings=Text.of(data.get("warnings"), empty=[]),
            help_url=data.get("help_url", ""),
            limits=tuple(
                Limit(lim["scope"], int(lim["max"]), int(lim["per_seconds"]), Text.of(lim.get("text")))
                for lim in data.get("limits", ())
            ),
            notes=Text.of(data.get("notes"), empty=[]),
            oauth_only=bool(data.get("oauth_only", False)),
            disagreements=tuple(data.get("disagreements", ())),
            sources=tuple(data.get("sources", ())),
            last_verified=data.get("last_verified", ""),
            aliases=Text.of(data.get("aliases"), empty=[]),
            confidence=Confidence(
                (data.get("confidence") or {}).get("level", "confirmed"),
                tuple((data.get("confidence") or {}).get("unconfirmed", ())),
            ),
            mx_domains=tuple(d.lower() for d in data.get("mx_domains", ())),
            spf_includes=tuple(d.lower() for d in data.get("spf_includes", ())),
            cname_patterns=tuple(p.lower() for p in data.get("cname_patterns", ())),
            banner_patterns=tuple(p.lower() for p in data.get("banner_patterns", ())),
            admin=_admin(data.get("admin")),
            spf_include=data.get("spf_include"),
            dkim_after_setup=bool(data.get("dkim_after_setup", False)),
            imap=_imap(data.get("imap")),
            notices=tuple(
                Notice(n["from"], Text.of(n["text"]), n["source"]) for n in data.get("notices", ())
            ),
        )


def _admin(data: Mapping[str, Any] | None) -> AdminPrerequisites | None:
    if not data:
        return None
    return AdminPrerequisites(
        Text.of(data.get("steps"), empty=[]),
        data.get("console_url", ""),
        Text.of(data.get("login_failure_hint")),
    )


def _imap(data: Mapping[str, Any] | None) -> ImapServer | None:
    if not data:
        return None
    return ImapServer(
        data["host"], int(data["port"]), Security(data["security"]), bool(data["smtp_secret_works"])
    )


class Catalog:
    def __init__(self, providers: Iterable[Provider]) -> None:
        self._providers = {p.id: p for p in providers}

    def __iter__(self):
        return iter(self._providers.values())

    def __len__(self) -> int:
        return len(self._providers)

    def __contains__(self, provider_id: object) -> bool:
        return provider_id in self._providers

    def get(self, provider_id: str) -> Provider:
        return self._providers[provider_id]

    def find(self, provider_id: str | None) -> Provider | None:
        return self._providers.get(provider_id or "")

    @property
    def custom(self) -> Provider:
        return self._providers[CUSTOM_PROVIDER]

    def suggest(self, typed: str, limit: int = 3) -> list[Provider]:
        """Presets the user may have meant by an unknown id (``163`` -> netease163, ``qqmail`` ->
        qq): matched against ids, names, domains and aliases, exactly, as a part, or by
        difflib's similarity; only the best few that score close to the best."""
        import difflib

        typed = "".join(typed.lower().split())
        if not typed:
            return []

        def score(key: str) -> float:
            if key == typed:
                return 1.0
            if len(key) >= 2 and (key in typed or typed in key):
                return 0.9
            return difflib.SequenceMatcher(None, typed, key).ratio()

        scored = []
        for provider in self:
            if provider.is_custom:
                continue
            scored.append((max(score(key) for key in _search_keys(provider)), provider))
        best = max((s for s, _ in scored), default=0.0)
        if best < 0.6:
            return []
        close = [p for s, p in sorted(scored, key=lambda pair: -pair[0]) if s >= max(0.6, best - 0.15)]
        return close[:limit]

    def by_domain(self, domain: str) -> Provider | None:
        domain = domain.lower().rstrip(".")
        for provider in self:
            if domain in provider.domains:
                return provider
        return None

    def by_mx(self, mx_hosts: Iterable[str]) -> Provider | None:
        for mx_host in mx_hosts:
            for provider in self:
                if provider.matches_mx(mx_host):
                    return provider
        return None

    def by_mx_domain(self, domain: str) -> Provider | None:
        """The provider whose MX hosts live under ``domain`` (an MX host's registered or next domain)."""
        domain = domain.lower().rstrip(".")
        return next((p for p in self if domain in p.mx_domains), None)

    def by_spf_include(self, include: str) -> Provider | None:
        include = include.lower().rstrip(".")
        return next((p for p in self if include in p.spf_includes), None)

    def by_cname(self, target: str) -> Provider | None:
        return next((p for p in self if p.matches_cname(target)), None)

    def by_banner(self, banner: str) -> list[Provider]:
        """Every provider whose greeting words appear in ``banner`` (a product can be hosted or self-run)."""
        return [p for p in self if p.matches_banner(banner)]

    def by_host(self, host: str) -> Provider | None:
        host = host.lower()
        for provider in self:
            if host == provider.host or host in (a.host for a in provider.alt_hosts):
                return provider
        return None

    def with_extra(self, *extra: Provider) -> Catalog:
        """A catalog with more providers, e.g. the demo server added at run time."""
        return Catalog([*self, *extra])


def parse_catalog(data: Mapping[str, Any]) -> Catalog:
    if data.get("format") != CATALOG_FORMAT:
        raise ValueError(f"not a provider catalog (format {data.get('format')!r})")
    return Catalog(Provider.from_dict(entry) for entry in data["providers"])


@cache
def load_catalog() -> Catalog:
    return parse_catalog(json.loads(resource("providers.json").read_text(encoding="utf-8")))


def _search_keys(provider: Provider) -> set[str]:
    """What a user may type for a preset: its id, names, domains (also without the suffix) and aliases."""
    names = [
        provider.id,
        provider.name.zh_CN,
        provider.name.en,
        *provider.aliases.zh_CN,
        *provider.aliases.en,
    ]
    keys = {"".join(str(name).lower().split()) for name in names}
    for domain in provider.domains:
        keys.update((domain, domain.rsplit(".", 1)[0]))
    return {key for key in keys if key}
