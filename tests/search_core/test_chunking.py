"""Chunking of provisions and texts: sentence-safe splits, heading paths, hashes."""

import random

import pytest

from content.search.chunking import (
    Chunk,
    ProvisionInput,
    chunk_provision,
    content_hash,
    pieces_with_leads,
    split_text,
)

TITLE = "2024年全区化工医药、危险化学品和烟花爆竹安全生产监管工作要点"


def provision(text: str, **kwargs: object) -> ProvisionInput:
    fields: dict = {
        "anchor": "p-1-1",
        "label": "（一）",
        "heading": "聚焦重点人员安全素质提升和履职能力考核",
        "text": text,
        "path": ("一、推动企业主体责任落地生根",),
    }
    fields.update(kwargs)
    return ProvisionInput(**fields)


def sentence(n: int, length: int = 50, end: str = "。") -> str:
    """A distinct sentence of exactly `length` characters."""
    body = f"第{n}句" + "安" * length
    return body[: length - len(end)] + end


def test_short_provision_is_one_chunk_with_full_heading_path() -> None:
    chunks = chunk_provision(TITLE, provision("企业主要负责人必须认真履责。"))

    assert chunks == [
        Chunk(
            text="企业主要负责人必须认真履责。",
            heading_path=(
                TITLE,
                "一、推动企业主体责任落地生根",
                "（一） 聚焦重点人员安全素质提升和履职能力考核",
            ),
            anchor="p-1-1",
            ordinal=0,
        )
    ]


def test_heading_path_skips_empty_parts() -> None:
    chunks = chunk_provision(TITLE, provision("正文。", label="第三条", heading="", path=("", " ")))

    assert chunks[0].heading_path == (TITLE, "第三条")


def test_empty_provision_gives_no_chunks() -> None:
    assert chunk_provision(TITLE, provision(" \n\t ")) == []


def test_long_provision_splits_only_at_sentence_ends() -> None:
    sentences = [sentence(i) for i in range(10)]  # 10 × 50 = 500 chars
    chunks = chunk_provision(TITLE, provision("".join(sentences)), max_chars=400)

    assert len(chunks) == 2
    assert [c.ordinal for c in chunks] == [0, 1]
    assert {c.anchor for c in chunks} == {"p-1-1"}
    assert all(len(c.text) <= 400 for c in chunks)
    assert "".join(c.text for c in chunks) == "".join(sentences)
    for chunk in chunks:
        assert chunk.text.endswith("。")


def test_pieces_are_balanced_not_greedy() -> None:
    # Greedy would give 400 + 10; balanced packing gives two halves of whole sentences.
    text = "".join(sentence(i) for i in range(8)) + "最后一句很短。"
    pieces = split_text(text, max_chars=400)

    assert len(pieces) == 2
    assert min(map(len, pieces)) >= 150


@pytest.mark.parametrize("terminator", ["。", "；", "！", "？", ";", "!", "?", "\n"])
def test_every_terminator_ends_a_sentence(terminator: str) -> None:
    first = "甲" * 30 + terminator
    pieces = split_text(first + "乙" * 30 + "。", max_chars=40)

    assert pieces == [first.strip(), "乙" * 30 + "。"]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "坚持“一防四提升。”" + "乙" * 30 + "。"

    assert split_text(text, max_chars=35)[0] == "坚持“一防四提升。”"


def test_decimals_and_list_numbers_do_not_end_sentences() -> None:
    text = "1. 储罐间距不小于2.5米" + "甲" * 20 + "。"

    assert split_text(text, max_chars=20) == [text]  # no boundary: one over-long piece


def test_over_long_sentence_is_split_at_commas_as_last_resort() -> None:
    clauses = ["甲" * 29 + "，", "乙" * 29 + "，", "丙" * 29 + "。"]
    pieces = split_text("".join(clauses), max_chars=40)

    assert pieces == clauses


def test_over_long_clause_without_comma_stays_whole() -> None:
    clause = "甲" * 100 + "。"

    assert split_text(clause + "乙" * 10 + "。", max_chars=40) == [clause, "乙" * 10 + "。"]


def test_line_breaks_are_kept_inside_a_chunk_and_blank_lines_dropped() -> None:
    text = "  1、建立制度\n\n   2、落实责任  \n"

    assert split_text(text) == ["1、建立制度\n2、落实责任"]


def test_split_rejects_non_positive_budget() -> None:
    with pytest.raises(ValueError):
        split_text("正文。", max_chars=0)


def test_content_hash_depends_on_model_and_text() -> None:
    digest = content_hash("m3e-small-883f645d", "正文")

    assert len(digest) == 64
    assert digest == content_hash("m3e-small-883f645d", "正文")
    assert digest != content_hash("m3e-small-00000000", "正文")
    assert digest != content_hash("m3e-small-883f645d", "正文。")
    # The separator keeps (model, text) pairs from colliding by concatenation.
    assert content_hash("ab", "c") != content_hash("a", "bc")


def test_chunks_are_frozen() -> None:
    chunk = Chunk(text="t", heading_path=("d",), anchor="a", ordinal=0)

    with pytest.raises(AttributeError):
        chunk.text = "changed"  # type: ignore[misc]


def test_over_long_piece_does_not_let_its_neighbours_exceed_the_budget() -> None:
    long_clause = "甲" * 1000 + "。"
    text = long_clause + "乙" * 99 + "。" + "丙" * 349 + "。"

    pieces = split_text(text, max_chars=400)

    assert pieces == [long_clause, "乙" * 99 + "。", "丙" * 349 + "。"]


def test_random_texts_keep_every_character_and_the_budget() -> None:
    rng = random.Random(20240321)
    for _ in range(200):
        sentences = [
            "字" * rng.randint(1, 120) + rng.choice("。；！？;!?\n")
            for _ in range(rng.randint(1, 12))
        ]
        text = "".join(sentences)
        max_chars = rng.randint(40, 400)

        pieces = split_text(text, max_chars)

        # Only an unsplittable sentence (no comma here) may exceed the budget, and alone.
        assert all(len(p) <= max_chars or p in sentences or p + "\n" in sentences for p in pieces)
        assert "".join(p.replace("\n", "") for p in pieces) == text.replace("\n", "")


DUTIES = (
    "生产经营单位的主要负责人对本单位安全生产工作负有下列职责：\n"
    "（一）建立健全并落实本单位全员安全生产责任制，加强安全生产标准化建设；\n"
    "（二）组织制定并实施本单位安全生产规章制度和操作规程；\n"
    "（三）组织制定并实施本单位安全生产教育和培训计划；\n"
    "（四）保证本单位安全生产投入的有效实施。\n"
    "生产经营单位有下列行为之一的，责令限期改正，处十万元以下的罚款：\n"
    "（一）未按照规定设置安全生产管理机构的；\n"
    "（二）未按照规定对从业人员进行安全生产教育和培训的。"
)


def test_an_item_read_alone_carries_the_sentence_introducing_its_list() -> None:
    pieces = pieces_with_leads(DUTIES, 40)
    assert len(pieces) == len(split_text(DUTIES, 40))
    assert pieces[0] == split_text(DUTIES, 40)[0]  # the lead starts its own piece
    duty = next(p for p in pieces if "（三）组织制定" in p)
    assert duty.startswith("生产经营单位的主要负责人对本单位安全生产工作负有下列职责：（三）")
    # The second list's items are the penalty article's, not the principal's duties.
    breach = next(p for p in pieces if "（二）未按照规定对从业人员" in p)
    assert breach.startswith(
        "生产经营单位有下列行为之一的，责令限期改正，处十万元以下的罚款：（二）"
    )


def test_text_without_a_list_gives_its_pieces_unchanged() -> None:
    text = "从业人员应当接受安全生产教育和培训。（一）不是列表项的括号。" * 3
    assert pieces_with_leads(text, 30) == split_text(text, 30)


def test_a_provisions_item_pieces_are_indexed_with_their_lead() -> None:
    from content.search.sources import _drafts

    drafts = _drafts(TITLE, provision(DUTIES), 7, "第二十一条", "/law/")
    pieces = [d.text for d in drafts if d.piece]

    assert any(t.startswith("生产经营单位的主要负责人") and "（三）组织制定" in t for t in pieces)
    assert not any(t.startswith("（") for t in pieces)
    whole = [d.text for d in drafts if not d.piece]
    assert "".join(whole).replace("\n", "") == DUTIES.replace("\n", "")  # shown unchanged
