"""Demo: a routine round sat by most of the demo's people, so the bank's item statistics
(题目质量分析) and the heat map of knowledge gaps (知识薄弱点) have figures to show.

Papers are drawn, answered, handed in and graded through the exam services, as a worker's
would be. Who answers what is planned here (``plan_answers``, pure), after the papers are
drawn: the draw is random, so the plan looks at what each paper holds.

- Everyone passes (at most ``MAX_WRONG`` wrong of 20): a fail would send the person off
  post, and the demo's off-post people are the ones ``exams.py`` sets up.
- Two single-choice items are made dubious on purpose: one whose key looks wrong
  (everyone picks the same distractor: too hard, the upper group prefers a distractor)
  and one with a distractor nobody picks.
- The other questions seen often enough to be flagged get their wrong answers from the
  weaker examinees, spread over every distractor, so they read as sound items.

Idempotent: once anyone of the round's people has sat a paper, nothing is added.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from accounts.demo import demo_jurisdiction
from accounts.demo_specs import LOGINS
from accounts.models import StaffProfile
from accounts.vocab import StaffStatus
from assessments.bank.models import option_keys
from assessments.exams.engine.item_statistics import GROUP_SHARE, MIN_ATTEMPTS, ItemStatistics
from assessments.exams.selectors.item_statistics import statistics_for
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.papers import start_attempt
from assessments.models import AssessmentKind, Attempt, AttemptSlot, Question
from safetykb.demo.exams import demo_operators

#: 4 wrong × 5 points leaves 80, the demo blueprints' pass mark.
MAX_WRONG = 4
#: Wrong answers in all (the "wrong key" included) up to which an ability tier takes wrong
#: answers to sound items, weakest first: the weakest 27 % (item statistics' lower group)
#: end on 80 points, the middle on 90, the strongest 27 % get only the wrong key wrong.
#: Even totals per tier keep each item's lower group (by total score, ties by attempt id)
#: the tier its discriminating wrong answers come from.
TIERS = ((GROUP_SHARE, MAX_WRONG), (1 - GROUP_SHARE, 2), (1.0, 0))
SEED = 2024


@dataclass(frozen=True)
class PlannedSlot:
    attempt_id: int
    number: int
    question_id: int
    type: str
    options: tuple[str, ...]  # the question's keys in authored order
    answer: tuple[str, ...]

    @property
    def distractors(self) -> tuple[str, ...]:
        return tuple(key for key in self.options if key not in self.answer)


@dataclass(frozen=True)
class Before:
    """A question's graded first-attempt answers before this round."""

    attempts: int = 0
    right: int = 0
    distractors_used: frozenset[str] = frozenset()


def before_from(stats: ItemStatistics) -> Before:
    return Before(
        attempts=stats.attempts,
        right=round(stats.facility * stats.attempts),
        distractors_used=frozenset(
            option.key for option in stats.options if option.chosen and not option.is_correct
        ),
    )


def _right(slot: PlannedSlot) -> list[str]:
    return list(slot.answer[:1]) if slot.type == "fill" else list(slot.answer)


def _wrong(slot: PlannedSlot, distractor: str | None) -> list[str]:
    if slot.type == "fill":
        return ["不知道"]
    if slot.type == "multiple":
        # The key plus a distractor: all-or-nothing scores it 0 and the distractor counts.
        return sorted({*slot.answer, distractor or slot.distractors[0]})
    return [distractor or slot.distractors[0]]


def plan_answers(
    slots: Sequence[PlannedSlot],
    ability: Mapping[int, float],
    before: Mapping[int, Before],
) -> tuple[dict[tuple[int, int], list[str]], tuple[int, ...]]:
    """Each slot's response by (attempt id, number), and the ids of the questions made
    dubious on purpose. ``ability`` maps an attempt id to its examinee's rank, 0 (weakest)
    to 1, rising with the attempt id (item statistics break ties of total score by attempt
    id); ``before`` each question's answers already graded."""
    by_question: dict[int, list[PlannedSlot]] = defaultdict(list)
    for slot in slots:
        by_question[slot.question_id].append(slot)
    seen = {q: len(held) + before.get(q, Before()).attempts for q, held in by_question.items()}
    responses = {(slot.attempt_id, slot.number): _right(slot) for slot in slots}
    wrong: dict[int, int] = defaultdict(int)

    def tier(attempt_id: int) -> int:
        rank = ability[attempt_id]
        return next(n for n, (upper, _) in enumerate(TIERS) if rank < upper or upper == 1.0)

    def cap(attempt_id: int) -> int:
        return TIERS[tier(attempt_id)][1]

    def mark(slot: PlannedSlot, distractor: str | None) -> None:
        responses[(slot.attempt_id, slot.number)] = _wrong(slot, distractor)
        wrong[slot.attempt_id] += 1

    singles = sorted(
        (q for q, held in by_question.items() if held[0].type == "single"),
        key=lambda q: (-len(by_question[q]), q),
    )
    flagged: list[int] = []
    # The "wrong key": everyone picks the same distractor. Facility stays under 0.2 even
    # with the right answers graded before.
    wrong_key = next(
        (
            q
            for q in singles
            if seen[q] >= MIN_ATTEMPTS + 2
            and len(by_question[q][0].options) >= 4
            and before.get(q, Before()).right < 0.2 * seen[q]
        ),
        None,
    )
    if wrong_key is not None:
        flagged.append(wrong_key)
        for slot in by_question[wrong_key]:
            mark(slot, slot.distractors[0])
    # A distractor nobody picks: the wrong answers all take one that was picked before.
    unused = None
    for q in singles:
        if q == wrong_key or seen[q] < MIN_ATTEMPTS:
            continue
        held, used = by_question[q], before.get(q, Before()).distractors_used
        target = min(used) if used else held[0].distractors[0]
        if set(held[0].distractors) - used - {target}:
            unused = (q, target)
            break
    # Sound items: the most often seen first, their wrong answers from the weakest.
    for q in sorted(by_question, key=lambda q: (seen[q], q)):
        if q == wrong_key or seen[q] < MIN_ATTEMPTS:
            continue
        held, prior = by_question[q], before.get(q, Before())
        targets: list[str] = list(held[0].distractors)
        if unused is not None and q == unused[0]:
            targets = [unused[1]]
            flagged.append(q)
        missing = [key for key in targets if key not in prior.distractors_used] or targets
        wrong_before = prior.attempts - prior.right
        # Discrimination: more than a fifth of the lower group wrong, from the weakest.
        lower = math.floor(0.2 * round(GROUP_SHARE * seen[q])) + 1 - wrong_before
        need = max(
            lower,
            len(missing) if unused is None or q != unused[0] else 2,  # every distractor used
            math.ceil(0.05 * seen[q]) + 1 - wrong_before,  # facility at most 0.95
            1,
        )
        order = sorted(held, key=lambda slot: (ability[slot.attempt_id], slot.attempt_id))
        weak = [slot for slot in order if tier(slot.attempt_id) == 0]
        middle = [slot for slot in order if tier(slot.attempt_id) == 1]
        # The distractors nobody has picked yet first, then round again.
        rotation = [*missing, *(key for key in targets if key not in missing)] or [None]
        given = 0
        # The weakest first, for the lower group; the rest from the middle tier, whose
        # totals sit between the groups, so the item still separates the two.
        for slots_in_turn, upto in ((weak, lower), (middle, need), (weak, need)):
            for slot in slots_in_turn:
                if given >= upto:
                    break
                key = (slot.attempt_id, slot.number)
                if wrong[slot.attempt_id] >= cap(slot.attempt_id) or responses[key] != _right(slot):
                    continue
                mark(slot, rotation[given % len(rotation)])
                given += 1
    return responses, tuple(flagged)


def _cohort() -> list[StaffProfile]:
    """On-post people of the demo's enterprises without a demo login, but for those the
    exam demo has already given a finished paper."""
    taken = {staff.pk for staff in demo_operators()[:4]}
    return [
        staff
        for staff in StaffProfile.objects.filter(
            enterprise__jurisdiction=demo_jurisdiction(), status=StaffStatus.ON_POST
        )
        .exclude(user__username__in=[login.username for login in LOGINS])
        .order_by("pk")
        if staff.pk not in taken
    ]


def _planned(attempts: list[Attempt]) -> list[PlannedSlot]:
    slots = AttemptSlot.objects.filter(attempt__in=attempts).select_related("question_version")
    return [
        PlannedSlot(
            attempt_id=slot.attempt_id,
            number=slot.number,
            question_id=slot.question_version.question_id,
            type=slot.question_version.content["type"],
            options=option_keys(
                slot.question_version.content["type"],
                slot.question_version.content.get("options", []),
            ),
            answer=tuple(slot.question_version.content["answer"]),
        )
        for slot in slots.order_by("attempt_id", "number")
    ]


def load_demo_exam_statistics() -> list[str]:
    people = _cohort()
    if not people or Attempt.objects.filter(assignment__staff__in=people).exists():
        return []
    with transaction.atomic():
        attempts = []
        # Papers in a shuffled order: ability follows the attempt id, and the weak are
        # then spread over enterprises, departments and posts.
        random.Random(SEED).shuffle(people)
        for staff in people:
            assignment = (
                staff.assignments.filter(
                    assessment__kind=AssessmentKind.ROUTINE, assessment__is_launched=True
                )
                .order_by("-assessment__opens_at")
                .first()
            )
            if assignment is None:
                continue
            try:
                attempts.append(start_attempt(assignment))
            except AssessmentError:
                continue  # outside the round's window, or off post
        if not attempts:
            return []
        slots = _planned(attempts)
        ordered = sorted(attempt.pk for attempt in attempts)
        ability = {pk: rank / len(ordered) for rank, pk in enumerate(ordered)}
        question_ids = {slot.question_id for slot in slots}
        before = {q: before_from(stats) for q, stats in statistics_for(question_ids).items()}
        responses, flagged = plan_answers(slots, ability, before)
        numbers: dict[int, list[int]] = defaultdict(list)
        for slot in slots:
            numbers[slot.attempt_id].append(slot.number)
        for attempt in attempts:
            for number in numbers[attempt.pk]:
                save_answer(attempt, number, responses[(attempt.pk, number)])
            submit_attempt(attempt)
    bank = Question.objects.filter(jurisdiction=demo_jurisdiction()).values_list("pk", flat=True)
    stats = statistics_for(bank)
    dubious = [item for item in stats.values() if item.is_dubious]
    return [
        f"题目质量分析：{len(attempts)} 人完成本轮常态化考核；{len(stats)} 题有作答统计，"
        f"其中 {len(dubious)} 题存疑（有意设置 {len(flagged)} 题：答案疑似有误、干扰项无人选择）"
    ]
