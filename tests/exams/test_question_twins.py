"""One rule asked three ways never shares a paper: the demo's 脱产培训 questions (通知（一）)
are twins — same provision, close point embeddings (real m3e-small) — while other points
of the same provision may still share one. Twins are computed by the task worker after
the save commits; the draw reads the stored pairs."""

from __future__ import annotations

import pytest
from django.test import TestCase

from assessments.bank.services import save_question
from assessments.bank.twins import refresh_twins
from assessments.exams.engine import draw_paper
from assessments.exams.selectors.near_duplicates import conflicts_for, near_duplicate_conflicts
from assessments.exams.services.papers import bank_candidates, engine_blueprint
from assessments.models import Question, QuestionEmbedding, QuestionTwin, QuestionType
from content.regulations.models import RegulationPage
from importers.questions.normalize import near_duplicate_pairs
from importers.regulation_loader import ProvisionRecord, RegulationRecord, save_regulation
from tests.exams.builders import make_blueprint
from tests.factories import JurisdictionFactory, QuestionFactory

pytestmark = [pytest.mark.model, pytest.mark.django_db]

NOTICE = "长上应急字〔2024〕22号"
ITEM_ONE = (
    "推动企业开展安全技能提升培训。主要负责人组织制定并推动实施安全技能提升培训计划，"
    "按照看得懂、记得住、用得上原则，开发分层次、分专业、分岗位的培训教育体系。建立检验培训"
    "成效的“常态化考核和不定期抽考”制度，分岗位对全体员工考核，考核不合格的，按照新上岗人员"
    "培训标准脱产培训，考核合格后再上岗。监管部门要将抽查企业主要负责人安全领导力、企业培训"
    "计划、持证情况、抽考安全生产常识作为执法重要内容和安全生产标准化评审重点。"
)
ITEM_TWO = "纠正企业盲目将双重预防“两个清单”、HAZOP分析报告等全权委托第三方的做法。"


def options(*texts: str) -> list[dict]:
    return [{"key": key, "text": text} for key, text in zip("ABCD", texts, strict=False)]


# The demo bank's three questions on the 脱产培训 rule (demo-questions.csv rows 1 and 8,
# question-bank-tagged.docx question 1), as worded there.
SAME_RULE = (
    dict(
        type=QuestionType.SINGLE,
        stem="按照区应急管理局2024年监管工作要点，企业分岗位对全体员工考核，考核不合格的，应当（ ）。",
        options=options(
            "继续在岗工作，待下一次考核时补考",
            "由班组长口头教育后直接上岗",
            "调整到非生产岗位后不再考核",
            "按照新上岗人员培训标准脱产培训，考核合格后再上岗",
        ),
        answer=["D"],
    ),
    dict(
        type=QuestionType.SINGLE,
        stem="根据工作要点，员工考核不合格的，应当按照（ ）培训标准脱产培训。",
        options=options("特种作业人员", "新上岗人员", "班组长", "主要负责人"),
        answer=["B"],
    ),
    dict(
        type=QuestionType.TRUE_FALSE,
        stem="员工岗位考核不合格的，可由所在班组安排随岗学习、边干边学，无需脱产培训。",
        options=[],
        answer=["false"],
    ),
)
# Other points of the same item (the demo's rows 2 and 3).
OTHER_POINTS = (
    dict(
        type=QuestionType.SINGLE,
        stem="监管部门要将抽查企业主要负责人安全领导力、企业培训计划、持证情况、抽考安全生产常识作为执法重要内容和（ ）重点。",
        options=options("企业信用等级评定", "项目立项审批", "年度税收核查", "安全生产标准化评审"),
        answer=["D"],
    ),
    dict(
        type=QuestionType.SINGLE,
        stem="主要负责人组织制定并推动实施安全技能提升培训计划，应按照（ ）原则，开发分层次、分专业、分岗位的培训教育体系。",
        options=options(
            "学得快、考得好、拿证快",
            "全覆盖、无死角、零容忍",
            "谁主管、谁负责、谁考核",
            "看得懂、记得住、用得上",
        ),
        answer=["D"],
    ),
)
OTHER_ITEM = dict(
    type=QuestionType.TRUE_FALSE,
    stem="企业可以将双重预防“两个清单”、HAZOP分析报告全权委托第三方编制，以应付监管检查。",
    options=[],
    answer=["false"],
)


@pytest.fixture
def bank(db):
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    record = RegulationRecord(
        title="2024年安全生产监管工作要点",
        doc_number=NOTICE,
        provisions=(
            ProvisionRecord("paren_cn", "（一）", 1, 0, "", ITEM_ONE),
            ProvisionRecord("paren_cn", "（二）", 2, 0, "", ITEM_TWO),
        ),
    )
    save_regulation(record, publish=True)
    provisions = {
        p.label: p for p in RegulationPage.objects.get(doc_number=NOTICE).provisions.all()
    }
    jurisdiction = JurisdictionFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker's refresh after commit
        same = [
            QuestionFactory(jurisdiction=jurisdiction, source_provision=provisions["（一）"], **q)
            for q in SAME_RULE
        ]
        other = [
            QuestionFactory(jurisdiction=jurisdiction, source_provision=provisions["（一）"], **q)
            for q in OTHER_POINTS
        ]
        elsewhere = QuestionFactory(
            jurisdiction=jurisdiction, source_provision=provisions["（二）"], **OTHER_ITEM
        )
    return {"jurisdiction": jurisdiction, "same": same, "other": other, "elsewhere": elsewhere}


def pairs() -> set[frozenset[int]]:
    return {frozenset(p) for p in QuestionTwin.objects.values_list("first_id", "second_id")}


def test_the_lexical_check_alone_misses_the_three(bank):
    texts = {
        q.pk: (q.stem, tuple(o["text"] for o in q.options)) for q in bank["same"] + bank["other"]
    }
    assert near_duplicate_pairs(texts) == []


def test_the_three_are_twins_and_other_points_are_not(bank):
    assert QuestionEmbedding.objects.count() == 6  # embedded after the commit
    a, b, c = (q.pk for q in bank["same"])
    d, e = (q.pk for q in bank["other"])
    found = pairs()
    assert found >= {frozenset((a, b)), frozenset((a, c)), frozenset((b, c))}
    assert not any({d, e} & pair for pair in found)


def test_the_three_never_share_a_paper_and_other_points_still_can(bank):
    blueprint = make_blueprint(
        bank["jurisdiction"], {QuestionType.SINGLE: 2, QuestionType.TRUE_FALSE: 1}
    )
    candidates = bank_candidates(blueprint, None)
    conflicts = conflicts_for(candidates)
    same = {q.pk for q in bank["same"]}
    d, e = (q.pk for q in bank["other"])
    together = 0
    for seed in range(40):
        paper = draw_paper(engine_blueprint(blueprint), candidates, (), seed, conflicts=conflicts)
        drawn = {slot.question_id for slot in paper.slots}
        assert len(drawn & same) <= 1, seed
        assert paper.near_duplicates == ()
        together += {d, e} <= drawn
    assert together > 0  # two points of one provision may share a paper


def test_an_edit_to_another_point_parts_the_twins(bank):
    first, second, _ = bank["same"]
    question = Question.objects.get(pk=second.pk)
    question.stem = "企业建立检验培训成效的“常态化考核和（ ）”制度。"
    question.options = options("不定期抽考", "年度评优", "季度总结", "月度例会")
    question.answer = ["A"]
    save_question(question, user=None)
    refresh_twins()  # the worker's task once the save commits (the fixture goes that way)
    assert frozenset((first.pk, second.pk)) not in pairs()
    assert second.pk not in near_duplicate_conflicts([first.pk, second.pk]).get(first.pk, ())


def test_a_question_without_a_provision_is_never_a_twin(bank):
    first = bank["same"][0]
    question = Question.objects.get(pk=first.pk)
    question.source_provision = None
    question.basis = ""
    save_question(question, user=None)
    assert refresh_twins().moved == 1  # the same text: no new vector, another provision
    assert not any(first.pk in pair for pair in pairs())
    assert refresh_twins().twins is None  # nothing changed since: nothing rebuilt
