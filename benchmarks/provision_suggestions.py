"""How often the suggested source provision of a question is the right one.

    .venv/bin/python benchmarks/provision_suggestions.py

Against the demo database (`make demo`, with its search index). Two sets:
- the demo bank: every question whose 依据 names a provision (the declared provision is
  the answer key); the suggestion is computed as for an unlinked question, from stem and
  answer only, never from the 依据 text;
- the sample bank demo/files/question-bank-tagged.docx, whose 依据 column names only the
  document: its answer key below was labelled by hand from the seed notice.
Prints top-1 and top-3 accuracy per set, with a baseline (lexical-only search) beside the
hybrid search the product uses.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_BANK = ROOT / "demo" / "files" / "question-bank-tagged.docx"
# Stem fragment → the notice item that question tests (labelled by hand).
SAMPLE_KEY = {
    "员工考核不合格": "（一）",
    "油气存储企业应在": "（六）",
    "“四个系统”包括": "（六）",
    "七溯源": "（十六）",
    "两个清单": "（二）",
    "第一责任人": "（九）",
    "较大风险企业": "（十二）",
    "五禁": "（十五）",
    "五个全覆盖": "（九）",
    "一案双罚": "（十三）",
    "检查人员无需签名": "（十七）",
    "新建企业应在取得": "（十二）",
}
NOTICE = "长上应急字〔2024〕22号"


def setup_django() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetykb.settings.dev")
    import django

    django.setup()


def ranks_for(cases, mode: str) -> list[int | None]:
    from assessments.bank.provision_suggestions import suggestion_query
    from content.search.querying import SearchFilters, search

    ranks = []
    for question_type, stem, options, answer, expected in cases:
        results = search(
            suggestion_query(question_type, stem, options, answer),
            limit=3,
            filters=SearchFilters(source_types=("regulation",), statuses=()),
            mode=mode,
        )
        ids = [hit.provision_id for hit in results.hits if hit.provision_id]
        ranks.append(ids.index(expected) + 1 if expected in ids else None)
    return ranks


def demo_bank_cases():
    from assessments.models import Question

    return [
        (q.type, q.stem, q.options, q.answer, q.source_provision_id)
        for q in Question.objects.filter(source_provision__isnull=False).order_by("pk")
    ]


def sample_bank_cases():
    from content.regulations.models import Provision
    from importers.questions import parse_question_file

    provisions = dict(Provision.objects.filter(page__doc_number=NOTICE).values_list("label", "pk"))
    cases = []
    for question in parse_question_file(SAMPLE_BANK.name, SAMPLE_BANK.read_bytes()).questions:
        label = next((v for k, v in SAMPLE_KEY.items() if k in question.stem), None)
        if label is None:
            print(f"  (no hand label for: {question.stem[:30]})")
            continue
        options = [{"key": o.key, "text": o.text} for o in question.options]
        cases.append(
            (question.type.value, question.stem, options, list(question.answer), provisions[label])
        )
    return cases


def main() -> None:
    setup_django()
    from content.search.vectors import active_embedder

    active_embedder()  # load once, outside the timings
    print(f"{'set':<22}{'n':>5}{'mode':>10}{'top-1':>9}{'top-3':>9}{'ms/q':>8}")
    for name, cases in (
        ("demo bank (declared)", demo_bank_cases()),
        ("sample bank (by hand)", sample_bank_cases()),
    ):
        for mode in ("lexical", "hybrid"):
            started = time.perf_counter()
            ranks = ranks_for(cases, mode)
            per_query = (time.perf_counter() - started) * 1000 / max(len(cases), 1)
            n = len(ranks) or 1
            top1 = sum(r == 1 for r in ranks) / n
            top3 = sum(r is not None for r in ranks) / n
            print(f"{name:<22}{len(ranks):>5}{mode:>10}{top1:>9.3f}{top3:>9.3f}{per_query:>8.1f}")


if __name__ == "__main__":
    main()
