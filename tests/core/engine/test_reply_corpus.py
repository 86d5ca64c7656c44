"""The reply corpus (tests/data/replies*.csv, development part): real replies with their
sources, read by the rules.

The same score benchmarks/diagnosis_score.py prints; here it guards the targets, including the
leave-one-source-out and leave-one-provider-out runs where each source's (provider's) replies are
read without the wordings written from it. The frozen held-out part is never read here: only the
benchmark reads it.
"""

from __future__ import annotations

import pytest

from benchmarks.diagnosis_score import (
    CONFIDENTLY_WRONG_TARGET,
    OVERALL_TARGET,
    PER_CODE_TARGET,
    development,
    leave_source_out,
    outcome,
    provider_leaver,
    score,
)
from wizard.core.catalog import load_catalog
from wizard.core.engine.diagnosis import Failure, diagnose
from wizard.core.engine.rules import FALLBACK, RULES, UNCERTAIN, vocabulary

CASES = development()
CODES = {rule.code for rule in (*RULES, FALLBACK)}


def test_the_corpus_is_large_sourced_and_well_formed():
    assert len(CASES) >= 150
    assert len({case.source for case in CASES}) >= 15
    for case in CASES:
        assert case.url.startswith(("https://", "http://")), case
        assert case.expected[0] in CODES, case
        assert 200 <= case.reading.code < 600


def test_the_score_is_what_the_engine_diagnoses():
    # The benchmark reads the rule table; a failed test reads it through diagnose(). They must
    # agree on every reply (code and field), or the score would describe another program.
    for case in CASES:
        failure = Failure(
            "reply",
            case.reading.stage,
            case.reading.code,
            case.reading.text,
            authenticated=case.reading.authenticated,
        )
        provider = next((p for p in load_catalog() if p.secret.kind == case.reading.secret_kind), None)
        diagnosis = diagnose(failure, None, provider=provider if case.reading.secret_kind else None)
        code, field = outcome(case)
        assert diagnosis.code == code, case
        if diagnosis.basis in UNCERTAIN:  # a guess blames no field; its first alternative is the code
            assert diagnosis.field is None and diagnosis.fix is None, case
            assert diagnosis.alternatives[0].split(".")[0] == code, case
        else:
            assert (diagnosis.field or "") == field, case


def test_expected_fields_are_those_of_the_expected_codes():
    fields = {rule.code: rule.field or "" for rule in RULES if rule.kinds == frozenset({"reply"})}
    for case in CASES:
        assert case.expected[1] == fields[case.expected[0]], case


@pytest.mark.parametrize("run", ["all-rules", "leave-one-source-out", "leave-one-provider-out"])
def test_the_rules_meet_the_targets(run):
    leaver = {"all-rules": None, "leave-one-source-out": leave_source_out}.get(run, provider_leaver(CASES))
    result = score(CASES, leaver)
    misses = "\n".join(
        f"{m['provider']}: {m['reply']} -> {m['got']} (want {m['expected']})" for m in result["misses"]
    )
    assert result["overall"] >= OVERALL_TARGET, misses
    assert result["confidently_wrong"] <= CONFIDENTLY_WRONG_TARGET, misses
    assert min(result["per_code"].values()) >= PER_CODE_TARGET, (result["per_code"], misses)


def _winners(case):
    """The reply rules that match ``case``, in table order."""
    from wizard.core.engine.rules import Reading, readable

    seen = case.reading
    seen = Reading(
        seen.kind, seen.stage, seen.code, readable(seen.text), seen.secret_kind, seen.authenticated
    )
    subjects, reasons = seen.subjects(), seen.reasons()
    return [rule for rule in RULES if rule.matches(seen, subjects, reasons)]


def test_every_rule_has_a_corpus_row_that_fails_without_it():
    # A rule earns its row in the table by deciding some real reply right that the rest of the
    # table would read wrong, or only guess (a guess blames no field and offers no fix). Not
    # held to it: the enhanced status codes (RFC 3463 gives them their meaning, and the words of
    # the replies that carry them usually agree) and the guesses, which catch what nothing else
    # reads (test_uncertain.py shows them).
    needed = set()
    for case in CASES:
        matching = _winners(case)
        if not matching or (matching[0].code, matching[0].field or "") != case.expected:
            continue
        after = matching[1] if len(matching) > 1 else FALLBACK
        if (after.code, after.field or "") != case.expected or (
            after.basis in UNCERTAIN and matching[0].basis not in UNCERTAIN
        ):
            needed.add(RULES.index(matching[0]))
    unneeded = [
        rule
        for i, rule in enumerate(RULES)
        if i not in needed
        and rule.kinds == frozenset({"reply"})
        and rule.status is None
        and rule.basis not in UNCERTAIN
    ]
    assert not unneeded, "\n".join(map(repr, unneeded))


def test_every_reason_concept_reads_some_corpus_row():
    texts = [case.reading.text for case in CASES]
    for concept, pairs in vocabulary().items():
        for origin, pattern in pairs:
            assert any(pattern.search(text) for text in texts), (concept, origin)


@pytest.mark.parametrize(
    ("stage", "code", "text", "authenticated", "expected"),
    [
        # Item 7: a paraphrase after a successful login is a sender mismatch, not a wrong password.
        (
            "sender",
            550,
            "The envelope sender has to be identical to the account you logged in with",
            True,
            "sender_mismatch",
        ),
        ("sender", 553, "5.7.1 Sender must equal the authorized user", True, "sender_mismatch"),
        ("sender", 550, "Denied: this login may only use its own address", True, "sender_mismatch"),
        # ... while the same kind of words without a login mean the login is missing.
        ("sender", 550, "You must log in before sending", False, "auth_failed"),
        # Item 3: client, HELO and sender checks delayed to RCPT are not the recipient's fault.
        (
            "recipient",
            553,
            "5.7.1 <alice@example.com>: Sender address rejected: not logged in",
            False,
            "auth_failed",
        ),
        (
            "recipient",
            554,
            "5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied",
            False,
            "server_rejected",
        ),
        (
            "recipient",
            504,
            "5.5.2 <vm>: Helo command rejected: need fully-qualified hostname",
            False,
            "helo_rejected",
        ),
        # Item 10: blocklists and IP policy, at MAIL or RCPT, concern the sending IP.
        (
            "sender",
            554,
            "5.7.1 Your IP 192.0.2.7 is listed by bl.example-dnsbl.org",
            False,
            "server_rejected",
        ),
        ("recipient", 550, "5.7.606 Access denied, banned sending IP [192.0.2.7]", True, "server_rejected"),
        ("sender", 550, "此IP已被列入黑名单,拒绝投递", True, "server_rejected"),
    ],
)
def test_replies_never_seen_are_read_by_meaning(stage, code, text, authenticated, expected):
    from wizard.core.engine.api import Stage
    from wizard.core.engine.rules import Reading, classify

    assert classify(Reading("reply", Stage(stage), code, text, "", authenticated)).code == expected


# Issue 20: one of each kind of reply the rules used to read wrong, in wordings of our own (the
# corpus rows are the real ones). The stated reason decides, not the code class or the object.
@pytest.mark.parametrize(
    ("stage", "code", "text", "authenticated", "expected"),
    [
        (
            "sender",
            440,
            "4.1.0 MAIL FROM doesn't conform with authentication (Auth: a@x.cn)",
            True,
            "sender_mismatch",
        ),
        (
            "sender",
            436,
            "Sender address does not match the authenticated user, try again",
            True,
            "sender_mismatch",
        ),
        ("login", 500, "5.5.1 Command not recognized", False, "auth_unsupported"),
        ("login", 535, "5.7.0 Invalid or unsupported authentication mechanism", False, "auth_unsupported"),
        ("login", 535, "Please use an app password to sign in from this client", False, "auth_code_required"),
        (
            "recipient",
            550,
            "5.1.1 Recipient rejected: daily recipient limit reached",
            True,
            "temporary_failure",
        ),
        ("recipient", 554, "5.7.1 Domain sending quota exceeded", True, "temporary_failure"),
        ("sender", 550, "5.7.1 Bad IP: 203.0.113.9 is not allowed to connect", True, "server_rejected"),
        (
            "sender",
            550,
            "5.7.1 Sender domain example.cn is listed in a domain blocklist",
            True,
            "sender_rejected",
        ),
        ("login", 550, "用户无权登陆", False, "smtp_disabled"),
        (
            "login",
            550,
            "用户无权登陆".encode("gbk").decode("latin-1"),
            False,
            "smtp_disabled",
        ),  # mis-decoded GBK
        (
            "sender",
            550,
            "5.7.1 Your account has been restricted from sending (outbound spam)",
            True,
            "account_blocked",
        ),
        ("sender", 552, "5.7.0 Daily sending quota exceeded", True, "temporary_failure"),
        (
            "recipient",
            452,
            "4.5.3 Exceeded the maximum number of recipients per message",
            True,
            "temporary_failure",
        ),
        (
            "message",
            550,
            "The sending domain example.cn is not configured for this account",
            True,
            "sender_rejected",
        ),
        ("message", 554, "Sandbox subdomains are for test purposes only", True, "sender_rejected"),
        ("sender", 530, "5.7.0 Not authenticated", True, "auth_failed"),
        # Chinese synonyms of the same concepts
        ("login", 535, "请使用授权密码登录", False, "auth_code_required"),
        ("recipient", 550, "收件人数量过多", True, "temporary_failure"),
        ("message", 552, "邮件大小超过限制", True, "message_rejected"),
        ("recipient", 550, "查无此人", True, "recipient_rejected"),
        ("message", 554, "邮件含有敏感词,拒绝投递", True, "message_rejected_spam"),
        ("sender", 550, "该账号已被冻结,禁止发信", True, "account_blocked"),
        ("login", 535, "密码错误次数过多,账号已锁定", False, "auth_failed"),
    ],
)
def test_the_stated_reason_decides(stage, code, text, authenticated, expected):
    from wizard.core.engine.api import Stage
    from wizard.core.engine.rules import Reading, classify

    rule = classify(Reading("reply", Stage(stage), code, text, "", authenticated))
    assert (rule.code, rule.basis) == (expected, "reason_words")
