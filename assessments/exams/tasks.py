"""Background tasks: they take ids and reload what they need."""

from django_tasks import task


@task()
def expire_attempt(attempt_id: int) -> bool:
    """Submit and grade an attempt at its deadline if the person has not (one paper's
    task, as enqueued before ``close_overdue_attempts``; kept for tasks still queued)."""
    from assessments.exams.services.answering import expire_if_overdue
    from assessments.models import Attempt

    attempt = Attempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return False
    return expire_if_overdue(attempt).state != "in_progress"


@task()
def close_overdue_attempts(assessment_id: int) -> int:
    """At the end of a deadline batch: submit and grade the assessment's overdue papers
    (``services.deadlines``); each is closed once however many workers run this."""
    from assessments.exams.services.answering import expire_overdue_attempts
    from assessments.models import Attempt

    return expire_overdue_attempts(
        attempts=Attempt.objects.filter(assignment__assessment_id=assessment_id)
    )


@task()
def prepare_papers(assessment_id: int) -> int:
    """At an assessment's opening: draw every assigned person's paper ahead of 开始."""
    from assessments.exams.services.prepared_papers import prepare_papers as prepare

    return prepare(assessment_id)


@task()
def close_surprise_window(assessment_id: int) -> int:
    """At a surprise window's close: submit its overdue papers, then record the absent."""
    from assessments.exams.services.absence import record_absences
    from assessments.exams.services.answering import expire_if_overdue
    from assessments.models import Attempt

    for attempt in Attempt.objects.filter(
        assignment__assessment_id=assessment_id, state="in_progress"
    ):
        expire_if_overdue(attempt)
    return record_absences(assessment_id=assessment_id)
