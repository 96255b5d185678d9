"""Taking an exam: the worker's list, start, the paper, saving answers, submit, result.

The paper never carries an answer or explanation: it is built by `selectors.paper_slots`
from stem and options only. GET pages never write: a paper past its deadline is shown as
时间已到，等待系统交卷 until the deadline task or the minute tick submits it. The POST
endpoints, where the person acts (start, save, submit), close it first
(`expire_if_overdue`), so a late save or submit meets a closed attempt. The state poll is
a GET and reads only: past the deadline it answers 409 with the result page's address.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.scoping import profile_of, role_of
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from assessments.exams import selectors
from assessments.exams.consequences import outcome_policy
from assessments.exams.engine import is_expired, remaining_seconds
from assessments.exams.selectors.answer_secrecy import REVIEW_WITHHELD, shares_hidden_questions
from assessments.exams.services.answer_saving import store_answer
from assessments.exams.services.answering import (
    expire_if_overdue,
    expire_overdue_attempts,
    is_awaiting_close,
    save_answer,
    save_posted_answers,
    submit_attempt,
)
from assessments.exams.services.errors import AssessmentError, AttemptNotFound
from assessments.exams.services.papers import start_attempt
from assessments.exams.services.prepared_start import start_prepared
from assessments.exams.views.common import (
    EVERYONE,
    EXAMINEES,
    get_in_scope_or_404,
    json_error,
    json_role_required,
    own_attempt_or_404,
    visible_attempts,
)
from assessments.exams.views.paper_fragments import joined, paper_items
from assessments.models import AssessmentKind, Assignment, Attempt, AttemptState

#: A client-side auto-submit is believed only this close to the deadline.
AUTO_SUBMIT_SLACK_SECONDS = 5
MAX_BODY_BYTES = 8 * 1024


@require_GET
def exams_home(request: HttpRequest) -> HttpResponse:
    """/exams/: each role's exam start page."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    role = role_of(request.user)
    if role == Role.EDITOR:  # editors keep the blueprints; they sit no exams
        return redirect("wagtailsnippets_assessments_examblueprint:list")
    if role == Role.REGULATOR:
        return redirect("oversight:jurisdiction")
    if role in ENTERPRISE_MANAGER_ROLES:
        return redirect("oversight:enterprise", profile_of(request.user).enterprise_id)
    return redirect("assessments:my_exams")


@require_GET
@role_required(*EXAMINEES)
def my_exams(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    context = {"profile": profile, "exams": selectors.worker_exams(profile)}
    return render(request, "assessments/my_exams.html", context)


@require_POST
@role_required(*EXAMINEES)
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or resume) the person's own assignment, then show the paper."""
    # The burst's path: one statement when the person's paper was drawn ahead; anything
    # it does not start (resume, refusal, a fresh draw) takes the full path below.
    started = start_prepared(pk, profile_of(request.user), now=timezone.now())
    if started is not None:
        return redirect("assessments:take", started.attempt_id)
    assignment = get_in_scope_or_404(
        Assignment.objects.filter(staff=profile_of(request.user)).select_related(
            "assessment__blueprint", "staff__enterprise"
        ),
        pk,
        "考核不存在。",
    )
    expire_overdue_attempts(attempts=assignment.attempts.all())
    try:
        # The service applies the start rules (window, attempts, training) under a lock.
        attempt = start_attempt(assignment)
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:my_exams")
    return redirect("assessments:take", attempt.pk)


@never_cache
@require_GET
@role_required(*EXAMINEES)
def take(request: HttpRequest, pk: int) -> HttpResponse:
    # The attempt's state, deadline and title only: every examinee loads this page at once.
    found = (
        Attempt.objects.filter(pk=pk, assignment__staff=profile_of(request.user))
        .values_list("state", "deadline", "assignment__assessment__title")
        .first()
    )
    if found is None:
        raise Http404("答卷不存在。")
    attempt = Attempt(pk=pk, state=found[0], deadline=found[1])
    if attempt.state != AttemptState.IN_PROGRESS or is_awaiting_close(attempt):
        return redirect("assessments:result", attempt.pk)
    # Each question rendered once per process and content, its holes filled here.
    questions = paper_items(selectors.paper_slots(attempt))
    answer_card, paper = joined(questions)
    remaining = selectors.seconds_left(attempt)
    context = {
        "attempt": attempt,
        "assessment": {"title": found[2]},
        "questions": questions,
        "answer_card": answer_card,
        "paper": paper,
        "answered_count": sum(q.answered for q in questions),
        "remaining_seconds": remaining,
        "clock": selectors.clock(remaining),
    }
    return render(request, "assessments/take.html", context)


@never_cache
@require_POST
@json_role_required(*EXAMINEES)
def save(request: HttpRequest, pk: int) -> JsonResponse:
    """Save one answer (JSON ``{"slot": 3, "response": ["A", "C"]}``) as a new step.

    The hot path of an exam: `store_answer` checks and stores in one statement; a save it
    does not store goes through `save_answer` (with `staff`), which stores or says why
    not, and only a refused save looks at the attempt again.
    """
    staff = profile_of(request.user)
    try:
        payload = _json_body(request)
        slot_number = int(payload["slot"])
        response = payload.get("response")
        if response is not None and not isinstance(response, str | list):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        if not Attempt.objects.filter(pk=pk, assignment__staff=staff).exists():
            return json_error("答卷不存在。", 404)
        return json_error("请求格式不正确。", 400)
    now = timezone.now()
    # One statement when the save is plainly fine; anything else takes the full path below.
    stored = store_answer(pk, staff.pk, slot_number, response, now=now)
    if stored is not None:
        return JsonResponse(
            {
                "ok": True,
                "slot": slot_number,
                "response": stored.response,
                "step": stored.step_id,
                "saved_at": timezone.localtime(stored.created_at).strftime("%H:%M:%S"),
                "remaining_seconds": remaining_seconds(now, stored.deadline) or 0,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    try:
        step = save_answer(Attempt(pk=pk), slot_number, response, now=now, staff=staff)
    except AttemptNotFound:
        return json_error("答卷不存在。", 404)
    except AssessmentError as exc:
        attempt = Attempt.objects.get(pk=pk)
        if attempt.state != AttemptState.IN_PROGRESS or is_expired(now, attempt.deadline):
            return _closed(expire_if_overdue(attempt, now=now), now)
        return json_error(str(exc), 400)
    return JsonResponse(
        {
            "ok": True,
            "slot": slot_number,
            "response": step.response,
            "step": step.pk,
            "saved_at": timezone.localtime(step.created_at).strftime("%H:%M:%S"),
            "remaining_seconds": selectors.seconds_left(step.slot.attempt, now=now),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
@require_GET
@json_role_required(*EXAMINEES)
def state(request: HttpRequest, pk: int) -> JsonResponse:
    """The attempt's state and the server's remaining seconds, to re-sync the countdown."""
    attempt = Attempt.objects.filter(pk=pk, assignment__staff=profile_of(request.user)).first()
    if attempt is None:
        return json_error("答卷不存在。", 404)
    now = timezone.now()
    if attempt.state != AttemptState.IN_PROGRESS or is_awaiting_close(attempt, now):
        return _closed(attempt, now)
    return JsonResponse(
        {"ok": True, "state": attempt.state, "remaining_seconds": selectors.seconds_left(attempt)}
    )


@require_POST
@role_required(*EXAMINEES)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand in the paper. Answers posted with the form (no-JS, or a save still retrying)
    are stored first while time remains; after the deadline they are not."""
    attempt = expire_if_overdue(own_attempt_or_404(request, pk))
    if attempt.state != AttemptState.IN_PROGRESS:
        if attempt.auto_submitted:
            messages.warning(request, "考试时间已到，系统已按截止时保存的答案自动交卷。")
        else:
            messages.info(request, "本次考试已经交卷，不能重复提交。")
        return redirect("assessments:result", attempt.pk)
    now = timezone.now()
    with transaction.atomic():
        if request.POST.get("paper") == "1":
            _save_posted_answers(attempt, request.POST, now)
        left = selectors.seconds_left(attempt, now=now)
        auto = request.POST.get("auto") == "1" and left <= AUTO_SUBMIT_SLACK_SECONDS
        try:
            submit_attempt(attempt, actor=request.user, now=now, auto=auto)
        except AssessmentError as exc:
            messages.info(request, str(exc))
    return redirect("assessments:result", attempt.pk)


@never_cache
@require_GET
@role_required(*EVERYONE)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """Score, pass/fail and, as the review policy allows, every question explained.

    The examinee sees their own; managers and regulators those of people in their scope.
    """
    attempt = get_in_scope_or_404(visible_attempts(request.user), pk, "答卷不存在。")
    staff = attempt.assignment.staff
    is_own = staff.user_id == request.user.pk
    if attempt.state == AttemptState.IN_PROGRESS and is_own and not is_awaiting_close(attempt):
        return redirect("assessments:take", attempt.pk)
    assessment = attempt.assignment.assessment
    show_review = selectors.review_visible(attempt)
    # A manager sitting a paper of their own cannot read a colleague's answers to it.
    review_withheld = show_review and not is_own and shares_hidden_questions(request.user, attempt)
    show_review = show_review and not review_withheld
    review = selectors.review_items(attempt) if show_review else []
    wrong = [item for item in review if not item.is_correct]
    # ?wrong=1 works without JS; result.js toggles the same list in place.
    only_wrong = request.GET.get("wrong") == "1"
    context = {
        "attempt": attempt,
        "assessment": assessment,
        "member": staff,
        "is_own": is_own,
        "is_retest": assessment.kind == AssessmentKind.RETEST,
        "show_review": show_review,
        "review_withheld": REVIEW_WITHHELD if review_withheld else "",
        "review": wrong if only_wrong else review,
        "wrong_count": len(wrong),
        "only_wrong": only_wrong,
        "standing": outcome_policy().standing(staff) if attempt.passed is False else None,
    }
    return render(request, "assessments/result.html", context)


def _json_body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_BODY_BYTES:
        raise ValueError("body too large")
    payload = json.loads(request.body.decode("utf-8"))
    if not isinstance(payload, dict):
        raise ValueError("not an object")
    return payload


def _closed(attempt: Attempt, now) -> JsonResponse:
    """409: the attempt no longer takes answers; tell the page where the result is."""
    if attempt.state == AttemptState.IN_PROGRESS:
        message = "考试时间已到，等待系统交卷，本题答案未保存。"
    elif attempt.auto_submitted or is_expired(now, attempt.deadline):
        message = "考试时间已到，系统已自动交卷，本题答案未保存。"
    else:
        message = "本次考试已交卷，不能再修改答案。"
    return json_error(
        message, 409, closed=True, result_url=reverse("assessments:result", args=[attempt.pk])
    )


def _save_posted_answers(attempt: Attempt, data: QueryDict, now) -> None:
    """Hand the form's answers, each with the step its page last knew, to the service."""
    posted = {}
    for question in selectors.paper_questions(attempt):
        field = f"q-{question.number}"
        values = data.getlist(field) if question.is_multiple else [data.get(field, "")]
        values = [value.strip() for value in values if value.strip()]
        posted[question.number] = (
            _step_id(data.get(f"base-{question.number}")),
            values[:1] if question.is_fill else sorted(set(values)),
        )
    save_posted_answers(attempt, posted, now=now)


def _step_id(raw: str | None) -> int | None:
    """The page's base step id; None when missing or forged (then it never wins)."""
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None
