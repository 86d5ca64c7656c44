"""The plain-address fast path agrees with email-validator wherever it answers.

``plain_address`` spares most address checks email-validator's import (~40 ms of regular
expressions, paid by every `smtp-wizard test`); it may only answer where the library would
accept, and with the library's normal form. Anything else must fall through to the library.
"""

from __future__ import annotations

import email_validator
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wizard.core import addresses
from wizard.core.addresses import normalize_address, plain_address

_LOCAL_CHARS = "abcXYZ019_+-.!#$%&'*/=?^`{|}~\"() ,:;<>[]\\@"
_DOMAIN_CHARS = "abcxnXN019-._@[]:"
_LABELS = [
    "com",
    "cn",
    "qq",
    "163",
    "example",
    "xn--fiqs8s",
    "ab--cd",
    "-a",
    "a-",
    "test",
    "local",
    "localhost",
    "onion",
    "invalid",
    "arpa",
    "co",
    "x" * 63,
    "y" * 64,
    "COM",
    "Mail",
    "1",
    "c0m",
]


def library(text: str) -> str | None:
    try:
        parsed = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return parsed.ascii_email or parsed.normalized


addresses_like = st.builds(
    lambda local, labels: f"{local}@{'.'.join(labels)}",
    st.text(_LOCAL_CHARS, min_size=0, max_size=70),
    st.lists(st.sampled_from(_LABELS) | st.text(_DOMAIN_CHARS, max_size=12), min_size=1, max_size=5),
)


@settings(max_examples=3000, deadline=None)
@given(addresses_like | st.text(max_size=40))
@example("Zhang.San+notify@Mail.Example.COM")
@example("a..b@example.com")
@example("a@ab--cd.com")
@example("a@xn--fiqs8s.com")
@example("a@example.test")
@example("a@localhost.localhost")
@example("a@123.com")
@example("a@example.c0m")
@example("a@example.123")
@example("a@" + "a" * 63 + "." + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".com")
@example("a@\u212aexample.com")  # KELVIN SIGN, lower-cases to k
def test_the_fast_path_answers_only_as_email_validator_would(text):
    fast = plain_address(text)
    if fast is not None:
        assert library(text) == fast


@pytest.mark.parametrize(
    "text",
    ["zhangsan@qq.com", "Notify.Bot+ops@Corp-Mail.Example.com", "a_b-c@mail.163.com", "x@sub.example.cn"],
)
def test_usual_addresses_take_the_fast_path(text):
    assert plain_address(text) == library(text)


def test_reserved_names_are_left_to_the_library():
    assert set(email_validator.SPECIAL_USE_DOMAIN_NAMES) <= addresses._SPECIAL_USE
    assert normalize_address("ops@relay.corp.local") == "ops@relay.corp.local"  # intranet rule still applies
    with pytest.raises(addresses.InputError):
        normalize_address("ops@example.invalid")
