"""Papers drawn ahead when an assessment opens: 开始 takes the person's own paper, drawn
unseen-first from a stored seed; a late joiner or a paper that no longer holds gets a
fresh draw; a surprise is drawn only once launched."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.bank.services import save_question
from assessments.exams.engine import draw_paper
from assessments.exams.services.answering import submit_attempt
from assessments.exams.services.launching import (
    create_routine_round,
    launch_surprise,
    prepare_surprise,
)
from assessments.exams.services.papers import (
    candidates_for,
    engine_blueprint,
    seen_question_ids,
    start_attempt,
)
from assessments.exams.services.prepared_papers import prepare_papers
from assessments.models import (
    Assignment,
    AttemptSlot,
    ExamBlueprint,
    PreparedPaper,
    Question,
    QuestionType,
    RoutineFrequency,
    RoutineSchedule,
)
from tests.exams.builders import make_assessment, make_bank, make_blueprint
from tests.exams.conftest import committed, login

pytestmark = pytest.mark.django_db


def paper_of(attempt) -> list[tuple[int, int, list[str]]]:
    return list(
        attempt.slots.order_by("number").values_list(
            "number", "question_version_id", "option_order"
        )
    )


def prepared_slots(prepared: PreparedPaper) -> list[tuple[int, int, list[str]]]:
    return [(slot["n"], slot["v"], slot["o"]) for slot in prepared.slots]


def open_round(world) -> Assignment:
    schedule = RoutineSchedule.objects.create(
        blueprint=world.blueprint_1, enterprise=world.a, frequency=RoutineFrequency.MONTHLY
    )
    with committed():  # the task is enqueued once the opening commits (immediate in tests)
        assessment = create_routine_round(schedule)
    return assessment.assignments.get(staff=world.worker_a)


def test_opening_a_round_draws_every_paper_and_start_takes_it(client, world):
    assignment = open_round(world)
    prepared = PreparedPaper.objects.get(assignment=assignment)
    assert PreparedPaper.objects.filter(assignment__assessment=assignment.assessment).count() == (
        assignment.assessment.assignments.count()
    )
    login(client, world.worker_a)
    response = client.post(reverse("assessments:start", args=[assignment.pk]))
    assert response.status_code == 302
    attempt = assignment.attempts.get()
    assert attempt.seed == prepared.seed
    assert paper_of(attempt) == prepared_slots(prepared)
    assert not PreparedPaper.objects.filter(assignment=assignment).exists()  # used once


def test_a_prepared_paper_is_reproducible_from_its_seed(world):
    assignment = open_round(world)
    attempt = start_attempt(assignment)
    blueprint = assignment.assessment.blueprint
    again = draw_paper(
        engine_blueprint(blueprint),
        candidates_for(blueprint, assignment.staff),
        seen_question_ids(assignment.staff)
        - {s.question_version.question_id for s in attempt.slots.all()},
        attempt.seed,
    )
    assert [(s.number, s.version_id, list(s.option_order)) for s in again.slots] == paper_of(
        attempt
    )


def test_prepared_papers_are_drawn_unseen_first(world):
    # The worker sat a paper before: the new one avoids those questions while the bank allows.
    make_bank(
        world.j1,
        {
            QuestionType.SINGLE: 4,
            QuestionType.MULTIPLE: 2,
            QuestionType.TRUE_FALSE: 2,
            QuestionType.FILL: 2,
        },
        start=300,
    )
    earlier = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    submit_attempt(earlier)
    seen = set(
        AttemptSlot.objects.filter(attempt=earlier).values_list(
            "question_version__question_id", flat=True
        )
    )
    assignment = open_round(world)
    prepared = PreparedPaper.objects.get(assignment=assignment)
    assert not seen & {slot["q"] for slot in prepared.slots}


def test_a_late_joiner_gets_a_fresh_draw(world):
    assignment = open_round(world)
    PreparedPaper.objects.filter(assignment=assignment).delete()  # as if enrolled after opening
    attempt = start_attempt(assignment)
    assert attempt.slots.count() == 5


def test_an_edited_question_voids_the_prepared_paper(world):
    assignment = open_round(world)
    prepared = PreparedPaper.objects.get(assignment=assignment)
    question = Question.objects.get(pk=prepared.slots[0]["q"])
    question.stem = "改过的题干（ ）"
    save_question(question, user=None)  # unused version: edited in place, new content hash
    attempt = start_attempt(assignment)
    assert attempt.seed != prepared.seed  # drawn afresh
    assert attempt.slots.count() == 5


def test_a_retired_question_voids_the_prepared_paper(world):
    assignment = open_round(world)
    prepared = PreparedPaper.objects.get(assignment=assignment)
    Question.objects.filter(pk=prepared.slots[0]["q"]).update(status="retired")
    attempt = start_attempt(assignment)
    assert attempt.seed != prepared.seed
    assert prepared.slots[0]["q"] not in {
        s.question_version.question_id for s in attempt.slots.select_related("question_version")
    }


def test_a_changed_post_voids_the_prepared_paper(world):
    assignment = open_round(world)
    prepared = PreparedPaper.objects.get(assignment=assignment)
    world.worker_a.post = "储运岗"
    world.worker_a.save()
    assignment = Assignment.objects.select_related("assessment__blueprint", "staff").get(
        pk=assignment.pk
    )
    assert start_attempt(assignment).seed != prepared.seed


def test_saving_the_blueprint_discards_its_prepared_papers(world):
    assignment = open_round(world)
    assert PreparedPaper.objects.filter(assignment=assignment).exists()
    blueprint = ExamBlueprint.objects.get(pk=world.blueprint_1.pk)
    blueprint.time_limit_minutes = 45
    with committed():
        blueprint.save()
    assert not PreparedPaper.objects.filter(assignment__assessment__blueprint=blueprint).exists()


def test_a_surprise_is_drawn_only_once_launched(world):
    draft = prepare_surprise(
        blueprint=world.blueprint_1,
        enterprise=world.a,
        actor=world.safety_manager_a.user,
        title="突击抽考",
        count=1,
    )
    assert not PreparedPaper.objects.filter(assignment__assessment=draft).exists()
    assert prepare_papers(draft.pk) == 0  # a draft is not open: nothing drawn, nothing shown
    with committed():
        chosen = launch_surprise(draft, actor=world.safety_manager_a.user, reason="抽查")
    prepared = PreparedPaper.objects.filter(assignment__assessment=draft)
    assert sorted(prepared.values_list("assignment__staff_id", flat=True)) == sorted(chosen)


def test_start_with_a_prepared_paper_costs_fewer_queries(client, world, django_assert_num_queries):
    assignment = open_round(world)
    login(client, world.worker_a)
    # session, user with profile, then one statement (services.prepared_start): checks,
    # takes the paper, inserts the attempt and its slots, freezes the versions. No bank,
    # no draw, no model instances (main's full path: 12).
    with django_assert_num_queries(3):
        response = client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = assignment.attempts.get()
    assert response["Location"] == reverse("assessments:take", args=[attempt.pk])
    assert attempt.slots.count() == 5


def test_a_second_attempt_is_drawn_afresh(world):
    blueprint = make_blueprint(world.j1, {QuestionType.SINGLE: 2}, attempts_allowed=2)
    exam = make_assessment(blueprint, world.a, staff=[world.worker_a], title="两次机会")
    assert prepare_papers(exam.pk) == 1
    assignment = exam.assignments.get()
    first = start_attempt(assignment)
    submit_attempt(first)
    prepare_papers(exam.pk)  # a second run draws none for someone who has an attempt
    assert not PreparedPaper.objects.filter(assignment=assignment).exists()
    second = start_attempt(Assignment.objects.get(pk=assignment.pk))
    assert second.number == 2 and second.seed != first.seed
