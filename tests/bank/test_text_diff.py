"""Comparing provision texts without a database: whitespace is no amendment; the diff
marks what was removed from the old text and added to the new one."""

from __future__ import annotations

from assessments.bank.text_diff import Segment, normalised, same_text, text_diff


def test_whitespace_of_any_kind_is_ignored():
    assert (
        normalised(" 考核不合格的，\n按照\u3000新上岗人员\t培训 ")
        == "考核不合格的，按照新上岗人员培训"
    )
    assert same_text("考核合格后再上岗。", "考核合格后\r\n再上岗。 ")


def test_a_changed_word_is_a_different_text():
    assert not same_text("脱产培训", "脱岗培训")
    assert not same_text("脱产培训", "")


def test_the_diff_marks_removed_and_added_runs():
    old, new = text_diff(
        "培训标准脱产培训，考核合格后再上岗。", "培训标准脱产培训不少于二十学时，考核合格后上岗。"
    )
    assert "".join(s.text for s in old) == "培训标准脱产培训，考核合格后再上岗。"
    assert "".join(s.text for s in new) == "培训标准脱产培训不少于二十学时，考核合格后上岗。"
    assert Segment("added", "不少于二十学时") in new
    assert Segment("removed", "再") in old
    assert all(s.op != "added" for s in old) and all(s.op != "removed" for s in new)


def test_a_removed_provision_is_all_removed():
    old, new = text_diff("建立常态化考核制度。", "")
    assert old == [Segment("removed", "建立常态化考核制度。")]
    assert new == []
