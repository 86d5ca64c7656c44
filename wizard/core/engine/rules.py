"""The diagnosis table: data, read top to bottom, first match wins.

A failure is described by its ``kind`` (what the engine saw: a reply, a TLS error, a timeout ...),
the ``stage`` it happened in, the SMTP reply code, the decoded reply/error text, and the
provider's secret kind. Each rule names the conditions it needs; empty conditions match anything.
Words are matched case-insensitively in English and Chinese, because providers reword their
replies: match meaning, not one exact sentence. Add a row, not an ``if``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wizard.core.engine.api import Stage

AUTH_CODE_SECRETS = frozenset({"auth_code", "client_password", "app_password"})


@dataclass(frozen=True)
class Rule:
    code: str
    field: str | None
    kinds: frozenset[str] = frozenset({"reply"})
    stages: frozenset[Stage] | None = None  # None: any stage
    reply_codes: str | None = None  # regex for the 3-digit code, e.g. r"53[08]"
    words: str | None = None  # regex searched in the reply/error text
    secret_kinds: frozenset[str] | None = None
    variant: str | None = None  # picks a more specific message text

    def matches(self, kind: str, stage: Stage, code: int | None, text: str, secret_kind: str) -> bool:
        return (
            kind in self.kinds
            and (self.stages is None or stage in self.stages)
            and (self.reply_codes is None or (code is not None and re.fullmatch(self.reply_codes, str(code))))
            and (self.words is None or re.search(self.words, text, re.IGNORECASE) is not None)
            and (self.secret_kinds is None or secret_kind in self.secret_kinds)
        )


def _k(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


def _s(*stages: Stage) -> frozenset[Stage]:
    return frozenset(stages)


LOGIN, SENDER, RECIPIENT, MESSAGE = Stage.LOGIN, Stage.SENDER, Stage.RECIPIENT, Stage.MESSAGE
AFTER_LOGIN = _s(SENDER, RECIPIENT, MESSAGE)

RULES: tuple[Rule, ...] = (
    # -- outcomes decided by the engine itself -------------------------------------------------
    Rule("cancelled", None, _k("cancelled")),
    Rule("invalid_input", None, _k("invalid_input")),
    Rule("rate_limited", "recipient", _k("rate_limited")),
    Rule("starttls_unavailable", "security", _k("starttls_missing")),
    Rule("plaintext_auth_blocked", "security", _k("plaintext_auth")),
    Rule("auth_unsupported", "username", _k("auth_missing")),
    # -- network -----------------------------------------------------------------------------
    # "no answer from DNS" (offline, filtered) must never read as "this name does not exist"
    Rule(
        "dns_failure", "host", _k("dns"), words=r"temporary failure|timed out|try again", variant="no_network"
    ),
    Rule("dns_failure", "host", _k("dns")),
    Rule("connection_refused", "port", _k("refused")),
    Rule("connection_refused", "host", _k("unreachable"), variant="blocked"),
    Rule("connect_timeout", "port", _k("connect_timeout")),
    Rule("greeting_timeout", "security", _k("no_greeting")),
    # -- TLS ---------------------------------------------------------------------------------
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
    # -- "encrypt first" at any stage: Gmail/SES 530, aiosmtpd 538, M365 451 5.7.3, QQ 530 on 25 --
    Rule(
        "encryption_required",
        "security",
        reply_codes=r"530|538|451|454|550|553",
        words=r"starttls|\btls\b|\bssl\b|secure connection|encrypt|加密|安全连接",
    ),
    # -- AUTH ----------------------------------------------------------------------------------
    Rule(
        "auth_code_required",
        "password",
        stages=_s(LOGIN),
        words=r"authori[sz]ation code|授权码|application-specific password|app password|应用专用密码"
        r"|专用密码|5\.7\.9\b",
    ),
    Rule(
        "smtp_disabled",
        "username",
        stages=_s(LOGIN, SENDER),
        words=r"no permission|smtpclientauthentication is disabled"
        r"|basic authentication is (disabled|not supported)"
        r"|5\.7\.139|5\.7\.30\b|service is not (open|enabled)|smtp.{0,20}(disabled|not enabled)"
        r"|未开启|没有开启|未开通|(smtp|服务).{0,6}(关闭|禁用)|没有权限|无权限",
    ),
    Rule("auth_code_required", "password", stages=_s(LOGIN), words=r"system busy|系统繁忙"),  # exmail
    Rule(
        "auth_code_required",
        "password",
        stages=_s(LOGIN),
        reply_codes=r"53[45]",
        secret_kinds=AUTH_CODE_SECRETS,
    ),
    Rule("temporary_failure", None, stages=_s(LOGIN), reply_codes=r"4\d\d"),
    Rule("auth_unsupported", "username", stages=_s(LOGIN), reply_codes=r"504"),
    Rule("auth_failed", "password", stages=_s(LOGIN)),
    # -- MAIL FROM / RCPT TO / DATA --------------------------------------------------------------
    # exmail when the admin forces "secure login" (WeChat binding): GBK text at MAIL FROM.
    Rule("auth_code_required", "password", stages=AFTER_LOGIN, words=r"强制|安全登录|微信|客户端专用密码"),
    Rule(
        "sender_mismatch",
        "sender",
        stages=AFTER_LOGIN,
        words=r"same as (the )?auth|must be same|does not match (the )?(auth|login|user)|5\.7\.60\b|send as"
        r"|not owned|不一致|必须.{0,8}(相同|一致)|发件人.{0,10}(账号|登录)",
    ),
    Rule(
        "auth_failed",
        "password",
        stages=AFTER_LOGIN,
        reply_codes=r"5\d\d",
        words=r"auth|log ?in|认证|登录|验证",
        variant="required",
    ),
    Rule(
        "sender_rejected",
        "sender",
        stages=_s(SENDER, MESSAGE),
        words=r"sender identity|not verified|local user only|sender address rejected"
        r"|sender.{0,12}(denied|not allowed)"
        r"|发信地址|发件人",
    ),
    Rule(
        "temporary_failure",
        None,
        stages=AFTER_LOGIN,
        words=r"rate limit|too many|frequen|频率|频繁|超过.{0,6}限制",
        variant="rate",
    ),
    Rule("message_rejected", None, stages=_s(SENDER, MESSAGE), reply_codes=r"552", variant="size"),
    Rule("temporary_failure", None, reply_codes=r"4\d\d"),
    Rule("sender_rejected", "sender", stages=_s(SENDER)),
    Rule("recipient_rejected", "recipient", stages=_s(RECIPIENT)),
    Rule(
        "message_rejected_spam",
        None,
        stages=_s(MESSAGE),
        words=r"DT:SPM|spam|垃圾邮件|junk|content.{0,20}(reject|block)|(reject|block).{0,20}content",
    ),
    Rule("message_rejected", None, stages=_s(MESSAGE)),
    Rule("server_rejected", "host", stages=_s(Stage.EHLO)),
    # -- the connection ended or stalled -------------------------------------------------------
    Rule("connection_lost", None, _k("closed")),
    Rule("timeout", None, _k("read_timeout", "deadline")),
)

FALLBACK = Rule("connection_lost", None, _k("error"))
