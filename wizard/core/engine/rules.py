"""The diagnosis table: data, read top to bottom, first match wins.

A failure is read by meaning, in layers, most reliable first, so that a reply never seen before
still lands right (providers reword their texts; Postfix delays client, HELO and sender checks
to RCPT by default, https://www.postfix.org/postconf.5.html#smtpd_delay_reject):

1. what the engine itself saw (no reply: a TLS error, a timeout, a refused connection ...);
2. a status code with one meaning: the enhanced status code (RFC 3463,
   https://www.iana.org/assignments/smtp-enhanced-status-codes) such as 5.7.9, 5.7.139, 5.1.1,
   5.3.4, or a reply code RFC 4954 gives one meaning to AUTH (535, 504);
3. the stated reason (credentials, mechanism, identity, app password, quota/rate, IP or domain
   reputation, account block, content, size, routing ...), whatever object the reply attaches it
   to: "Recipient address rejected: daily sending quota exceeded" is a quota, not a recipient.
   The words of each reason are data, by concept, in resources/diagnosis_reasons.json;
4. the object the reply names (``Sender address``, ``Recipient address``) and the stage, with
   what already succeeded (a 235 before a MAIL refusal about the user: a sender mismatch);
5. the stage alone, then the code class alone (4xx: temporary). These two are guesses: their
   rules name two likely causes (``alternatives``) and the diagnosis says it is not sure.

Each rule's ``basis`` says which layer decided. Add a row, not an ``if``. The module is long
because it is the table itself; the code that reads it is the short ``classify`` at the end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from wizard.core.engine.api import Stage
from wizard.core.paths import resource

AUTH_CODE_SECRETS = frozenset({"auth_code", "client_password", "app_password"})
# How a diagnosis was reached, strongest first. The last two are guesses (see ``UNCERTAIN``).
BASES = ("observed", "enhanced_code", "reason_words", "stage_only", "code_class_only")
UNCERTAIN = frozenset({"stage_only", "code_class_only"})

_STATUS = re.compile(r"\s*([245]\.\d{1,3}\.\d{1,3})\b")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HIGH_LATIN = re.compile(r"[\x80-\xff]")

# What a reply says is rejected (layer 4), whatever stage it comes in. Each alternative names the
# source whose wording it was written from (None: generic or standard wording), so that
# benchmarks/diagnosis_score.py can leave one source out and score the rules on the others.
SUBJECTS: dict[str, tuple[tuple[str | None, str], ...]] = {
    "sender": (
        ("postfix", r"sender address rejected"),
        ("exim", r"sender verify"),
        (
            None,
            r"sender.{0,12}(rejected|denied|refused|not allowed|unvalidated|fail)|from address rejected",
        ),
        (None, r"sender address|sender domain|sender's (mailbox|system)|envelope sender|fake sender"),
        (None, r"mail from.{0,20}(rejected|denied|not allowed|invalid)|denies the sender|发件人|发信人"),
        (None, r"blocked senders?"),
    ),
    "recipient": (
        ("postfix", r"recipient address rejected"),
        (None, r"recipient|\brcpt\b|target address|收件人"),
    ),
}


@cache
def vocabulary() -> dict[str, tuple[tuple[str | None, re.Pattern[str]], ...]]:
    """resources/diagnosis_reasons.json compiled: per concept, (origin, pattern) pairs; the
    generic synonyms of a concept are one pattern (origin None)."""
    data = json.loads(resource("diagnosis_reasons.json").read_text(encoding="utf-8"))
    compiled: dict[str, tuple[tuple[str | None, re.Pattern[str]], ...]] = {}
    for name, concept in data["concepts"].items():
        generic = [*concept.get("en", ()), *concept.get("zh", ())]
        pairs: list[tuple[str | None, re.Pattern[str]]] = []
        if generic:
            pairs.append((None, re.compile("|".join(f"(?:{w})" for w in generic), re.IGNORECASE)))
        for origin, words in concept.get("from", {}).items():
            pairs.append((origin, re.compile("|".join(f"(?:{w})" for w in words), re.IGNORECASE)))
        compiled[name] = tuple(pairs)
    return compiled


def readable(text: str) -> str:
    """A GBK/GB18030 reply that was decoded as Latin-1 somewhere on its way (a relay, a log,
    a bounce) shows as ``ÓÃ»§ÎÞÈ¨µÇÂ½``; read it as the Chinese it was (用户无权登陆)."""
    if not _HIGH_LATIN.search(text) or _CJK.search(text):
        return text
    try:
        repaired = text.encode("latin-1").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return repaired if _CJK.search(repaired) else text


def _allowed(origin: str | None, left_out: frozenset[str]) -> bool:
    return origin is None or origin not in left_out


@dataclass(frozen=True)
class Reading:
    """What the rules look at, worked out once per failure."""

    kind: str
    stage: Stage
    code: int | None
    text: str
    secret_kind: str = ""
    authenticated: bool = False  # a 235 came on this connection before the failure

    @property
    def status(self) -> str:
        match = _STATUS.match(self.text)
        return match.group(1) if match else ""

    def subjects(self, left_out: frozenset[str] = frozenset()) -> frozenset[str]:
        return frozenset(
            name
            for name, alternatives in SUBJECTS.items()
            if any(
                _allowed(origin, left_out) and re.search(words, self.text, re.IGNORECASE)
                for origin, words in alternatives
            )
        )

    def reasons(self, left_out: frozenset[str] = frozenset()) -> frozenset[str]:
        return frozenset(
            name
            for name, pairs in vocabulary().items()
            if any(_allowed(origin, left_out) and pattern.search(self.text) for origin, pattern in pairs)
        )


@dataclass(frozen=True)
class Rule:
    code: str
    field: str | None
    kinds: frozenset[str] = frozenset({"reply"})
    stages: frozenset[Stage] | None = None  # None: any stage
    reply_codes: str | None = None  # regex for the 3-digit code, e.g. r"53[08]"
    status: str | None = None  # regex for the enhanced status code, e.g. r"5\.7\.(9|139)"
    reason: str | None = None  # a concept of resources/diagnosis_reasons.json the reply states
    subject: str | None = None  # a key of SUBJECTS the reply must name
    words: str | None = None  # regex searched in the reply/error text
    secret_kinds: frozenset[str] | None = None
    authenticated: bool | None = None  # None: either
    variant: str | None = None  # picks a more specific message text
    origin: str | None = None  # the source whose wording it was written from (None: standards)
    # A reply code with one meaning at this stage (RFC 4954's 535 and 504 to AUTH) counts as a
    # status code: the rule is as sure as one that reads 5.7.8.
    one_meaning: bool = False
    # For a guess (stage or code class only): the two likely causes, "code" or "code.variant",
    # the first being this rule's own.
    alternatives: tuple[str, ...] = ()

    @property
    def basis(self) -> str:
        if self.kinds != frozenset({"reply"}):
            return "observed"
        if self.status is not None or self.one_meaning:
            return "enhanced_code"
        if self.words is not None or self.subject is not None or self.reason is not None:
            return "reason_words"
        if self.stages is not None or self.secret_kinds is not None:
            return "stage_only"
        return "code_class_only"

    def matches(self, seen: Reading, subjects: frozenset[str], reasons: frozenset[str]) -> bool:
        return (
            seen.kind in self.kinds
            and (self.stages is None or seen.stage in self.stages)
            and (
                self.reply_codes is None
                or (seen.code is not None and re.fullmatch(self.reply_codes, str(seen.code)))
            )
            and (self.status is None or re.fullmatch(self.status, seen.status) is not None)
            and (self.reason is None or self.reason in reasons)
            and (self.subject is None or self.subject in subjects)
            and (self.words is None or re.search(self.words, seen.text, re.IGNORECASE) is not None)
            and (self.secret_kinds is None or seen.secret_kind in self.secret_kinds)
            and (self.authenticated is None or seen.authenticated is self.authenticated)
        )


def _k(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


def _s(*stages: Stage) -> frozenset[Stage]:
    return frozenset(stages)


LOGIN, SENDER, RECIPIENT, MESSAGE = Stage.LOGIN, Stage.SENDER, Stage.RECIPIENT, Stage.MESSAGE
AFTER_LOGIN = _s(SENDER, RECIPIENT, MESSAGE)
NOT_LOGIN = _s(Stage.EHLO, SENDER, RECIPIENT, MESSAGE)
_ABOUT_LOGIN = r"auth|log ?in|logged|认证|登录|验证|账号|account|user\b|username|identity|owner"
PERMANENT = r"5\d\d"

RULES: tuple[Rule, ...] = (
    # == 1. outcomes decided by the engine itself ===============================================
    Rule("cancelled", None, _k("cancelled")),
    Rule("invalid_input", None, _k("invalid_input")),
    Rule("rate_limited", "recipient", _k("rate_limited")),
    Rule("starttls_unavailable", "security", _k("starttls_missing")),
    Rule("plaintext_auth_blocked", "security", _k("plaintext_auth")),
    Rule("encryption_required", "security", _k("auth_needs_tls"), variant="auth_after_tls"),
    Rule("auth_unsupported", "username", _k("auth_missing")),
    # "no answer from DNS" (offline, filtered) must never read as "this name does not exist"
    Rule(
        "dns_failure", "host", _k("dns"), words=r"temporary failure|timed out|try again", variant="no_network"
    ),
    Rule("dns_failure", "host", _k("dns")),
    Rule("connection_refused", "port", _k("refused")),
    Rule("connection_refused", "host", _k("unreachable"), variant="blocked"),
    Rule("connect_timeout", "port", _k("connect_timeout")),
    Rule("greeting_timeout", "security", _k("no_greeting")),
    Rule("tls_failed", "security", _k("tls_timeout"), variant="timeout"),
    Rule("tls_expired", "host", _k("tls_verify"), words=r"expired|not yet valid"),
    Rule("tls_hostname_mismatch", "host", _k("tls_verify"), words=r"mismatch|not valid for|doesn't match"),
    Rule("tls_untrusted", "host", _k("tls_verify")),
    Rule("tls_untrusted", "host", _k("tls_pin"), variant="pin"),
    Rule(
        "tls_on_plain_port",
        "security",
        _k("tls"),
        words=r"wrong.version.number|record.layer.failure|first record|http.request|unknown.protocol"
        r"|packet.length.too.long|record.length|record_overflow",
    ),
    Rule(
        "tls_failed",
        "security",
        _k("tls"),
        words=r"protocol.version|unsupported.protocol|no.protocols",
        variant="old",
    ),
    Rule("tls_failed", "security", _k("tls")),
    Rule("connection_lost", None, _k("closed")),
    Rule("timeout", None, _k("read_timeout", "deadline")),
    Rule("starttls_unavailable", "security", stages=_s(Stage.TLS), reply_codes=r"[45]\d\d", one_meaning=True),
    # == 2. status codes with one meaning ==========================================================
    Rule("encryption_required", "security", status=r"5\.7\.11"),  # encryption required for the mechanism
    Rule(
        "encryption_required",
        "security",
        # 503 too: Exim's AUTH ACL answers a refused AUTH with 503 and the administrator's text
        reply_codes=r"421|451|454|503|504|523|530|538|550|553|554",
        reason="encryption",
    ),
    Rule("auth_code_required", "password", stages=_s(LOGIN), status=r"5\.7\.9"),  # too weak: app password
    Rule(
        "auth_failed",
        "password",
        status=r"5\.7\.139",
        words=r"credentials (were|are) incorrect",
        origin="microsoft",
    ),
    Rule(
        "smtp_disabled", "username", status=r"5\.7\.(139|30)", origin="microsoft"
    ),  # Microsoft 365: SMTP AUTH off
    Rule(
        "sender_mismatch", "sender", status=r"5\.7\.60", origin="microsoft"
    ),  # Microsoft 365: no send-as right
    Rule(
        "auth_failed", "password", status=r"5\.7\.57", variant="required", origin="microsoft"
    ),  # anonymous mail refused
    Rule("server_rejected", "host", status=r"5\.7\.(25|511|6[0-4]\d)", variant="ip"),  # no PTR; MS IP blocks
    Rule("message_rejected", None, status=r"5\.(3\.4|2\.3)", variant="size"),
    Rule("sender_rejected", "sender", status=r"5\.7\.2[3467]", variant="domain_auth"),  # SPF/DKIM/DMARC
    # repeated failed logins: the credentials are the root cause, unless the server says "later"
    Rule("temporary_failure", None, stages=_s(LOGIN), reply_codes=r"4\d\d", reason="later"),
    Rule("auth_failed", "password", stages=_s(LOGIN), reason="lockout"),
    Rule("temporary_failure", None, status=r"4\.3\.\d{1,3}"),  # their mail system's trouble (X.3.x)
    Rule("sender_rejected", "sender", status=r"5\.1\.[78]"),  # the sender's domain or address is bad
    # Exchange's recipient resolution (RESOLVER.RST: the recipient accepts only some senders)
    Rule("recipient_rejected", "recipient", words=r"resolver\.(rst|adr)\.", origin="microsoft"),
    # == 3. the stated reason, whatever object it is attached to ===================================
    Rule("auth_code_required", "password", reason="app_password"),
    Rule("smtp_disabled", "username", reason="smtp_off"),
    Rule("auth_unsupported", "username", stages=_s(LOGIN), reason="mechanism"),
    Rule("helo_rejected", "ehlo", reply_codes=PERMANENT, reason="helo"),
    # the sender's domain listed or of poor reputation is the domain's problem, not this IP's
    Rule("sender_rejected", "sender", reason="domain_reputation", variant="domain_blocklist"),
    Rule("message_rejected_spam", None, reply_codes=PERMANENT, reason="listed_content"),
    Rule("temporary_failure", None, reason="rate", words=r"frequen|频率", variant="rate"),
    # a blocked or listed IP is the IP's problem even when the server says "try again later"
    Rule(
        "server_rejected",
        "host",
        reason="ip_reputation",
        words=r"block|listed|\bban|not accepted|denied|reputation",
        variant="ip",
    ),
    Rule("temporary_failure", None, reply_codes=r"4\d\d", words=r"\btemporar|\bdeferred"),
    Rule("temporary_failure", None, reason="later"),
    Rule("temporary_failure", None, reason="expired"),
    Rule("helo_rejected", "ehlo", reason="helo"),
    Rule("sender_rejected", "sender", reason="domain_auth", variant="domain_auth"),
    Rule("server_rejected", "host", reason="ip_reputation", variant="ip"),
    # what the server says it lacks wins over what the stage suggests, even after a 235
    Rule("auth_failed", "password", stages=NOT_LOGIN, reason="not_authenticated", variant="required"),
    Rule("sender_rejected", "sender", stages=NOT_LOGIN, reply_codes=PERMANENT, reason="sender_setup"),
    Rule("sender_mismatch", "sender", stages=NOT_LOGIN, reason="identity"),
    # a blocked account at RCPT or after DATA that is the recipient's mailbox
    Rule(
        "recipient_rejected",
        "recipient",
        stages=_s(RECIPIENT, MESSAGE),
        reason="account_block",
        words=r"mailbox|recipient|destinat|discontinued",
    ),
    Rule("account_blocked", None, reply_codes=PERMANENT, reason="account_block"),
    Rule("account_blocked", None, reason="account_inactive"),
    Rule(
        "recipient_rejected",
        "recipient",
        stages=_s(RECIPIENT, MESSAGE),
        reply_codes=PERMANENT,
        reason="mailbox_full",
    ),
    Rule("message_rejected", None, reason="size", variant="size"),
    Rule("temporary_failure", None, reason="rate", variant="rate"),
    # a provider that wants its own code: "wrong password" most likely means the web password
    Rule(
        "auth_code_required",
        "password",
        stages=_s(LOGIN),
        reply_codes=r"53[45]",
        reason="credentials",
        secret_kinds=AUTH_CODE_SECRETS,
    ),
    Rule("auth_failed", "password", stages=_s(LOGIN), reply_codes=PERMANENT, reason="credentials"),
    Rule("message_rejected", None, reason="format"),
    Rule("message_rejected_spam", None, reply_codes=PERMANENT, reason="content"),
    Rule("auth_failed", "password", reason="relay", authenticated=False, variant="required"),
    # after a login, a relay refusal once the recipients are accepted concerns the sender (Zoho)
    Rule("sender_mismatch", "sender", stages=_s(MESSAGE), reason="relay", authenticated=True),
    Rule("recipient_rejected", "recipient", reason="relay", variant="relay"),
    Rule("recipient_rejected", "recipient", reason="loop"),
    # an unknown address is the object's: the sender's or the recipient's (Postfix's pending
    # address verification is temporary)
    Rule(
        "temporary_failure",
        None,
        stages=_s(RECIPIENT, MESSAGE),
        reply_codes=r"4\d\d",
        words=r"unverified address|mailbox (is )?(temporarily )?(unavailable|busy)"
        r"|recipient.{0,30}domain not found",
    ),
    Rule("sender_rejected", "sender", reason="unknown_address", subject="sender"),
    Rule("sender_rejected", "sender", stages=_s(SENDER), reason="unknown_address"),
    Rule("recipient_rejected", "recipient", reason="unknown_address"),
    Rule("auth_failed", "password", stages=NOT_LOGIN, reply_codes=PERMANENT, reason="credentials"),
    # == 4. the object the reply names, and the stage with what already succeeded ==================
    Rule("sender_rejected", "sender", subject="sender", status=r"5\.1\.\d{1,3}"),  # the address itself
    Rule("temporary_failure", None, reply_codes=r"4\d\d", subject="sender"),
    Rule("sender_rejected", "sender", subject="sender"),
    Rule("temporary_failure", None, reply_codes=r"4\d\d", subject="recipient"),
    Rule("recipient_rejected", "recipient", subject="recipient"),
    Rule("recipient_rejected", "recipient", status=r"5\.(1\.(1|2|3|6|10)|2\.[12])"),
    Rule(
        "auth_failed",
        "password",
        stages=_s(LOGIN),
        status=r"5\.7\.8",
        secret_kinds=frozenset({"", "account_password", "api_key", "smtp_password"}),
    ),
    Rule(
        "sender_mismatch",
        "sender",
        stages=_s(SENDER),
        reply_codes=PERMANENT,
        words=_ABOUT_LOGIN,
        authenticated=True,
    ),
    Rule(
        "auth_failed",
        "password",
        stages=AFTER_LOGIN,
        reply_codes=PERMANENT,
        words=_ABOUT_LOGIN,
        authenticated=False,
        variant="required",
    ),
    # A login refused without a word about why, by a provider that wants its own code: that code
    # is the likelier fault, but it is a guess.
    Rule(
        "auth_code_required",
        "password",
        stages=_s(LOGIN),
        reply_codes=r"53[45]",
        secret_kinds=AUTH_CODE_SECRETS,
        alternatives=("auth_code_required", "auth_failed"),
    ),
    # 503 "authentication not enabled" / "AUTH command used when not advertised"; 504 mechanism.
    Rule("auth_unsupported", "username", stages=_s(LOGIN), reply_codes=r"50[234]", one_meaning=True),
    Rule("message_rejected", None, stages=NOT_LOGIN, status=r"5\.3\.\d{1,3}"),  # their mail system (X.3.x)
    # a policy at MAIL FROM refuses the sender; elsewhere, without a reason or an object, it is the
    # server's refusal of this message
    Rule("sender_rejected", "sender", stages=_s(SENDER), reply_codes=PERMANENT, reason="policy"),
    Rule(
        "message_rejected",
        None,
        stages=_s(Stage.EHLO, RECIPIENT, MESSAGE),
        reply_codes=PERMANENT,
        reason="policy",
    ),
    # 503 after the login: commands out of order (RFC 5321), not a fault of an address
    Rule("message_rejected", None, stages=AFTER_LOGIN, reply_codes=r"503", one_meaning=True),
    Rule("starttls_unavailable", "security", stages=_s(Stage.EHLO), reason="encryption"),
    # 501 to EHLO: a syntax error in its one argument, the name (RFC 5321 4.1.1.1)
    Rule("helo_rejected", "ehlo", stages=_s(Stage.EHLO), reply_codes=r"501", one_meaning=True),
    # == 5. guesses: the stage alone, then the code class alone ======================================
    Rule(
        "temporary_failure",
        None,
        reply_codes=r"4\d\d",
        alternatives=("temporary_failure", "temporary_failure.rate"),
    ),
    Rule("auth_failed", "password", stages=_s(LOGIN), alternatives=("auth_failed", "smtp_disabled")),
    Rule(
        "message_rejected",
        None,
        stages=_s(SENDER, MESSAGE),
        reply_codes=r"552",
        variant="size",
        alternatives=("message_rejected.size", "temporary_failure.rate"),
    ),
    Rule(
        "sender_rejected",
        "sender",
        stages=_s(SENDER),
        authenticated=True,
        alternatives=("sender_rejected", "sender_mismatch"),
    ),
    Rule(
        "sender_rejected",
        "sender",
        stages=_s(SENDER),
        alternatives=("sender_rejected", "auth_failed.required"),
    ),
    Rule(
        "recipient_rejected",
        "recipient",
        stages=_s(RECIPIENT),
        alternatives=("recipient_rejected", "server_rejected.ip"),
    ),
    Rule(
        "message_rejected",
        None,
        stages=_s(MESSAGE),
        alternatives=("message_rejected", "sender_rejected.domain_auth"),
    ),
    Rule(
        "server_rejected", "host", stages=_s(Stage.EHLO), alternatives=("server_rejected.ip", "helo_rejected")
    ),
)

FALLBACK = Rule("connection_lost", None, _k("error"))


def field_of(code: str) -> str | None:
    """The settings field a diagnosis code concerns (the field of its rules)."""
    return next((rule.field for rule in RULES if rule.code == code), None)


def _left_out(left_out: str | Collection[str] | None) -> frozenset[str]:
    if left_out is None:
        return frozenset()
    return frozenset({left_out}) if isinstance(left_out, str) else frozenset(left_out)


def classify(seen: Reading, left_out: str | Collection[str] | None = None) -> Rule:
    """The first rule that matches; ``left_out`` ignores every rule and wording written from those
    sources (the leave-one-out scores of benchmarks/diagnosis_score.py)."""
    excluded = _left_out(left_out)
    if seen.kind == "reply":
        seen = Reading(
            seen.kind, seen.stage, seen.code, readable(seen.text), seen.secret_kind, seen.authenticated
        )
        subjects, reasons = seen.subjects(excluded), seen.reasons(excluded)
    else:
        subjects = reasons = frozenset()
    for rule in RULES:
        if _allowed(rule.origin, excluded) and rule.matches(seen, subjects, reasons):
            return rule
    return FALLBACK
