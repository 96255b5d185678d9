"""每日一练, the 错题本 and 收藏: thin views over `practice.services` and `selectors`.

Pages carry stems and options only; the answer, explanation and 依据 come back in the
reply to an answer, never before (tests scan every page). Everything is the logged-in
person's own: another person's card or answer is a 404.
"""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.scoping import profile_of
from accounts.vocab import ENTERPRISE_ROLES
from assessments.exams.selectors.paper_history import open_paper_question_ids
from assessments.exams.views.common import json_error, json_role_required
from practice import selectors
from practice.models import PracticeAnswer, PracticeCard
from practice.scheduling import is_due
from practice.services import (
    PracticeError,
    feedback_for,
    record_answer,
    set_favourite,
    sync_answers,
)

JSON_OPTIONS = {"ensure_ascii": False}


def _json_body(request: HttpRequest) -> dict:
    payload = json.loads(request.body or b"{}")
    if not isinstance(payload, dict):
        raise ValueError
    return payload


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def daily(request: HttpRequest) -> HttpResponse:
    staff = profile_of(request.user)
    screens = selectors.question_screens(staff, selectors.todays_set(staff))
    return render(
        request,
        "practice/daily.html",
        {
            "questions": screens,
            "progress": selectors.progress(staff),
            "title": "每日一练",
        },
    )


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def book(request: HttpRequest) -> HttpResponse:
    staff = profile_of(request.user)
    cards, now = list(selectors.book(staff)), timezone.localtime()
    return render(
        request,
        "practice/book.html",
        {
            "cards": cards,
            "progress": selectors.progress(staff),
            # today's set holds these: the page says 今天, not an earlier date
            "due_today": {card.pk for card in cards if is_due(card.due, now)},
        },
    )


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def redo(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-practise one question of one's own book (any other card is a 404)."""
    staff = profile_of(request.user)
    card = get_object_or_404(PracticeCard, pk=pk, staff=staff)
    if card.question_id in open_paper_question_ids(staff):
        messages.info(request, "这道题在您尚未结束的考试中，考试结束后才能练习。")
        return redirect("practice:book")
    screens = selectors.question_screens(staff, [card.question_id])
    if not screens:
        raise Http404("试题不存在。")
    return render(
        request,
        "practice/daily.html",
        {"questions": screens, "progress": selectors.progress(staff), "title": "错题重练"},
    )


@never_cache
@require_POST
@json_role_required(*ENTERPRISE_ROLES)
def answer(request: HttpRequest) -> HttpResponse:
    """One answer: JSON in, the feedback out. A plain form post (no JavaScript) is
    redirected to the feedback page."""
    staff = profile_of(request.user)
    is_form = request.content_type != "application/json"
    try:
        if is_form:
            payload = {
                "client_id": request.POST.get("client_id") or str(uuid.uuid4()),
                "question_id": request.POST.get("question_id"),
                "version_id": request.POST.get("version_id"),
                "response": request.POST.getlist("response"),
            }
        else:
            payload = _json_body(request)
        feedback = record_answer(
            staff,
            client_id=str(payload.get("client_id", "")),
            question_id=int(payload.get("question_id") or 0),
            version_id=int(payload.get("version_id") or 0),
            response=payload.get("response"),
        )
    except PracticeAnswer.DoesNotExist:
        return json_error("作答不存在。", 404)
    except PracticeError as error:
        return json_error(str(error), 400)
    except (ValueError, TypeError):
        return json_error(
            "请求格式不正确：需要 client_id、question_id、version_id 和 response。", 400
        )
    if is_form:
        return redirect("practice:feedback", feedback.client_id)
    return JsonResponse({"ok": True, **feedback.as_json()}, json_dumps_params=JSON_OPTIONS)


@never_cache
@require_POST
@json_role_required(*ENTERPRISE_ROLES)
def sync(request: HttpRequest) -> JsonResponse:
    """Answers queued while offline: ``{"answers": [...]}`` → a result per answer."""
    try:
        items = _json_body(request).get("answers")
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError
    except ValueError:
        return json_error("请求格式不正确：answers 应为作答列表。", 400)
    results = sync_answers(profile_of(request.user), items)
    return JsonResponse(
        {"ok": True, "results": [r.as_json() for r in results]}, json_dumps_params=JSON_OPTIONS
    )


@never_cache
@require_GET
@role_required(*ENTERPRISE_ROLES)
def feedback(request: HttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """The feedback on one of one's own answers (another person's is a 404)."""
    answer = get_object_or_404(
        PracticeAnswer.objects.select_related("question_version__source_provision__page"),
        client_id=client_id,
        staff=profile_of(request.user),
    )
    return render(request, "practice/feedback.html", {"feedback": feedback_for(answer)})


@require_POST
@role_required(*ENTERPRISE_ROLES)
def favourite(request: HttpRequest, question_id: int) -> HttpResponse:
    """收藏 on or off (``on=1``/``on=0``); a question outside one's bank is a 404."""
    on = request.POST.get("on") == "1"
    try:
        set_favourite(profile_of(request.user), question_id, on)
    except PracticeError as error:
        raise Http404(str(error)) from error
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True, "favourite": on})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/practice/") else "practice:book")
