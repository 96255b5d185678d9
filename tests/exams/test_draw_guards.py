"""What a paper guards against (issue 17): the re-test after off-post training draws what
the person has not seen, the failed paper last; no two copies of one question share a
paper; and practice can learn which questions sit on a person's open papers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.exams.engine import CandidateQuestion
from assessments.exams.selectors.near_duplicates import (
    conflicts_for,
    copy_conflicts,
    near_duplicate_conflicts,
)
from assessments.exams.selectors.paper_history import open_paper_question_ids
from assessments.exams.services.answering import save_answer, submit_attempt
from assessments.exams.services.papers import start_attempt
from assessments.models import BlueprintRule, Question, QuestionType
from tests.exams.builders import (
    correct_response,
    make_assessment,
    make_bank,
    make_blueprint,
    wrong_response,
)
from tests.exams.conftest import committed
from tests.factories import QuestionFactory, person
from training.services import record_training

pytestmark = pytest.mark.django_db


def questions_of(attempt) -> set[int]:
    return set(attempt.slots.values_list("question_version__question_id", flat=True))


def topic_blueprint(jurisdiction, topic: str, count: int, **fields):
    blueprint = make_blueprint(jurisdiction, **fields)
    blueprint.rules.all().delete()  # the builder's default rule
    BlueprintRule.objects.create(blueprint=blueprint, sort_order=0, count=count, topics=[topic])
    return blueprint


def single(jurisdiction, stem: str, topic: str, texts=("甲", "乙", "丙", "丁")):
    return QuestionFactory(
        jurisdiction=jurisdiction,
        stem=stem,
        topics=[topic],
        options=[{"key": k, "text": t} for k, t in zip("ABCD", texts, strict=True)],
        answer=["A"],
    )


def sit(assignment, *, now=None, correct=False):
    attempt = start_attempt(assignment, now=now)
    for slot in attempt.slots.select_related("question_version"):
        answer = correct_response(slot) if correct else wrong_response(slot)
        save_answer(attempt, slot.number, answer, now=now)
    with committed():
        submit_attempt(attempt, now=now)
    attempt.refresh_from_db()
    return attempt


def test_the_retest_after_off_post_training_shares_no_question_with_the_failed_paper(world):
    """The world's bank holds exactly two papers' worth of each rule: zero overlap is possible."""
    worker = world.worker_a
    failed = sit(world.exam_a.assignments.get(staff=worker))
    assert failed.passed is False
    programme = worker.training_programmes.get()
    # The failure was three weeks ago: the hours fall between it and today.
    type(programme).objects.filter(pk=programme.pk).update(
        started_at=timezone.now() - timedelta(days=21)
    )
    programme.refresh_from_db()
    for day in range(9):
        record_training(
            programme,
            actor=world.safety_manager_a.user,
            day=timezone.localdate() - timedelta(days=20 - day),
            content="新上岗人员三级安全教育",
            hours=Decimal(8),
            trainer="王老师",
        )
    programme.refresh_from_db()
    retest = start_attempt(programme.retest.assignments.get(staff=worker))

    assert retest.slots.count() == failed.slots.count() == 5
    assert questions_of(retest).isdisjoint(questions_of(failed))


def test_when_the_bank_is_short_the_latest_paper_comes_last(world):
    """Papers 1 and 2 used four of five questions; the third takes the fifth and one of
    paper 1, never one of the latest paper (for a re-test, the one just failed)."""
    for n in range(5):
        single(world.j1, f"复岗测试题{n}：动火作业{'甲乙丙丁戊'[n]}级审批由谁负责？", "复岗")
    blueprint = topic_blueprint(world.j1, "复岗", 2)
    start = timezone.now()
    # Three people: a random pick of the four seen would hit the latest paper 7 times in 8.
    for n in range(3):
        worker = person(f"复岗员工{n}", enterprise=world.a)
        papers = []
        for round_number in range(3):
            exam = make_assessment(blueprint, world.a, staff=[worker], title=f"第{round_number}轮")
            when = start + timedelta(minutes=round_number)
            papers.append(sit(exam.assignments.get(), now=when, correct=True))
        first, latest, third = (questions_of(paper) for paper in papers)
        assert first.isdisjoint(latest)
        assert third.isdisjoint(latest)
        assert len(third & first) == 1


COPIES = [
    (
        "企业主要负责人是本单位安全生产第一责任人，对本单位安全生产工作全面负责。",
        "企业的主要负责人是本单位安全生产的第一责任人，对本单位安全生产工作全面负责。",
    ),
    (
        "员工岗位考核不合格的，应当按照新上岗人员培训标准脱产培训（ ）。",
        "1.员工岗位考核不合格的，应当按照新上岗人员培训标准脱产培训（　）",
    ),
]


def test_no_paper_holds_two_copies_of_one_question(world):
    pairs = [
        (single(world.j1, first, "重复"), single(world.j1, second, "重复"))
        for first, second in COPIES
    ]
    single(world.j1, "受限空间作业前应当进行哪项检测？", "重复")
    conflicts = near_duplicate_conflicts(q.pk for pair in pairs for q in pair)
    assert conflicts == {a.pk: frozenset({b.pk}) for a, b in pairs} | {
        b.pk: frozenset({a.pk}) for a, b in pairs
    }

    # 3 of these 5 at random hold a pair 6 times in 10; eight people draw without one.
    blueprint = topic_blueprint(world.j1, "重复", 3)
    people = [person(f"抽题员工{n}", enterprise=world.a) for n in range(8)]
    exam = make_assessment(blueprint, world.a, staff=people, title="重复题检查")
    for assignment in exam.assignments.all():
        drawn = questions_of(start_attempt(assignment))
        assert len(drawn) == 3
        assert not any({a.pk, b.pk} <= drawn for a, b in pairs)


def test_the_builders_numbered_questions_are_not_copies_of_each_other(world):
    # Were they, the draw's copy-avoidance would decide which questions a paper gets and
    # the tests of unseen-first drawing would pass or fail by chance.
    make_bank(world.j1, {QuestionType.SINGLE: 4, QuestionType.MULTIPLE: 2}, start=300)
    assert copy_conflicts(Question.objects.values_list("pk", flat=True)) == {}


def test_generic_stems_with_different_options_are_not_copies(world):
    a = single(
        world.j1,
        "下列说法正确的是（ ）。",
        "通用",
        ("动火前检测", "可直接动火", "无需审批", "口头通知"),
    )
    b = single(
        world.j1,
        "下列说法正确的是（ ）。",
        "通用",
        ("受限空间先通风", "无需监护", "单人作业", "不必检测"),
    )
    assert near_duplicate_conflicts([a.pk, b.pk]) == {}


class TestOpenPaperQuestions:
    def test_in_progress_and_handed_in_while_the_round_is_open(self, world):
        worker = world.worker_a
        assert open_paper_question_ids(worker) == set()
        attempt = start_attempt(world.exam_a.assignments.get(staff=worker))
        on_paper = questions_of(attempt)
        assert open_paper_question_ids(worker) == on_paper

        with committed():
            submit_attempt(attempt)
        # Answers are shown after the round closes: until then practice must not show them.
        assert open_paper_question_ids(worker) == on_paper
        after_close = world.exam_a.closes_at + timedelta(minutes=1)
        assert open_paper_question_ids(worker, now=after_close) == set()

    def test_only_the_persons_own_papers(self, world):
        start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
        assert open_paper_question_ids(world.colleague_a) == set()
        assert open_paper_question_ids(world.worker_b) == set()

    def test_a_paper_past_its_round_but_still_in_progress_is_open(self, world):
        attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
        later = world.exam_a.closes_at + timedelta(days=1)
        assert open_paper_question_ids(world.worker_a, now=later) == questions_of(attempt)


def test_a_banks_copies_are_scored_once_per_set_of_versions(world, django_assert_num_queries):
    first, second = (single(world.j1, stem, "缓存") for stem in COPIES[0])
    candidates = [
        CandidateQuestion(question_id=q.pk, version_id=q.versions.get().pk, type="single")
        for q in (first, second)
    ]
    expected = {first.pk: frozenset({second.pk}), second.pk: frozenset({first.pk})}
    assert conflicts_for(candidates) == expected
    with django_assert_num_queries(1):  # the stored twins only: the copies are cached
        assert conflicts_for(candidates) == expected
    # Another version of a question is another bank: scored again.
    renewed = [candidates[0], CandidateQuestion(second.pk, candidates[1].version_id + 1, "single")]
    with django_assert_num_queries(2):
        conflicts_for(renewed)
