"""Standards outside the corpus: which one a question sits nearest (no database)."""

from dataclasses import replace

import numpy as np
import pytest

from content.search.confidence import Confidence, found_score, names_standard, points_to_standard
from content.search.standards import (
    DEFAULT_STANDARDS,
    is_held,
    named_standard,
    nearest_standard,
)
from tests.search.builders import FakeEmbedder

PERMITS = next(s for s in DEFAULT_STANDARDS if s.code == "GB 30871-2022")


def test_a_question_worded_like_a_standards_ask_finds_that_standard() -> None:
    embedder = FakeEmbedder("fake-standards")
    query = embedder.encode_query(PERMITS.asks[0])

    similarity, standard = nearest_standard(embedder, query, DEFAULT_STANDARDS)

    assert standard == PERMITS
    assert np.isclose(similarity, 1.0, atol=1e-5)
    others = [s for s in DEFAULT_STANDARDS if s != PERMITS]
    similarity, standard = nearest_standard(embedder, query, others)
    assert standard != PERMITS and similarity < 1.0


def test_no_standards_no_signal() -> None:
    embedder = FakeEmbedder("fake-standards")
    assert nearest_standard(embedder, embedder.encode_query("动火"), ()) == (None, None)


def test_a_standard_is_held_when_a_live_page_carries_its_title_or_code() -> None:
    assert is_held(PERMITS, ["危险化学品企业特殊作业安全规范"])
    assert is_held(PERMITS, ["GB 30871-2022 特殊作业规范（2022）"])
    assert not is_held(PERMITS, ["中华人民共和国安全生产法", "GB 30871 征求意见稿"])


def test_every_standard_is_labelled_by_code_and_title() -> None:
    assert PERMITS.label == "GB 30871-2022《危险化学品企业特殊作业安全规范》"
    assert len({s.code for s in DEFAULT_STANDARDS}) == len(DEFAULT_STANDARDS)
    assert all(s.asks for s in DEFAULT_STANDARDS)


NEAR_A_STANDARD = Confidence(
    vector_similarity=0.80, lexical_coverage=0.3, everyday_similarity=0.70, standard_similarity=0.90
)


def test_a_query_nearer_a_standard_than_the_laws_is_less_confident() -> None:
    near_laws = replace(NEAR_A_STANDARD, standard_similarity=0.70)
    assert found_score(NEAR_A_STANDARD) < found_score(near_laws)


def test_the_standard_is_named_only_when_clearly_nearer_than_laws_and_everyday_life() -> None:
    assert points_to_standard(NEAR_A_STANDARD)
    # Barely nearer than the nearest provision: too close to call.
    assert not points_to_standard(replace(NEAR_A_STANDARD, standard_similarity=0.81))
    # Gibberish and everyday questions sit near everything alike.
    assert not points_to_standard(replace(NEAR_A_STANDARD, everyday_similarity=0.95))
    # No vector arm: nothing to compare.
    assert not points_to_standard(replace(NEAR_A_STANDARD, vector_similarity=None))
    assert not points_to_standard(replace(NEAR_A_STANDARD, standard_similarity=None))


class CountingEmbedder(FakeEmbedder):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.queries: list[str] = []

    def encode_query(self, text: str):
        self.queries.append(text)
        return super().encode_query(text)


def test_asks_are_embedded_once_and_an_edit_embeds_only_the_new_ask() -> None:
    embedder = CountingEmbedder("fake-counting-standards")
    query = embedder.encode_query("进罐作业要办什么票")
    embedder.queries.clear()

    for _ in range(3):
        nearest_standard(embedder, query, DEFAULT_STANDARDS)
    asked = sum(len(s.asks) for s in DEFAULT_STANDARDS)
    assert len(embedder.queries) == asked

    edited = replace(PERMITS, asks=(*PERMITS.asks, "动火作业票的有效期多长"))
    nearest_standard(embedder, query, [edited, *DEFAULT_STANDARDS[1:]])
    assert embedder.queries[asked:] == ["动火作业票的有效期多长"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("GB30871", "GB 30871-2022"),
        ("gb 30871-2022 动火作业怎么分级", "GB 30871-2022"),
        ("ＧＢ３０８７１", "GB 30871-2022"),  # typed with a full-width input method
        ("GB/T 50493 报警器装多高", "GB/T 50493-2019"),
        ("GBT50493-2019", "GB/T 50493-2019"),
        ("GB 3836 防爆标志", "GB/T 3836.1-2021"),  # the part left off
        ("GBZ2.1", "GBZ 2.1-2019"),
        ("TSG21", "TSG 21-2016"),
        ("AQ/T 3049", "AQ/T 3049-2013"),
        ("危险化学品企业特殊作业安全规范里受限空间怎么分析", "GB 30871-2022"),
        ("工伤保险条例怎么认定工伤", "国务院令第586号"),
    ],
)
def test_a_standard_named_by_code_or_title_is_recognised(query: str, code: str) -> None:
    standard = named_standard(query, DEFAULT_STANDARDS)

    assert standard is not None and standard.code == code


@pytest.mark.parametrize(
    "query",
    [
        "GB 5001",  # not GB 50016: numbers are whole
        "GB 2.1",  # not GBZ 2.1
        "安全生产法第28条",
        "动火作业要办什么手续",
        "SIL2 是什么意思",
        "",
    ],
)
def test_a_query_naming_no_listed_standard_names_none(query: str) -> None:
    assert named_standard(query, DEFAULT_STANDARDS) is None


def test_only_the_standards_given_can_be_named() -> None:
    """An imported or disabled standard is left out of the list: naming it points nowhere."""
    others = [s for s in DEFAULT_STANDARDS if s.code != "GB 30871-2022"]

    assert named_standard("GB30871", others) is None


INJURY_INSURANCE = next(s for s in DEFAULT_STANDARDS if s.code == "国务院令第586号")


def test_a_rule_the_corpus_leaves_out_is_not_called_a_technical_standard() -> None:
    from content.search.payload import standard_hint
    from content.search.querying import SearchResults

    assert PERMITS.technical and not INJURY_INSURANCE.technical
    # An editor's entry is read the way a question naming it is (full-width, lower case).
    assert replace(PERMITS, code="ｇｂ／ｔ 30871").technical
    assert not replace(PERMITS, code="应急管理部令第13号").technical

    def hint(standard, named: bool) -> str:
        return standard_hint(SearchResults("q", (), standard=standard, standard_named=named))

    assert hint(PERMITS, True) == (
        "GB 30871-2022《危险化学品企业特殊作业安全规范》是技术标准，本库未收录其条文，请查阅标准原文。"
    )
    assert hint(INJURY_INSURANCE, True) == (
        "本库未收录国务院令第586号《工伤保险条例》的条文，请查阅原文。"
    )
    assert "技术" not in hint(INJURY_INSURANCE, False)
    assert "工伤保险条例" in hint(INJURY_INSURANCE, False)


def test_a_technical_method_nothing_answers_is_sent_to_standards_and_procedures() -> None:
    from content.search.confidence import Confidence
    from content.search.payload import METHOD_HINT, standard_hint
    from content.search.querying import SearchResults

    def hint(found: bool, method: bool, standard=None) -> str:
        confidence = Confidence(method_asked=method)
        return standard_hint(
            SearchResults("q", (), found=found, confidence=confidence, standard=standard)
        )

    assert hint(found=False, method=True) == METHOD_HINT
    assert hint(found=True, method=True) == ""  # the list answers: nothing to add
    assert hint(found=False, method=False) == ""
    assert "GB 30871-2022" in hint(found=False, method=True, standard=PERMITS)  # named first


def test_a_found_list_names_the_standard_only_for_a_number_it_does_not_state() -> None:
    barely = replace(NEAR_A_STANDARD, standard_similarity=0.81)
    # Not found: the standard must be clearly nearer than any provision.
    assert names_standard(NEAR_A_STANDARD, found=False, number_missing=False)
    assert not names_standard(barely, found=False, number_missing=False)
    # Found: only when the number asked for is missing, and then as near suffices.
    assert not names_standard(NEAR_A_STANDARD, found=True, number_missing=False)
    assert names_standard(barely, found=True, number_missing=True)
    nearer_the_laws = replace(NEAR_A_STANDARD, standard_similarity=0.79)
    assert not names_standard(nearer_the_laws, found=True, number_missing=True)
    assert not names_standard(
        replace(barely, everyday_similarity=0.95), found=True, number_missing=True
    )


def test_a_rule_without_a_standards_code_is_named_by_its_title() -> None:
    provincial = named_standard("山西省安全生产条例对危化品企业有啥特别规定", DEFAULT_STANDARDS)
    exam = named_standard("注册安全工程师职业资格制度规定里报考条件咋写的", DEFAULT_STANDARDS)

    assert provincial is not None and provincial.label == "山西省地方性法规《山西省安全生产条例》"
    assert exam is not None and exam.code == "应急〔2019〕8号"
