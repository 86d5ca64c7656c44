"""Data checks for resources/providers.json.

These tests read the catalog with the stdlib and validate it with ``jsonschema`` only; they do not
import any wizard module, so a broken loader cannot hide a broken catalog (and vice versa).
"""

import datetime
import fnmatch
import json
import re
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG_PATH = ROOT / "resources" / "providers.json"
SCHEMA_PATH = ROOT / "resources" / "schemas" / "providers.schema.json"

CATALOG = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
PROVIDERS = CATALOG["providers"]
BY_ID = {p["id"]: p for p in PROVIDERS}

REQUIRED_IDS = {
    "qq",
    "foxmail",
    "exmail",
    "netease163",
    "netease126",
    "yeah",
    "netease_qiye",
    "sina",
    "sohu",
    "mail139",
    "aliyun",
    "aliyun_qiye",
    "mail189",
    "gmail",
    "outlook",
    "office365",
    "office365_21v",
    "sendcloud",
    "sendgrid",
    "tencent_ses",
    "aliyun_dm",
    "netease_vip163",
    "netease_vip126",
    "netease188",
    "mail21cn",
    "google_workspace",
    "qiye263",
    "huawei_qiye",
    "feishu",
    "aliyun_waimao",
    "coremail_hosted",
    "coremail_self",
    "mail35",
    "sina_qiye",
    "lark",
    "zoho",
    "zoho_cn",
    "mailgun",
    "amazon_ses",
    "netease_ym",
    "custom",
}

PROVIDER_KEYS = [
    "id",
    "name",
    "aliases",
    "category",
    "confidence",
    "domains",
    "mx_patterns",
    "mx_domains",
    "spf_includes",
    "cname_patterns",
    "banner_patterns",
    "host",
    "alt_hosts",
    "endpoints",
    "login",
    "secret",
    "needs_setup",
    "steps",
    "warnings",
    "admin",
    "help_url",
    "limits",
    "notes",
    "oauth_only",
    "spf_include",
    "dkim_after_setup",
    "imap",
    "disagreements",
    "sources",
    "last_verified",
]

CJK = re.compile(r"[\u3400-\u9fff]")
HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def endpoints(pid):
    return [(e["port"], e["security"]) for e in BY_ID[pid]["endpoints"]]


def by_id_param():
    return pytest.mark.parametrize("provider", PROVIDERS, ids=[p["id"] for p in PROVIDERS])


def iter_i18n(provider):
    """Yield (where, value) for every zh_CN/en pair in one provider."""
    yield "name", provider["name"]
    yield "login.label", provider["login"]["label"]
    yield "secret.name", provider["secret"]["name"]
    for key in ("aliases", "steps", "warnings", "notes"):
        yield key, provider[key]
    if provider["admin"]:
        yield "admin.steps", provider["admin"]["steps"]
        yield "admin.login_failure_hint", provider["admin"]["login_failure_hint"]
    for i, alt in enumerate(provider["alt_hosts"]):
        yield f"alt_hosts[{i}].label", alt["label"]
    for i, limit in enumerate(provider["limits"]):
        yield f"limits[{i}].text", limit["text"]


# ---------------------------------------------------------------- schema


def test_schema_is_a_valid_draft_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_catalog_validates_against_schema():
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(CATALOG), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors)


@pytest.mark.parametrize(
    ("path", "bad_value"),
    [
        (("providers", 0, "surprise"), True),  # additionalProperties false on a provider
        (("providers", 0, "category"), "free"),
        (("providers", 0, "endpoints", 0, "security"), "tls"),
        (("providers", 0, "secret", "kind"), "password"),
        (("providers", 0, "login", "rule"), "email"),
        (("providers", 0, "help_url"), "http://example.com/"),
        (("providers", 0, "id"), "QQ"),
        (("providers", 0, "host"), ""),  # only custom may have an empty host
        (("providers", 0, "name", "fr"), "Courriel QQ"),
        (("version",), 2),
    ],
)
def test_schema_rejects_bad_values(path, bad_value):
    doc = json.loads(json.dumps(CATALOG))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad_value
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)


def test_schema_rejects_missing_required_key():
    doc = json.loads(json.dumps(CATALOG))
    del doc["providers"][0]["sources"]
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)


# ---------------------------------------------------------------- top level and ids


def test_top_level_shape():
    assert list(CATALOG) == ["format", "version", "providers"]
    assert CATALOG["format"] == "smtp-wizard-providers"
    assert CATALOG["version"] == 1


def test_file_is_utf8_two_space_json_without_ascii_escapes():
    raw = CATALOG_PATH.read_text(encoding="utf-8")
    assert raw == json.dumps(CATALOG, ensure_ascii=False, indent=2) + "\n"
    assert "\\u" not in raw


def test_ids_unique():
    ids = [p["id"] for p in PROVIDERS]
    assert len(ids) == len(set(ids))


def test_required_ids_present():
    assert REQUIRED_IDS <= set(BY_ID), sorted(REQUIRED_IDS - set(BY_ID))


@by_id_param()
def test_provider_key_order(provider):
    keys = list(provider)
    if "notices" in keys:  # optional (dated announcements, few providers have them): after "warnings"
        assert keys[keys.index("notices") - 1] == "warnings"
        keys.remove("notices")
    assert keys == PROVIDER_KEYS


# ---------------------------------------------------------------- seed baseline


def test_seed_qq():
    qq = BY_ID["qq"]
    assert qq["host"] == "smtp.qq.com"
    assert endpoints("qq") == [(465, "ssl"), (587, "starttls")]
    # the seed's port 25 is deliberately left out and must be explained
    assert any("25" in d and "seed" in d.lower() for d in qq["disagreements"])
    assert qq["secret"]["kind"] == "auth_code"
    assert qq["login"]["must_equal_sender"] is True
    zh = "".join(qq["steps"]["zh_CN"])
    assert "设置 >> 账户" in zh
    assert "POP3/SMTP 服务" in zh
    assert "短信" in zh
    assert "「密码」" in zh


def test_seed_exmail():
    ex = BY_ID["exmail"]
    assert ex["category"] == "enterprise"
    assert ex["host"] == "smtp.exmail.qq.com"
    assert endpoints("exmail") == [(465, "ssl"), (587, "starttls")]
    assert ex["mx_patterns"] == ["mxbiz*.qq.com", "mx.exmail.qq.com", "mxdomain.qq.com"]
    assert [a["host"] for a in ex["alt_hosts"]] == ["hwsmtp.exmail.qq.com"]
    assert ex["secret"]["kind"] == "client_password"
    assert ex["secret"]["name"]["zh_CN"] == "客户端专用密码"
    assert ex["login"]["must_equal_sender"] is True
    zh = "".join(ex["steps"]["zh_CN"])
    assert "设置 > 邮箱绑定" in zh and "微信绑定" not in zh
    assert "开启安全登录" in zh
    assert "生成新密码" in zh
    admin = "".join(ex["admin"]["steps"]["zh_CN"])
    assert "企业微信管理后台" in admin
    assert "协作 › 安全管理 › 客户端访问限制" in admin
    assert "Exchange/IMAP/SMTP" in admin
    assert "535 Error: authentication failed, system busy" in ex["admin"]["login_failure_hint"]["en"]
    assert ex["aliases"]["zh_CN"] == ["企业微信邮箱"]


def test_seed_netease163():
    p = BY_ID["netease163"]
    assert p["host"] == "smtp.163.com"
    assert endpoints("netease163")[0] == (465, "ssl")
    assert (25, "none") in endpoints("netease163")
    assert endpoints("netease163")[-1] == (25, "none")
    assert 587 not in [port for port, _ in endpoints("netease163")]
    assert any("587" in d for d in p["disagreements"])
    zh = "".join(p["steps"]["zh_CN"])
    assert "设置>POP3/SMTP/IMAP" in zh
    assert "POP3/SMTP 服务" in zh
    assert "短信" in zh
    assert "「密码」" in zh
    warnings = "".join(p["warnings"]["zh_CN"])
    assert "只显示一次" in warnings
    assert "2 个授权码" in warnings


def test_seed_aliyun():
    p = BY_ID["aliyun"]
    assert p["host"] == "smtp.aliyun.com"
    assert endpoints("aliyun") == [(465, "ssl"), (25, "none")]
    assert p["secret"]["kind"] == "account_password"
    assert p["secret"]["strip_spaces"] is False
    assert p["needs_setup"] is True
    assert "邮箱设置 >> POP 设置" in "".join(p["steps"]["zh_CN"])


def test_seed_mail189():
    assert BY_ID["mail189"]["host"] == "smtp.189.cn"
    assert endpoints("mail189") == [(465, "ssl"), (587, "starttls"), (25, "none")]


@pytest.mark.parametrize(
    ("pid", "host", "first"),
    [
        ("qq", "smtp.qq.com", (465, "ssl")),
        ("foxmail", "smtp.qq.com", (465, "ssl")),
        ("exmail", "smtp.exmail.qq.com", (465, "ssl")),
        ("netease163", "smtp.163.com", (465, "ssl")),
        ("netease126", "smtp.126.com", (465, "ssl")),
        ("yeah", "smtp.yeah.net", (465, "ssl")),
        ("netease_qiye", "hwhzsmtp.qiye.163.com", (465, "ssl")),
        ("sina", "smtp.sina.com", (465, "ssl")),
        ("sohu", "smtp.sohu.com", (465, "ssl")),
        ("mail139", "smtp.139.com", (465, "ssl")),
        ("aliyun", "smtp.aliyun.com", (465, "ssl")),
        ("aliyun_qiye", "smtp.qiye.aliyun.com", (465, "ssl")),
        ("mail189", "smtp.189.cn", (465, "ssl")),
        ("gmail", "smtp.gmail.com", (465, "ssl")),
        ("outlook", "smtp-mail.outlook.com", (587, "starttls")),
        ("office365", "smtp.office365.com", (587, "starttls")),
        ("sendcloud", "smtp.sendcloud.net", (25, "starttls")),
        ("sendgrid", "smtp.sendgrid.net", (587, "starttls")),
        ("tencent_ses", "smtp.qcloudmail.com", (465, "ssl")),
        ("aliyun_dm", "smtpdm.aliyun.com", (465, "ssl")),
        ("netease_vip163", "smtp.vip.163.com", (465, "ssl")),
        ("netease_vip126", "smtp.vip.126.com", (465, "ssl")),
        ("netease188", "smtp.188.com", (465, "ssl")),
        ("mail21cn", "smtp.21cn.com", (465, "ssl")),
        ("google_workspace", "smtp.gmail.com", (465, "ssl")),
        ("qiye263", "smtp.263.net", (465, "ssl")),
        ("huawei_qiye", "smtp.sparkspace.huaweicloud.com", (465, "ssl")),
        ("feishu", "smtp.feishu.cn", (465, "ssl")),
        ("aliyun_waimao", "smtp.alibaba.com", (465, "ssl")),
        ("coremail_hosted", "smtp.icoremail.net", (465, "ssl")),
        ("coremail_self", "mail.{domain}", (465, "ssl")),
        ("mail35", "smtp.{domain}", (465, "ssl")),
        ("sina_qiye", "smtp.sinanet.com", (465, "ssl")),
        ("office365_21v", "smtp.partner.outlook.cn", (587, "starttls")),
        ("lark", "smtp.larksuite.com", (465, "ssl")),
        ("zoho", "smtppro.zoho.com", (465, "ssl")),
        ("zoho_cn", "smtppro.zoho.com.cn", (465, "ssl")),
        ("mailgun", "smtp.mailgun.org", (587, "starttls")),
        ("amazon_ses", "email-smtp.us-east-1.amazonaws.com", (587, "starttls")),
    ],
)
def test_host_and_first_endpoint(pid, host, first):
    assert BY_ID[pid]["host"] == host
    assert endpoints(pid)[0] == first


# ---------------------------------------------------------------- specific providers


def test_foxmail_shares_qq_server():
    assert BY_ID["foxmail"]["domains"] == ["foxmail.com"]
    assert endpoints("foxmail") == endpoints("qq")
    assert BY_ID["foxmail"]["secret"] == BY_ID["qq"]["secret"]


def test_netease_qiye():
    p = BY_ID["netease_qiye"]
    assert p["category"] == "enterprise"
    alt_hosts = [a["host"] for a in p["alt_hosts"]]
    assert alt_hosts == ["smtp.qiye.163.com", "smtphz.qiye.163.com"]  # free mail: netease_ym
    assert endpoints("netease_qiye") == [(465, "ssl"), (994, "ssl")]
    assert fnmatch.fnmatchcase("qiye163mx01.mxmail.netease.com", p["mx_patterns"][0])
    assert any(fnmatch.fnmatchcase("mx.qiye.163.com", pat) for pat in p["mx_patterns"])
    assert p["secret"]["name"]["zh_CN"] == "客户端授权密码"
    zh = "".join(p["steps"]["zh_CN"])
    assert "邮箱设置 › 客户端设置" in zh and "生成授权密码" in zh and "「确定」" in zh and "手机" in zh
    assert "有效期" in "".join(p["warnings"]["zh_CN"])
    assert "ERR.LOGIN.IPDENY" in "".join(p["admin"]["steps"]["en"])


def test_sina():
    p = BY_ID["sina"]
    assert p["domains"] == ["sina.com", "sina.cn"]
    assert "smtp.sina.cn" in [a["host"] for a in p["alt_hosts"]]
    assert endpoints("sina") == [(465, "ssl"), (587, "starttls")]
    assert any("587" in d and "465" in d for d in p["disagreements"])


def test_aliyun_qiye():
    p = BY_ID["aliyun_qiye"]
    assert p["category"] == "enterprise"
    assert endpoints("aliyun_qiye") == [(465, "ssl"), (80, "none"), (25, "none")]
    assert [a["host"] for a in p["alt_hosts"]] == ["smtp.mxhichina.com"]
    assert set(p["mx_patterns"]) == {"*.mxhichina.com", "*.qiye.aliyun.com"}
    assert any("25" in n and "ECS" in n for n in p["notes"]["zh_CN"])
    notes = "".join(p["notes"]["zh_CN"])
    assert "CNAME" in notes and "证书" in notes and "不要用" not in notes
    assert any("Port 80" in d and "Chinese" in d for d in p["disagreements"])
    admin = "".join(p["admin"]["steps"]["zh_CN"])
    assert "安全管理 › 账户安全策略" in admin and "允许使用第三方客户端" in admin and "新购" in admin
    assert "三方客户端安全密码" in "".join(p["steps"]["zh_CN"])
    assert "钉钉邮箱" in p["aliases"]["zh_CN"]


def test_gmail():
    p = BY_ID["gmail"]
    assert p["domains"] == ["gmail.com", "googlemail.com"]
    assert endpoints("gmail") == [(465, "ssl"), (587, "starttls")]
    assert p["secret"]["kind"] == "app_password"
    assert p["secret"]["strip_spaces"] is True
    assert p["help_url"] == "https://support.google.com/accounts/answer/185833"
    assert [(lim["scope"], lim["max"], lim["per_seconds"]) for lim in p["limits"]] == [("sender", 500, 86400)]


def test_outlook_is_oauth_only_and_only_one():
    p = BY_ID["outlook"]
    assert p["oauth_only"] is True
    assert set(p["domains"]) == {"outlook.com", "hotmail.com", "live.com", "msn.com"}
    assert endpoints("outlook") == [(587, "starttls")]
    assert p["warnings"]["zh_CN"], "the wizard must tell the user it cannot use this mailbox"
    assert "OAuth2" in p["warnings"]["en"][0]
    assert [q["id"] for q in PROVIDERS if q["oauth_only"]] == ["outlook"]


def test_office365():
    p = BY_ID["office365"]
    assert p["category"] == "enterprise"
    assert endpoints("office365") == [(587, "starttls")]
    assert p["alt_hosts"] == []  # 21Vianet tenants have their own preset (issue 22)
    assert p["mx_patterns"] == ["*.mail.protection.outlook.com", "*.mx.microsoft"]
    assert not any("partner.outlook.cn" in name for name in p["mx_domains"] + p["spf_includes"])
    warning = p["warnings"]["en"][0]
    assert "end of December 2026" in warning and "turn it back on" in warning
    assert "created after" in warning and "announced in the second half of 2027" in warning
    assert "2026 年 12 月底" in p["warnings"]["zh_CN"][0] and "2027 年下半年公布" in p["warnings"]["zh_CN"][0]
    admin = "".join(p["admin"]["steps"]["en"])
    assert "Authenticated SMTP" in admin and "Security defaults" in admin and "Conditional Access" in admin
    assert any(s.startswith("https://techcommunity.microsoft.com/") for s in p["sources"])


def test_office365_operated_by_21vianet():
    p, global_ = BY_ID["office365_21v"], BY_ID["office365"]
    assert (p["host"], endpoints("office365_21v")) == ("smtp.partner.outlook.cn", [(587, "starttls")])
    assert p["mx_patterns"] == ["*.mail.protection.partner.outlook.cn"]
    assert p["spf_includes"] == ["spf.protection.partner.outlook.cn"]
    assert "世纪互联" in p["name"]["zh_CN"] and "21Vianet" in p["name"]["en"]
    # the same SMTP AUTH steps and deprecation timeline as the global service
    assert p["warnings"] == global_["warnings"]
    assert "Authenticated SMTP" in "".join(p["admin"]["steps"]["en"])
    assert p["confidence"]["level"] == "secondary" and p["confidence"]["unconfirmed"]


def test_sendcloud():
    p = BY_ID["sendcloud"]
    assert p["category"] == "service"
    assert endpoints("sendcloud") == [(25, "starttls"), (2525, "starttls"), (587, "starttls")]
    assert {a["host"] for a in p["alt_hosts"]} == {"smtp587.sendcloud.net", "smtp2525.sendcloud.net"}
    assert p["login"] == {
        "rule": "separate",
        "value": "",
        "must_equal_sender": False,
        "label": {"zh_CN": "API_USER", "en": "API_USER"},
    }
    assert p["secret"]["kind"] == "api_key"
    assert p["secret"]["name"] == {"zh_CN": "API_KEY", "en": "API_KEY"}
    limits = [(lim["scope"], lim["max"], lim["per_seconds"]) for lim in p["limits"]]
    assert limits == [("account", 200, 86400)]


def test_sendgrid_login_is_fixed_apikey():
    p = BY_ID["sendgrid"]
    assert p["login"]["rule"] == "fixed"
    assert p["login"]["value"] == "apikey"
    assert p["login"]["must_equal_sender"] is False
    assert p["secret"]["kind"] == "api_key"
    assert endpoints("sendgrid") == [(587, "starttls"), (465, "ssl"), (2525, "starttls"), (25, "starttls")]
    assert [q["id"] for q in PROVIDERS if q["login"]["rule"] == "fixed"] == ["sendgrid"]


def test_tencent_ses():
    p = BY_ID["tencent_ses"]
    assert endpoints("tencent_ses") == [(465, "ssl")]
    assert {a["host"]: a["label"]["zh_CN"] for a in p["alt_hosts"]} == {
        "gz-smtp.qcloudmail.com": "广州",
        "sg-smtp.qcloudmail.com": "新加坡",
    }
    assert p["login"]["rule"] == "address"
    assert p["login"]["must_equal_sender"] is True
    assert p["secret"]["kind"] == "smtp_password"
    assert [(lim["scope"], lim["max"], lim["per_seconds"]) for lim in p["limits"]] == [
        ("sender_recipient", 10, 3600)
    ]


def test_aliyun_dm():
    p = BY_ID["aliyun_dm"]
    assert endpoints("aliyun_dm") == [(465, "ssl"), (80, "starttls"), (80, "none")]
    assert [a["host"] for a in p["alt_hosts"]] == [
        "smtpdm-ap-southeast-1.aliyuncs.com",
        "smtpdm-us-east-1.aliyuncs.com",
        "smtpdm-eu-central-1.aliyuncs.com",
    ]
    assert p["login"]["rule"] == "address"
    assert p["login"]["must_equal_sender"] is True
    assert p["secret"]["kind"] == "smtp_password"


@pytest.mark.parametrize(
    "pid", ["qq", "foxmail", "exmail", "netease163", "netease126", "yeah", "aliyun_dm", "tencent_ses"]
)
def test_providers_that_insist_sender_equals_login(pid):
    assert BY_ID[pid]["login"]["must_equal_sender"] is True
    assert BY_ID[pid]["login"]["rule"] == "address"


def test_custom_entry_shape():
    p = BY_ID["custom"]
    assert p["category"] == "custom"
    assert [q["id"] for q in PROVIDERS if q["category"] == "custom"] == ["custom"]
    assert p["host"] == ""
    assert p["domains"] == [] and p["mx_patterns"] == [] and p["alt_hosts"] == []
    assert endpoints("custom") == [(465, "ssl"), (587, "starttls"), (25, "starttls"), (25, "none")]
    assert p["login"]["rule"] == "address"
    assert p["login"]["value"] == ""
    assert p["secret"]["kind"] == "account_password"
    assert p["secret"]["strip_spaces"] is False
    assert p["needs_setup"] is False
    assert p["steps"] == {"zh_CN": [], "en": []}
    assert p["limits"] == []
    assert p["oauth_only"] is False
    assert p["help_url"] == ""


def test_mx_patterns_match_known_mx_hosts_and_nothing_else():
    samples = {
        "mxbiz1.qq.com": "exmail",
        "mxbiz2.qq.com": "exmail",
        "mxn.mxhichina.com": "aliyun_qiye",
        "mxw.mxhichina.com": "aliyun_qiye",
        "mx.exmail.qq.com": "exmail",
        "mxdomain.qq.com": "exmail",
        "mx1.qiye.aliyun.com": "aliyun_qiye",
        "aspmx.l.google.com": "google_workspace",
        "alt1.aspmx.l.google.com": "google_workspace",
        "aspmx2.googlemail.com": "google_workspace",
        "smtp.google.com": "google_workspace",
        "contoso-com.mail.protection.outlook.com": "office365",
        "contoso-com.mail.protection.partner.outlook.cn": "office365_21v",
        "contoso-com.o-v1.mx.microsoft": "office365",
        "qiye163mx01.mxmail.netease.com": "netease_qiye",
        "hzmx01.mxmail.netease.com": "netease_qiye",
        "mx.ym.163.com": "netease_ym",
        "mxwcom.263xmail.com": "qiye263",
        "mx1.sparkspace.huaweicloud.com": "huawei_qiye",
        "mx1.feishu.cn": "feishu",
        "mx01.mail.alibaba.com": "aliyun_waimao",
        "mx-china-com.icoremail.net": "coremail_hosted",
        "mx.sinanet.com": "sina_qiye",
        "mx1.larksuite.com": "lark",
        "mx.zoho.com": "zoho",
        "mx2.zoho.com.cn": "zoho_cn",
        "mx1.qq.com": None,
        "mx.example.com": None,
    }
    for mx_host, expected in samples.items():
        hits = [
            p["id"] for p in PROVIDERS if any(fnmatch.fnmatchcase(mx_host, pat) for pat in p["mx_patterns"])
        ]
        assert hits == ([expected] if expected else []), mx_host


# ---------------------------------------------------------------- generic rules for every provider


@by_id_param()
def test_i18n_pairs_complete_and_same_length(provider):
    for where, pair in iter_i18n(provider):
        assert set(pair) == {"zh_CN", "en"}, where
        zh, en = pair["zh_CN"], pair["en"]
        assert type(zh) is type(en), where
        if isinstance(zh, list):
            assert len(zh) == len(en), f"{where}: {len(zh)} zh_CN vs {len(en)} en"
            for item in zh + en:
                assert isinstance(item, str) and item.strip() == item and item, where
        else:
            assert zh.strip() and en.strip(), where


@by_id_param()
def test_zh_lists_are_chinese(provider):
    for key in ("steps", "warnings", "notes"):
        for item in provider[key]["zh_CN"]:
            assert CJK.search(item), f"{key}: {item!r} has no Chinese text"
            numbered = re.match(r"^\s*(\d+[.)、]|[①-⑩])", item)
            assert not numbered, f"{key}: step numbers must not be in the text"
        for item in provider[key]["en"]:
            assert not re.match(r"^\s*\d+[.)]", item), f"{key}: step numbers must not be in the text"


@by_id_param()
def test_domains_and_hosts_lowercase_without_spaces(provider):
    names = list(provider["domains"]) + [a["host"] for a in provider["alt_hosts"]]
    if provider["host"]:
        names.append(provider["host"].replace("{domain}", "example.com"))
    for name in names:
        assert name == name.lower(), name
        assert HOST_RE.match(name), name
    for pat in provider["mx_patterns"]:
        assert pat == pat.lower() and " " not in pat, pat


def test_no_domain_claimed_twice():
    seen = {}
    for p in PROVIDERS:
        for d in p["domains"]:
            assert d not in seen, f"{d} in both {seen[d]} and {p['id']}"
            seen[d] = p["id"]


@by_id_param()
def test_domains_by_category(provider):
    if provider["category"] == "personal":
        assert provider["domains"], "a personal mailbox provider needs its address domains"
    if provider["category"] in ("service", "custom"):
        assert provider["domains"] == []
    if provider["category"] == "enterprise":
        found_by = provider["mx_patterns"] or provider["banner_patterns"]
        assert found_by, "enterprise providers need a way to be found"


@by_id_param()
def test_alt_hosts_differ_from_main_host(provider):
    hosts = [provider["host"]] + [a["host"] for a in provider["alt_hosts"]]
    assert len(hosts) == len(set(hosts))


@by_id_param()
def test_steps_follow_needs_setup(provider):
    n = len(provider["steps"]["zh_CN"])
    if provider["needs_setup"]:
        assert 3 <= n <= 6, f"{n} steps"
    else:
        assert n == 0


@by_id_param()
def test_secret_strip_spaces_matches_kind(provider):
    kind = provider["secret"]["kind"]
    if kind in ("auth_code", "app_password", "api_key"):
        assert provider["secret"]["strip_spaces"] is True
    if kind in ("account_password", "smtp_password"):
        assert provider["secret"]["strip_spaces"] is False


@by_id_param()
def test_login_value_only_for_fixed(provider):
    login = provider["login"]
    if login["rule"] == "fixed":
        assert login["value"] and " " not in login["value"]
    else:
        assert login["value"] == ""


@by_id_param()
def test_endpoints_unique_and_sane(provider):
    eps = [(e["port"], e["security"]) for e in provider["endpoints"]]
    assert len(eps) == len(set(eps))
    for port, security in eps:
        if port == 465:
            assert security == "ssl"
        if port in (587, 2525):
            assert security == "starttls"


@by_id_param()
def test_sources_non_empty(provider):
    assert provider["sources"]
    assert all(isinstance(s, str) and s.strip() for s in provider["sources"])


@by_id_param()
def test_last_verified_is_iso_date(provider):
    value = provider["last_verified"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    assert datetime.date.fromisoformat(value).isoformat() == value


@by_id_param()
def test_help_url_empty_or_https(provider):
    url = provider["help_url"]
    assert url == "" or (url.startswith("https://") and " " not in url), url


def test_known_help_urls():
    assert BY_ID["qq"]["help_url"].startswith("https://service.mail.qq.com/cgi-bin/help")
    assert BY_ID["sina"]["help_url"] == "https://help.sina.com.cn/comquestiondetail/view/1566/"


@by_id_param()
def test_limits_are_positive(provider):
    for lim in provider["limits"]:
        assert lim["max"] > 0 and lim["per_seconds"] > 0


# ---------------------------------------------------------------- issue 12: admin, confidence, sources


ENTERPRISE = [p for p in PROVIDERS if p["category"] == "enterprise"]


@pytest.mark.parametrize("provider", ENTERPRISE, ids=[p["id"] for p in ENTERPRISE])
def test_every_enterprise_provider_says_what_the_admin_must_switch_on(provider):
    admin = provider["admin"]
    assert admin, "enterprise providers carry admin prerequisites"
    assert admin["steps"]["zh_CN"] and len(admin["steps"]["zh_CN"]) == len(admin["steps"]["en"])
    assert admin["login_failure_hint"]["zh_CN"] and admin["login_failure_hint"]["en"]
    assert CJK.search(admin["login_failure_hint"]["zh_CN"])
    # an exact menu path, or an honest "not confirmed" in the confidence field
    has_path = any("›" in step or "「" in step for step in admin["steps"]["zh_CN"])
    assert has_path or provider["confidence"]["unconfirmed"]


@by_id_param()
def test_non_enterprise_providers_have_no_admin_box(provider):
    if provider["category"] != "enterprise":
        assert provider["admin"] is None


@by_id_param()
def test_confidence_lists_what_is_not_confirmed(provider):
    confidence = provider["confidence"]
    if confidence["level"] == "confirmed":
        assert confidence["unconfirmed"] == []
    else:
        assert confidence["unconfirmed"], "say which fact could not be confirmed"


@by_id_param()
def test_entries_verified_for_issue_12_cite_a_url(provider):
    # where no page could be cited, the entry must at least say it is unconfirmed
    if provider["last_verified"] >= "2026-11-25" and provider["confidence"]["level"] != "unconfirmed":
        assert any(s.startswith("https://") for s in provider["sources"]), provider["sources"]


def test_new_providers_are_marked_uncertain_where_only_code_says_so():
    unsure = ("feishu", "huawei_qiye", "coremail_hosted", "coremail_self", "mail35", "sina_qiye", "mail189")
    for pid in unsure:
        assert BY_ID[pid]["confidence"]["level"] == "unconfirmed", pid


def test_aliases_are_not_presets():
    ids = set(BY_ID)
    assert "dingtalk" not in ids and "wecom" not in ids
    assert "DingTalk Mail" in BY_ID["aliyun_qiye"]["aliases"]["en"]
    assert "WeCom Mail" in BY_ID["exmail"]["aliases"]["en"]


def test_templates_are_only_the_self_hosted_entries():
    templates = sorted(p["id"] for p in PROVIDERS if "{domain}" in p["host"])
    assert templates == ["coremail_self", "mail35"]


def test_personal_corrections():
    assert BY_ID["mail139"]["secret"]["name"]["zh_CN"] == "客户端密码"
    assert "账户与安全" in "".join(BY_ID["mail139"]["steps"]["zh_CN"])
    sohu = BY_ID["sohu"]
    assert sohu["secret"]["name"]["zh_CN"] == "独立密码"
    assert "vip.sohu.com" in sohu["domains"]
    assert any("IP 白名单" in n for n in sohu["notes"]["zh_CN"])
    notes189 = "".join(BY_ID["mail189"]["notes"]["zh_CN"])
    assert "登录密码" in notes189 and "授权码" in notes189
    assert not any("_providers/hotmail.md" in s for s in BY_ID["outlook"]["sources"])
    assert any("outlook.com.md" in s for s in BY_ID["outlook"]["sources"])
    assert any("1001256" in d for d in BY_ID["qq"]["disagreements"])


def test_spf_includes_identify_the_big_enterprise_providers():
    spf = {inc: p["id"] for p in PROVIDERS for inc in p["spf_includes"]}
    assert spf["spf.mail.qq.com"] == "exmail"
    assert spf["spf.163.com"] == "netease_qiye"
    assert spf["spf.qiye.aliyun.com"] == "aliyun_qiye"
    assert spf["spf.protection.outlook.com"] == "office365"
    assert spf["_spf.google.com"] == "google_workspace"


# ---------------------------------------------------------------- sender domain and IMAP (issue 14)


def test_spf_includes_of_relays_a_customer_domain_sends_through():
    includes = {p["id"]: p["spf_include"] for p in PROVIDERS if p["spf_include"]}
    assert includes["exmail"] == "spf.mail.qq.com"
    assert includes["aliyun_qiye"] == "spf.qiye.aliyun.com"
    assert includes["aliyun_dm"] == "spf1.dm.aliyun.com"
    assert includes["sendgrid"] == "sendgrid.net"
    # personal mailboxes send from the provider's own domain: nothing for a customer to publish
    assert all(BY_ID[pid]["category"] != "personal" for pid in includes)


def test_providers_that_sign_only_after_dkim_setup():
    signing = {p["id"] for p in PROVIDERS if p["dkim_after_setup"]}
    assert signing == {"exmail", "aliyun_qiye", "aliyun_dm", "tencent_ses", "sendcloud", "sendgrid"}


def test_imap_servers_of_mailbox_providers():
    assert BY_ID["qq"]["imap"] == {
        "host": "imap.qq.com",
        "port": 993,
        "security": "ssl",
        "smtp_secret_works": True,
    }
    assert BY_ID["exmail"]["imap"]["host"] == "imap.exmail.qq.com"
    assert BY_ID["netease163"]["imap"]["smtp_secret_works"] is True
    assert BY_ID["office365"]["imap"]["smtp_secret_works"] is False  # basic auth is off there
    assert all(p["imap"] is None for p in PROVIDERS if p["category"] == "service")


# ---------------------------------------------------------------- data fixes (issue 22)


def test_netease_free_enterprise_mail_has_its_own_host():
    p = BY_ID["netease_ym"]
    assert (p["host"], endpoints("netease_ym"), p["mx_patterns"]) == (
        "smtp.ym.163.com",
        [(465, "ssl")],
        ["mx.ym.163.com"],
    )
    assert not any(
        "ym.163.com" in x
        for x in BY_ID["netease_qiye"]["mx_domains"] + BY_ID["netease_qiye"]["cname_patterns"]
    )


def test_huawei_spf_include_and_imap_host_from_its_dns_page():
    p = BY_ID["huawei_qiye"]
    assert p["spf_includes"] == ["spf.sparkspace.huaweicloud.com"] == [p["spf_include"]]
    assert p["imap"]["host"] == "imap.sparkspace.huaweicloud.com"
    assert any(s.startswith("https://support.huaweicloud.com/dns_faq/dns_faq_044.html") for s in p["sources"])


def test_aliyun_webmail_cname_and_security_password_rule():
    p = BY_ID["aliyun_qiye"]
    assert "qiye.aliyun.com" in p["cname_patterns"]
    assert (
        "也可以用邮箱登录密码" in p["steps"]["zh_CN"][-1]
        and "login password also works" in p["steps"]["en"][-1]
    )
    assert "登录密码不再能用于客户端" in p["admin"]["login_failure_hint"]["zh_CN"]


def test_google_workspace_limits_and_smtp_relay():
    p = BY_ID["google_workspace"]
    assert [(lim["max"], lim["per_seconds"]) for lim in p["limits"]] == [(2000, 86400)]
    text = p["limits"][0]["text"]["en"]
    assert "500 for trial accounts" in text and "24 hours" in text
    notes = " ".join(p["notes"]["en"])
    assert "100 recipients" in notes and "smtp-relay.gmail.com" in notes
    assert "https://support.google.com/a/answer/166852" in " ".join(p["sources"])


@pytest.mark.parametrize("pid", ["qq", "foxmail"])
def test_qq_wechat_verification_and_password_change_warning(pid):
    p = BY_ID[pid]
    assert "微信扫码" in "".join(p["steps"]["zh_CN"]) and "WeChat" in "".join(p["steps"]["en"])
    assert any("修改 QQ 密码" in w and "535" in w for w in p["warnings"]["zh_CN"])
    assert any("voids every authorization code" in w for w in p["warnings"]["en"])


def test_imap_hosts_of_chinese_enterprise_providers():
    hosts = {
        pid: BY_ID[pid]["imap"]["host"]
        for pid in ("huawei_qiye", "feishu", "netease_qiye", "qiye263", "lark")
    }
    assert hosts == {
        "huawei_qiye": "imap.sparkspace.huaweicloud.com",
        "feishu": "imap.feishu.cn",
        "netease_qiye": "imap.qiye.163.com",
        "qiye263": "imap.263.net",
        "lark": "imap.larksuite.com",
    }
