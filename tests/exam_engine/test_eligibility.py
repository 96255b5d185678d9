from assessments.exams.engine import applicable_candidates, applies_to

from .builders import candidate

GENERAL = candidate(1)
OPERATORS = candidate(2, posts=("操作工",))
FIREWORKS_LEADERS = candidate(3, specialties=("烟花爆竹",), levels=("班组长", "主要负责人"))


def test_empty_layers_apply_to_everyone():
    assert applies_to(GENERAL, level="班组长", specialty="危险化学品", post="操作工")


def test_listed_layers_must_include_the_worker():
    assert applies_to(OPERATORS, post="操作工")
    assert not applies_to(OPERATORS, post="安全员")
    assert applies_to(FIREWORKS_LEADERS, level="班组长", specialty="烟花爆竹")
    assert not applies_to(FIREWORKS_LEADERS, level="班组长", specialty="危险化学品")
    assert not applies_to(FIREWORKS_LEADERS, level="操作人员", specialty="烟花爆竹")


def test_unspecified_layers_are_not_filtered():
    assert applies_to(OPERATORS)
    assert applies_to(FIREWORKS_LEADERS, post="操作工")


def test_applicable_candidates_keeps_bank_order():
    bank = [FIREWORKS_LEADERS, GENERAL, OPERATORS]
    chosen = applicable_candidates(bank, level="班组长", specialty="烟花爆竹", post="安全员")
    assert chosen == (FIREWORKS_LEADERS, GENERAL)
