"""Which questions of the demo bank test the same point of the same provision ("twins").

    .venv/bin/python benchmarks/question_twins.py [--list 0.75]

No database: the two demo bank files are parsed as an import parses them; a question's
provision is the one its 依据 names (the sample .docx names none: its hand-made key in
benchmarks/provision_suggestions.py stands for the suggested provision the worker stores).
Every pair of questions citing the same provision is scored with the real m3e-small
model, for three texts: the stem alone, the point (stem with the answer filled in,
``question_points.point_text``), and the point with the explanation. ``SAME_POINT`` is the
hand-made answer key: the pairs that really test one rule. Prints, per text and
threshold, the pairs flagged, how many of them are in the key, and the key's pairs missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site"), str(ROOT / "benchmarks")]

from provision_suggestions import NOTICE, SAMPLE_KEY  # noqa: E402

from assessments.bank.basis import parse_basis  # noqa: E402
from assessments.bank.question_points import point_text  # noqa: E402
from content.search.embedder import default_model_path, get_embedder  # noqa: E402
from importers.questions import parse_question_file  # noqa: E402

FILES = ("demo-questions.csv", "question-bank-tagged.docx")
THRESHOLDS = (0.75, 0.8, 0.82, 0.84, 0.85, 0.88, 0.9, 0.92)

#: Pairs (a stem fragment of each) that test the same fact of their provision — knowing
#: one answer answers the other — labelled by hand after reading every same-provision
#: pair scoring 0.8 or more on any text below. Related points (a deadline and a list of
#: the same "四个系统"; what "一案双罚" means and when it applies) are not in it.
SAME_POINT: tuple[tuple[str, str], ...] = (
    # 通知（一）: 考核不合格 → 按新上岗人员标准脱产培训 (the demo paper's questions 3, 5, 20)
    ("企业分岗位对全体员工考核，考核不合格的，应当", "随岗学习"),
    ("企业分岗位对全体员工考核，考核不合格的，应当", "员工考核不合格的，应当按照"),
    ("随岗学习", "员工考核不合格的，应当按照"),
    # （二）: 两个清单、HAZOP 报告不得全权委托第三方
    ("坚决纠正企业盲目将双重预防", "企业可以将双重预防"),
    ("坚决纠正企业盲目将双重预防", "通知点名指出"),
    ("通知点名指出", "企业可以将双重预防"),
    ("雷电预警“四个系统”配备投用的时限", "油气存储企业应在"),  # （六）: 2024年底
    ("配备投用的“四个系统”是", "“四个系统”包括"),  # （六）: the four systems
    ("通知明确，企业", "企业主要负责人是本单位安全生产风险预判管控第一责任人"),  # （九）
    ("下列属于“五个全覆盖”的有", "“五个全覆盖”，包括"),  # （九）
    ("管业务必须管", "只由安全管理部门负责"),  # （九）
    ("新建企业要在取得", "新建企业应在取得"),  # （十二）: 半年内
    ("通知要求划分为", "要划分为"),  # （十二）: B类
    ("“七溯源一分析”中“七溯源”的有", "隐患“七溯源”内容"),  # （十六）
    ("通知要求完善", "检查人员无需签名"),  # （十七）: 谁检查、谁签名、谁负责
)


def load() -> list[dict]:
    questions = []
    for name in FILES:
        data = (ROOT / "demo" / "files" / name).read_bytes()
        for parsed in parse_question_file(name, data).questions:
            if not parsed.is_valid or parsed.type is None:
                continue
            ref = parse_basis(parsed.basis)
            key = None
            if ref is not None and ref.label:
                key = (ref.doc_number or ref.document.removeprefix("中华人民共和国"), ref.label)
            else:
                label = next((v for k, v in SAMPLE_KEY.items() if k in parsed.stem), None)
                key = (NOTICE, label) if label else None
            options = [{"key": o.key, "text": o.text} for o in parsed.options]
            point = point_text(str(parsed.type), parsed.stem, options, list(parsed.answer))
            questions.append(
                {
                    "n": len(questions) + 1,
                    "file": name,
                    "stem": parsed.stem,
                    "key": key,
                    "texts": {
                        "stem": parsed.stem,
                        "point": point,
                        "point+explanation": f"{point} {parsed.explanation}".strip(),
                    },
                }
            )
    return questions


def labelled(a: dict, b: dict) -> bool:
    """The key names this pair: one fragment in each stem."""
    return any(
        (first in a["stem"] and second in b["stem"]) or (second in a["stem"] and first in b["stem"])
        for first, second in SAME_POINT
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", type=float, default=None, help="list pairs from this cosine")
    args = parser.parse_args()
    questions = load()
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for question in questions:
        if question["key"] is not None:
            groups[question["key"]].append(question)
    pairs = [pair for members in groups.values() for pair in combinations(members, 2)]
    print(
        f"{len(questions)} questions, {sum(q['key'] is not None for q in questions)} with a "
        f"provision, {len(groups)} provisions, {len(pairs)} same-provision pairs"
    )
    embedder = get_embedder(default_model_path())
    started = time.perf_counter()
    for text_kind in ("stem", "point", "point+explanation"):
        vectors = embedder.encode([q["texts"][text_kind] for q in questions])
        vector = {q["n"]: vectors[i] for i, q in enumerate(questions)}
        scored = sorted(
            ((float(np.dot(vector[a["n"]], vector[b["n"]])), a, b) for a, b in pairs),
            key=lambda item: -item[0],
        )
        truth = sum(labelled(a, b) for _, a, b in scored)
        print(f"\n== {text_kind} ({truth} labelled same-point pairs)")
        for threshold in THRESHOLDS:
            flagged = [(c, a, b) for c, a, b in scored if c >= threshold]
            right = sum(labelled(a, b) for _, a, b in flagged)
            print(
                f"  cos ≥ {threshold:.2f}: flagged {len(flagged):3d}, same point {right:3d}, "
                f"other points {len(flagged) - right:3d}, same-point pairs missed {truth - right}"
            )
        if args.list is not None:
            for cosine, a, b in scored:
                if cosine < args.list:
                    break
                mark = "=" if labelled(a, b) else " "
                print(f"  {mark} {cosine:.3f} {a['key'][1]} | {a['stem'][:38]} | {b['stem'][:38]}")
    print(f"\nembedding time for 3 × {len(questions)} texts: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
