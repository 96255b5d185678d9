"""模拟考试 on PostgreSQL: the blueprint's draw without the person's open questions, nothing
of the key before the hand-in, scoring and explanations after it, the 错题本, and a mock
that counts for nothing anywhere else."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import StaffProfile
from assessments.exams.services.papers import start_attempt
from assessments.exams.services.prepared_papers import prepare_papers
from assessments.models import (
    AnswerKeyCorrection,
    Attempt,
    PreparedPaper,
    Question,
    QuestionStatus,
    QuestionVersion,
    RoutineSchedule,
)
from practice.mock_exams import (
    MockClosed,
    MockError,
    hand_in_expired_mocks,
    save_answer,
    start_mock,
    submit_mock,
)
from practice.models import AnswerSource, MockPaper, PracticeAnswer, PracticeCard
from safetykb.models import AuditEvent
from tests.exams.builders import LEAK_MARKERS, make_provision
from tests.exams.conftest import PAPER, world
from tests.exams.test_answer_leak import KEY_WORDS
from tests.exams.test_paper_fragments import expected_options, questions_shown
from tests.factories import person

pytestmark = pytest.mark.django_db

__all__ = ["world"]  # the exams' two-jurisdiction world fixture


def question_ids(paper: MockPaper) -> set[int]:
    return set(paper.slots.values_list("question_version__question_id", flat=True))


def type_counts(paper: MockPaper) -> Counter:
    return Counter(slot.question_version.content["type"] for slot in paper.slots.all())


def right(slot) -> list[str]:
    return list(slot.question_version.content["answer"])


def wrong(slot) -> list[str]:
    content = slot.question_version.content
    if content["type"] == "fill":
        return ["不知道"]
    if content["type"] == "true_false":
        return ["false"] if content["answer"] == ["true"] else ["true"]
    return [key for key in slot.option_order if key not in content["answer"]][:1]


def slots_of(paper: MockPaper):
    return list(paper.slots.select_related("question_version").order_by("number"))


def test_a_mock_draws_the_blueprints_counts_without_the_open_papers_questions(world):
    assignment = world.exam_a.assignments.get(staff=world.worker_a)
    attempt = start_attempt(assignment)
    on_paper = set(attempt.slots.values_list("question_version__question_id", flat=True))

    mock = start_mock(world.worker_a)
    # The bank holds each type twice over: the mock is exactly what the paper left.
    assert type_counts(mock) == Counter(PAPER)
    assert not question_ids(mock) & on_paper
    assert mock.deadline - mock.started_at == timedelta(minutes=30)
    assert mock.title == world.exam_a.title and mock.assessment == world.exam_a
    assert mock.total_points == Decimal(100) and mock.pass_mark == Decimal(80)
    assert start_mock(world.worker_a) == mock  # 开始 again resumes it

    # One question fewer (retired) and the bank cannot make the paper: said in Chinese.
    submit_mock(mock)
    Question.objects.filter(pk__in=question_ids(mock), type="fill").update(
        status=QuestionStatus.RETIRED
    )
    with pytest.raises(MockError, match="题库中可用于模拟的题目不足"):
        start_mock(world.worker_a)


def test_a_paper_drawn_ahead_is_drawn_last_and_void_once_a_mock_shows_it(world):
    prepare_papers(world.exam_a.pk)
    prepared = PreparedPaper.objects.get(assignment__staff=world.worker_a)
    ahead = set(
        QuestionVersion.objects.filter(pk__in=[s["v"] for s in prepared.slots]).values_list(
            "question_id", flat=True
        )
    )
    first = start_mock(world.worker_a)
    assert len(ahead) == 5 and not question_ids(first) & ahead
    assert PreparedPaper.objects.filter(pk=prepared.pk).exists()  # untouched

    # With the first mock's 填空 retired, only the prepared paper's is left: it is shown,
    # so that paper is void and 开始 will draw the real one afresh.
    submit_mock(first)
    Question.objects.filter(pk__in=question_ids(first), type="fill").update(
        status=QuestionStatus.RETIRED
    )
    second = start_mock(world.worker_a)
    assert question_ids(second) & ahead
    assert not PreparedPaper.objects.filter(pk=prepared.pk).exists()


def test_a_question_whose_key_gives_everyone_the_points_is_not_drawn(world):
    fill = Question.objects.filter(jurisdiction=world.j1, type="fill").order_by("pk").first()
    version = fill.versions.get()
    AnswerKeyCorrection.objects.create(
        version=version,
        full_marks=True,
        reason="题意不清",
        previous_answer=version.content["answer"],
    )
    for _ in range(3):
        mock = start_mock(world.worker_a)
        assert fill.pk not in question_ids(mock)
        submit_mock(mock)


def test_later_mocks_draw_other_questions_first(world):
    first = start_mock(world.worker_a)
    submit_mock(first)
    second = start_mock(world.worker_a)
    assert second != first
    # 10 questions, 5 a paper: the second mock is the other half.
    assert not question_ids(first) & question_ids(second)


def test_nothing_of_the_key_reaches_the_browser_before_the_hand_in(client, world):
    provision = make_provision()
    Question.objects.update(source_provision=provision)
    QuestionVersion.objects.update(source_provision=provision)
    client.force_login(world.worker_a.user)
    bodies = [("mock home", client.get(reverse("practice:mock")).content.decode())]
    take = client.post(reverse("practice:mock_start"), follow=True)
    assert take.status_code == 200
    mock = MockPaper.objects.get(staff=world.worker_a)
    bodies.append(("paper", take.content.decode()))
    slot = slots_of(mock)[0]
    saved = client.post(
        reverse("practice:mock_save", args=[mock.pk]),
        data=json.dumps({"slot": slot.number, "response": wrong(slot)}),
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["ok"]
    bodies.append(("save", saved.content.decode()))
    bodies.append(
        ("state", client.get(reverse("practice:mock_state", args=[mock.pk])).content.decode())
    )
    bodies.append(
        ("paper again", client.get(reverse("practice:mock_take", args=[mock.pk])).content.decode())
    )
    for where, body in bodies:
        for marker in (*LEAK_MARKERS, *KEY_WORDS):
            assert marker not in body, f"{marker!r} leaked in {where}"
    assert "剩余" in bodies[1][1] and 'data-remaining="' in bodies[1][1]  # the timer
    assert "js/exam.js" in bodies[1][1]  # the exam page's own script

    # After the hand-in, everything is explained.
    result = client.post(
        reverse("practice:mock_submit", args=[mock.pk]), {"paper": "1"}, follow=True
    )
    body = result.content.decode()
    assert "正确答案" in body and LEAK_MARKERS[0] in body
    assert (
        f'依据：<a href="{provision.get_absolute_url()}">《中华人民共和国安全生产法》第二十八条</a>'
        in body
    )


def test_the_paper_shows_each_slots_options_and_saved_answer_as_the_exams_does(client, world):
    client.force_login(world.worker_a.user)
    client.post(reverse("practice:mock_start"))
    mock = MockPaper.objects.get(staff=world.worker_a)
    chosen = {}
    for slot in slots_of(mock):
        question_type = slot.question_version.content["type"]
        if question_type == "fill":
            chosen[slot.number] = ['<b>动火</b> & "审批"']
        elif question_type == "multiple":
            chosen[slot.number] = sorted(slot.option_order[1:3])
        else:
            chosen[slot.number] = [slot.option_order[-1]]
        save_answer(mock.pk, world.worker_a, slot.number, chosen[slot.number])
    page = client.get(reverse("practice:mock_take", args=[mock.pk])).content.decode()

    shown = questions_shown(page)
    for slot in slots_of(mock):
        content = slot.question_version.content
        is_fill = content["type"] == "fill"
        assert shown[slot.number] == {
            "type": content["type"],
            "stem": content["stem"],
            "points": "20 分",
            "base": None,  # a mock keeps no answer history to check a save against
            "fill": chosen[slot.number][0] if is_fill else None,
            "options": expected_options(slot, chosen[slot.number]),
        }
    card = re.findall(r'class="exam-map-item( is-answered)?" data-goto="(\d+)"', page)
    assert card == [(" is-answered", str(slot.number)) for slot in slots_of(mock)]


def test_the_hand_in_scores_explains_and_files_the_answers(client, world):
    client.force_login(world.worker_a.user)
    client.post(reverse("practice:mock_start"))
    mock = MockPaper.objects.get(staff=world.worker_a)
    slots = slots_of(mock)
    form = {"paper": "1"}
    for slot in slots[:3]:  # three right
        form[f"q-{slot.number}"] = right(slot)
    form[f"q-{slots[3].number}"] = wrong(slots[3])  # one wrong, one left blank
    client.post(reverse("practice:mock_submit", args=[mock.pk]), form)

    mock.refresh_from_db()
    assert mock.score == Decimal(60) and mock.passed is False and mock.correct_count == 3
    assert not mock.timed_out
    states = [s.result_state for s in slots_of(mock)]
    assert states == ["correct", "correct", "correct", "wrong", "unanswered"]
    page = client.get(reverse("practice:mock_result", args=[mock.pk])).content.decode()
    assert "60 <small>/ 100 分" in page and "未达及格分" in page
    assert page.count("正确答案") == 5 and page.count(LEAK_MARKERS[0]) == 5

    # Answers given are reviews, as in 每日一练: the wrong one is in the book.
    filed = PracticeAnswer.objects.filter(staff=world.worker_a, source=AnswerSource.MOCK)
    assert filed.count() == 4 and filed.filter(correct=False).count() == 1
    wrong_question = slots[3].question_version.question_id
    assert PracticeCard.objects.get(staff=world.worker_a, question_id=wrong_question).in_book
    blank_question = slots[4].question_version.question_id
    assert not PracticeCard.objects.filter(
        staff=world.worker_a, question_id=blank_question
    ).exists()
    # A second hand-in changes nothing.
    client.post(reverse("practice:mock_submit", args=[mock.pk]), {"paper": "1"})
    assert filed.count() == 4
    # The daily count is for 每日一练 alone.
    daily = client.get(reverse("practice:daily")).content.decode()
    assert "今日 0/5 题" in daily


def test_after_the_time_limit_the_saved_answers_are_scored(world):
    mock = start_mock(world.worker_a)
    slots = slots_of(mock)
    for slot in slots:
        save_answer(mock.pk, world.worker_a, slot.number, right(slot))
    late = mock.deadline + timedelta(seconds=1)
    with pytest.raises(MockClosed):
        save_answer(mock.pk, world.worker_a, slots[0].number, wrong(slots[0]), now=late)
    # The form posted late (the browser's timer) does not override what was saved.
    posted = {slot.number: wrong(slot) for slot in slots}
    mock = submit_mock(mock, posted=posted, now=late)
    assert mock.timed_out and mock.score == Decimal(100) and mock.passed


def test_an_expired_mock_is_handed_in_by_the_next_post_never_by_a_page(client, world):
    mock = start_mock(world.worker_a)
    slot = slots_of(mock)[0]
    save_answer(mock.pk, world.worker_a, slot.number, right(slot))
    MockPaper.objects.filter(pk=mock.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(world.worker_a.user)
    page = client.get(reverse("practice:mock_take", args=[mock.pk]), follow=True)
    assert "考试时间已到，尚未交卷" in page.content.decode()
    mock.refresh_from_db()
    assert mock.submitted_at is None  # GET wrote nothing
    client.post(reverse("practice:mock_start"))
    mock.refresh_from_db()
    assert mock.timed_out and mock.score == Decimal(20)
    assert MockPaper.objects.filter(staff=world.worker_a, submitted_at=None).count() == 1


def test_the_tick_hands_in_a_mock_left_at_its_time_limit(world):
    mock = start_mock(world.worker_a)
    slot = slots_of(mock)[0]
    save_answer(mock.pk, world.worker_a, slot.number, wrong(slot))
    assert hand_in_expired_mocks(now=mock.deadline - timedelta(seconds=1)) == 0
    assert hand_in_expired_mocks(now=mock.deadline) == 1
    assert hand_in_expired_mocks(now=mock.deadline) == 0
    mock.refresh_from_db()
    assert mock.timed_out and mock.score == 0
    question = slot.question_version.question_id
    assert PracticeCard.objects.get(staff=world.worker_a, question_id=question).in_book


def test_a_mock_counts_for_nothing_in_exams_training_or_oversight(world):
    def state():
        staff = StaffProfile.objects.get(pk=world.worker_a.pk)
        training = {
            m.__name__: m.objects.count() for m in apps.get_app_config("training").get_models()
        }
        return (
            staff.status,
            Attempt.objects.count(),
            AuditEvent.objects.count(),
            training,
        )

    before = state()
    for correct in (False, True):
        mock = start_mock(world.worker_a)
        for slot in slots_of(mock):
            save_answer(
                mock.pk, world.worker_a, slot.number, right(slot) if correct else wrong(slot)
            )
        mock = submit_mock(mock)
        assert mock.passed is correct
    assert state() == before


def test_another_persons_mock_is_a_404(client, world):
    mock = start_mock(world.worker_a)
    slot = slots_of(mock)[0]
    for intruder in (world.worker_b, world.colleague_a):
        client.force_login(intruder.user)
        assert client.get(reverse("practice:mock_take", args=[mock.pk])).status_code == 404
        assert client.get(reverse("practice:mock_result", args=[mock.pk])).status_code == 404
        assert client.get(reverse("practice:mock_state", args=[mock.pk])).status_code == 404
        saved = client.post(
            reverse("practice:mock_save", args=[mock.pk]),
            data=json.dumps({"slot": slot.number, "response": right(slot)}),
            content_type="application/json",
        )
        assert saved.status_code == 404
        assert client.post(reverse("practice:mock_submit", args=[mock.pk])).status_code == 404
    mock.refresh_from_db()
    assert mock.submitted_at is None and slots_of(mock)[0].response == []


def test_without_an_assigned_exam_the_layers_routine_blueprint_is_mocked(client, world):
    newcomer = person("新员工", enterprise=world.a)
    client.force_login(newcomer.user)
    page = client.get(reverse("practice:mock")).content.decode()
    assert "所在层级也没有常态化考核方案，暂不能模拟考试" in page
    refused = client.post(reverse("practice:mock_start"), follow=True).content.decode()
    assert "暂不能模拟考试" in refused
    assert not MockPaper.objects.filter(staff=newcomer).exists()

    RoutineSchedule.objects.create(
        blueprint=world.blueprint_1, enterprise=world.a, frequency="monthly"
    )
    page = client.get(reverse("practice:mock")).content.decode()
    assert f"常态化考核：{world.blueprint_1.name}" in page
    assert "2 道单选题" in page and "限时 30 分钟" in page
    client.post(reverse("practice:mock_start"))
    mock = MockPaper.objects.get(staff=newcomer)
    assert mock.blueprint == world.blueprint_1 and mock.assessment is None


def test_the_home_and_the_daily_page_link_to_the_mock(client, world):
    client.force_login(world.worker_a.user)
    for name in ("oversight:my_home", "practice:daily"):
        assert reverse("practice:mock") in client.get(reverse(name)).content.decode()
