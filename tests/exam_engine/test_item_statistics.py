"""Item statistics against a table computed by hand (10 graded first attempts)."""

from decimal import Decimal

import pytest

from assessments.exams.engine.item_statistics import (
    GradedAttempt,
    ItemFlag,
    QuestionKey,
    SlotOutcome,
    group_size,
    item_statistics,
)

# Attempt id → total score: 1 → 10 … 10 → 100. With 10 attempts the groups hold 3 each:
# lower = attempts 1, 2, 3; upper = attempts 8, 9, 10.
TOTALS = {n: Decimal(10 * n) for n in range(1, 11)}

# Question 1 (单选, key A): the upper group all right, the lower all wrong; D never chosen.
Q1 = {1: "B", 2: "B", 3: "C", 4: "A", 5: "A", 6: "B", 7: "A", 8: "A", 9: "A", 10: "A"}
# Question 2 (单选, key B): the strong pick C, the weak pick the key.
Q2 = {1: "B", 2: "B", 3: "A", 4: "B", 5: "C", 6: "B", 7: "D", 8: "C", 9: "C", 10: "B"}
# Question 4 (多选, key A+C, partial credit), on attempts 1-5 only: figures, no flags.
Q4 = {
    1: (("B",), "0"),
    2: (("A",), "0.5"),
    3: (("A", "C"), "1"),
    4: (("A", "C"), "1"),
    5: (("A", "B", "C"), "0.5"),
}
# Question 5 (填空) on attempts 6-10.
Q5 = {6: "1", 7: "0", 8: "1", 9: "1", 10: "1"}

KEYS = {
    1: QuestionKey(1, ("A", "B", "C", "D"), ("A",)),
    2: QuestionKey(2, ("A", "B", "C", "D"), ("B",)),
    3: QuestionKey(3, ("true", "false"), ("true",)),
    4: QuestionKey(4, ("A", "B", "C", "D"), ("A", "C")),
    5: QuestionKey(5, (), ("八小时",)),
}


def paper(attempt_id: int) -> GradedAttempt:
    slots = [
        SlotOutcome(1, Decimal(Q1[attempt_id] == "A"), (Q1[attempt_id],)),
        SlotOutcome(2, Decimal(Q2[attempt_id] == "B"), (Q2[attempt_id],)),
        SlotOutcome(3, Decimal(1), ("true",)),  # everyone right
    ]
    if attempt_id in Q4:
        chosen, fraction = Q4[attempt_id]
        slots.append(SlotOutcome(4, Decimal(fraction), chosen))
    if attempt_id in Q5:
        slots.append(SlotOutcome(5, Decimal(Q5[attempt_id]), ()))
    return GradedAttempt(attempt_id, TOTALS[attempt_id], tuple(slots))


@pytest.fixture
def stats():
    # Attempts in a scrambled order: the result must not depend on it.
    return item_statistics([paper(n) for n in (7, 2, 10, 1, 5, 9, 3, 8, 4, 6)], KEYS)


def options(item):
    return {o.key: (o.chosen, o.chosen_upper, o.share, o.share_upper) for o in item.options}


def test_a_good_question_with_an_unused_distractor(stats):
    item = stats[1]
    assert (item.attempts, item.group_size) == (10, 3)
    assert item.facility == pytest.approx(0.6)
    assert item.discrimination == pytest.approx(1.0)  # 3/3 right above, 0/3 below
    assert options(item) == {
        "A": (6, 3, 0.6, 1.0),
        "B": (3, 0, 0.3, 0.0),
        "C": (1, 0, 0.1, 0.0),
        "D": (0, 0, 0.0, 0.0),
    }
    assert item.unused_distractors == ("D",)
    assert item.flags == (ItemFlag.UNUSED_DISTRACTOR,)
    assert item.is_dubious


def test_a_distractor_the_strong_group_prefers(stats):
    item = stats[2]
    assert item.facility == pytest.approx(0.5)
    # Upper (8, 9, 10): C, C, B → 1/3 right; lower (1, 2, 3): B, B, A → 2/3 right.
    assert item.discrimination == pytest.approx(1 / 3 - 2 / 3)
    assert options(item)["C"] == (3, 2, 0.3, pytest.approx(2 / 3))
    assert options(item)["B"] == (5, 1, 0.5, pytest.approx(1 / 3))
    assert item.strong_distractors == ("C",)
    assert item.flags == (ItemFlag.LOW_DISCRIMINATION, ItemFlag.STRONG_DISTRACTOR)


def test_a_question_everyone_gets_right(stats):
    item = stats[3]
    assert item.facility == pytest.approx(1.0)
    assert item.discrimination == pytest.approx(0.0)
    assert options(item) == {"true": (10, 3, 1.0, 1.0), "false": (0, 0, 0.0, 0.0)}
    assert item.flags == (
        ItemFlag.TOO_EASY,
        ItemFlag.LOW_DISCRIMINATION,
        ItemFlag.UNUSED_DISTRACTOR,
    )


def test_partial_credit_and_too_few_attempts_for_flags(stats):
    item = stats[4]
    assert (item.attempts, item.group_size) == (5, 1)
    assert item.facility == pytest.approx(0.6)  # (0 + 0.5 + 1 + 1 + 0.5) / 5
    # Ranked among the five attempts holding it: lower = attempt 1 (0), upper = 5 (0.5).
    assert item.discrimination == pytest.approx(0.5)
    assert options(item) == {
        "A": (4, 1, 0.8, 1.0),
        "B": (2, 1, 0.4, 1.0),
        "C": (3, 1, 0.6, 1.0),
        "D": (0, 0, 0.0, 0.0),
    }
    assert item.unused_distractors == ("D",)
    assert item.strong_distractors == ()  # B is picked as often as the keys, not more
    assert item.flags == ()  # 5 attempts are too few to judge


def test_fill_in_has_no_options(stats):
    item = stats[5]
    assert item.facility == pytest.approx(0.8)
    assert item.discrimination == pytest.approx(0.0)  # attempt 10 (1) minus attempt 6 (1)
    assert item.options == ()


def test_flags_from_min_attempts_and_hard_questions():
    attempts = [
        GradedAttempt(n, Decimal(n), (SlotOutcome(9, Decimal(n == 1), ("A" if n == 1 else "B",)),))
        for n in range(1, 5)
    ]
    key = {9: QuestionKey(9, ("A", "B"), ("A",))}
    item = item_statistics(attempts, key, min_attempts=4)[9]
    assert item.facility == pytest.approx(0.25)
    assert item_statistics(attempts[1:], key, min_attempts=3)[9].flags[0] == ItemFlag.TOO_HARD
    assert item_statistics(attempts, key, min_attempts=5)[9].flags == ()


def test_ties_at_the_group_edge_are_broken_by_attempt_id():
    # Four attempts of equal total: lower group = attempt 1, upper group = attempt 4.
    right = {1: 0, 2: 1, 3: 1, 4: 1}
    attempts = [
        GradedAttempt(n, Decimal(50), (SlotOutcome(9, Decimal(right[n])),)) for n in (4, 3, 2, 1)
    ]
    assert item_statistics(attempts, {})[9].discrimination == pytest.approx(1.0)


def test_a_question_without_a_key_gets_figures_only():
    item = item_statistics([paper(1), paper(2)], {})[1]
    assert item.facility == 0.0 and item.options == ()


@pytest.mark.parametrize(
    ("count", "size"), [(0, 0), (1, 0), (2, 1), (4, 1), (5, 1), (6, 2), (10, 3), (100, 27)]
)
def test_group_size_is_27_percent_rounded(count, size):
    assert group_size(count) == size
