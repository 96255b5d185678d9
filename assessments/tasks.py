"""Background tasks: they take ids and reload what they need."""

from django_tasks import task


@task()
def expire_attempt(attempt_id: int) -> bool:
    """Submit and grade an attempt at its deadline if the person has not."""
    from .models import Attempt
    from .services.answering import expire_if_overdue

    attempt = Attempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return False
    return expire_if_overdue(attempt).state != "in_progress"


@task()
def prepare_papers(assessment_id: int) -> int:
    """At an assessment's opening: draw every assigned person's paper ahead of 开始."""
    from .services.prepared_papers import prepare_papers as prepare

    return prepare(assessment_id)


@task()
def close_surprise_window(assessment_id: int) -> int:
    """At a surprise window's close: submit its overdue papers, then record the absent."""
    from .models import Attempt
    from .services.absence import record_absences
    from .services.answering import expire_if_overdue

    for attempt in Attempt.objects.filter(
        assignment__assessment_id=assessment_id, state="in_progress"
    ):
        expire_if_overdue(attempt)
    return record_absences(assessment_id=assessment_id)


@task()
def build_question_preview(job_id: int) -> str:
    """Preview a big question file (parse, check duplicates, resolve 依据) for its job."""
    from .import_jobs import run_preview_job

    return run_preview_job(job_id)


@task()
def suggest_provisions_for_import(import_id: int) -> int:
    """After an import, suggest provisions for the questions whose 依据 did not resolve."""
    from .models import Question
    from .provision_suggestions import store_suggestions

    return store_suggestions(
        Question.objects.filter(import_batch_id=import_id, source_provision__isnull=True)
    )
