"""The demo's graded round (site/safetykb/demo/exam_statistics.py): the bank's item
statistics flag a couple of items, the heat map has coloured cells, nobody new fails,
and a reload adds nothing. One test: loading the demo is slow."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.demo import load_demo_people
from accounts.models import Enterprise
from assessments.demo import ensure_bank_manager_group
from assessments.exams.engine.item_statistics import MIN_ATTEMPTS, ItemFlag
from assessments.exams.engine.knowledge_gaps import period_from
from assessments.exams.selectors.item_statistics import report_rows, statistics_scope
from assessments.exams.selectors.knowledge_gaps import Axis, gap_grid
from assessments.models import Attempt, AttemptState
from importers.regulations import import_regulation_file
from safetykb.demo.exam_statistics import (
    MAX_WRONG,
    Before,
    PlannedSlot,
    load_demo_exam_statistics,
    plan_answers,
)
from safetykb.demo.exams import load_demo_bank, load_demo_exams
from safetykb.demo.pages import SEED_NOTICE, ensure_page_tree
from tests.exams.conftest import committed

pytestmark = pytest.mark.django_db


def test_the_demo_round_gives_the_reports_their_figures(client):
    ensure_page_tree()
    # The notice first, so the bank's 依据 resolve to its provisions (as in load_demo).
    import_regulation_file(SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=True)
    # Without their after-commit work (the bank's provision suggestions take minutes):
    # the exam demo applies its grades' consequences itself.
    load_demo_people()
    ensure_bank_manager_group()
    load_demo_bank()
    load_demo_exams()
    failed_before = Attempt.objects.filter(passed=False).count()
    with committed():  # the round's grades reach the training side, as in load_demo
        lines = load_demo_exam_statistics()
    assert len(lines) == 1 and "存疑" in lines[0]

    graded = Attempt.objects.filter(state=AttemptState.GRADED)
    assert graded.count() >= 40
    assert Attempt.objects.filter(passed=False).count() == failed_before  # nobody new fails

    # The regulator's 题目质量分析 of the shared bank: a couple of items flagged, most not.
    regulator = get_user_model().objects.get(username="regulator")
    rows = report_rows(statistics_scope(regulator))
    dubious = [row for row in rows if row.stats.is_dubious]
    assert len(dubious) >= 2
    flags = {flag for row in dubious for flag in row.stats.flags}
    assert {ItemFlag.TOO_HARD, ItemFlag.UNUSED_DISTRACTOR} <= flags
    flaggable = [row for row in rows if row.stats.attempts >= MIN_ATTEMPTS]
    assert len(dubious) <= len(flaggable) // 3

    # The safety manager's heat map has coloured cells, and the page opens.
    manager = get_user_model().objects.get(username="safety_manager")
    enterprise = Enterprise.objects.filter(pk=manager.profile.enterprise_id)
    grid = gap_grid(enterprise, period_from(None, timezone.localdate()), Axis.DEPARTMENT)
    # The provisions' totals: whether one department × provision cell reaches the sample
    # threshold depends on which questions the random draw gave that department.
    assert any(cell.band is not None for cell in grid.row_totals.values())
    client.force_login(manager)
    assert client.get(reverse("oversight:gaps")).status_code == 200

    # Reloading adds nothing.
    count = graded.count()
    with committed():
        assert load_demo_exam_statistics() == []
    assert Attempt.objects.count() == count


def _paper(attempt_id: int, questions: range) -> list[PlannedSlot]:
    return [
        PlannedSlot(attempt_id, n, q, "single", ("A", "B", "C", "D"), ("A",))
        for n, q in enumerate(questions, start=1)
    ]


def test_the_plan_keeps_everyone_at_or_above_the_pass_mark_and_flags_two_items():
    # 30 papers of 20 questions out of 25: every question is seen often enough to flag.
    slots = [
        slot
        for attempt in range(30)
        for slot in _paper(attempt, range(attempt % 5, attempt % 5 + 20))
    ]
    ability = {attempt: attempt / 30 for attempt in range(30)}
    responses, flagged = plan_answers(slots, ability, {})
    assert len(flagged) == 2
    wrong_key, unused = flagged
    wrong = {attempt: 0 for attempt in range(30)}
    picked: dict[int, set[str]] = {}
    for slot in slots:
        response = responses[(slot.attempt_id, slot.number)]
        if response != ["A"]:
            wrong[slot.attempt_id] += 1
            picked.setdefault(slot.question_id, set()).update(response)
    assert max(wrong.values()) <= MAX_WRONG
    assert all(
        responses[(s.attempt_id, s.number)] == ["B"] for s in slots if s.question_id == wrong_key
    )
    assert picked[unused] < {"B", "C", "D"}  # a distractor nobody picks
    # Sound items: every distractor picked by someone.
    sound = [q for q in picked if q not in flagged]
    assert sound and all(picked[q] == {"B", "C", "D"} for q in sound[:5])


def test_the_plan_reuses_a_distractor_picked_before():
    slots = [slot for attempt in range(12) for slot in _paper(attempt, range(1, 21))]
    ability = {attempt: attempt / 12 for attempt in range(12)}
    before = {2: Before(attempts=2, right=0, distractors_used=frozenset({"C", "D"}))}
    responses, flagged = plan_answers(slots, ability, before)
    assert 2 in flagged
    chosen = {responses[(s.attempt_id, s.number)][0] for s in slots if s.question_id == 2}
    assert chosen <= {"A", "C"}  # B stays unused
