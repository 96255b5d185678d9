"""Worker-to-regulation query expansion."""

from collections import Counter

from content.search.glossary import DEFAULT_GLOSSARY, Expansion, GlossaryEntry, expand_query


def test_expands_several_multi_character_worker_terms() -> None:
    expansion = expand_query("老板没考过要回去上课吗")

    assert expansion == Expansion(
        original="老板没考过要回去上课吗",
        added_terms=("主要负责人", "考核不合格", "脱产培训", "培训"),
        expanded_text="老板没考过要回去上课吗 主要负责人 考核不合格 脱产培训 培训",
    )


def test_query_without_worker_terms_is_unchanged() -> None:
    expansion = expand_query("重大危险源包保责任")

    assert expansion.added_terms == ()
    assert expansion.expanded_text == "重大危险源包保责任"


def test_terms_already_in_the_query_are_not_added() -> None:
    # 动火 → 动火作业 (already there) and 特殊作业.
    assert expand_query("动火作业怎么办理").added_terms == ("特殊作业",)


def test_a_term_shared_by_two_entries_is_added_once() -> None:
    added = expand_query("动火和进罐要审批吗").added_terms

    assert added.count("特殊作业") == 1
    assert {"动火作业", "受限空间作业"} <= set(added)


def test_two_worker_terms_of_one_entry_add_once() -> None:
    assert expand_query("老板和厂长都要到场吗").added_terms == ("主要负责人",)


def test_overlapping_terms_longest_wins() -> None:
    entries = [
        GlossaryEntry(("证",), ("资格",)),
        GlossaryEntry(("上岗证",), ("特种作业操作证",)),
    ]

    assert expand_query("上岗证过期了", entries).added_terms == ("特种作业操作证",)
    assert expand_query("证过期了", entries).added_terms == ("资格",)


def test_overlap_at_different_starts_leftmost_wins() -> None:
    entries = [GlossaryEntry(("爆炸",), ("爆炸事故",)), GlossaryEntry(("炸了",), ("事故",))]

    assert expand_query("爆炸了", entries).added_terms == ("爆炸事故",)
    assert expand_query("炸了", entries).added_terms == ("事故",)


def test_non_overlapping_terms_of_different_entries_both_fire() -> None:
    assert expand_query("卖鞭炮的违法行为").added_terms == ("销售", "经营", "烟花爆竹")


def test_not_within_keeps_short_terms_from_firing_inside_other_words() -> None:
    assert expand_query("怎么保证安全").added_terms == ()
    assert expand_query("需要证明材料吗").added_terms == ()
    assert "特种作业操作证" in expand_query("没有证能上岗吗").added_terms


def test_matching_ignores_width_and_case() -> None:
    entries = [GlossaryEntry(("hazop",), ("危险与可操作性分析",))]

    assert expand_query("ＨＡＺＯＰ要外包吗", entries).added_terms == ("危险与可操作性分析",)
    assert expand_query("HazOp要外包吗", entries).added_terms == ("危险与可操作性分析",)


def test_empty_glossary_and_empty_query() -> None:
    assert expand_query("老板", []).added_terms == ()
    assert expand_query("").expanded_text == ""


def test_eval_style_queries_reach_regulation_wording() -> None:
    assert "节假日" in expand_query("春节国庆期间安全生产要注意什么").added_terms
    assert "签名" in expand_query("检查人员签字后出了问题谁负责").added_terms
    assert "烟花爆竹" in expand_query("卖鞭炮的违法行为").added_terms
    assert "行政执法证件" in expand_query("来检查的人不亮工作证").added_terms
    assert "停止供电" in expand_query("停产了还偷着干，能给他拉闸吗").added_terms
    assert "心理疏导" in expand_query("工友家里出事魂不守舍的").added_terms
    assert "协调联动" in expand_query("救援时几家单位各干各的").added_terms
    assert "安全技术特性" in expand_query("新上了台没见过的机器就让直接开").added_terms


def test_default_glossary_is_well_formed() -> None:
    worker_terms = Counter(t for e in DEFAULT_GLOSSARY for t in e.worker_terms)

    assert len(DEFAULT_GLOSSARY) >= 30
    assert all(e.worker_terms and e.regulation_terms for e in DEFAULT_GLOSSARY)
    assert [t for t, n in worker_terms.items() if n > 1] == []  # each term means one thing
    all_terms = [t for e in DEFAULT_GLOSSARY for t in (*e.worker_terms, *e.regulation_terms)]
    assert all(t and t == t.strip() and " " not in t for t in all_terms)


def test_short_terms_do_not_fire_inside_longer_words() -> None:
    # Each pair: a question where the worker term is a piece of another word, and one
    # where it is meant.
    assert "职业健康检查" not in expand_query("气体检测仪怎么校准").added_terms
    assert "职业健康检查" in expand_query("多久要去体检一次").added_terms
    assert "主要负责人" not in expand_query("监督执法人员能进车间吗").added_terms
    assert "主要负责人" in expand_query("法人要担什么责").added_terms
    assert "监测联网" not in expand_query("能在互联网上卖烟花吗").added_terms
    assert "承包商" not in expand_query("危化品外包装上要贴什么").added_terms
    assert "交通管制" not in expand_query("剧毒品的双人保管制度").added_terms
    assert "特种作业操作证" not in expand_query("登记表要写身份证号码吗").added_terms
