"""Retrieval quality with the real m3e-small model on the demo's regulations.

Indexes the seed notice and the six safety laws (embeddings cached under var/ between
runs, so only the first run pays ~2 minutes) and runs the dev set
(../shared/eval/retrieval-dev.jsonl; skipped when ../shared is missing) and our own
question→provision pairs (benchmarks/retrieval-*.jsonl, run even without ../shared). A hit
is a result whose text contains the row's `expect`.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from content.search.embedder import default_model_path
from content.search.embedding_cache import CachedEmbedder, EmbeddingCache
from content.search.indexing import reindex_all
from content.search.querying import search
from content.search.vectors import search_embedder, use_embedder

pytestmark = [pytest.mark.model, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT.parent / "shared" / "eval" / "retrieval-dev.jsonl"
OWN_SET = ROOT / "benchmarks" / "retrieval-statutes.jsonl"
NOTICE_SET = ROOT / "benchmarks" / "retrieval-notice.jsonl"
HOLDOUT_SET = ROOT / "benchmarks" / "retrieval-holdout.jsonl"
# Questions in workers' words that avoid the provision's own (the glossary's lexicon and
# the full vector vote for low lexical coverage are what lift these).
HARD_SET = ROOT / "benchmarks" / "retrieval-tune-hard.jsonl"
# More of them, written later by someone who had not seen the hard set's misses.
TUNE_2_SET = ROOT / "benchmarks" / "retrieval-tune-2.jsonl"
# Regression floors: what the hybrid search reaches today (see benchmarks/README.md).
DEV_FLOOR = {"hit@1": 0.85, "hit@5": 1.0}  # the targets (0.94 · 1.0 here)
# statutes: 0.61 · 0.92 here (no catalogue); m3e-small alone gave 0.71 · 0.89: the joined
# vectors trade hit@1 on these easy questions for the new ones (benchmarks/README.md).
OWN_FLOOR = {"hit@1": 0.58, "hit@5": 0.85}
NOTICE_FLOOR = {"hit@1": 0.65, "hit@5": 0.95}  # notice: 0.73 · 1.0 here
HOLDOUT_FLOOR = {"hit@1": 0.65, "hit@5": 0.92}  # held-out: 0.73 · 0.96 here
HARD_FLOOR = {"hit@1": 0.40, "hit@5": 0.85}  # hard: 0.46 · 0.91 here (no catalogue)
# tune-2's vector arm alone: m3e-small by itself reaches 0.46 · 0.69 on the whole set.
TUNE_2_VECTOR_FLOOR = {"hit@1": 0.48, "hit@5": 0.76}  # joined: 0.53 · 0.80 here


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def ranks(cases: list[dict], mode: str = "hybrid", rescore: bool = True) -> list[int | None]:
    found = []
    for case in cases:
        hits = search(case["query"], limit=5, mode=mode, rescore=rescore).hits
        found.append(next((i for i, h in enumerate(hits, 1) if case["expect"] in h.text), None))
    return found


def metrics(found: list[int | None]) -> dict[str, float]:
    return {
        "hit@1": sum(r == 1 for r in found) / len(found),
        "hit@5": sum(r is not None for r in found) / len(found),
    }


@pytest.fixture
def demo_library(seed_notice):
    from importers.regulation_loader import save_regulation
    from importers.statutes import SAFETY_LAWS, list_laws, read_law, statute_db_path

    db_path = statute_db_path()
    for law in list_laws(db_path, SAFETY_LAWS):
        save_regulation(read_law(db_path, law.law_id), publish=True)
    model = search_embedder(default_model_path())
    cache = EmbeddingCache(Path(settings.VAR_DIR) / "test-embeddings", model.name, model.dimension)
    with use_embedder(CachedEmbedder(model, cache)) as embedder:
        reindex_all(embedder=embedder)
        yield


def test_our_own_question_sets(demo_library) -> None:
    """Statutes, the notice's other items and the held-out set: they ship with the code,
    so they run even without ../shared."""
    own, notice, holdout = (
        metrics(ranks(rows(path))) for path in (OWN_SET, NOTICE_SET, HOLDOUT_SET)
    )

    assert all(own[k] >= v for k, v in OWN_FLOOR.items()), own
    assert all(notice[k] >= v for k, v in NOTICE_FLOOR.items()), notice
    assert all(holdout[k] >= v for k, v in HOLDOUT_FLOOR.items()), holdout


def test_questions_in_workers_words(demo_library) -> None:
    """The hard tuning set's answerable questions on the notice and the laws (the test
    library holds no catalogue)."""
    cases = [
        row for row in rows(HARD_SET) if row["expect"] and not row["source"].startswith("淘汰目录")
    ]
    hard = metrics(ranks(cases))

    assert all(hard[k] >= v for k, v in HARD_FLOOR.items()), hard


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        # 义务消防队 is the volunteer brigade of 消防法 第四十一条, not the full-time one.
        ("企业可以自己组建义务消防队吗", "建立志愿消防队等多种形式的消防组织"),
        ("危险品生产储存企业是否必须聘有注安师负责安全工作？", "应当有注册安全工程师"),
        ("企业安全上谁担头号责任", "是本单位安全生产第一责任人"),
        ("车间来了台没见过的机器，不培训就让上手开行吗", "必须了解、掌握其安全技术特性"),
    ],
)
def test_a_shorthand_for_a_legal_term_finds_its_provision(demo_library, question, expect) -> None:
    hits = search(question, limit=3).hits

    assert any(expect in hit.text for hit in hits), [(h.document, h.provision) for h in hits]


def test_a_question_in_the_provisions_words_is_found(client, demo_library) -> None:
    """Through the API, with the calibration the real vectors were fitted with (the fake
    embedder of the other search tests has no realistic cosines to judge by)."""
    body = client.get("/api/search/", {"q": "从业人员安全生产教育和培训"}).json()
    first_three = [(hit["document"], hit["provision"]) for hit in body["results"][:3]]

    assert body["found"] is True
    # 危险化学品安全法 第二十九条 holds the same words for its own enterprises, and the
    # re-score (rescoring.py) may put it first; the general law's article stays in view.
    assert "安全生产教育和培训" in body["results"][0]["text"]
    assert ("中华人民共和国安全生产法", "第二十八条") in first_three


def test_the_two_embedders_together_find_what_one_alone_misses(demo_library) -> None:
    """The vector arm on its own (ensemble.py: m3e-small and e5 joined) over tune-2's
    answerable questions on the notice and the laws."""
    cases = [
        row for row in rows(TUNE_2_SET) if row["expect"] and not row["source"].startswith("淘汰")
    ]
    vector = metrics(ranks(cases, mode="vector"))

    assert all(vector[k] >= v for k, v in TUNE_2_VECTOR_FLOOR.items()), vector


@pytest.mark.skipif(not DEV_SET.exists(), reason="../shared/eval/retrieval-dev.jsonl is missing")
def test_dev_set(demo_library) -> None:
    dev_cases = rows(DEV_SET)
    dev_found = ranks(dev_cases)
    dev = metrics(dev_found)
    misses = [c["query"] for c, r in zip(dev_cases, dev_found, strict=True) if r is None]

    assert all(dev[k] >= v for k, v in DEV_FLOOR.items()), (dev, misses)


NOT_FOUND_SETS = (
    ROOT / "benchmarks" / "retrieval-notfound.jsonl",
    ROOT / "benchmarks" / "retrieval-notfound-2.jsonl",
)


def test_unanswerable_queries_say_not_found_and_answerable_ones_do_not(demo_library) -> None:
    """The calibration of confidence.py holds (benchmarks/not_found_model.py has the
    figures: 95 % of these tuning sets' unanswerable questions are caught, fewer on the
    held-out sets, so the floor is what the frozen model gives here)."""
    gibberish = ["asdkjhqwe", "？？？", "1qaz2wsx", "啊啊啊啊啊", "周末带孩子去哪里玩比较好"]
    unanswerable = [q["query"] for path in NOT_FOUND_SETS for q in rows(path)]
    flagged = [query for query in unanswerable if not search(query).found]
    answerable = rows(OWN_SET) + rows(NOTICE_SET)
    wrongly = [q["query"] for q in answerable if not search(q["query"]).found]

    assert not any(search(query).found for query in gibberish)
    assert len(flagged) / len(unanswerable) >= 0.90, (len(flagged), len(unanswerable))
    assert len(wrongly) / len(answerable) <= 0.05, wrongly


@pytest.mark.parametrize(
    "question",
    [
        "周末加班公司是给双倍工资还是调休？",
        "春晚今年几点开始直播？",
        "太原市应急管理局在哪办公，电话多少？",
    ],
)
def test_everyday_questions_near_work_words_say_not_found(demo_library, question) -> None:
    """Pay, television and an office's address share words with the laws (工资, 应急管理局);
    the everyday questions of everyday.py keep them apart."""
    assert not search(question).found


@pytest.mark.parametrize(
    ("question", "standard"),
    [
        ("我这顶安全帽戴了五年了，还能接着用吗", "GB 2811-2019"),
        ("滤毒罐用了多久就该换新的", "GB/T 18664-2002"),
        ("出车祸了对方保险怎么赔我", None),
    ],
)
def test_gear_details_and_claims_say_not_found_and_name_the_standard(
    client, demo_library, question, standard
) -> None:
    """How long a helmet lasts or a filter holds is a standard's figure, an accident claim
    an insurer's matter: not found, with the standard named where there is one."""
    body = client.get("/api/search/", {"q": question}).json()

    assert body["found"] is False
    assert (body["standard"] or {}).get("code") == standard


@pytest.mark.parametrize("question", ["安全帽必须戴吗，不戴罚不罚", "工厂必须给工人发防毒面具吗"])
def test_the_duty_to_provide_and_wear_gear_is_still_found(demo_library, question) -> None:
    """The law's own duty (安全生产法 第四十五条) stays an answer beside the standards."""
    result = search(question)

    assert result.found
    assert "劳动防护用品" in result.hits[0].text


def test_an_everyday_question_an_editor_adds_turns_the_like_to_not_found(
    client, demo_library
) -> None:
    """The search log shows a question about the housing fund answered with a law; the
    editor registers it as an everyday question, and a rewording is judged not found."""
    from accounts.demo import DEMO_PASSWORD, load_demo_people

    reworded = "住房公积金能取出来吗"
    assert client.get("/api/search/", {"q": reworded}).json()["found"] is True

    load_demo_people()
    client.login(username="editor", password=DEMO_PASSWORD)
    saved = client.post(
        "/admin/snippets/kbsearch/everydayquestion/add/",
        {"text": "公积金怎么提取", "enabled": "on", "note": "来自检索日志"},
    )
    assert saved.status_code == 302

    assert client.get("/api/search/", {"q": reworded}).json()["found"] is False


def test_the_rescore_lifts_questions_in_workers_words(demo_library) -> None:
    """The hard and tune-2 tuning sets (notice and laws), searched with the re-score of
    rescoring.py and without it (the fused order cut to the page), in the same run: here
    the re-score lifts hit@1 from 0.48 to 0.65 and hit@5 from 0.85 to 0.90."""
    cases = [
        row
        for path in (HARD_SET, TUNE_2_SET)
        for row in rows(path)
        if row["expect"] and not row["source"].startswith("淘汰")
    ]

    before = metrics(ranks(cases, rescore=False))
    after = metrics(ranks(cases))

    assert after["hit@1"] >= before["hit@1"] + 0.04, (before, after)
    assert after["hit@5"] >= before["hit@5"], (before, after)


STANDARDS_FIGURE = "防爆电气设备的温度组别T4是什么意思"


def test_a_question_for_a_standards_detail_says_which_standard_to_consult(
    client, demo_library
) -> None:
    body = client.get("/api/search/", {"q": STANDARDS_FIGURE}).json()
    assert body["found"] is False
    assert body["standard"] == {
        "code": "GB/T 3836.1-2021",
        "title": "爆炸性环境 第1部分：设备 通用要求",
        "named": False,
    }
    page = client.get("/search/", {"q": STANDARDS_FIGURE}).content.decode()
    assert "没有找到直接相关的条款" in page
    assert (
        "可查阅 GB/T 3836.1-2021《爆炸性环境 第1部分：设备 通用要求》（本库未收录其条文）" in page
    )

    answered = client.get("/api/search/", {"q": "主要负责人对本单位安全生产负什么责任"}).json()
    assert answered["found"] is True
    assert answered["standard"] is None
    # Off-topic questions are not sent to a standard either.
    assert client.get("/api/search/", {"q": "番茄炒蛋先放什么"}).json()["standard"] is None


def test_fireworks_details_are_pointed_to_their_standard_and_their_duties_found(
    client, demo_library
) -> None:
    """The laws say a fireworks warehouse may not share a building with a dormitory; how
    far apart a plant's workshops stand is GB 50161's, which the library does not hold."""
    distance = client.get("/api/search/", {"q": "烟花爆竹厂两个工房之间要隔多远"}).json()
    assert distance["found"] is False
    assert distance["standard"]["code"] == "GB 50161-2022"

    dormitory = search("鞭炮仓库能不能挨着宿舍")
    assert dormitory.found
    assert "第四十二条" in [hit.provision for hit in dormitory.hits[:5]]


def test_the_training_hours_the_library_does_not_state_are_said_to_be_missing(
    client, demo_library
) -> None:
    """The issue's "新员工培训学时": the laws say to train new workers, not for how many
    hours, and a culture article's "每周组织一次" is how often, not how long."""
    hours = client.get("/api/search/", {"q": "新员工培训学时"}).json()
    assert hours["found"] is True and hours["number_unstated"] is True
    assert "第二十八条" in [hit["provision"] for hit in hours["results"][:5]]

    fine = client.get("/api/search/", {"q": "不培训就让新工人上岗，单位要罚多少钱"}).json()
    assert fine["number_unstated"] is False


def test_a_standard_the_bureau_imports_is_searched_not_named(demo_library, committed) -> None:
    from content.search import standards_store

    from .builders import make_regulation

    with committed():
        make_regulation(
            "爆炸性环境 第1部分：设备 通用要求",
            [
                (
                    "5.3.2",
                    "温度组别",
                    "Ⅱ类电气设备按最高表面温度分为T1至T6六个温度组别，T4组别的最高表面温度"
                    "不超过135℃，适用于引燃温度高于135℃的爆炸性气体环境。",
                )
            ],
            level="national_standard",
            authority="国家市场监督管理总局 国家标准化管理委员会",
        )
    standards_store.clear_standards_cache()

    results = search(STANDARDS_FIGURE)

    assert "135℃" in results.hits[0].text
    assert results.standard is None or results.standard.code != "GB/T 3836.1-2021"
