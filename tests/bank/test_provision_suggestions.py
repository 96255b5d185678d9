"""Suggesting the provision a question tests, and confirming it in the admin."""

from pathlib import Path

import pytest

from assessments.bank.provision_suggestions import suggestion_query

SAMPLE = Path(__file__).resolve().parents[2] / "demo" / "files" / "question-bank-tagged.docx"
SEED = Path(__file__).resolve().parents[2] / "demo" / "files" / "seed-notice.docx"


def test_the_query_fills_the_blank_with_the_correct_answer():
    options = [{"key": "A", "text": "特种作业人员"}, {"key": "B", "text": "新上岗人员"}]
    query = suggestion_query("single", "应当按照（ ）培训标准脱产培训。", options, ["B"])
    assert query == "应当按照新上岗人员培训标准脱产培训。"
    assert suggestion_query("fill", "不得少于____学时", [], ["72"]) == "不得少于72学时"
    assert (
        suggestion_query("true_false", "检查人员无需签名。", [], ["false"]) == "检查人员无需签名。"
    )


@pytest.mark.model
@pytest.mark.django_db
def test_imported_questions_get_suggestions_an_editor_can_accept(
    django_capture_on_commit_callbacks,
):
    from django.contrib.auth import get_user_model

    from accounts.demo import load_demo_people
    from accounts.models import Jurisdiction
    from assessments.bank.importing import preview_question_file
    from assessments.bank.services import accept_suggested_provisions, import_questions
    from assessments.models import Question
    from importers.regulations import import_regulation_file
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    with django_capture_on_commit_callbacks(execute=True):  # indexes the notice
        import_regulation_file(SEED.name, SEED.read_bytes(), publish=True)
    load_demo_people()
    jurisdiction = Jurisdiction.objects.get()
    preview = preview_question_file(
        SAMPLE.name, SAMPLE.read_bytes(), jurisdiction_id=jurisdiction.pk, enterprise_id=None
    )
    # Suggestions are computed by a task after commit (run at once under test settings).
    with django_capture_on_commit_callbacks(execute=True):
        import_questions(preview, jurisdiction_id=jurisdiction.pk, enterprise_id=None)

    question = Question.objects.get(stem__contains="员工考核不合格")
    assert question.source_provision is None  # the sample's 依据 names no provision
    assert question.suggested_provision.label == "（一）"
    assert Question.objects.filter(suggested_provision__isnull=False).count() >= 10

    editor = get_user_model().objects.get(username="editor")
    assert accept_suggested_provisions([question], user=editor) == 1
    question.refresh_from_db()
    assert question.source_provision.label == "（一）"
    assert question.versions.get().content["source_provision_id"] == question.source_provision_id
