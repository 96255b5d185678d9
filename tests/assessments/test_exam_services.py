"""The exam loop through the services: paper, answers, grading, deadline, versions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.bank.services import save_question
from assessments.exams.services.answering import (
    current_responses,
    expire_overdue_attempts,
    save_answer,
    submit_attempt,
)
from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.papers import start_attempt
from assessments.models import AnswerStep, AttemptState, QuestionVersion

from .builders import make_blueprint, make_questions, open_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(enterprise, worker):
    make_questions(enterprise.jurisdiction, 8)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),))
    assessment = open_assessment(blueprint, enterprise, [worker])
    return assessment.assignments.get()


def answer_all(attempt, key):
    for slot in attempt.slots.all():
        save_answer(attempt, slot.number, [key])


def test_paper_is_drawn_frozen_and_resumed(sitting):
    attempt = start_attempt(sitting)
    slots = list(attempt.slots.order_by("number"))
    assert [s.number for s in slots] == [1, 2, 3, 4, 5]
    assert all(sorted(s.option_order) == ["A", "B", "C", "D"] for s in slots)
    assert sum(s.points for s in slots) == 100
    assert all(s.question_version.is_frozen for s in slots)
    assert start_attempt(sitting).pk == attempt.pk  # resume, not a new paper


def test_answers_are_append_only_and_the_last_one_counts(sitting):
    attempt = start_attempt(sitting)
    save_answer(attempt, 1, ["A"])
    save_answer(attempt, 1, ["B"])
    assert AnswerStep.objects.filter(slot__attempt=attempt).count() == 2
    assert current_responses(attempt) == {1: ["B"]}


def test_invalid_answers_are_refused_in_chinese(sitting):
    attempt = start_attempt(sitting)
    with pytest.raises(AssessmentError, match="不是有效选项"):
        save_answer(attempt, 1, ["Z"])
    with pytest.raises(AssessmentError, match="只能选一个"):
        save_answer(attempt, 1, ["A", "B"])
    with pytest.raises(AssessmentError, match="没有第99题"):
        save_answer(attempt, 99, ["A"])


def test_all_correct_passes_and_second_submit_is_refused(sitting):
    attempt = start_attempt(sitting)
    answer_all(attempt, "B")
    submit_attempt(attempt)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert attempt.score == 100 and attempt.passed
    with pytest.raises(AssessmentError, match="重复提交"):
        submit_attempt(attempt)
    with pytest.raises(AssessmentError, match="已交卷"):
        save_answer(attempt, 1, ["A"])


def test_exactly_the_pass_mark_passes(enterprise, worker):
    make_questions(enterprise.jurisdiction, 5)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),), pass_mark=80)
    attempt = start_attempt(open_assessment(blueprint, enterprise, [worker]).assignments.get())
    for slot in attempt.slots.all():
        save_answer(attempt, slot.number, ["A" if slot.number == 1 else "B"])
    submit_attempt(attempt)
    attempt.refresh_from_db()
    assert attempt.score == 80 and attempt.passed is True


def test_deadline_submits_and_grades_without_the_browser(sitting):
    attempt = start_attempt(sitting)
    save_answer(attempt, 1, ["B"])
    later = attempt.deadline + timedelta(seconds=5)
    with pytest.raises(AssessmentError, match="时间已到"):
        save_answer(attempt, 2, ["B"], now=later)
    assert expire_overdue_attempts(now=later) == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    assert attempt.score == 20 and attempt.passed is False


def test_closed_assessment_cannot_be_started(sitting):
    assessment = sitting.assessment
    assessment.closes_at = timezone.now() - timedelta(minutes=1)
    assessment.save()
    with pytest.raises(AssessmentError, match="已截止"):
        start_attempt(sitting)


def test_unlaunched_assessment_cannot_be_started(sitting):
    assessment = sitting.assessment
    assessment.is_launched = False
    assessment.save()
    with pytest.raises(AssessmentError, match="尚未开始"):
        start_attempt(sitting)


def test_editing_a_used_question_makes_a_new_version_and_old_attempts_keep_theirs(sitting):
    attempt = start_attempt(sitting)
    slot = attempt.slots.select_related("question_version__question").first()
    question = slot.question_version.question
    question.stem = "修改后的题干（ ）"
    save_question(question, user=None)
    versions = list(QuestionVersion.objects.filter(question=question).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    slot.refresh_from_db()
    assert slot.question_version.number == 1
    assert slot.question_version.content["stem"] != "修改后的题干（ ）"
    assert versions[1].content["stem"] == "修改后的题干（ ）"


def test_unused_question_edits_update_the_same_version(enterprise):
    (question,) = make_questions(enterprise.jurisdiction, 1)
    question.stem = "改一下（ ）"
    save_question(question, user=None)
    assert list(question.versions.values_list("number", "content__stem")) == [(1, "改一下（ ）")]


def test_unseen_questions_come_first_in_the_next_round(enterprise, worker):
    make_questions(enterprise.jurisdiction, 10)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),))
    first = start_attempt(open_assessment(blueprint, enterprise, [worker]).assignments.get())
    answer_all(first, "B")
    submit_attempt(first)
    second = start_attempt(open_assessment(blueprint, enterprise, [worker]).assignments.get())
    seen = set(first.slots.values_list("question_version__question_id", flat=True))
    again = set(second.slots.values_list("question_version__question_id", flat=True))
    assert not seen & again


def test_attempts_allowed_is_enforced(sitting):
    submit_attempt(start_attempt(sitting))
    with pytest.raises(AssessmentError, match="作答次数已用完"):
        start_attempt(sitting)


def test_a_passed_exam_is_not_retaken(enterprise, worker):
    make_questions(enterprise.jurisdiction, 5)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),), attempts_allowed=3)
    assignment = open_assessment(blueprint, enterprise, [worker]).assignments.get()
    attempt = start_attempt(assignment)
    answer_all(attempt, "B")
    submit_attempt(attempt)
    with pytest.raises(AssessmentError, match="已通过"):
        start_attempt(assignment)


def test_off_post_staff_cannot_start_a_routine_exam(sitting):
    staff = sitting.staff
    staff.status = "off_post_training"
    staff.save()
    with pytest.raises(AssessmentError, match="脱产培训"):
        start_attempt(sitting)


def test_not_enough_questions_gives_a_clear_message(enterprise, worker):
    make_questions(enterprise.jurisdiction, 2)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),))
    assignment = open_assessment(blueprint, enterprise, [worker]).assignments.get()
    with pytest.raises(AssessmentError, match="题库题目不足"):
        start_attempt(assignment)


def test_other_enterprises_questions_are_never_drawn(enterprise, worker):
    from tests.factories import EnterpriseFactory

    other = EnterpriseFactory(jurisdiction=enterprise.jurisdiction)
    make_questions(enterprise.jurisdiction, 5, enterprise=other)
    make_questions(enterprise.jurisdiction, 5)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),))
    attempt = start_attempt(open_assessment(blueprint, enterprise, [worker]).assignments.get())
    owners = set(attempt.slots.values_list("question_version__question__enterprise_id", flat=True))
    assert owners == {None}


def test_new_papers_draw_the_latest_version_of_an_edited_question(enterprise, worker):
    from tests.factories import StaffProfileFactory

    make_questions(enterprise.jurisdiction, 5)
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "single"),))
    first = start_attempt(open_assessment(blueprint, enterprise, [worker]).assignments.get())
    question = first.slots.first().question_version.question
    question.stem = "第二版题干（ ）"
    save_question(question, user=None)
    colleague = StaffProfileFactory(enterprise=enterprise)
    second = start_attempt(open_assessment(blueprint, enterprise, [colleague]).assignments.get())
    drawn = second.slots.get(question_version__question=question).question_version
    assert (drawn.number, drawn.content["stem"]) == (2, "第二版题干（ ）")


def test_the_multiple_choice_rule_is_frozen_with_the_paper(enterprise, worker):
    # Editing the blueprint mid-exam (全对才得分 → 按比例得分) must not change how a paper
    # already drawn is scored: one of two correct options stays worth nothing.
    make_questions(enterprise.jurisdiction, 5, type="multiple")
    blueprint = make_blueprint(enterprise.jurisdiction, rules=((5, "multiple"),))
    attempt = start_attempt(open_assessment(blueprint, enterprise, [worker]).assignments.get())
    blueprint.multiple_scoring = "partial"
    blueprint.save()
    for slot in attempt.slots.all():
        save_answer(attempt, slot.number, ["A"])  # the key is A and C

    submit_attempt(attempt)

    attempt.refresh_from_db()
    assert attempt.multiple_scoring == "all_or_nothing"
    assert attempt.score == 0
