"""A two-jurisdiction world for admin tenancy tests, every name a marker to scan for.

J1 holds enterprises A and B, J2 holds C. Whatever belongs to A carries ``A_MARKER``,
J1 itself and its shared bank ``J1_MARKER``, J2's ``J2_MARKER``; a draft regulation and
its source file carry ``DRAFT_MARKER``. The viewers are enterprise B's safety manager
(bank-manager group) and J2's regulator (regulators' group); neither may read A's names,
the regulator none of J1's, the safety manager none of J2's, and nobody but editors a
draft's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from assessments.bank.services import save_question
from assessments.demo import ensure_bank_manager_group, ensure_regulator_group
from assessments.models import (
    ExamBlueprint,
    Question,
    QuestionImport,
    RoutineFrequency,
    RoutineSchedule,
)
from content.regulations.models import RegulationIndexPage, RegulationPage
from safetykb.demo.pages import ensure_page_tree
from tests.exams.builders import make_blueprint, make_question
from tests.factories import DepartmentFactory, EnterpriseFactory, JurisdictionFactory, person

A_MARKER = "甲标记"
J1_MARKER = "一区标记"
J2_MARKER = "二区标记"
DRAFT_MARKER = "草稿标记"


@dataclass(frozen=True)
class AdminWorld:
    j1: Jurisdiction
    j2: Jurisdiction
    a: Enterprise
    b: Enterprise
    c: Enterprise
    department_a: Department
    worker_a: StaffProfile
    safety_manager_a: StaffProfile
    safety_manager_b: StaffProfile
    regulator_1: StaffProfile
    regulator_2: StaffProfile
    editor: StaffProfile
    question_a: Question
    blueprint_a: ExamBlueprint
    shared_blueprint_1: ExamBlueprint
    schedule_a: RoutineSchedule
    import_a: QuestionImport
    draft_page: RegulationPage
    published_page: RegulationPage
    draft_document: object
    published_document: object


def make_document(title: str, filename: str):
    document = get_document_model()(title=title)
    document.file.save(
        filename, ContentFile(b"PK\x03\x04 docx bytes " + title.encode()), save=False
    )
    document.save()
    return document


def _regulation(index, title: str, slug: str, document, *, publish: bool) -> RegulationPage:
    page = RegulationPage(title=title, slug=slug, source_document=document, live=False)
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def build_admin_world() -> AdminWorld:
    j1 = JurisdictionFactory(name=f"{J1_MARKER}应急管理局")
    j2 = JurisdictionFactory(name=f"{J2_MARKER}应急管理局")
    a = EnterpriseFactory(name=f"{A_MARKER}化工有限公司", jurisdiction=j1, major_hazard=True)
    b = EnterpriseFactory(name="乙制药有限公司", jurisdiction=j1)
    c = EnterpriseFactory(name=f"{J2_MARKER}丙烟花有限公司", jurisdiction=j2)
    department_a = DepartmentFactory(enterprise=a, name=f"{A_MARKER}合成车间")
    DepartmentFactory(enterprise=c, name=f"{J2_MARKER}装药车间")
    worker_a = person(f"{A_MARKER}员工", enterprise=a, department=department_a)
    safety_manager_a = person(f"{A_MARKER}安全员", enterprise=a, safety_manager=True)
    safety_manager_b = person("乙安全员", enterprise=b, safety_manager=True)
    person(f"{J2_MARKER}员工", enterprise=c)
    regulator_1 = person(f"{J1_MARKER}监管", regulator=True, jurisdiction=j1)
    regulator_2 = person("乙区监管", regulator=True, jurisdiction=j2)
    editor = person("编辑", editor=True)
    editor.user.is_superuser = True  # every admin permission, as the bureau's editors have
    editor.user.save(update_fields=["is_superuser"])
    ensure_bank_manager_group().user_set.add(safety_manager_a.user, safety_manager_b.user)
    ensure_regulator_group()

    question_a = make_question(j1, enterprise=a, number=901)
    question_a.stem = f"{A_MARKER}企业自有题"
    save_question(question_a, user=None)
    shared_question = make_question(j1, number=902)
    shared_question.stem = f"{J1_MARKER}共享题"
    save_question(shared_question, user=None)
    blueprint_a = make_blueprint(j1, enterprise=a, name=f"{A_MARKER}企业考试方案")
    shared_blueprint_1 = make_blueprint(j1, name=f"{J1_MARKER}共享考试方案")
    make_blueprint(j2, name=f"{J2_MARKER}共享考试方案")
    schedule_a = RoutineSchedule.objects.create(
        blueprint=blueprint_a,
        enterprise=a,
        frequency=RoutineFrequency.values[0],
        active=False,
        created_by=safety_manager_a.user,
    )
    log(schedule_a, "wagtail.create", user=safety_manager_a.user)
    import_a = QuestionImport.objects.create(
        filename=f"{A_MARKER}题库.docx", file_format="docx", jurisdiction=j1, enterprise=a
    )

    ensure_page_tree()
    index = RegulationIndexPage.objects.get()
    draft_document = make_document(f"{DRAFT_MARKER}原始文件", "draft-notice.docx")
    published_document = make_document("已发布法规原始文件", "published-notice.docx")
    draft_page = _regulation(
        index, f"{DRAFT_MARKER}关于危化品的通知", "draft-notice", draft_document, publish=False
    )
    published_page = _regulation(
        index, "已发布的通知", "published-notice", published_document, publish=True
    )
    return AdminWorld(
        j1=j1,
        j2=j2,
        a=a,
        b=b,
        c=c,
        department_a=department_a,
        worker_a=worker_a,
        safety_manager_a=safety_manager_a,
        safety_manager_b=safety_manager_b,
        regulator_1=regulator_1,
        regulator_2=regulator_2,
        editor=editor,
        question_a=question_a,
        blueprint_a=blueprint_a,
        shared_blueprint_1=shared_blueprint_1,
        schedule_a=schedule_a,
        import_a=import_a,
        draft_page=draft_page,
        published_page=published_page,
        draft_document=draft_document,
        published_document=published_document,
    )
