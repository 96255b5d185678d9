"""Training pairs for the embedder: what each kind keeps and leaves out."""

import random

import pytest

from content.search.tuning_pairs import Pair, batches, heading_pair, inverse_cloze, stem_pair

ARTICLE = (
    "生产经营单位应当对从业人员进行安全生产教育和培训。"
    "未经安全生产教育和培训合格的从业人员，不得上岗作业。"
    "生产经营单位应当建立安全生产教育和培训档案。"
)


def test_inverse_cloze_leaves_the_query_sentence_out_of_the_passage() -> None:
    pair = inverse_cloze("law:28", ARTICLE, random.Random(1))

    assert pair is not None
    assert pair.query in ARTICLE
    assert pair.query not in pair.passage
    assert len(pair.query) + len(pair.passage) == len(ARTICLE)


def test_inverse_cloze_needs_two_sentences() -> None:
    assert inverse_cloze("law:1", "本法自2021年9月1日起施行。", random.Random(1)) is None


def test_heading_pair_skips_a_heading_the_text_repeats() -> None:
    text = "企业主要负责人每年至少参加一次安全领导力培训，考核合格后方可履职。"

    assert heading_pair("n:1", "主要负责人", "主要负责人" + text[6:]) is None
    assert heading_pair("n:1", "提升安全领导力", text) == Pair(
        "提升安全领导力", text, "n:1", "heading"
    )


def test_stem_pair_drops_the_answer_blank() -> None:
    pair = stem_pair("p:7", "考核不合格的，应当（ ）。", ARTICLE)

    assert pair is not None and pair.query == "考核不合格的，应当"


def test_no_passage_twice_in_a_batch() -> None:
    pairs = [Pair(f"q{i}", f"p{i % 3}", f"k{i % 3}", "stem") for i in range(9)]

    grouped = batches(pairs, 3)

    assert sorted(len(b) for b in grouped) == [3, 3, 3]
    assert all(len({p.key for p in b}) == len(b) for b in grouped)


def test_a_batch_of_one_is_refused() -> None:
    with pytest.raises(ValueError):
        batches([], 1)


def test_colloquialise_speaks_as_workers_ask() -> None:
    from content.search.glossary import DEFAULT_GLOSSARY
    from content.search.tuning_pairs import colloquialise

    sentence = "生产经营单位的主要负责人应当组织制定本单位安全生产教育和培训计划。"

    asked = colloquialise(sentence, DEFAULT_GLOSSARY, random.Random(3), share=1.0)

    assert "主要负责人" not in asked and "生产经营单位" not in asked
    assert "应当" not in asked and asked.endswith("吗")
    assert colloquialise(sentence, DEFAULT_GLOSSARY, random.Random(3), share=0.0) == (
        "生产经营单位的主要负责人要组织制定本单位安全生产教育和培训计划吗"
    )
