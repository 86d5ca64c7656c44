"""The diagnosis table: data, read top to bottom, first match wins.

A failure is read in layers, most reliable first, so that a reply never seen before still lands
right (providers reword their texts; Postfix delays client, HELO and sender checks
to RCPT by default, https://www.postfix.org/postconf.5.html#smtpd_delay_reject):

1. what the engine itself saw (no reply: a TLS error, a timeout, a refused connection ...);
2. the enhanced status code (RFC 3463, https://www.iana.org/assignments/smtp-enhanced-status-codes)
   where it has one meaning, e.g. 5.7.9, 5.7.139, 5.1.1, 5.3.4;
3. what the reply says is rejected (``Client host``, ``Helo command``, ``Sender address``,
   ``Recipient address``, the content), whatever stage it arrives in;
4. the stage and what already succeeded: after a 235 a MAIL/RCPT refusal about the user or the
   authorization is a sender mismatch; without one, a login is missing;
5. words (English and Chinese), then the stage's default.

Add a row, not an ``if``. The module is long because it is the table itself (over 300 lines of
rows); the code that reads it is the short ``classify`` at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wizard.core.engine.api import Stage

AUTH_CODE_SECRETS = frozenset({"auth_code", "client_password", "app_password"})

_STATUS = re.compile(r"\s*([245]\.\d{1,3}\.\d{1,3})\b")

# What a reply says is rejected, whatever stage it comes in (layer 3). Each alternative names the
# source whose wording it was written from (None: generic or standard wording), so that
# benchmarks/diagnosis_score.py can leave one source out and score the rules on the others.
SUBJECTS: dict[str, tuple[tuple[str | None, str], ...]] = {
    "client": (
        ("postfix", r"client host (\[[^\]]*\] )?(rejected|blocked)"),
        (None, r"client host|blocked using|not in (the )?(whitelist|allowlist|allowed)"),
        (
            None,
            (
                r"\bip\b.{0,20}not (allowed|authori[sz]ed)|\b(dns|r)bl\b|rbl deny"
                r"|spamhaus|spamcop|barracuda|sorbs"
            ),
        ),
        (None, r"\b(listed|found) (on|at|in|by) \S*(bl|spamhaus|spamcop|barracuda|block|black)"),
        (None, r"reputation|rdns|reverse dns|ptr record|cannot find your (reverse )?hostname"),
        (None, r"(\bip|ip address|sending ip|your ip)\b.{0,40}(block|ban|blacklist|blocklist|denylist)"),
        (None, r"(block|ban|blacklist|blocklist|denylist)\w*.{0,30}\b(ip|network)\b|block ?list|black ?list"),
        (
            None,
            (
                r"from this ip|black ip|ip is rejected|invalid ip"
                r"|dynamic(ally)?[- ]assigned|dynamic ip|residential"
            ),
        ),
        (None, r"send(ing)? (email )?directly to our servers|connection (denied|refused|rejected)"),
        ("yahoo", r"possible open (relay|proxy)"),
        ("gmail", r"the ip address you've registered"),
        (
            None,
            r"ip.{0,12}(黑名单|被封|被禁|封禁|信誉|不在.{0,10}列表)|(黑名单|封禁|信誉).{0,12}ip|发信ip|rbl",
        ),
    ),
    "helo": (
        ("postfix", r"helo command rejected"),
        (
            None,
            r"(helo|ehlo).{0,6}(不允许|为空|无效|错误)|(invalid|bad|malformed|non-fqdn) (helo|ehlo|hostname)",
        ),
        (
            None,
            (
                r"helohost|\b(helo|ehlo|hostname)\b"
                r".{0,40}(fully.qualified|fqdn|invalid|not valid|rejected|forged|bad|not verified)"
            ),
        ),
    ),
    "sender": (
        ("postfix", r"sender address rejected"),
        ("exim", r"sender verify"),
        (
            None,
            r"sender.{0,12}(rejected|denied|refused|not allowed|unvalidated|failed)|from address rejected",
        ),
        (None, r"sender address|sender domain|sender's (mailbox|system)|envelope sender|fake sender"),
        (None, r"mail from.{0,20}(rejected|denied|not allowed)|denies the sender"),
    ),
    "recipient": (
        ("postfix", r"recipient address rejected"),
        (
            None,
            (
                r"recipient (rejected|unknown|not found)|rcpt is rejected"
                r"|user unknown|unknown user|user not found"
            ),
        ),
        (
            None,
            (
                r"no such (user|mailbox|recipient)"
                r"|mailbox (unavailable|not found|does not exist|is full|full|disabled)"
            ),
        ),
        (
            None,
            r"does not exist|invalid recipient|not our customer|user suspended|收件人|用户不存在|邮箱不存在",
        ),
    ),
    "relay": (
        ("postfix", r"relay access denied"),
        ("exim", r"relay not permitted"),
        ("sendmail", r"relaying denied"),
        (
            None,
            (
                r"relay(ing)?\b.{0,20}(denied|not permitted|not allowed|disallowed|refused)"
                r"|not permitted to relay"
            ),
        ),
        (None, r"unable to relay|we do not relay|denies relay|relay check|不允许转发|匿名转发|open relay"),
    ),
    "spam": (
        ("163", r"DT:SPM"),
        (None, r"spam(?!haus|cop)|垃圾邮件|\bjunk\b|unsolicited|content.{0,20}(reject|block|denied)"),
        (None, r"(reject|block).{0,20}content|message (looks|considered|classified).{0,20}(spam|suspicious)"),
    ),
}


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

    def subjects(self, left_out: str | None = None) -> frozenset[str]:
        return frozenset(
            name
            for name, alternatives in SUBJECTS.items()
            if any(
                (origin is None or origin != left_out) and re.search(words, self.text, re.IGNORECASE)
                for origin, words in alternatives
            )
        )


@dataclass(frozen=True)
class Rule:
    code: str
    field: str | None
    kinds: frozenset[str] = frozenset({"reply"})
    stages: frozenset[Stage] | None = None  # None: any stage
    reply_codes: str | None = None  # regex for the 3-digit code, e.g. r"53[08]"
    status: str | None = None  # regex for the enhanced status code, e.g. r"5\.7\.(9|139)"
    subject: str | None = None  # a key of SUBJECTS the reply must name
    words: str | None = None  # regex searched in the reply/error text
    secret_kinds: frozenset[str] | None = None
    authenticated: bool | None = None  # None: either
    variant: str | None = None  # picks a more specific message text
    origin: str | None = None  # the source whose wording it was written from (None: standards)

    def matches(self, seen: Reading, subjects: frozenset[str]) -> bool:
        return (
            seen.kind in self.kinds
            and (self.stages is None or seen.stage in self.stages)
            and (
                self.reply_codes is None
                or (seen.code is not None and re.fullmatch(self.reply_codes, str(seen.code)))
            )
            and (self.status is None or re.fullmatch(self.status, seen.status) is not None)
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
ENVELOPE = _s(SENDER, RECIPIENT)
_ENCRYPT_WORDS = r"starttls|\btls\b|\bssl\b|secure connection|encrypt|加密|安全连接"
_ABOUT_LOGIN = r"auth|log ?in|logged|认证|登录|验证|账号|account|user\b|username|identity|owner"
_MISMATCH_WORDS = "|".join(
    (
        r"same as (the )?auth|must be same|(does not|doesn.t|not) match (the )?(auth|login|user|account)",
        r"send ?as|not owned|owner mismatch|login mismatch|on behalf",
        r"(must|should) (be|equal|match).{0,30}(auth|login|user|account)",
        r"(auth|login)\w*.{0,20}(must|should) (be|equal|match)",
        r"不一致|不符|不匹配|必须.{0,8}(相同|一致)|发件人.{0,10}(账号|登录)",
    )
)

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
    Rule("starttls_unavailable", "security", stages=_s(Stage.TLS), reply_codes=r"4\d\d|50\d"),
    # == 2. enhanced status codes with one meaning ================================================
    Rule("encryption_required", "security", status=r"5\.7\.11"),  # encryption required for the mechanism
    Rule(
        "encryption_required",
        "security",
        # 503 too: Exim's AUTH ACL answers a refused AUTH with 503 and the administrator's text
        reply_codes=r"421|451|454|503|504|530|538|550|553|554",
        words=_ENCRYPT_WORDS,
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
    Rule(
        "sender_rejected",
        "sender",
        words=r"(?<![a-z])(spf|dkim|dmarc)(?![a-z])|openspf",
        variant="domain_auth",
    ),
    Rule(
        "server_rejected",
        "host",
        reply_codes=r"5\d\d",
        words=r"(messages|connections|mail) (will not be accepted )?from \[?\d{1,3}(\.\d{1,3}){3}",
        variant="ip",
    ),
    Rule("temporary_failure", None, status=r"4\.3\.\d{1,3}"),  # their mail system's trouble (X.3.x)
    Rule(
        "temporary_failure", None, reply_codes=r"4\d\d", words=r"too many (concurrent )?(smtp )?connections"
    ),
    # == 3. what the reply says is rejected ======================================================
    Rule("helo_rejected", "ehlo", subject="helo"),
    Rule("server_rejected", "host", subject="client", variant="ip"),
    Rule(
        "temporary_failure",
        None,
        reply_codes=r"4\d\d",
        words=r"(try|come back|retry|resend)\w*.{0,20}later|greylist",
    ),
    Rule(
        "sender_rejected",
        "sender",
        stages=_s(MESSAGE),
        words=r"authentication (checks|information)",  # SPF/DKIM, in Gmail's words
        variant="domain_auth",
        origin="gmail",
    ),
    Rule(
        "auth_failed",
        "password",
        stages=AFTER_LOGIN,
        words=r"\banonymous\b",
        authenticated=False,
        variant="required",
    ),
    Rule(
        "auth_code_required",
        "password",
        stages=AFTER_LOGIN,
        words=r"强制|安全登录|微信|客户端专用密码",
        origin="exmail",
    ),
    Rule("sender_mismatch", "sender", subject="sender", words=_MISMATCH_WORDS),
    Rule("sender_rejected", "sender", subject="sender", status=r"5\.1\.\d{1,3}"),  # the address itself
    Rule("sender_mismatch", "sender", subject="sender", words=_ABOUT_LOGIN, authenticated=True),
    Rule(
        "auth_failed",
        "password",
        subject="sender",
        words=_ABOUT_LOGIN,
        authenticated=False,
        variant="required",
    ),
    Rule("sender_rejected", "sender", subject="sender", status=r"4\.1\.[78]"),  # sender domain not found
    Rule("temporary_failure", None, reply_codes=r"4\d\d", subject="sender"),
    Rule("sender_rejected", "sender", subject="sender"),
    Rule("auth_failed", "password", subject="relay", authenticated=False, variant="required"),
    # after a login, a relay refusal once the recipients are accepted concerns the sender (Zoho)
    Rule("sender_mismatch", "sender", stages=_s(MESSAGE), subject="relay", authenticated=True),
    Rule("recipient_rejected", "recipient", subject="relay", variant="relay"),
    Rule("temporary_failure", None, reply_codes=r"4\d\d", subject="recipient"),
    Rule("recipient_rejected", "recipient", subject="recipient"),
    Rule("recipient_rejected", "recipient", status=r"5\.(1\.(1|2|3|6|10)|2\.[12])"),
    Rule("sender_rejected", "sender", status=r"5\.1\.[78]"),
    Rule("message_rejected_spam", None, subject="spam", reply_codes=r"5\d\d"),
    Rule(
        "message_rejected_spam",
        None,
        stages=_s(MESSAGE),
        reply_codes=r"5\d\d",
        words=r"inappropriate (words|content)",
        origin="qq",
    ),
    # == 4. AUTH: the login stage ================================================================
    Rule(
        "auth_code_required",
        "password",
        stages=_s(LOGIN),
        words=r"authori[sz]ation code|授权码|application-specific password|app password|应用专用密码"
        r"|专用密码",
    ),
    Rule(
        "smtp_disabled",
        "username",
        stages=_s(LOGIN, SENDER),
        words=r"smtpclientauthentication is disabled"
        r"|basic authentication is (disabled|not supported)"
        r"|service is not (open|enabled)|smtp.{0,20}(disabled|not enabled)"
        r"|未开启|没有开启|未开通|(smtp|服务).{0,6}(关闭|禁用)|没有权限|无权限",
    ),
    Rule("smtp_disabled", "username", stages=_s(LOGIN, SENDER), words=r"no permission", origin="163"),
    Rule(
        "auth_failed",
        "password",
        stages=_s(LOGIN),
        status=r"5\.7\.8",
        secret_kinds=frozenset({"", "account_password", "api_key", "smtp_password"}),
    ),
    Rule(
        "smtp_disabled",
        "username",
        stages=_s(LOGIN),
        reply_codes=r"(?!50[234])5\d\d",  # 503/504: no such login method, not a disabled account
        words=r"permission|not (allowed|permitted|enabled)|disabled|locked|禁用|未开启",
    ),
    Rule("auth_code_required", "password", stages=_s(LOGIN), words=r"system busy|系统繁忙", origin="exmail"),
    Rule(
        "auth_code_required",
        "password",
        stages=_s(LOGIN),
        reply_codes=r"53[45]",
        secret_kinds=AUTH_CODE_SECRETS,
    ),
    Rule("temporary_failure", None, stages=_s(LOGIN), reply_codes=r"4\d\d"),
    # 503 "authentication not enabled" / "AUTH command used when not advertised"; 504 mechanism.
    Rule("auth_unsupported", "username", stages=_s(LOGIN), reply_codes=r"50[234]"),
    Rule("auth_failed", "password", stages=_s(LOGIN)),
    # == 5. the stage and what already succeeded, then words =======================================
    Rule("sender_mismatch", "sender", stages=AFTER_LOGIN, words=_MISMATCH_WORDS),
    Rule(
        "sender_rejected",
        "sender",
        stages=_s(SENDER, MESSAGE),
        words=r"sender identity|not verified|unverified|local user only|sender domain"
        r"|发信地址|发件人|发信域名",
    ),
    Rule(
        "sender_rejected",
        "sender",
        stages=_s(SENDER, MESSAGE),
        words=r"notauthenticatedsender|sender.{0,6}没有经过认证",
        origin="tencent-ses",
    ),
    Rule(
        "sender_mismatch",
        "sender",
        stages=_s(SENDER),
        reply_codes=r"5\d\d",
        words=_ABOUT_LOGIN,
        authenticated=True,
    ),
    Rule(
        "auth_failed",
        "password",
        stages=AFTER_LOGIN,
        reply_codes=r"5\d\d",
        words=_ABOUT_LOGIN,
        authenticated=False,
        variant="required",
    ),
    Rule(
        "temporary_failure",
        None,
        words=r"rate limit|too many|frequen|quota|limit exceeded"
        r"|频率|频繁|(超过|超出).{0,10}(限制|限定|限额)",
        variant="rate",
    ),
    Rule("message_rejected", None, stages=_s(SENDER, MESSAGE), reply_codes=r"552", variant="size"),
    Rule("temporary_failure", None, reply_codes=r"4\d\d"),
    Rule("sender_rejected", "sender", stages=_s(SENDER)),
    Rule(
        "auth_failed",
        "password",
        stages=_s(RECIPIENT),
        words=r"allowed rcpthosts",  # qmail's relay refusal
        authenticated=False,
        variant="required",
        origin="qmail",
    ),
    Rule("recipient_rejected", "recipient", stages=_s(RECIPIENT)),
    Rule("message_rejected_spam", None, stages=_s(MESSAGE), subject="spam"),
    Rule("message_rejected", None, stages=_s(MESSAGE)),
    Rule("server_rejected", "host", stages=_s(Stage.EHLO)),
    # -- the connection ended or stalled -------------------------------------------------------
    Rule("connection_lost", None, _k("closed")),
    Rule("timeout", None, _k("read_timeout", "deadline")),
)

FALLBACK = Rule("connection_lost", None, _k("error"))


def classify(seen: Reading, left_out: str | None = None) -> Rule:
    """The first rule that matches; ``left_out`` ignores every rule and wording written from that
    source (the leave-one-source-out score of benchmarks/diagnosis_score.py)."""
    subjects = seen.subjects(left_out) if seen.kind == "reply" else frozenset()
    for rule in RULES:
        if (rule.origin is None or rule.origin != left_out) and rule.matches(seen, subjects):
            return rule
    return FALLBACK
