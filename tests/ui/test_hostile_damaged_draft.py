"""A damaged unfinished-setup file (16 KiB of ``[[[[``, not JSON, not UTF-8) is set aside with a
notice at the next start, instead of the crash dialog at every start."""

from __future__ import annotations

import pytest

from tests.ui.test_unfinished import answer_next_dialog
from wizard.core import saved_draft
from wizard.ui.pages.ids import PageId
from wizard.ui.unfinished import draft_folder, offer_draft

DAMAGED = [b"[" * 16 * 1024, b"not json", b'{"format": "smtp-wizard-draft", "values": {"sender": "\xff"}}']


@pytest.mark.parametrize("content", DAMAGED, ids=["16 KiB of [", "not JSON", "not UTF-8"])
def test_a_damaged_draft_is_set_aside(tmp_path, content):
    (tmp_path / saved_draft.FILE_NAME).write_bytes(content)
    with pytest.raises(saved_draft.DamagedDraft) as raised:
        saved_draft.load(tmp_path)
    assert raised.value.path == tmp_path / saved_draft.DAMAGED_NAME
    assert raised.value.path.read_bytes() == content
    assert saved_draft.load(tmp_path) is None  # the next start finds nothing


def test_the_wizard_says_so_once_and_starts_afresh(qtbot, make_wizard):
    wizard = make_wizard("en")
    folder = draft_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / saved_draft.FILE_NAME).write_bytes(DAMAGED[0])
    seen: list[str] = []
    answer_next_dialog(qtbot, "OK", seen)
    assert not offer_draft(wizard)
    assert seen == ["Unfinished setup not readable"]
    assert wizard.currentId() == PageId.MODE
    assert not offer_draft(make_wizard("en"))  # set aside: no notice again, no dialog at all
