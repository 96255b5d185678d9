"""依据已修订，待复核: a re-import or a Wagtail edit that changes (or removes) a provision
flags the questions citing it once the publish commits; a flagged question is drawn
nowhere (fresh papers, prepared papers, practice) until an editor reviews it in the queue;
every flag and review is audit-logged."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, TestCase
from django.urls import reverse

from assessments.bank.basis_review import (
    PROVISION_CHANGED,
    PROVISION_REMOVED,
    REVIEWED_EDITED,
    REVIEWED_RETIRED,
    REVIEWED_UNCHANGED,
    RULE_PROVISION_AMENDED,
)
from assessments.bank.services import save_question
from assessments.exams.services.launching import create_routine_round
from assessments.exams.services.papers import candidates_for, start_attempt
from assessments.exams.services.prepared_papers import prepare_papers
from assessments.models import (
    PreparedPaper,
    Question,
    QuestionStatus,
    QuestionType,
    RoutineFrequency,
    RoutineSchedule,
)
from assessments.wagtail_hooks import register_basis_review_menu_item
from content.regulations.models import RegulationPage
from importers.regulation_loader import ProvisionRecord, RegulationRecord, save_regulation
from practice.selectors import practice_pool
from safetykb.models import AuditEvent, AuditKind
from tests.bank.conftest import editor_group
from tests.exams.conftest import world
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

__all__ = ["world"]  # the exams' two-jurisdiction world fixture

DOC_NUMBER = "测应急字〔2024〕9号"
RULE_ONE = "考核不合格的，按照新上岗人员培训标准脱产培训，考核合格后再上岗。"
RULE_TWO = "建立常态化考核和不定期抽考制度。"
RULE_ONE_AMENDED = "考核不合格的，按照新上岗人员培训标准脱产培训不少于二十学时，考核合格后再上岗。"


def committed():
    """Run the block's after-commit callbacks (the bank's check of the publish) at its end."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def record(*texts: str) -> RegulationRecord:
    labels = ("（一）", "（二）", "（三）")
    return RegulationRecord(
        title="测试区安全生产监管工作要点",
        doc_number=DOC_NUMBER,
        provisions=tuple(
            ProvisionRecord(
                kind="paren_cn", label=labels[i], number=i + 1, depth=0, heading="", text=text
            )
            for i, text in enumerate(texts)
        ),
    )


def publish(*texts: str) -> None:
    with committed():
        save_regulation(record(*texts), publish=True)


@pytest.fixture
def regulation(db):
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    save_regulation(record(RULE_ONE, RULE_TWO), publish=True)
    page = RegulationPage.objects.get(doc_number=DOC_NUMBER)
    return {p.label: p for p in page.provisions.all()}


def citing(world, provision, *, stem: str, type: str = QuestionType.SINGLE) -> Question:
    options = (
        []
        if type == QuestionType.TRUE_FALSE
        else [{"key": k, "text": f"{stem}选项{k}"} for k in "ABCD"]
    )
    return QuestionFactory(
        jurisdiction=world.j1,
        type=type,
        stem=stem,
        options=options,
        answer=["false"] if type == QuestionType.TRUE_FALSE else ["A"],
        source_provision=provision,
        basis=f"{DOC_NUMBER}{provision.label}",
    )


def flagged(question: Question) -> bool:
    question.refresh_from_db()
    return question.basis_amended_at is not None


def events(kind: str):
    return AuditEvent.objects.filter(kind=kind).order_by("pk")


def test_a_reimport_that_changes_a_provision_flags_its_questions_after_commit(world, regulation):
    first = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    second = citing(world, regulation["（二）"], stem="企业要建立什么考核制度？（ ）")

    with committed():
        save_regulation(record(RULE_ONE_AMENDED, RULE_TWO), publish=True)
        assert not flagged(first)  # nothing before the publish commits
    assert flagged(first)
    assert not flagged(second)  # its provision is unchanged

    (event,) = events(AuditKind.BASIS_AMENDED)
    assert event.actor is None and event.rule == RULE_PROVISION_AMENDED
    assert event.reason == PROVISION_CHANGED
    assert event.data["question_id"] == first.pk
    assert event.data["old_text"] == RULE_ONE
    assert event.data["new_text"] == RULE_ONE_AMENDED


def test_republishing_the_same_text_flags_nothing(world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    # Re-wrapped lines and stray spaces are no amendment.
    publish("考核不合格的，按照新上岗人员培训标准脱产培训，\n考核合格后再上岗。 ", RULE_TWO)
    assert not flagged(question)
    assert not events(AuditKind.BASIS_AMENDED).exists()


def test_a_removed_provision_flags_its_questions(world, regulation):
    question = citing(world, regulation["（二）"], stem="企业要建立什么考核制度？（ ）")
    publish(RULE_ONE)
    assert flagged(question)
    assert question.source_provision_id is None
    assert events(AuditKind.BASIS_AMENDED).get().reason == PROVISION_REMOVED


def test_an_edit_published_in_wagtail_flags_the_question(world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    page = RegulationPage.objects.get(doc_number=DOC_NUMBER).get_latest_revision_as_object()
    provisions = list(page.provisions.all())
    for provision in provisions:
        if provision.label == "（一）":
            provision.text = RULE_ONE_AMENDED
    page.provisions = provisions  # as the admin's inline form sets them
    with committed():
        page.save_revision().publish()
    assert flagged(question)


def test_a_draft_revision_flags_nothing(world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    with committed():
        save_regulation(record(RULE_ONE_AMENDED, RULE_TWO), publish=False)
    assert not flagged(question)


def test_a_flagged_question_is_drawn_nowhere_until_reviewed(client, world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    assert question.pk in {c.question_id for c in candidates_for(world.blueprint_1, world.worker_a)}
    assert question.pk in {c.question_id for c in practice_pool(world.worker_a)}

    publish(RULE_ONE_AMENDED, RULE_TWO)

    assert question.pk not in {
        c.question_id for c in candidates_for(world.blueprint_1, world.worker_a)
    }
    assert question.pk not in {c.question_id for c in practice_pool(world.worker_a)}
    attempt = start_attempt(world.exam_b.assignments.get())
    assert question.pk not in set(
        attempt.slots.values_list("question_version__question_id", flat=True)
    )

    editor = world.editor
    editor_group().user_set.add(editor.user)
    client.force_login(editor.user)
    queue = client.get(reverse("assessments_basis_review"))
    assert queue.status_code == 200
    page = queue.content.decode()
    assert question.stem in page
    assert "不少于二十学时" in page  # the new text, the added words highlighted
    assert "<ins>不少于二十学时</ins>" in page

    response = client.post(reverse("assessments_basis_review_confirm", args=[question.pk]))
    assert response.status_code == 302
    assert not flagged(question)
    assert question.pk in {c.question_id for c in candidates_for(world.blueprint_1, world.worker_a)}
    assert question.pk in {c.question_id for c in practice_pool(world.worker_a)}
    assert question.stem not in client.get(reverse("assessments_basis_review")).content.decode()

    review = events(AuditKind.BASIS_REVIEWED).get()
    assert review.actor == editor.user and review.reason == REVIEWED_UNCHANGED
    assert review.data["question_id"] == question.pk
    # Reviewed against the new text: publishing that same text again flags nothing.
    publish(RULE_ONE_AMENDED, RULE_TWO)
    assert not flagged(question)


def test_a_flagged_question_voids_the_prepared_paper(world, regulation):
    singles = Question.objects.filter(jurisdiction=world.j1, type=QuestionType.SINGLE)
    singles.filter(pk__in=list(singles.values_list("pk", flat=True)[:2])).update(
        status=QuestionStatus.RETIRED
    )
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    schedule = RoutineSchedule.objects.create(
        blueprint=world.blueprint_1, enterprise=world.a, frequency=RoutineFrequency.MONTHLY
    )
    with committed():
        assessment = create_routine_round(schedule)
    assignment = assessment.assignments.get(staff=world.worker_a)
    for _ in range(40):  # 2 of the 3 single-choice questions: until it is on the paper
        prepared = PreparedPaper.objects.get(assignment=assignment)
        if question.pk in {slot["q"] for slot in prepared.slots}:
            break
        prepared.delete()
        prepare_papers(assessment.pk)
    else:
        pytest.fail("the question never came on the prepared paper")

    publish(RULE_ONE_AMENDED, RULE_TWO)

    attempt = start_attempt(assignment)
    assert attempt.seed != prepared.seed  # drawn afresh
    drawn = set(attempt.slots.values_list("question_version__question_id", flat=True))
    assert question.pk not in drawn


def test_saving_the_question_is_its_review(world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    publish(RULE_ONE_AMENDED, RULE_TWO)
    question.refresh_from_db()
    question.explanation = "按修订后的要点：脱产培训不少于二十学时。"
    save_question(question, user=world.editor.user)
    assert not flagged(question)
    assert events(AuditKind.BASIS_REVIEWED).get().reason == REVIEWED_EDITED
    assert question.basis_snapshot.text == RULE_ONE_AMENDED


def test_retire_from_the_queue(client, world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    publish(RULE_ONE_AMENDED, RULE_TWO)
    editor_group().user_set.add(world.editor.user)
    client.force_login(world.editor.user)
    client.post(reverse("assessments_basis_review_retire", args=[question.pk]))
    question.refresh_from_db()
    assert question.status == QuestionStatus.RETIRED
    assert question.basis_amended_at is None
    assert events(AuditKind.BASIS_REVIEWED).get().reason == REVIEWED_RETIRED


def test_the_flag_shows_on_the_question_page_and_the_menu(client, world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    publish(RULE_ONE_AMENDED, RULE_TWO)
    editor_group().user_set.add(world.editor.user)
    client.force_login(world.editor.user)
    inspect = client.get(
        reverse("wagtailsnippets_assessments_question:inspect", args=[question.pk])
    )
    assert "依据已修订，待复核" in inspect.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "依据已修订，待复核：1 道题" in home
    request = RequestFactory().get("/admin/")
    request.user = world.editor.user
    assert register_basis_review_menu_item().render_component(request).label == "依据修订复核（1）"


def test_the_queue_is_for_editors_only(client, bank):
    from assessments.demo import ensure_regulator_group

    ensure_regulator_group()  # regulators use the bank admin too: still not this queue
    queue = reverse("assessments_basis_review")
    confirm = reverse("assessments_basis_review_confirm", args=[bank.shared.pk])
    for profile in (bank.manager_a, bank.regulator):
        client.force_login(profile.user)
        assert client.get(queue).status_code == 404
        assert client.post(confirm).status_code == 404
    client.force_login(bank.worker_a.user)
    assert client.get(queue).status_code == 302  # no admin access: Wagtail's login
    client.force_login(bank.editor.user)
    assert client.get(queue).status_code == 200


def test_an_unflagged_question_cannot_be_confirmed(client, world, regulation):
    question = citing(world, regulation["（一）"], stem="考核不合格的员工应当怎样？（ ）")
    editor_group().user_set.add(world.editor.user)
    client.force_login(world.editor.user)
    response = client.post(reverse("assessments_basis_review_confirm", args=[question.pk]))
    assert response.status_code == 404
    assert not events(AuditKind.BASIS_REVIEWED).exists()
