"""A worker takes an exam on a phone: answers half, reloads, finds them kept, finishes,
submits through the confirm dialog and sees the result."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = 6


@pytest.fixture
def exam_world(transactional_db):
    from assessments.models import QuestionType
    from tests.exams.builders import make_assessment, make_bank, make_blueprint
    from tests.factories import EnterpriseFactory, StaffProfileFactory, UserFactory

    enterprise = EnterpriseFactory(name="甲化工有限公司")
    worker = StaffProfileFactory(
        user=UserFactory(username="examinee", first_name="张三"), enterprise=enterprise
    )
    paper = {
        QuestionType.SINGLE: 3,
        QuestionType.MULTIPLE: 1,
        QuestionType.TRUE_FALSE: 1,
        QuestionType.FILL: 1,
    }
    make_bank(enterprise.jurisdiction, paper)
    blueprint = make_blueprint(enterprise.jurisdiction, paper, time_limit_minutes=20)
    return make_assessment(blueprint, enterprise, staff=[worker], title="二季度安全知识考核")


def answer(page, slot) -> None:
    """Give the right answer to ``slot`` on the page, as a finger would."""
    content = slot.question_version.content
    question = page.locator(f"#q-{slot.number}")
    if content["type"] == "fill":
        box = question.locator("input[type=text]")
        box.fill(content["answer"][0])
        box.blur()
    else:
        for key in content["answer"]:
            question.locator(f"input[value='{key}']").check()


def wait_saved(page) -> None:
    page.wait_for_selector("#exam-paper[data-pending='0']")
    assert page.locator("[data-save-state]").inner_text().startswith("已保存")


def test_take_reload_resume_and_submit_on_a_phone(live_server, exam_world, phone_page):
    from tests.factories import TEST_PASSWORD

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("examinee")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))

    page.get_by_role("status", name="待完成的考试").get_by_role("button", name="开始考试").click()
    page.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))
    assert re.fullmatch(r"\d\d:\d\d", page.locator("[data-countdown]").inner_text())

    from assessments.models import Attempt

    attempt = Attempt.objects.get(assignment__assessment=exam_world)
    slots = list(attempt.slots.select_related("question_version").order_by("number"))
    assert len(slots) == QUESTIONS
    half = QUESTIONS // 2

    # One question per screen: only the current one is visible; answer and go next.
    for slot in slots[:half]:
        assert page.locator(f"#q-{slot.number}").is_visible()
        assert not page.locator(f"#q-{slot.number + 1}").is_visible()
        answer(page, slot)
        page.get_by_role("button", name="下一题").click()
    wait_saved(page)
    assert page.locator("[data-answered-count]").inner_text() == str(half)

    page.reload()
    wait_saved(page)
    assert page.locator("[data-answered-count]").inner_text() == str(half)
    page.get_by_role("button", name="整卷显示").click()  # the whole paper on one page
    for slot in slots[:half]:
        content = slot.question_version.content
        question = page.locator(f"#q-{slot.number}")
        assert question.is_visible()
        if content["type"] == "fill":
            assert question.locator("input[type=text]").input_value() == content["answer"][0]
        else:
            for key in content["answer"]:
                assert question.locator(f"input[value='{key}']").is_checked()
        assert "is-answered" in page.locator(f"[data-goto='{slot.number}']").get_attribute("class")

    for slot in slots[half:]:
        answer(page, slot)
    wait_saved(page)
    assert page.locator("[data-answered-count]").inner_text() == str(QUESTIONS)

    page.get_by_role("button", name="交卷").click()
    dialog = page.locator("#submit-dialog")
    assert dialog.is_visible()
    assert "已全部作答" in dialog.inner_text()
    page.get_by_role("button", name="确认交卷").click()
    page.wait_for_url(re.compile(r"/exams/attempts/\d+/result/$"))
    assert "100" in page.locator(".score").inner_text()
    assert page.locator(".score-card .badge-ok").inner_text() == "合格"
    assert page.locator(".review-item").count() == QUESTIONS
    attempt.refresh_from_db()
    assert attempt.state == "graded" and attempt.passed is True


def test_a_failed_save_shows_unsaved_and_is_retried(live_server, exam_world, phone_page):
    from assessments.exams.services.answering import current_responses
    from assessments.models import Attempt
    from tests.factories import TEST_PASSWORD

    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("examinee")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    page.get_by_role("status", name="待完成的考试").get_by_role("button", name="开始考试").click()
    page.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))
    attempt = Attempt.objects.get(assignment__assessment=exam_world)
    first = attempt.slots.select_related("question_version").order_by("number").first()

    page.route("**/answers/", lambda route: route.abort())  # the connection drops
    answer(page, first)
    page.wait_for_selector("[data-save-state].is-error")
    assert "未保存" in page.locator("[data-save-state]").inner_text()
    assert "is-unsaved" in page.locator(f"[data-goto='{first.number}']").get_attribute("class")
    assert first.number not in current_responses(attempt)

    page.unroute("**/answers/")  # back online: the retry gets through
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)
    assert current_responses(attempt)[first.number] == first.question_version.content["answer"]
