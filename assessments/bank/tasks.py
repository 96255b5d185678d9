"""The question bank's background tasks: they take ids and reload what they need."""

from django_tasks import task


@task()
def build_question_preview(job_id: int) -> str:
    """Preview a big question file (parse, check duplicates, resolve 依据) for its job."""
    from assessments.bank.import_jobs import run_preview_job

    return run_preview_job(job_id)


@task()
def suggest_provisions_for_import(import_id: int) -> int:
    """After an import, suggest provisions for the questions whose 依据 did not resolve."""
    from assessments.bank.models import Question
    from assessments.bank.provision_suggestions import store_suggestions
    from assessments.bank.twins import refresh_twins

    updated = store_suggestions(
        Question.objects.filter(import_batch_id=import_id, source_provision__isnull=True)
    )
    if updated:
        refresh_twins()  # a suggested provision is what an unlinked question is compared under
    return updated


@task()
def flag_amended_questions(page_id: int) -> int:
    """After a regulation page's publish: flag questions whose provision changed (依据已修订)."""
    from assessments.bank.basis_review import flag_amended_questions as flag

    return flag(page_id)


@task()
def refresh_question_twins() -> dict:
    """After questions were saved: embed the changed ones, rebuild the same-point pairs."""
    from assessments.bank.twins import refresh_twins

    outcome = refresh_twins()
    return {"embedded": outcome.embedded, "moved": outcome.moved, "twins": outcome.twins}


@task()
def refresh_bank_phrasings_task() -> int:
    """After the bank changed: re-index the regulation pages whose bank phrasings changed."""
    from assessments.bank.search_phrasings import refresh_bank_phrasings

    return refresh_bank_phrasings()
