"""模拟考试 pages: thin views over `practice.mock_exams` and `practice.mock_selectors`.

The paper page is the exam's (same markup and `exam.js`: answers saved as given, the
countdown, the question map) and carries stems and options only; the answers, the
explanations and the 依据 are shown after the hand-in. GET pages never write: a mock
past its time is handed in by the person's next 交卷 or 开始, or by the minute tick.
Every mock is the logged-in person's own: anyone else's is a 404.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.scoping import profile_of
from accounts.vocab import ENTERPRISE_ROLES
from assessments.exams.engine import is_expired, remaining_seconds
from assessments.exams.selectors.blueprints import rule_phrase
from assessments.exams.selectors.examinee import clock
from assessments.exams.services.papers import draw_rule
from assessments.exams.views.common import json_error, json_role_required
from assessments.exams.views.paper_fragments import joined, paper_items
from practice import mock_selectors as selectors
from practice.mock_exams import MockClosed, MockError, save_answer, start_mock, submit_mock
from practice.models import MockPaper, MockSlot

MAX_BODY_BYTES = 8 * 1024
JSON_OPTIONS = {"ensure_ascii": False}


def _own_paper(request: HttpRequest, pk: int) -> MockPaper:
    paper = MockPaper.objects.filter(pk=pk, staff=profile_of(request.user)).first()
    if paper is None:
        raise Http404("模拟考试不存在。")
    return paper


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def mock_home(request: HttpRequest) -> HttpResponse:
    """What a mock would copy (rules, time, pass mark), the start button and past mocks."""
    staff = profile_of(request.user)
    target = selectors.mock_target(staff)
    rules = []
    if target is not None:
        rules = [
            f"{rule.count} 道{rule_phrase(draw_rule(rule))}"
            for rule in target.blueprint.rules.all()
        ]
    return render(
        request,
        "practice/mock_home.html",
        {
            "target": target,
            "rules": rules,
            "open_paper": selectors.open_mock(staff),
            "history": selectors.mock_history(staff),
        },
    )


@require_POST
@role_required(*ENTERPRISE_ROLES)
def mock_start(request: HttpRequest) -> HttpResponse:
    try:
        paper = start_mock(profile_of(request.user))
    except MockError as error:
        messages.error(request, str(error))
        return redirect("practice:mock")
    return redirect("practice:mock_take", paper.pk)


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def mock_take(request: HttpRequest, pk: int) -> HttpResponse:
    paper = _own_paper(request, pk)
    if paper.is_submitted or is_expired(timezone.now(), paper.deadline):
        return redirect("practice:mock_result", paper.pk)
    # The exam's paper fragments; a mock keeps no answer history, so no saved step.
    questions = paper_items(selectors.mock_slots(paper), with_steps=False)
    answer_card, questions_html = joined(questions)
    remaining = selectors.seconds_left(paper)
    return render(
        request,
        "practice/mock_take.html",
        {
            "paper": paper,
            "questions": questions,
            "answer_card": answer_card,
            "questions_html": questions_html,
            "answered_count": sum(q.answered for q in questions),
            "remaining_seconds": remaining,
            "clock": clock(remaining),
        },
    )


@never_cache
@require_POST
@json_role_required(*ENTERPRISE_ROLES)
def mock_save(request: HttpRequest, pk: int) -> JsonResponse:
    """One answer as JSON (``{"slot": 3, "response": ["A", "C"]}``), as the exam page sends."""
    staff = profile_of(request.user)
    try:
        if len(request.body) > MAX_BODY_BYTES:
            raise ValueError
        payload = json.loads(request.body.decode("utf-8"))
        number = int(payload["slot"])
        response = payload.get("response")
    except (ValueError, KeyError, TypeError):
        return json_error("请求格式不正确：需要 slot 和 response。", 400)
    now = timezone.now()
    try:
        given, deadline = save_answer(pk, staff, number, response, now=now)
    except MockSlot.DoesNotExist:
        return json_error("模拟考试或题目不存在。", 404)
    except MockClosed as error:
        return json_error(
            str(error), 409, closed=True, result_url=reverse("practice:mock_result", args=[pk])
        )
    except MockError as error:
        return json_error(str(error), 400)
    return JsonResponse(
        {
            "ok": True,
            "slot": number,
            "response": given,
            "saved_at": timezone.localtime(now).strftime("%H:%M:%S"),
            "remaining_seconds": remaining_seconds(now, deadline) or 0,
        },
        json_dumps_params=JSON_OPTIONS,
    )


@never_cache
@require_GET
@json_role_required(*ENTERPRISE_ROLES)
def mock_state(request: HttpRequest, pk: int) -> JsonResponse:
    """The server's remaining seconds, to re-sync the countdown; 409 once it is over."""
    paper = MockPaper.objects.filter(pk=pk, staff=profile_of(request.user)).first()
    if paper is None:
        return json_error("模拟考试不存在。", 404)
    if paper.is_submitted or is_expired(timezone.now(), paper.deadline):
        return json_error(
            "模拟考试时间已到。",
            409,
            closed=True,
            result_url=reverse("practice:mock_result", args=[pk]),
        )
    return JsonResponse({"ok": True, "remaining_seconds": selectors.seconds_left(paper)})


@require_POST
@role_required(*ENTERPRISE_ROLES)
def mock_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand in: the form's answers count while time remains, then the saved ones."""
    paper = _own_paper(request, pk)
    posted = {}
    if request.POST.get("paper") == "1":
        for question in selectors.mock_questions(paper):
            field = f"q-{question.number}"
            posted[question.number] = (
                request.POST.getlist(field) if question.is_multiple else request.POST.get(field)
            )
    was_open = not paper.is_submitted
    paper = submit_mock(paper, posted=posted)
    if was_open and paper.timed_out:
        messages.warning(request, "考试时间已到，已按截止时保存的答案评分。")
    return redirect("practice:mock_result", paper.pk)


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def mock_result(request: HttpRequest, pk: int) -> HttpResponse:
    paper = _own_paper(request, pk)
    expired = is_expired(timezone.now(), paper.deadline)
    if not paper.is_submitted and not expired:
        return redirect("practice:mock_take", paper.pk)
    review = selectors.mock_review(paper) if paper.is_submitted else []
    return render(
        request,
        "practice/mock_result.html",
        {
            "paper": paper,
            "review": review,
            "wrong_count": sum(1 for item in review if not item.is_correct),
            "is_own": True,
        },
    )
