"""The shared bank's questions ask search for the provisions they cite: a question's stem
and explanation pull its provision up, are never shown, and follow the bank's changes."""

import pytest
from django.utils import timezone

from assessments.bank import search_phrasings
from assessments.bank.search_phrasings import (
    MAX_PHRASING_CHARS,
    pages_out_of_step,
    phrasing_texts,
    refresh_bank_phrasings,
)
from assessments.bank.services import retire_questions, save_question
from assessments.models import Question, QuestionStatus
from content.search.models import Chunk, CommonPhrasing
from content.search.querying import search
from tests.factories import EnterpriseFactory, QuestionFactory

from .builders import STORAGE, make_indexed_safety_law

pytestmark = pytest.mark.django_db

# A bank question on 第二十七条 in an exam's words, none of them the provision's.
STEM = "厂里的硫酸和液氨能不能随便堆在车间角落里？"
EXPLANATION = "这类物品要放进专门的库房，还得有人看着。"
# How a worker asks, near the question's words and far from the provision's.
ASKED = "硫酸液氨能随便堆在车间角落吗"
TARGET = "第二十七条"


@pytest.fixture
def law(page_tree):
    return make_indexed_safety_law()


def _cite(law, committed, label: str = TARGET, **fields) -> Question:
    fields = {"stem": STEM, "explanation": EXPLANATION, **fields}
    with committed():  # the bank's signal brings the index in step after commit
        return QuestionFactory(source_provision=law.provisions.get(label=label), **fields)


def _bank_chunks() -> set[tuple[int, str]]:
    return set(Chunk.objects.filter(from_bank=True).values_list("provision_id", "text"))


def test_a_bank_question_pulls_its_provision_to_the_top(law, committed) -> None:
    before = search(ASKED)
    assert not before.hits or before.hits[0].provision != TARGET

    _cite(law, committed)
    after = search(ASKED)

    assert after.hits[0].provision == TARGET
    assert after.hits[0].text == STORAGE  # the provision is shown, not the question
    assert [h.provision for h in after.hits].count(TARGET) == 1
    # The quality benchmarks leave editors' phrasings out but measure the bank's.
    assert search(ASKED, phrasings=False).hits[0].provision == TARGET


def test_a_bank_question_is_never_shown(client, law, committed) -> None:
    _cite(law, committed)

    page = client.get("/search/", {"q": ASKED}).content.decode()
    body = client.get("/api/search/", {"q": ASKED}).json()

    assert STORAGE in page
    assert STEM not in page and EXPLANATION not in page
    assert all(STEM not in r["text"] and EXPLANATION not in r["text"] for r in body["results"])


def test_the_stem_and_the_explanation_are_indexed_once_each(law, committed) -> None:
    target = law.provisions.get(label=TARGET).pk
    _cite(law, committed)
    _cite(law, committed, explanation="")  # the same stem again, on a true/false variant

    assert _bank_chunks() == {(target, STEM), (target, EXPLANATION)}
    phrasing = Chunk.objects.filter(from_bank=True).first()
    whole = Chunk.objects.get(provision_id=target, piece=False)
    assert (phrasing.phrasing, phrasing.piece, phrasing.anchor, phrasing.url) == (
        True,
        True,
        whole.anchor,
        whole.url,
    )


def test_only_the_shared_banks_active_questions_ask(law, committed) -> None:
    _cite(law, committed, enterprise=EnterpriseFactory())  # an enterprise's own bank
    _cite(law, committed, status=QuestionStatus.DRAFT)

    assert _bank_chunks() == set()
    assert search(ASKED).hits[0].provision != TARGET


def test_retiring_or_flagging_the_question_withdraws_it(law, committed) -> None:
    question = _cite(law, committed)
    assert _bank_chunks()

    with committed():
        retire_questions([question])
    assert _bank_chunks() == set()

    other = _cite(law, committed, stem="液氨钢瓶可以放在办公室吗？")
    assert _bank_chunks()
    # 依据已修订，待复核: the provision changed under the question, which may no longer fit.
    Question.objects.filter(pk=other.pk).update(basis_amended_at=timezone.now())
    assert pages_out_of_step() == {law.pk}
    assert refresh_bank_phrasings() == 1
    assert _bank_chunks() == set()
    assert refresh_bank_phrasings() == 0  # in step: nothing re-indexed


def test_moving_the_question_to_another_provision_moves_its_phrasings(law, committed) -> None:
    question = _cite(law, committed)
    training = law.provisions.get(label="第二十八条")

    with committed():
        question.source_provision = training
        save_question(question, user=None)

    assert _bank_chunks() == {(training.pk, STEM), (training.pk, EXPLANATION)}
    with committed():
        question.delete()
    assert _bank_chunks() == set()


def test_an_editors_phrasing_and_the_banks_live_side_by_side(law, committed) -> None:
    target = law.provisions.get(label=TARGET)
    _cite(law, committed)
    with committed():
        CommonPhrasing.objects.create(text="危化品放哪", provision=target)

    assert Chunk.objects.filter(phrasing=True, from_bank=False).count() == 1
    assert len(_bank_chunks()) == 2
    assert pages_out_of_step() == set()


def test_a_provision_cited_by_many_questions_keeps_the_oldest_few(
    law, committed, monkeypatch
) -> None:
    monkeypatch.setattr(search_phrasings, "MAX_PHRASINGS_PER_PROVISION", 3)
    target = law.provisions.get(label=TARGET).pk
    for number in range(3):
        _cite(law, committed, stem=f"{STEM}（第{number}问）")

    assert _bank_chunks() == {
        (target, f"{STEM}（第0问）"),
        (target, EXPLANATION),
        (target, f"{STEM}（第1问）"),
    }
    assert pages_out_of_step() == set()  # the same rule on both sides: nothing to redo


def test_phrasing_texts_are_tidied_and_cut_short() -> None:
    assert phrasing_texts("  动火前\n要做什么？ ", "") == ["动火前 要做什么？"]
    assert phrasing_texts("同一句话", "同一句话") == ["同一句话"]
    stem, explanation = phrasing_texts("问" * 300, "答")
    assert len(stem) == MAX_PHRASING_CHARS and explanation == "答"
