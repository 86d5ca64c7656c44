"""Export and import of the configuration for the on-prem admin backend.

Three formats: JSON (canonical, described by ``resources/schemas/config.schema.json``),
``.env`` (KEY=VALUE, shell-compatible quoting) and a plain settings sheet with the
admin console's labels for people who type the values in by hand. The password is
written only when the caller asks for it; a file that holds it is owner-only.

The ``.env`` dialect lives in env_file.py, the strict reading and schema check of an imported
file in config_check.py; writing and reading of the formats stay here together (just over 300
lines) because a format change must touch both at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from wizard import APP_NAME, __version__
from wizard.core.atomic import TargetNotRegular, write_atomic
from wizard.core.config_check import DuplicateKey, parse_json, schema_issues
from wizard.core.env_file import (
    ENV_KEYS,
    ENV_VERIFIED,
    ENV_VERIFIED_REQUIRED,
    NotRoundTrip,
    env_text,
    parse_env,
)
from wizard.core.files import FileRefused, read_limited
from wizard.core.i18n import normalize_language, tr
from wizard.core.settings import FIELDS, SMTP_FIELDS, MailSettings, Mode, Verification
from wizard.core.times import local_display
from wizard.core.untrusted import shown
from wizard.core.validation import Issue, Severity, validate

CONFIG_FORMAT: Final = "smtp-wizard-config"
CONFIG_VERSION: Final = 1
GENERATED_BY: Final = f"{APP_NAME} {__version__}"
VERIFIED_OPTIONS: Final = ("pinned_sha256", "ca_file", "ehlo")  # written only when the test used them


class Format(StrEnum):
    JSON = "json"
    ENV = "env"
    SHEET = "sheet"

    @classmethod
    def for_path(cls, path: Path) -> Format:
        suffix = Path(path).suffix.lower()
        name = Path(path).name.lower()
        if suffix == ".env" or name == ".env" or name.startswith(".env."):
            return cls.ENV
        if suffix in (".txt", ".sheet"):
            return cls.SHEET
        return cls.JSON


class ConfigError(Exception):
    """A file could not be written or read; carries issues that name the field."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.code for i in issues))
        self.issues = issues


# ---- rendering -----------------------------------------------------------------


def to_document(
    settings: MailSettings, *, include_password: bool = False, verified: Verification | None = None
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": CONFIG_FORMAT,
        "version": CONFIG_VERSION,
        "mode": settings.mode.value,
        "display_name": settings.display_name,
    }
    if settings.mode is Mode.SMTP:
        smtp = settings.smtp
        document["smtp"] = {
            "provider": smtp.provider,
            "host": smtp.host,
            "port": smtp.port,
            "security": smtp.security.value,
            "username": smtp.username,
            "sender": smtp.sender,
        }
        if include_password:
            document["smtp"]["password"] = smtp.password
    if verified is not None:
        document["verified"] = verified_block(verified)
    document["generated_by"] = GENERATED_BY
    return document


def verified_block(verified: Verification) -> dict[str, str]:
    """The ``verified`` object: the claim, the digest of what was tested, and the trust and EHLO
    name the test relied on (only those it did rely on)."""
    block = {"time": verified.time, "recipient": verified.recipient, "message_id": verified.message_id}
    for name in ("digest", *VERIFIED_OPTIONS):
        if getattr(verified, name):
            block[name] = getattr(verified, name)
    return block


def trust_notes(settings: MailSettings, verified: Verification | None, lang: str | None = None) -> list[str]:
    """What the admin backend will need because the test trusted more than the system's
    certificates: the pinned certificate's CA or its pin, the CA file the test named."""
    if verified is None or settings.mode is not Mode.SMTP:
        return []
    host = settings.smtp.host
    notes = []
    if verified.pinned_sha256:
        notes.append(tr("trust.pinned", lang, sha256=verified.pinned_sha256, host=host))
    if verified.ca_file:
        notes.append(tr("trust.ca_file", lang, name=verified.ca_file, host=host))
    return [shown(note) for note in notes]  # a file name may hold anything: never a new line


def render_json(settings: MailSettings, *, include_password: bool = False, verified=None) -> str:
    document = to_document(settings, include_password=include_password, verified=verified)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_env(
    settings: MailSettings, *, include_password: bool = False, verified=None, lang: str | None = None
) -> str:
    document = to_document(settings, include_password=include_password, verified=verified)
    values = {"mode": document["mode"], "display_name": document["display_name"], **document.get("smtp", {})}
    header = f"{CONFIG_FORMAT} v{CONFIG_VERSION}, generated by {GENERATED_BY}"
    notes = trust_notes(settings, verified, lang)
    try:
        return env_text(header, values, document.get("verified"), notes)
    except NotRoundTrip as error:
        raise _fail("env_not_round_trip", error.field) from None


# Admin console order and labels (邮件服务器, 端口, 加密方式, 发件人邮箱, 密码, 显示姓名, 账号).
_SHEET_ROWS: Final = ("host", "port", "security", "sender", "password", "display_name", "username")


def render_sheet(
    settings: MailSettings, *, include_password: bool = False, verified=None, lang: str | None = None
) -> str:
    lang = normalize_language(lang)

    def label(field: str) -> str:
        zh = tr(f"field.{field}", "zh_CN")
        return zh if lang == "zh_CN" else f"{zh} ({tr(f'field.{field}', 'en')})"

    lines = [tr("sheet.title", lang), tr("sheet.generated", lang, generator=GENERATED_BY), ""]
    lines.append(f"{label('mode')}: {tr(f'mode.{settings.mode.value}', lang)}")
    if settings.mode is Mode.SMTP:
        smtp = settings.smtp
        values = {
            "host": smtp.host if smtp.host == smtp.host_display else f"{smtp.host} ({smtp.host_display})",
            "port": str(smtp.port),
            "security": tr(f"security.{smtp.security.value}", lang),
            "sender": smtp.sender,
            "password": smtp.password if include_password else tr("sheet.password_not_exported", lang),
            "display_name": settings.display_name or tr("sheet.empty", lang),
            "username": smtp.username,
        }
        lines += [f"{label(field)}: {values[field]}" for field in _SHEET_ROWS]
    else:
        lines.append(f"{label('display_name')}: {settings.display_name}")
    lines.append("")
    if settings.mode is Mode.PLATFORM:
        pass  # nothing to test: the platform's service sends
    elif verified is not None:
        lines.append(
            tr(
                "sheet.verified",
                lang,
                time=local_display(verified.time),
                recipient=verified.recipient,
                id=verified.message_id,
            )
        )
        lines += trust_notes(settings, verified, lang)
    else:
        lines.append(tr("sheet.unverified", lang))
    return "\n".join(lines) + "\n"


def render(
    settings: MailSettings,
    fmt: Format,
    *,
    include_password: bool = False,
    verified: Verification | None = None,
    lang: str | None = None,
) -> str:
    if fmt is Format.JSON:
        return render_json(settings, include_password=include_password, verified=verified)
    if fmt is Format.ENV:
        return render_env(settings, include_password=include_password, verified=verified, lang=lang)
    return render_sheet(settings, include_password=include_password, verified=verified, lang=lang)


def save(
    path: Path,
    settings: MailSettings,
    fmt: Format,
    *,
    include_password: bool = False,
    verified: Verification | None = None,
    lang: str | None = None,
) -> list[Issue]:
    """Write the export atomically; raise :class:`ConfigError` naming the file on failure.
    Returns warnings (the old file's owner or mode changed, the folder could not be synced)."""
    text = render(settings, fmt, include_password=include_password, verified=verified, lang=lang)
    private = include_password and settings.mode is Mode.SMTP and bool(settings.smtp.password)
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(str(path))
        warnings = write_atomic(path, text.encode("utf-8"), private=private)
    except OSError as error:
        raise ConfigError([file_issue(error, path)]) from error
    return [Issue(code, "file", Severity.WARNING, params) for code, params in warnings]


def file_issue(error: OSError, path: Path) -> Issue:
    """A file that could not be read or written, as the issue the user can act on (also the
    CLI's support report)."""
    if isinstance(error, FileNotFoundError):
        code = "file_folder_missing"
    elif isinstance(error, PermissionError):
        code = "file_permission"
    elif isinstance(error, IsADirectoryError):
        code = "file_is_directory"
    elif isinstance(error, TargetNotRegular):
        code = "file_target_not_regular"
    else:
        code = "file_os_error"
    return Issue(code, "file", Severity.ERROR, {"path": str(path), "reason": error.strerror or str(error)})


# ---- import --------------------------------------------------------------------


def _document_from_env(values: Mapping[str, str]) -> dict[str, Any]:
    draft: dict[str, Any] = {name: values[key] for key, name in ENV_KEYS.items() if key in values}
    port = draft.get("port", "").strip()
    if port.isascii() and port.isdigit() and len(port) <= 5:  # longer stays text: never int() a huge one
        draft["port"] = int(port)
    document: dict[str, Any] = {"format": CONFIG_FORMAT, "version": CONFIG_VERSION}
    document["mode"] = draft.pop("mode", None) or ("smtp" if draft else "platform")
    document["display_name"] = draft.pop("display_name", "")
    if draft:
        document["smtp"] = draft
    if all(key in values for key in ENV_VERIFIED_REQUIRED):
        document["verified"] = {name: values[key] for key, name in ENV_VERIFIED.items() if key in values}
    return document


def _fail(code: str, field: str = "file", **params: Any) -> ConfigError:
    return ConfigError([Issue(code, field, Severity.ERROR, params)])


@dataclass(frozen=True)
class Draft:
    """Raw field values read from a file, before validation."""

    values: dict[str, Any]
    verified: Verification | None = None


def draft_from_document(document: Any, *, from_env: bool = False) -> Draft:
    """Check the file type, version and schema; raise ConfigError naming every bad field."""
    if not isinstance(document, dict) or document.get("format") != CONFIG_FORMAT:
        raise _fail("config_wrong_format", "format")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail("config_bad_version", "version")
    if version > CONFIG_VERSION:
        raise _fail("config_newer_version", "version", version=version, supported=CONFIG_VERSION)
    smtp = document.get("smtp") if isinstance(document.get("smtp"), dict) else {}
    values: dict[str, Any] = {"mode": document.get("mode"), "display_name": document.get("display_name", "")}
    values.update({k: smtp[k] for k in SMTP_FIELDS if k in smtp and k != "password"})
    if smtp.get("password"):
        values["password"] = smtp["password"]
    issues = schema_issues(document, required=not from_env)
    if issues:
        raise ConfigError(_clearer(issues, values))
    return Draft(values, _verification(document.get("verified")))


def _clearer(schema: list[Issue], values: dict[str, Any]) -> list[Issue]:
    """Where validation explains a field better ("no smtp:// prefix" beats "bad format"), use it;
    the file is refused either way."""
    typed = validate(values).errors
    better = {issue.field for issue in typed}
    return [i for i in schema if i.field not in better] + [
        i for i in typed if i.field in {s.field for s in schema}
    ]


def _verification(data: Any) -> Verification | None:
    """The file's claim as written (the schema checked its form); whether it holds for the
    file's settings is the draft's question (its digest)."""
    if not isinstance(data, dict):
        return None
    values = [data.get(k) for k in ("time", "recipient", "message_id")]
    if not all(isinstance(v, str) and v for v in values):
        return None
    digest = data.get("digest") if isinstance(data.get("digest"), str) else ""
    options = {
        name: data[name] for name in VERIFIED_OPTIONS if isinstance(data.get(name), str) and data[name]
    }
    return Verification(*values, digest=digest, **options)


def _read(path: Path) -> bytes:
    try:
        return read_limited(path)
    except FileRefused as refused:
        raise _fail(refused.code, **refused.params) from None
    except OSError as error:
        raise ConfigError([file_issue(error, path)]) from error


def read_draft(path: Path) -> Draft:
    """Read an exported JSON or .env file; its values are checked against the schema, not yet
    validated as settings."""
    path = Path(path)
    raw = _read(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail("config_not_utf8", path=str(path)) from None
    looks_like_json = path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "["))
    if Format.for_path(path) is Format.ENV or not looks_like_json:
        try:
            values = parse_env(text)
        except ValueError:
            raise _fail("config_unreadable", path=str(path)) from None
        if not values.keys() & ENV_KEYS.keys():
            raise _fail("config_unreadable", path=str(path))
        return draft_from_document(_document_from_env(values), from_env=True)
    try:
        document = parse_json(text)
    except DuplicateKey as error:
        field = error.key if error.key in FIELDS else "file"
        raise _fail("config_duplicate_key", field, key=error.key) from None
    except (json.JSONDecodeError, RecursionError):
        raise _fail("config_not_json", path=str(path)) from None
    return draft_from_document(document)
