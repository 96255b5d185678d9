"""The examinee's flow through the views: start, save, reload, submit, result."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from assessments.exams.services.answering import current_responses
from assessments.models import (
    AnswerStep,
    Attempt,
    AttemptState,
    Question,
    QuestionVersion,
    ReviewPolicy,
)
from tests.exams.builders import correct_response, make_provision, wrong_response
from tests.exams.conftest import committed, login

pytestmark = pytest.mark.django_db


def start(client, assignment) -> Attempt:
    response = client.post(reverse("assessments:start", args=[assignment.pk]))
    attempt = Attempt.objects.get(assignment=assignment, state=AttemptState.IN_PROGRESS)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:take", args=[attempt.pk])
    return attempt


def save(client, attempt, slot: int, answer):
    return client.post(
        reverse("assessments:save", args=[attempt.pk]),
        data=json.dumps({"slot": slot, "response": answer}),
        content_type="application/json",
    )


def slots_of(attempt):
    return list(attempt.slots.select_related("question_version").order_by("number"))


def assignment_of(world, who="worker_a"):
    return world.exam_a.assignments.get(staff=getattr(world, who))


class TestPendingExams:
    def test_home_lists_the_open_exam_with_a_start_button(self, client, world):
        page = login(client, world.worker_a).get(reverse("oversight:my_home")).content.decode()
        assert world.exam_a.title in page
        assert reverse("assessments:start", args=[assignment_of(world).pk]) in page
        assert "开始考试" in page

    def test_my_exams_page_lists_it_too(self, client, world):
        page = login(client, world.worker_a).get(reverse("assessments:my_exams")).content.decode()
        assert world.exam_a.title in page

    def test_unlaunched_and_closed_exams_are_not_listed(self, client, world):
        world.exam_a.is_launched = False
        world.exam_a.save()
        page = login(client, world.worker_a).get(reverse("assessments:my_exams")).content.decode()
        assert world.exam_a.title not in page
        assert "暂无考试安排" in page

    def test_a_started_exam_offers_to_continue(self, client, world):
        login(client, world.worker_a)
        start(client, assignment_of(world))
        page = client.get(reverse("oversight:my_home")).content.decode()
        assert "继续作答" in page

    def test_exams_root_sends_each_role_to_its_page(self, client, world):
        assert login(client, world.worker_a).get("/exams/")["Location"] == reverse(
            "assessments:my_exams"
        )
        assert login(client, world.safety_manager_a).get("/exams/")["Location"] == reverse(
            "oversight:enterprise", args=[world.a.pk]
        )
        assert login(client, world.regulator_1).get("/exams/")["Location"] == reverse(
            "oversight:jurisdiction"
        )


class TestTakingAndResuming:
    def test_start_draws_a_paper_and_shows_it(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        page = client.get(reverse("assessments:take", args=[attempt.pk])).content.decode()
        for slot in slots_of(attempt):
            assert f'id="q-{slot.number}"' in page
            assert slot.question_version.content["stem"] in page
        assert 'data-remaining="' in page
        assert "js/exam.js" in page

    def test_starting_twice_resumes_the_same_attempt(self, client, world):
        login(client, world.worker_a)
        first = start(client, assignment_of(world))
        assert start(client, assignment_of(world)) == first
        assert Attempt.objects.filter(assignment=assignment_of(world)).count() == 1

    def test_save_returns_the_saved_response_and_server_time_left(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        slot = slots_of(attempt)[0]
        reply = save(client, attempt, slot.number, [slot.option_order[1]])
        assert reply.status_code == 200
        data = reply.json()
        assert data["ok"] is True
        assert data["response"] == [slot.option_order[1]]
        assert 0 < data["remaining_seconds"] <= 30 * 60

    def test_every_save_is_a_new_step_and_the_last_one_counts(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        slot = slots_of(attempt)[0]
        save(client, attempt, slot.number, [slot.option_order[0]])
        save(client, attempt, slot.number, [slot.option_order[2]])
        assert AnswerStep.objects.filter(slot=slot).count() == 2
        assert current_responses(attempt)[slot.number] == [slot.option_order[2]]

    def test_reload_shows_saved_answers_selected(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        slots = slots_of(attempt)
        by_type = {slot.question_version.content["type"]: slot for slot in slots}
        single, fill = by_type["single"], by_type["fill"]
        save(client, attempt, single.number, [single.option_order[2]])
        save(client, attempt, fill.number, "我的填空答案")
        page = client.get(reverse("assessments:take", args=[attempt.pk])).content.decode()
        assert f'name="q-{single.number}" value="{single.option_order[2]}" checked' in page
        assert f'name="q-{single.number}" value="{single.option_order[0]}">' in page
        assert 'value="我的填空答案"' in page
        assert "data-answered-count>2<" in page

    def test_invalid_option_is_refused_with_a_chinese_message(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        reply = save(client, attempt, slots_of(attempt)[0].number, ["Z"])
        assert reply.status_code == 400
        assert "不是有效选项" in reply.json()["error"]

    def test_malformed_requests_are_400(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        url = reverse("assessments:save", args=[attempt.pk])
        assert client.post(url, "not json", content_type="application/json").status_code == 400
        assert client.post(url, "[1]", content_type="application/json").status_code == 400
        assert save(client, attempt, 99, ["A"]).status_code == 400
        assert client.get(url).status_code == 405

    def test_save_needs_the_csrf_token(self, world):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        login(client, world.worker_a)
        attempt = start_directly(world)
        assert save(client, attempt, 1, ["A"]).status_code == 403

    def test_anonymous_save_gets_json_401(self, client, world):
        attempt = start_directly(world)
        reply = save(client, attempt, 1, ["A"])
        assert reply.status_code == 401
        assert "登录" in reply.json()["error"]

    def test_state_endpoint_reports_time_left(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        data = client.get(reverse("assessments:state", args=[attempt.pk])).json()
        assert data["state"] == "in_progress"
        assert data["remaining_seconds"] > 0


def start_directly(world) -> Attempt:
    from assessments.exams.services.papers import start_attempt

    return start_attempt(assignment_of(world))


class TestSubmitting:
    def test_submit_grades_and_shows_the_result_with_review(self, client, world):
        provision = make_provision()
        Question.objects.update(source_provision=provision)
        QuestionVersion.objects.update(source_provision=provision)
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        for slot in slots_of(attempt):
            save(client, attempt, slot.number, correct_response(slot))
        response = client.post(reverse("assessments:submit", args=[attempt.pk]))
        assert response["Location"] == reverse("assessments:result", args=[attempt.pk])
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.GRADED
        assert attempt.passed is True
        assert attempt.score == 100
        page = client.get(response["Location"]).content.decode()
        assert "100" in page and "合格" in page
        assert "正确答案" in page
        assert "依据：" in page
        assert f'href="{provision.get_absolute_url()}"' in page
        assert "《中华人民共和国安全生产法》第二十八条" in page

    def test_form_answers_are_stored_on_submit_without_javascript(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        form = {"paper": "1"}
        for slot in slots_of(attempt):
            answer = correct_response(slot)
            form[f"q-{slot.number}"] = answer if len(answer) > 1 else answer[0]
        client.post(reverse("assessments:submit", args=[attempt.pk]), form)
        attempt.refresh_from_db()
        assert attempt.passed is True
        assert len(current_responses(attempt)) == len(slots_of(attempt))

    def test_failing_shows_the_off_post_notice(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        for slot in slots_of(attempt):
            save(client, attempt, slot.number, wrong_response(slot))
        with committed():
            client.post(reverse("assessments:submit", args=[attempt.pk]))
        page = client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()
        assert "不合格" in page
        assert "已转为脱产培训" in page
        assert "72 学时" in page  # hazardous-chemicals enterprise
        world.worker_a.refresh_from_db()
        assert world.worker_a.is_off_post

    def test_second_submit_is_refused_cleanly(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        client.post(reverse("assessments:submit", args=[attempt.pk]))
        graded_at = Attempt.objects.get(pk=attempt.pk).graded_at
        response = client.post(reverse("assessments:submit", args=[attempt.pk]), follow=True)
        assert response.status_code == 200
        assert "不能重复提交" in response.content.decode()
        assert Attempt.objects.get(pk=attempt.pk).graded_at == graded_at

    def test_save_after_submit_is_409_with_a_chinese_message(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        client.post(reverse("assessments:submit", args=[attempt.pk]))
        reply = save(client, attempt, 1, [slots_of(attempt)[0].option_order[0]])
        assert reply.status_code == 409
        data = reply.json()
        assert data["error"] == "本次考试已交卷，不能再修改答案。"
        assert data["result_url"] == reverse("assessments:result", args=[attempt.pk])
        assert not AnswerStep.objects.filter(slot__attempt=attempt).exists()

    def test_take_page_after_submit_goes_to_the_result(self, client, world):
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        client.post(reverse("assessments:submit", args=[attempt.pk]))
        response = client.get(reverse("assessments:take", args=[attempt.pk]))
        assert response["Location"] == reverse("assessments:result", args=[attempt.pk])

    def test_a_passed_exam_cannot_be_started_again(self, client, world):
        world.blueprint_1.attempts_allowed = 3
        world.blueprint_1.save()
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        for slot in slots_of(attempt):
            save(client, attempt, slot.number, correct_response(slot))
        client.post(reverse("assessments:submit", args=[attempt.pk]))
        response = client.post(
            reverse("assessments:start", args=[assignment_of(world).pk]), follow=True
        )
        assert "您已通过本次考核" in response.content.decode()
        assert Attempt.objects.filter(assignment=assignment_of(world)).count() == 1


class TestReviewPolicy:
    def finish(self, client, world, policy):
        world.blueprint_1.review_policy = policy
        world.blueprint_1.save()
        login(client, world.worker_a)
        attempt = start(client, assignment_of(world))
        client.post(reverse("assessments:submit", args=[attempt.pk]))
        return client.get(reverse("assessments:result", args=[attempt.pk])).content.decode()

    def test_score_only_shows_no_answers(self, client, world):
        page = self.finish(client, world, ReviewPolicy.SCORE_ONLY)
        assert "只公布成绩" in page
        assert "正确答案" not in page

    def test_after_close_waits_for_the_window_to_close(self, client, world):
        page = self.finish(client, world, ReviewPolicy.AFTER_CLOSE)
        assert "考核截止" in page
        assert "正确答案" not in page
