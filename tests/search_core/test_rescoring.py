"""The re-score of the fused list (content/search/rescoring.py), without a database: how
sharply each arm prefers a provision and how much of the question's wording it holds."""

import pytest

from content.search.asking import outside_scope
from content.search.fusion import FusedHit
from content.search.ranking import fuse_provisions
from content.search.rescoring import (
    FEATURES,
    NOTHING_ASKED,
    asked_signals,
    ideograph_pairs,
    pair_coverage,
    relative_similarities,
    rescore,
)


def test_pairs_are_adjacent_ideographs_only() -> None:
    assert ideograph_pairs("动火作业，A1证要办") == {"动火", "火作", "作业", "证要", "要办"}
    assert ideograph_pairs("GB30871 asdkjhqwe") == frozenset()


def test_a_text_holding_every_pair_covers_all_and_one_holding_none_nothing() -> None:
    shares = pair_coverage("动火作业", ["动火作业应当办理审批", "储罐区设置围堰"])
    assert shares[0] == pytest.approx(1.0)
    assert shares[1] == 0.0


def test_a_pair_every_candidate_holds_counts_less_than_a_rare_one() -> None:
    # 安全 is in every text, 动火 in one: the text with 动火 covers more of "安全动火".
    texts = ["安全生产动火审批", "安全生产责任制", "安全生产投入", "安全生产培训"]
    shares = pair_coverage("安全动火", texts)
    assert shares[0] > 3 * shares[1]
    assert shares[1] == shares[2] == shares[3] > 0.0


def test_a_query_without_two_ideographs_covers_nothing() -> None:
    assert pair_coverage("asdkjhqwe", ["动火作业", "受限空间"]) == [0.0, 0.0]


def test_similarities_are_read_as_standard_deviations_from_the_lists_mean() -> None:
    assert relative_similarities([0.80, 0.90, 0.85]) == pytest.approx(
        [-1.2247, 1.2247, 0.0], abs=1e-4
    )
    # Another model's cosines, spread alike around a higher mean, weigh the same.
    assert relative_similarities([0.90, 0.95, 0.925]) == pytest.approx(
        relative_similarities([0.80, 0.90, 0.85])
    )
    # Unknown (no vector of the active model) is the mean; no spread tells nothing.
    assert relative_similarities([0.8, None, 0.9]) == pytest.approx([-1.0, 0.0, 1.0])
    assert relative_similarities([0.8, 0.8, 0.8]) == [0.0, 0.0, 0.0]
    assert relative_similarities([0.8, None]) == [0.0, 0.0]
    assert relative_similarities([]) == []


def _hit(name: str, **ranks: int) -> FusedHit:
    return FusedHit(name, 0.0, ranks)


def test_the_vector_arms_clear_first_overtakes_a_middling_agreement() -> None:
    # RRF put "both" first (lexical 5th, vector 8th); the vector arm ranks "sharp" first.
    hits = [_hit("both", lexical=5, vector=8), _hit("other", lexical=1), _hit("sharp", vector=1)]
    order = [hit.key for hit in rescore(hits, {})]
    assert order[0] == "sharp"


def test_wording_decides_between_equally_ranked_provisions() -> None:
    hits = [_hit("a", lexical=2, vector=3), _hit("b", lexical=3, vector=2)]
    assert [h.key for h in rescore(hits, {"a": 0.1, "b": 0.9})] == ["b", "a"]
    assert [h.key for h in rescore(hits, {"a": 0.9, "b": 0.1})] == ["a", "b"]


def test_the_fused_order_alone_is_kept_and_scores_are_the_rescores() -> None:
    hits = [_hit("a", lexical=1), _hit("b", lexical=2), _hit("c", vector=4)]
    fused_only = (1.0,) + (0.0,) * (len(FEATURES) - 1)
    rescored = rescore(hits, {}, weights=fused_only)
    assert [h.key for h in rescored] == ["a", "b", "c"]
    assert [h.score for h in rescored] == pytest.approx([1.0, 0.5, 1 / 3])
    assert [h.ranks for h in rescored] == [h.ranks for h in hits]


def test_each_hit_carries_what_it_was_scored_on() -> None:
    hits = [_hit("a", lexical=2, vector=4), _hit("b", vector=1)]
    rescored = {h.key: dict(h.features) for h in rescore(hits, {"a": 0.75})}
    no_penalty = {
        "penalty_asked": 0.0,
        "penalty_unasked": 0.0,
        "quantity_unstated": 0.0,
        "outside_scope": 0.0,
        "district_asked": 0.0,
        "relative_similarity": 0.0,
    }
    assert rescored["a"] == pytest.approx(
        {"fused": 1.0, "vector": 0.25, "lexical": 0.5, "pair_coverage": 0.75} | no_penalty
    )
    assert rescored["b"] == pytest.approx(
        {"fused": 0.5, "vector": 1.0, "lexical": 0.0, "pair_coverage": 0.0} | no_penalty
    )
    assert all(h.features == () for h in hits)  # the fused hits are left as they were


DUTY = "运输危险化学品的押运人员应当经考核合格，取得从业资格。"
FINE = "押运人员未取得从业资格的，责令改正，处五万元以上十万元以下的罚款。"


@pytest.mark.parametrize(
    ("question", "signals"),
    [
        ("押车的师傅要不要考从业证", [NOTHING_ASKED, (0.0, 1.0, 0.0, 0.0, 0.0)]),
        ("押车的没证被查到会怎么样", [NOTHING_ASKED, (1.0, 0.0, 0.0, 0.0, 0.0)]),
        ("没证押车老板要担什么责任", [NOTHING_ASKED, (1.0, 0.0, 0.0, 0.0, 0.0)]),
        # 多少: the duty states no number, the fine does (五万元).
        ("押运员无证要罚多少钱", [(0.0, 0.0, 1.0, 0.0, 0.0), (1.0, 0.0, 0.0, 0.0, 0.0)]),
    ],
)
def test_each_text_is_told_what_the_question_asks_for(question, signals) -> None:
    assert asked_signals(question, [DUTY, FINE]) == signals


def test_a_duty_question_gets_the_duty_and_a_consequence_question_the_penalty() -> None:
    # The clause that fines the breach restates the duty in its words: it leads a little.
    hits = [_hit("fine", lexical=1, vector=3), _hit("duty", lexical=2, vector=2)]
    texts = {"fine": FINE, "duty": DUTY}

    def first(question: str) -> str:
        keys = [hit.key for hit in hits]
        signals = asked_signals(question, [texts[key] for key in keys])
        return rescore(hits, {}, asked=dict(zip(keys, signals, strict=True)))[0].key

    assert first("押车的师傅要不要考从业证") == "duty"
    assert first("押车的没证被查到会怎么样") == "fine"
    assert [h.key for h in rescore(hits, {})] == ["fine", "duty"]  # without the signals


GENERAL = "生产经营单位应当对从业人员进行安全生产教育和培训。"
BOILERS = "特种设备使用单位应当对其特种设备作业人员进行安全教育和技能培训。"
BOILER_FIELD = "特种设备 锅炉 压力容器 电梯"


@pytest.mark.parametrize(
    ("question", "outside"),
    [
        ("新来的工人要培训吗", [0.0, 1.0]),  # no field named: the general law's
        ("开锅炉的工人要培训吗", [0.0, 0.0]),  # 锅炉: both laws' fields
        ("电梯、起重机的操作工要不要培训", [0.0, 0.0]),
    ],
)
def test_a_law_confined_to_a_field_is_outside_a_question_naming_none_of_it(
    question, outside
) -> None:
    signals = asked_signals(question, [GENERAL, BOILERS], ["", BOILER_FIELD])
    assert [row[3] for row in signals] == outside


def test_scope_terms_split_at_spaces_and_chinese_commas() -> None:
    assert not outside_scope("职业病体检谁出钱", "职业病、粉尘，放射性")
    assert outside_scope("体检谁出钱", "职业病、粉尘，放射性")
    assert not outside_scope("体检谁出钱", "  ")  # blank: a law for every field


def test_with_the_frozen_weights_a_general_question_goes_to_the_general_law() -> None:
    # The specific law leads a little, as where it repeats the general law's duty.
    hits = [_hit("boilers", lexical=1, vector=3), _hit("general", lexical=2, vector=2)]
    texts = {"boilers": BOILERS, "general": GENERAL}
    fields = {"boilers": BOILER_FIELD, "general": ""}

    def first(question: str) -> str:
        keys = [hit.key for hit in hits]
        signals = asked_signals(
            question, [texts[key] for key in keys], [fields[key] for key in keys]
        )
        return rescore(hits, {}, asked=dict(zip(keys, signals, strict=True)))[0].key

    assert [h.key for h in rescore(hits, {})] == ["boilers", "general"]  # without the field
    assert first("新来的工人要培训吗") == "general"
    assert first("开锅炉的工人要培训吗") == "boilers"


NATIONAL_DUTY = "生产经营单位应当建立健全全员安全生产责任制。"
WORK_POINT = "督促企业主要负责人建立个人行动计划，定期深入现场检查。"


@pytest.mark.parametrize(
    ("question", "district"),
    [
        ("区里文件说老板要自己弄个计划吗", [0.0, 1.0]),
        ("区应急局要求老板干啥", [0.0, 1.0]),
        ("工作要点里对一把手有啥要求", [0.0, 1.0]),
        ("老板要自己弄个计划吗", [0.0, 0.0]),  # no pointer to the district's documents
        ("应急局来检查，老板要自己弄个计划吗", [0.0, 0.0]),  # the inspector, not a document
        ("厂区里老板要自己弄个计划吗", [0.0, 0.0]),  # a place, not the district
        ("上党区要求老板要自己弄个计划吗", [0.0, 1.0]),  # any district, with what it asks
        ("上党康源制药的老板要自己弄个计划吗", [0.0, 0.0]),  # a company named after it
    ],
)
def test_a_question_pointing_at_the_district_marks_its_local_provisions(question, district) -> None:
    signals = asked_signals(question, [NATIONAL_DUTY, WORK_POINT], ["", ""], [False, True])
    assert [row[4] for row in signals] == district


def test_with_the_frozen_weights_the_district_question_gets_the_work_point() -> None:
    # The national law leads a little, as where it states a duty in the question's words.
    hits = [_hit("law", lexical=1, vector=2), _hit("point", lexical=3, vector=1)]
    texts = {"law": NATIONAL_DUTY, "point": WORK_POINT}
    local = {"law": False, "point": True}

    def first(question: str) -> str:
        keys = [hit.key for hit in hits]
        signals = asked_signals(
            question, [texts[key] for key in keys], ["", ""], [local[key] for key in keys]
        )
        return rescore(hits, {}, asked=dict(zip(keys, signals, strict=True)))[0].key

    assert first("老板的安全责任是啥") == "law"
    assert first("区里文件说老板的安全责任是啥") == "point"


def test_a_wrong_number_of_weights_is_refused() -> None:
    with pytest.raises(ValueError):
        rescore([_hit("a", lexical=1)], {}, weights=(1.0, 2.0))


def _provisions(ids):
    return {pk: ("regulation", 1, f"p{pk}") for pk in ids}


TEXTS = {1: "储罐区应当设置防火堤", 2: "动火作业前应当办理动火许可", 3: "从业人员应当接受培训"}


def test_a_hybrid_list_is_rescored_by_the_candidates_wording() -> None:
    # Both arms rank 3, 1, 2 in the same order; 2 holds the question's wording.
    rankings = {"lexical": [3, 1, 2], "vector": [3, 1, 2]}
    asked: list = []

    def texts(pks):
        asked.append(list(pks))
        return {pk: TEXTS[pk] for pk in pks}

    plain, _ = fuse_provisions(rankings, _provisions(TEXTS), 3)
    rescored, shown = fuse_provisions(
        rankings, _provisions(TEXTS), 3, passage_texts=texts, query_text="要办理动火许可"
    )
    assert [h.key[2] for h in plain] == ["p3", "p1", "p2"]
    assert rescored[0].key[2] == "p2"
    assert sorted(asked[0]) == [1, 2, 3]
    assert shown[rescored[0].key] == 2


def test_where_the_arms_disagree_the_provision_nearer_in_meaning_comes_first() -> None:
    # The lexical arm ranks 1 first, the vector arm 2 (through one of its sentences); the
    # whole of 2 is the nearer text. Frozen weights.
    rankings = {"lexical": [1, 2], "vector": [2, 1]}
    same = {pk: TEXTS[pk] for pk in (1, 2)}

    def texts(pks):
        return {pk: same[pk] for pk in pks}

    def near(similarities):
        fused, _ = fuse_provisions(
            rankings,
            _provisions(same),
            2,
            passage_texts=texts,
            passage_similarities=lambda pks: {pk: similarities[pk] for pk in pks},
            query_text="这个该不该弄",  # no wording shared: the arms and nearness decide
        )
        return [h.key[2] for h in fused]

    assert near({1: 0.80, 2: 0.90}) == ["p2", "p1"]
    assert near({1: 0.90, 2: 0.80}) == ["p1", "p2"]
    assert near({1: None, 2: None}) == ["p1", "p2"]  # the lexical arm's vote decides


def test_a_one_arm_list_is_not_rescored() -> None:
    def texts(pks):
        raise AssertionError("a lexical-only search reads no texts")

    fused, _ = fuse_provisions(
        {"lexical": [3, 1, 2]}, _provisions(TEXTS), 3, passage_texts=texts, query_text="动火许可"
    )
    assert [h.key[2] for h in fused] == ["p3", "p1", "p2"]
