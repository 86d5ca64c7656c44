"""The unfinished-setup draft: never the password, and a bad file is ignored, not half-used."""

from __future__ import annotations

import json

from wizard.core import saved_draft


def test_round_trip_leaves_the_password_out(tmp_path):
    values = {
        "mode": "smtp",
        "provider": "qq",
        "sender": "zhangsan@qq.com",
        "username": "zhangsan@qq.com",
        "password": "abcdefghijklmnop",
        "port": 465,
        "security": "ssl",
        "display_name": "通知中心",
    }
    path = saved_draft.save(tmp_path / "cfg", values)
    assert b"abcdefghijklmnop" not in path.read_bytes()
    assert path.stat().st_mode & 0o077 == 0
    loaded = saved_draft.load(tmp_path / "cfg")
    assert loaded == {k: v for k, v in values.items() if k != "password"}
    saved_draft.discard(tmp_path / "cfg")
    assert saved_draft.load(tmp_path / "cfg") is None
    saved_draft.discard(tmp_path / "cfg")  # twice is fine


def test_foreign_malformed_and_oversized_files_are_ignored(tmp_path):
    path = tmp_path / saved_draft.FILE_NAME
    for content in (
        json.dumps({"format": "other", "values": {"sender": "a@b.cn"}}),
        json.dumps({"format": saved_draft.KIND, "values": ["x"]}),
        json.dumps({"format": saved_draft.KIND, "values": {"sender": "x" * 5000, "port": "25"}}),
        json.dumps({"format": saved_draft.KIND, "values": {"sender": "a@b.cn"}, "pad": "x" * 20000}),
    ):
        path.write_text(content)
        assert saved_draft.load(tmp_path) is None, content


def test_typed_input_is_what_a_user_typed():
    assert not saved_draft.has_typed_input({"mode": "smtp", "provider": "qq", "port": 465})
    assert saved_draft.has_typed_input({"mode": "smtp", "sender": "a@b.cn"})
    assert saved_draft.has_typed_input({"password": "x"})
