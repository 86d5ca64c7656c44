"""Evidence lines (what detection and the sender-domain check asked and read) for the wizard:
the outcome codes (``no_network``, ``unreachable``) and the fixed English phrases the steps
write are put into the user's language; names, records, addresses and ports stay as read. The
command line's ``--json`` keeps the codes: scripts match on them."""

from __future__ import annotations

import re

from wizard.core.i18n import tr

_PHRASES = {
    "unencrypted server from an unauthenticated file, ignored": "evidence.http_ignored",
    "unverified: fetched without TLS, outside the domain": "evidence.unverified",
    "insecure: no encryption": "evidence.insecure",
    "not a listed mail domain": "evidence.not_listed",
    "(lookup limit reached)": "evidence.lookup_limit",
    "no SPF include": "evidence.no_spf_include",
    "no answer in time": "evidence.no_answer",
    "no time left": "evidence.no_time",
}
_OUTCOMES = "found|no_domain|no_records|nothing|no_network|failed|unreachable"
_OUTCOME = re.compile(rf"(?<=: )(?:DNS )?({_OUTCOMES})\b")
_DENIES = re.compile(r"the DNS server also denies (\S+)")
_VIA = re.compile(r"\(via ([^)\s]+)\)")
_CERTIFICATE = re.compile(r"\bcertificate: ")
_ENDPOINT = re.compile(r"\b(\d{1,5}):(ssl|starttls|none) (\w+)")
_SERVER = re.compile(r"\b(\d{1,5})/(ssl|starttls|none)\b")


def evidence_text(line: str, lang: str | None = None) -> str:
    """One evidence line in ``lang``."""
    for phrase, key in _PHRASES.items():
        line = line.replace(phrase, tr(key, lang))
    line = _DENIES.sub(lambda m: tr("evidence.denies_known", lang, domain=m.group(1)), line)
    line = _VIA.sub(lambda m: tr("evidence.via", lang, name=m.group(1)), line)
    line = _CERTIFICATE.sub(tr("evidence.certificate", lang) + ": ", line)
    line = _ENDPOINT.sub(lambda m: _endpoint(m, lang), line)
    line = _SERVER.sub(lambda m: f"{m.group(1)} {tr(f'security.{m.group(2)}', lang)}", line)
    return _OUTCOME.sub(lambda m: tr(f"evidence.outcome.{m.group(1)}", lang), line)


def _endpoint(match: re.Match, lang: str | None) -> str:
    from wizard.core.engine.messages import outcome_label

    port, security, code = match.groups()
    return f"{port} {tr(f'security.{security}', lang)} {outcome_label(code, lang)}"
