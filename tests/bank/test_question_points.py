"""A question's point text and the twin pairs, without a database."""

from __future__ import annotations

import numpy as np

from assessments.bank.question_points import point_text, twin_pairs


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_the_point_is_the_stem_with_the_answer_filled_in():
    options = [{"key": "A", "text": "特种作业人员"}, {"key": "B", "text": "新上岗人员"}]
    stem = "员工考核不合格的，应当按照（ ）培训标准脱产培训。"
    assert (
        point_text("single", stem, options, ["B"])
        == "员工考核不合格的，应当按照新上岗人员培训标准脱产培训。"
    )
    assert (
        point_text("multiple", "应当保证（ ）。", options, ["A", "B"])
        == "应当保证特种作业人员、新上岗人员。"
    )
    assert (
        point_text("fill", "建立“____和不定期抽考”制度", [], ["常态化考核"])
        == "建立“常态化考核和不定期抽考”制度"
    )


def test_a_true_false_point_is_its_statement():
    assert point_text("true_false", "无需脱产培训。", [], ["false"]) == "无需脱产培训。"


def test_a_stem_without_a_blank_gets_the_answer_after_it():
    options = [{"key": "A", "text": "气体检测"}]
    assert (
        point_text("single", "动火作业前应当进行哪项工作？", options, ["A"])
        == "动火作业前应当进行哪项工作？ 气体检测"
    )


def test_twins_are_pairs_within_one_group_at_or_above_the_threshold():
    groups = {
        "（一）": [(3, unit(1, 0)), (1, unit(1, 0.1)), (2, unit(0, 1))],
        "（二）": [(4, unit(1, 0))],  # alone: no pair, however close to group one
    }
    pairs = twin_pairs(groups, threshold=0.9)
    assert [(first, second) for first, second, _ in pairs] == [(1, 3)]
    assert pairs[0][2] > 0.99
    assert twin_pairs(groups, threshold=1.01) == []
