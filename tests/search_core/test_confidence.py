"""When a result list counts as an answer (no database)."""

from dataclasses import replace

import pytest

from content.search.asking import NUMBER_LOOK, asks_method, number_unstated
from content.search.confidence import (
    Confidence,
    cjk_share,
    features,
    found_score,
    is_found,
    is_vague,
    quantity_gap,
    thresholds_found,
)

GIBBERISH = Confidence(
    vector_similarity=0.62,
    lexical_coverage=0.0,
    vector_margin=0.0,
    unseen_share=1.0,
    cjk_share=0.0,
    query_chars=9,
)
CLOSE_MATCH = Confidence(
    vector_similarity=0.88,
    lexical_coverage=0.85,
    vector_margin=0.04,
    unseen_share=0.0,
    arms_agree=True,
    cjk_share=1.0,
    query_chars=14,
)


def test_a_question_both_arms_match_is_found_and_gibberish_is_not():
    assert is_found(CLOSE_MATCH)
    assert not is_found(GIBBERISH)


def test_more_of_the_query_in_the_best_chunk_is_more_confident():
    low, high = (replace(CLOSE_MATCH, lexical_coverage=c) for c in (0.1, 0.9))
    assert found_score(high) > found_score(low)


def test_a_named_provision_is_always_found():
    assert is_found(Confidence(vector_similarity=0.1, lexical_coverage=0.0, exact=True))
    assert is_found(replace(GIBBERISH, exact=True))


def test_one_arm_alone_is_judged_by_its_threshold():
    assert not is_found(Confidence(vector_similarity=None, lexical_coverage=0.1))
    assert is_found(Confidence(vector_similarity=None, lexical_coverage=0.9))
    assert is_found(Confidence(vector_similarity=0.9, lexical_coverage=None))


def test_the_threshold_rule_takes_either_arm_sure_enough():
    assert thresholds_found(Confidence(vector_similarity=0.9, lexical_coverage=0.0))
    assert thresholds_found(Confidence(vector_similarity=0.5, lexical_coverage=0.8))
    assert not thresholds_found(Confidence(vector_similarity=0.6, lexical_coverage=0.1))


def test_cjk_share_counts_ideographs_only():
    assert cjk_share("叉车 ok") == 0.5
    assert cjk_share("asdkjhqwe") == 0.0
    assert cjk_share("  ") == 0.0


def test_a_signal_far_outside_the_fitted_range_does_not_veto():
    """An editor's 常见问法 word for word: cosine 1.0 and a margin far beyond any seen in the
    fit while its words are in no whole chunk; its everyday and standard yardsticks sit
    where a real question's do."""
    verbatim = Confidence(
        vector_similarity=1.0,
        lexical_coverage=0.0,
        vector_margin=0.6,
        unseen_share=1.0,
        cjk_share=1.0,
        query_chars=12,
        everyday_similarity=0.80,
        standard_similarity=0.85,
    )
    assert is_found(verbatim)


def test_each_signal_counts_at_most_max_z_deviations():
    # A standard's ask at cosine 0 or −1 to the query: both margins far beyond the fit.
    far, farther, near = (
        found_score(replace(CLOSE_MATCH, standard_similarity=s)) for s in (0.0, -1.0, 0.86)
    )
    assert far == pytest.approx(farther)
    assert far > near


def test_a_question_about_the_districts_documents_answered_by_one_is_more_confident():
    pointed = replace(CLOSE_MATCH, district_asked=True)
    assert found_score(pointed) > found_score(CLOSE_MATCH)


@pytest.mark.parametrize(
    ("query", "top_text", "gap"),
    [
        ("可燃气体报警器一级报警值设多少", "生产经营单位应当建立安全风险分级管控制度。", True),
        ("硫化氢接触限值是多少", "用人单位应当采取有效的职业病防护设施。", True),
        ("氯气泄漏要疏散多远", "应当立即组织疏散、撤离。", True),
        ("老板不培训罚多少", "处十万元以上二十万元以下的罚款", False),  # the law states it
        ("安全阀多久校一次", "在检验合格有效期届满前一个月", False),
        (
            "老板不培训会怎么样",
            "生产经营单位应当建立安全风险分级管控制度。",
            False,
        ),  # no number asked
    ],
)
def test_a_quantity_asked_for_and_not_stated_is_a_gap(query, top_text, gap):
    assert quantity_gap(query, top_text) is gap


DUTY = "生产经营单位应当对从业人员进行安全生产教育和培训。"
FINE = "未按照规定进行安全生产教育和培训的，处十万元以下的罚款。"
HOURS = "新上岗的从业人员安全培训时间不得少于二十四学时。"
WEEKLY = "每周组织一次岗位练兵。"


@pytest.mark.parametrize(
    ("question", "texts", "unstated"),
    [
        ("新工人上岗前要培训多少学时", [DUTY, DUTY, DUTY], True),
        ("新工人上岗前要培训多少学时", [DUTY, DUTY, HOURS], False),  # the hours among the first
        ("新工人上岗前要培训多少学时", [DUTY, DUTY, FINE], True),  # a fine is not a duration
        ("新员工培训学时", [WEEKLY, DUTY, DUTY], True),  # nor is how often
        ("没培训就上岗罚多少", [DUTY, FINE], False),
        ("仓库离宿舍要隔多远", [FINE, HOURS], True),  # neither is a distance
        ("仓库离宿舍要隔多远", [DUTY, "保持不少于五十米的安全距离。"], False),
        ("报警值设多少合适", [DUTY, FINE], False),  # no measure named: any number counts
        ("上面文件说照着哪几个导则弄", [DUTY, DUTY, DUTY], False),  # which, not how many
        ("厂里招了几个实习的娃，要不要上安全课", [DUTY, DUTY, DUTY], False),  # told, not asked
        ("抢险好几天，工钱能扣吗", [DUTY, DUTY, DUTY], False),
        ("一个班要配几个安全员", [DUTY, DUTY, DUTY], True),
        ("重点单位多长时间巡查一次", ["消防安全重点单位应当实行每日防火巡查。"], False),
        ("应急预案多久演练一次", ["应当定期组织应急预案演练。"], True),  # how often, unsaid
        ("应急预案多久演练一次", ["每年至少组织一次综合应急预案演练。"], False),
        ("新工人上岗前要培训多少学时", [DUTY] * NUMBER_LOOK + [FINE], True),  # past the first
        ("新员工培训学时", [DUTY, DUTY, DUTY], True),  # a measure named, not 多少
        ("新工人上岗前要不要培训", [DUTY, DUTY, DUTY], False),  # no number asked
        ("新工人上岗前要培训多少学时", [], True),
        ("动火前测可燃气，浓度低于百分之几才算合格", [DUTY, DUTY, DUTY], True),  # a share
        ("动火前测可燃气，浓度低于百分之几才算合格", ["低于爆炸下限的百分之十"], False),
        ("可燃气体浓度低于百分之几", ["不大于0.5%"], False),
        ("受限空间作业要安排几名监护人", [DUTY, DUTY, DUTY], True),
        ("受限空间作业要安排几名监护人", ["作业现场应当安排不少于两名监护人员"], False),
        # Every measure a question can name asks for a number, whatever else it says.
        ("地沟挖多深要办动土证", [DUTY, DUTY, DUTY], True),
        ("地沟挖多深要办动土证", ["挖掘深度超过五米的"], False),
        ("消防设施的检测频次", ["应当定期组织检验、维修"], True),
        ("消防设施的检测频次", ["每年至少进行一次全面检测"], False),
    ],
)
def test_a_number_asked_for_is_unstated_when_the_first_hits_give_none(question, texts, unstated):
    assert number_unstated(question, texts) is unstated


def test_a_quantity_gap_lowers_confidence():
    asked = Confidence(vector_similarity=0.78, lexical_coverage=0.4, quantity_gap=True)
    assert found_score(asked) < found_score(replace(asked, quantity_gap=False))


def test_a_query_nearer_everyday_questions_than_the_laws_is_less_confident():
    near_laws = Confidence(vector_similarity=0.80, lexical_coverage=0.3, everyday_similarity=0.70)
    near_life = replace(near_laws, everyday_similarity=0.90)
    assert found_score(near_life) < found_score(near_laws)
    # Without the vector arm's figure the margin is neutral, not a penalty.
    assert features(replace(near_laws, everyday_similarity=None))["everyday_margin"] == 0.0


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("反应釜的爆破片怎么选型", True),
        ("防火堤里面的有效容积怎么计算", True),
        ("LEC评价法里的L怎么取值", True),
        ("临时用电审批单上的每个栏目该怎么填", True),
        ("灭火器压力表指针落在黄色区域代表什么", True),
        ("防爆标志Ex d IIB T4各部分是啥含义", True),
        ("可燃气体探头怎么布置", True),
        # What the laws say: duties, who, how they are divided, what a term means.
        ("动火作业要办什么手续", False),
        ("安全管理机构怎么设置", False),
        ("主要负责人和安全员的职责怎么划分", False),
        ("安全风险要怎么分级管控", False),
        ("重大危险源是什么意思", False),
        ("按日连续处罚的罚款怎么计算", False),  # a penalty: 第一百一十二条
        ("专家是怎么选出来的", False),
    ],
)
def test_a_question_after_a_technical_method_is_told_from_one_about_a_duty(question, asks):
    assert asks_method(question) is asks


def test_a_technical_method_asked_lowers_confidence():
    asked = Confidence(vector_similarity=0.84, lexical_coverage=0.3, method_asked=True)
    assert found_score(asked) < found_score(replace(asked, method_asked=False))


def test_only_a_question_of_common_known_words_is_vague() -> None:
    common = Confidence(lexical_coverage=1.0, unseen_share=0.0, specificity=0.07)

    assert is_vague(common)
    assert not is_vague(replace(common, specificity=0.45))  # holds a rarer word
    assert not is_vague(replace(common, unseen_share=0.5))  # a word the index never saw
    assert not is_vague(replace(common, exact=True))  # names a provision
    assert not is_vague(replace(common, specificity=None))  # no lexical arm
