"""Stem normalisation, similarity and duplicate detection."""

from __future__ import annotations

import random

import pytest

from importers.questions import (
    Option,
    ParsedQuestion,
    ProblemCode,
    QuestionType,
    find_duplicates,
    normalize_stem,
    similarity,
)
from importers.questions.normalize import (
    DUPLICATE_THRESHOLD,
    _best_matches,
    _ratio,
    near_duplicate_pairs,
)


@pytest.mark.parametrize(
    "written",
    [
        "1.【单选】按照（ B ）培训。",
        "1．按照（  ）培训",
        "（1）按照____培训？",
        "第1题 按照(  C  )培训!",
        "12、按照（　）培训。",
        "按照　培训",
        "【单项选择题】按照______培训",
    ],
)
def test_layout_noise_is_removed(written):
    assert normalize_stem(written) == "按照培训"


def test_full_width_letters_and_digits_fold_and_case_folds():
    assert normalize_stem("ＨＡＺＯＰ分析报告２０２４") == "hazop分析报告2024"


def test_brackets_with_words_are_kept():
    assert normalize_stem("取得安全生产（经营）许可证（ ）内") == "取得安全生产经营许可证内"


def test_similarity():
    assert similarity("1.【单选】按照（ B ）培训。", "按照（）培训") == 1.0
    assert similarity("企业主要负责人是第一责任人", "企业的主要负责人是第一责任人") > 0.9
    assert similarity("动火作业", "受限空间作业") < 0.6
    assert similarity("", "") == 1.0
    assert similarity("甲", "") == 0.0


def question(stem, *options, source_ref="第1段"):
    return ParsedQuestion(
        type=QuestionType.SINGLE if options else QuestionType.TRUE_FALSE,
        stem=stem,
        options=tuple(Option(key, text) for key, text in zip("ABCD", options, strict=False)),
        answer=("A",) if options else ("true",),
        source_ref=source_ref,
    )


def test_within_file_the_later_copy_is_flagged():
    questions = [
        question("企业主要负责人是本单位安全生产第一责任人。", source_ref="第1段"),
        question("动火作业必须办理作业票。", source_ref="第3段"),
        question("企业主要负责人是本单位安全生产第一责任人", source_ref="第5段"),
    ]

    result = find_duplicates(questions)

    assert [q.is_valid for q in result] == [True, True, False]
    assert result[2].problems[0].code is ProblemCode.DUPLICATE
    assert "与第1段的题目重复" in result[2].problems[0].message


def test_generic_stems_with_different_options_are_not_duplicates():
    questions = [
        question("下列说法正确的是（ ）。", "动火要办票", "可以无证上岗"),
        question("下列说法正确的是（ ）。", "受限空间先通风", "可以不检测"),
        question("下列说法正确的是（　）", "可以无证上岗", "动火要办票"),  # same options, reordered
    ]

    result = find_duplicates(questions)

    assert [q.is_valid for q in result] == [True, True, False]


def test_existing_stems_plain_and_with_options():
    questions = [
        question("下列说法正确的是（ ）。", "动火要办票", "可以无证上岗"),
        question("企业主要负责人是本单位安全生产第一责任人。"),
    ]

    result = find_duplicates(
        questions,
        existing_stems=[
            ("下列说法正确的是", ["受限空间先通风", "可以不检测"]),  # other options: not a copy
            "企业主要负责人是本单位安全生产第一责任人",
        ],
    )

    assert result[0].is_valid
    assert [p.code for p in result[1].problems] == [ProblemCode.DUPLICATE]
    assert "题库中已有题目" in result[1].problems[0].message


def test_threshold_is_respected():
    pair = [question("企业主要负责人是第一责任人"), question("企业的主要负责人是第一责任人")]

    assert find_duplicates(pair, threshold=0.9)[1].problem_codes == (ProblemCode.DUPLICATE,)
    assert find_duplicates(pair, threshold=0.99)[1].is_valid


def _brute_force(queries, corpus, threshold, same):
    """What comparing every pair finds: each query's first match at or above threshold.

    difflib's ratio is not symmetric; the index scores (corpus text, query), as before."""
    found = {}
    for i, query in enumerate(queries):
        for j, text in enumerate(corpus):
            if same and j >= i:
                break
            if query and (ratio := _ratio(text, query)) >= threshold:
                found[i] = (j, ratio)
                break
    return found


def _near_copies(rng, texts, alphabet):
    copies = []
    for index in range(0, len(texts), 3):
        text = list(texts[index])
        for _ in range(rng.randint(1, 3)):
            text[rng.randrange(len(text))] = rng.choice(alphabet)
        copies.append("".join(text))
        copies.append(texts[index] + rng.choice(alphabet))
        copies.append(texts[index][1:])
        copies.append(texts[index][: len(texts[index]) // 2] + texts[index])
    return copies


@pytest.mark.parametrize("threshold", [0.8, 0.85, 0.9, 0.95])
def test_candidate_filter_finds_what_brute_force_finds(threshold):
    rng = random.Random(7)
    alphabet = "安全生产企业主要负责人培训动火作业许可隐患排查治理危险化学品仓库"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(6, 30))) for _ in range(60)]
    texts += _near_copies(rng, texts, alphabet) + texts[:5]  # and exact copies

    fast = {i: (j, r) for i, j, r in _best_matches(texts, texts, threshold, same=True)}
    assert fast == _brute_force(texts, texts, threshold, same=True)

    queries, corpus = texts[:60], texts[60:]
    fast = {i: (j, r) for i, j, r in _best_matches(queries, corpus, threshold, same=False)}
    assert fast == _brute_force(queries, corpus, threshold, same=False)


@pytest.mark.parametrize("seed", range(5))
def test_index_finds_the_same_pairs_as_every_pair_on_random_near_identical_stems(seed):
    # Many stems around one template: each has many matches, the case that was quadratic.
    rng = random.Random(seed)
    alphabet = "安全生产企业主要负责人培训动火作业"
    template = "".join(rng.choice(alphabet) for _ in range(rng.randint(12, 40)))
    texts = []
    for _ in range(150):
        text = list(template)
        for _ in range(rng.randint(0, 4)):
            text[rng.randrange(len(text))] = rng.choice(alphabet)
        texts.append("".join(text)[: rng.randint(len(text) - 3, len(text))])

    fast = {i: (j, r) for i, j, r in _best_matches(texts, texts, 0.9, same=True)}

    assert fast == _brute_force(texts, texts, 0.9, same=True)
    assert len(fast) > 50  # many are near-copies of an earlier one


def test_a_copy_names_the_first_earlier_question_at_the_threshold():
    questions = [
        question("企业主要负责人是第一责任人", source_ref="第2行"),
        question("企业的主要负责人是第一责任人", source_ref="第3行"),
        question("企业的主要负责人是第一责任人", source_ref="第4行"),
    ]

    result = find_duplicates(questions)

    # The 4th row is an exact copy of the 3rd, but the 2nd is the first it repeats.
    assert [p.message for q in result[1:] for p in q.problems] == [
        "第3行的题目“企业的主要负责人是第一责任人”与第2行的题目重复（相似度 96%）",
        "第4行的题目“企业的主要负责人是第一责任人”与第2行的题目重复（相似度 96%）",
    ]


def test_progress_is_reported_while_checking_and_at_the_end(monkeypatch):
    monkeypatch.setattr("importers.questions.normalize.PROGRESS_EVERY", 100)
    questions = [question(f"第{n}种危险化学品的储存要求") for n in range(120)]
    calls = []

    find_duplicates(questions, ["动火作业必须办理作业票"], on_progress=lambda *a: calls.append(a))

    assert calls == [(100, 360), (200, 360), (300, 360), (360, 360)]


def test_parse_question_file_hands_the_progress_hook_on():
    from importers.questions import parse_question_file

    data = "题型,题干,答案\n判断题,动火作业必须办理作业票。,对\n判断题,受限空间先通风。,对\n"
    calls = []

    parse_question_file("bank.csv", data.encode(), on_progress=lambda *a: calls.append(a))

    assert calls == [(6, 6)]


@pytest.mark.parametrize("threshold", [0.8, 0.9])
def test_near_duplicate_pairs_are_every_pair_at_or_above_threshold(threshold):
    rng = random.Random(11)
    alphabet = "安全生产企业主要负责人培训动火作业许可隐患排查治理危险化学品仓库"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(6, 30))) for _ in range(40)]
    texts += _near_copies(rng, texts, alphabet)
    questions = {100 + n: (text, ()) for n, text in enumerate(texts)}

    found = {(a, b) for a, b, _ in near_duplicate_pairs(questions, threshold)}

    every_pair = {
        (100 + j, 100 + i)
        for i in range(len(texts))
        for j in range(i)
        if texts[i] and _ratio(normalize_stem(texts[j]), normalize_stem(texts[i])) >= threshold
    }
    assert found == every_pair
    assert len(every_pair) > 20


def test_near_duplicate_pairs_compare_options_like_a_file_import():
    generic = "下列说法正确的是（ ）。"
    questions = {
        1: (generic, ("动火前进行气体检测", "可以直接动火")),
        2: (generic, ("受限空间作业先通风", "无需监护人")),
        3: ("下列说法正确的是（  ）", ("可以直接动火", "动火前进行气体检测")),
        4: ("员工考核不合格的，应当脱产培训。", ()),
        5: ("员工考核不合格的，应当脱产培训", ()),
    }
    assert {(a, b) for a, b, _ in near_duplicate_pairs(questions)} == {(1, 3), (4, 5)}
    assert DUPLICATE_THRESHOLD == 0.9
