"""What the check says across runs: the issue's sentence for a revoked QQ code, since when,
recoveries, flapping once with counts, a state file that cannot be trusted, Prometheus text."""

from __future__ import annotations

import datetime as dt
import json
import re

from wizard.core.health.model import CheckResult, Item, Metrics, Status, Target, Thresholds
from wizard.core.health.outputs import json_document, nagios_line, prometheus_text, text_report
from wizard.core.health.state import compare, load_state, next_state

QQ = Target("smtp.qq.com", 465, "ssl", "ops@qq.com", "ops@qq.com", "qq")
CST = dt.timezone(dt.timedelta(hours=8))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST).astimezone(dt.UTC)


def login_ok(when: str, target: Target = QQ) -> CheckResult:
    items = (Item("connect", Status.OK, "ok", "ok", ms=20), Item("login", Status.OK, "ok", "235", ms=40))
    return CheckResult(target, at(when), items, Metrics(connect_ms=20, login_ms=40, cert_days=80.0))


def login_refused(when: str) -> CheckResult:
    reply = "535 Login fail. Account is abnormal, service is not open, password is incorrect"
    items = (
        Item("connect", Status.OK, "ok", "ok", ms=20),
        Item("login", Status.CRITICAL, "auth_failed", "登录被拒绝", "请检查授权码", reply),
    )
    return CheckResult(QQ, at(when), items, Metrics(connect_ms=20, login_ms=40))


def runs(results):
    """Each result compared with the state the runs before it left; the last comparison."""
    state: dict = {}
    comparison = None
    for result in results:
        comparison = compare(result, state)
        state = next_state(result, comparison, state)
        yield result, comparison, state


def test_a_revoked_qq_code_is_named_with_the_last_success_and_since_when(beijing_time):
    history = [
        login_ok("2026-12-01 02:00"),
        login_ok("2026-12-01 03:00"),
        login_refused("2026-12-02 03:00"),
        login_refused("2026-12-02 04:00"),
    ]
    *_, (result, comparison, _) = runs(history)
    lines = text_report(result, comparison, "zh_CN")
    assert lines[1] == (
        "上次成功:2026-12-01 03:00;从 12-02 03:00 起登录失败(535):"
        "授权码已失效,常见原因是邮箱密码被修改;请重新生成授权码并更新管理后台"
    )
    english = text_report(result, comparison, "en")[1]
    assert english.startswith("Last success: 2026-12-01 03:00; since 12-02 03:00: login failed (535): ")
    assert "generate a new authorization code" in english


def test_a_login_that_never_worked_is_not_called_revoked(beijing_time):
    ((result, comparison, _),) = runs([login_refused("2026-12-02 03:00")])
    line = text_report(result, comparison, "zh_CN")[1]
    assert line.startswith("上次成功:无记录;从 12-02 03:00 起登录失败(535):登录被拒绝;请检查授权码")


def test_recovery_says_since_when_the_problem_lasted(beijing_time):
    history = [
        login_ok("2026-12-01 03:00"),
        login_refused("2026-12-02 03:00"),
        login_refused("2026-12-02 04:00"),
        login_ok("2026-12-02 05:00"),
    ]
    *_, (result, comparison, _) = runs(history)
    assert (
        text_report(result, comparison, "zh_CN")[1]
        == "已恢复:从 12-02 03:00 起的问题在 12-02 05:00 的检查中已消失"
    )


def test_flapping_is_reported_once_with_counts(beijing_time):
    history = []
    for hour in range(12):
        make = login_refused if hour % 2 else login_ok
        history.append(make(f"2026-12-03 {hour:02d}:00"))
    texts = ["\n".join(text_report(r, c, "zh_CN")) for r, c, _ in runs(history)]
    flapping = [t for t in texts if "不稳定" in t]
    assert len(flapping) == 1
    after = texts[texts.index(flapping[0]) + 1 :]
    assert after and not any("变化:" in t for t in after)  # its ups and downs are not repeated
    calm = [login_ok(f"2026-12-03 {hour:02d}:00") for hour in range(12, 18)]
    texts = [
        "\n".join(text_report(r, c, "zh_CN"))
        for r, c, _ in runs([*history, *calm, login_refused("2026-12-03 18:00")])
    ]
    assert "变化:登录 OK → CRITICAL(auth_failed)" in texts[-1]  # settled: changes are news again
    assert re.search(
        r"不稳定:最近 \d+ 次检查中失败 \d+ 次,状态切换 \d+ 次\(login:auth_failed ×\d+\)", flapping[0]
    )


def test_a_state_file_of_another_target_or_garbage_starts_a_new_history(tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b"\x00not json")
    state, note = load_state(path)
    assert (state, note) == ({}, "state_unreadable")
    ((_, _, state),) = runs([login_ok("2026-12-01 03:00")])
    other = Target("smtp.163.com", 465, "ssl", "x@163.com", "x@163.com", "netease163")
    comparison = compare(login_ok("2026-12-02 03:00", other), state)
    assert comparison.state_note == "state_other_target" and comparison.first_run
    assert "另一个服务器" in text_report(login_ok("2026-12-02 03:00", other), comparison, "zh_CN")[-1]


def test_nagios_line_and_prometheus_text_for_monitoring():
    ((result, comparison, _),) = runs([login_refused("2026-12-02 03:00")])
    line = nagios_line(result, comparison, Thresholds(), "en")
    assert line.startswith("SMTP CRITICAL - Last success: never; since ")
    assert line.endswith(" | connect_ms=20ms;3000;10000;0 login_ms=40ms;3000;10000;0")
    odd = Target('h"ost', 25, "starttls", 'a\\b"\nc', "a@b.c", "custom")
    text = prometheus_text(login_ok("2026-12-01 03:00", odd), compare(login_ok("2026-12-01 03:00", odd), {}))
    assert 'smtp_wizard_check_success{host="h\\"ost",port="25",account="a\\\\b\\"\\nc"} 1' in text
    assert "# TYPE smtp_wizard_check_cert_expiry_timestamp_seconds" not in text  # no TLS measured
    assert json.dumps(json_document(result, comparison, "en", None))


def test_a_dated_catalog_notice_warns_in_the_month_before_it_takes_effect():
    from wizard.core.catalog import load_catalog
    from wizard.core.health.run import notice_items

    m365 = load_catalog().get("office365")
    december = notice_items(m365, "zh_CN", dt.date(2026, 12, 8))
    dated = [i for i in december if i.code == "notice_dated"]
    assert len(dated) == 1 and dated[0].status is Status.WARNING
    assert dated[0].message.startswith("23 天后(2026-12-31):Microsoft 365 将在 2026 年 12 月底起默认关闭")
    october = notice_items(m365, "en", dt.date(2026, 10, 1))
    assert all(i.status is Status.OK for i in october)
    assert any(i.message.startswith("in 91 days (2026-12-31): Microsoft 365 turns basic") for i in october)
    january = notice_items(m365, "en", dt.date(2027, 1, 2))
    assert any(i.message.startswith("since 2026-12-31: ") and i.status is Status.OK for i in january)
    assert notice_items(load_catalog().get("qq"), "en", dt.date(2026, 12, 8)) == [] or all(
        i.status is Status.OK for i in notice_items(load_catalog().get("qq"), "en", dt.date(2026, 12, 8))
    )
