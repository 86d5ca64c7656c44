"""An imported configuration is hostile until checked: parse it strictly, hold it to the schema.

A file comes from anywhere (a chat, a ticket, another machine). Before any of its values is used
it must be exactly what ``resources/schemas/config.schema.json`` allows (types, ranges, formats,
no unknown keys, no ``smtp`` block in a platform file) with no duplicate keys and no numbers too
long to convert; the ``verified`` block gets the checks a live test result would pass. Every
problem becomes an :class:`Issue` naming the field. Field values are then validated like user
input by ``validation.validate``, as before.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

from wizard.core.addresses import InputError, has_control_chars, normalize_address
from wizard.core.paths import resource
from wizard.core.settings import FIELDS
from wizard.core.validation import Issue, Severity

MAX_NUMBER_DIGITS = 20  # longer numbers never reach int(): they fail every type check
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)")
_MESSAGE_ID = re.compile(r"<[!-;=?-~]{1,250}@[!-;=?-~]{1,250}>")  # printable ASCII, no < > or spaces


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise DuplicateKey(key)
        document[key] = value
    return document


class HugeNumber:
    """Stands in for a number too long to convert; no schema type matches it."""

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))

    def __repr__(self) -> str:
        return f"<a number of {self.digits} digits>"


def _bounded_int(text: str) -> int | HugeNumber:
    return int(text) if len(text.lstrip("-")) <= MAX_NUMBER_DIGITS else HugeNumber(text)


def parse_json(text: str) -> Any:
    """json.loads that refuses duplicate keys and never converts a huge number (CPython raises
    ValueError past 4,300 digits); raises DuplicateKey or json.JSONDecodeError."""
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_bounded_int)


@cache
def _validator():
    import jsonschema  # imported on first import of a file: the wizard's start-up does not pay

    schema = json.loads(resource("schemas", "config.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _field_and_key(path: list[Any], error) -> tuple[str, str]:
    parts = [str(p) for p in path]
    if error.validator == "required":
        parts.append(re.findall(r"'([^']*)'", error.message)[0])
    elif error.validator == "additionalProperties":
        extra = re.findall(r"'([^']*)'", error.message)
        return "file", ".".join([*parts, extra[0] if extra else "?"])
    key = ".".join(parts) or "file"
    if parts and parts[0] == "verified":
        return "verified", key
    name = parts[-1] if parts else "file"
    return (name if name in FIELDS or name in ("version", "format", "smtp") else "file"), key


def _issue(error) -> Issue:
    field, key = _field_and_key(list(error.absolute_path), error)
    kind = error.validator
    if kind == "required":
        code = "required" if field not in ("file", "verified") else "config_missing_key"
        return Issue(code, field, Severity.ERROR, {"key": key})
    if kind == "additionalProperties":
        return Issue("config_unknown_key", field, Severity.ERROR, {"key": key})
    if kind == "not" and key == "file":
        return Issue("config_platform_with_smtp", "smtp", Severity.ERROR, {"key": "smtp"})
    if kind == "type":
        expected = error.validator_value
        return Issue("config_wrong_type", field, Severity.ERROR, {"key": key, "expected": expected})
    if kind in ("const", "enum"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        shown = ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed)
        return Issue("config_not_allowed", field, Severity.ERROR, {"key": key, "allowed": shown})
    if kind in ("minimum", "maximum"):
        return Issue("config_out_of_range", field, Severity.ERROR, {"key": key})
    return Issue("config_bad_value", field, Severity.ERROR, {"key": key})


def _verified_issues(verified: Any) -> list[Issue]:
    if not isinstance(verified, dict):
        return []  # the schema has said so already
    problems = []
    time, recipient, message_id = (verified.get(k) for k in ("time", "recipient", "message_id"))
    if isinstance(time, str):
        try:
            if not _TIME.fullmatch(time):
                raise ValueError(time)
            dt.datetime.fromisoformat(time.replace("Z", "+00:00"))
        except ValueError:
            problems.append("verified.time")
    if isinstance(recipient, str):
        try:
            if has_control_chars(recipient) or normalize_address(recipient) != recipient.strip():
                raise InputError("changed")
        except InputError:
            problems.append("verified.recipient")
    if isinstance(message_id, str) and not _MESSAGE_ID.fullmatch(message_id):
        problems.append("verified.message_id")
    return [Issue("config_bad_value", "verified", Severity.ERROR, {"key": key}) for key in problems]


def schema_issues(document: Any, *, required: bool = True) -> list[Issue]:
    """Every way ``document`` breaks the schema (one issue per field), plus the verified checks.

    ``required=False`` for documents built from a ``.env`` file, where missing keys are filled
    in (or reported) by validation as for typed input."""
    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        if error.validator in ("if", "then", "else"):
            continue  # "not" (platform with smtp) and "required" (smtp without it) say it better
        if not required and error.validator == "required":
            continue
        issue = _issue(error)
        if (issue.code, issue.params.get("key", "")) not in seen:
            seen.add((issue.code, str(issue.params.get("key", ""))))
            issues.append(issue)
    if isinstance(document, dict):
        keys = {str(issue.params.get("key")) for issue in issues}
        issues += [i for i in _verified_issues(document.get("verified")) if i.params["key"] not in keys]
    return issues
