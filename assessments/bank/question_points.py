"""What a question tests, as text and as a pair signal: pure, no ORM.

``point_text`` is the stem with its blank filled by the correct answer, so it reads like
the rule it asks about ("考核不合格的，应当按照新上岗人员培训标准脱产培训"); a 判断题 is
its statement. The provision search uses it to suggest a 依据, and the near-duplicate
guard embeds it: two questions are *twins* (never on one paper) when they cite the same
provision and their point texts' embeddings are closer than ``TWIN_COSINE``.

Why both conditions: questions on one provision share its words, so a lexical score
either misses rewordings of one rule or pairs different points of one article; the
embedding alone pairs questions on similar rules of different laws. Measured on the demo
bank in ``benchmarks/question_twins.py`` (see ``TWIN_COSINE``).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence

import numpy as np

_BLANK = re.compile(r"[（(]\s*[）)]|_{2,}")

#: Cosine of the point texts' m3e-small embeddings from which two questions citing the
#: same provision count as testing the same point. On the demo bank (188 questions, 134
#: same-provision pairs, 15 labelled same-point by hand) 0.84 keeps 14 of the 15 — all
#: three pairs of the 脱产培训 rule (0.903, 0.897, 0.845) — and also pairs neighbouring
#: points of one provision (a deadline and the list of the same "四个系统"), which then
#: don't share a paper either; 0.85 would let the 判断题 of that rule (0.845) back onto
#: its paper. benchmarks/question_twins.py prints the pairs and the counts.
TWIN_COSINE = 0.84


def point_text(
    question_type: str, stem: str, options: Sequence[dict], answer: Sequence[str]
) -> str:
    """Stem with blanks replaced by the answer text; 判断题 use the statement itself."""
    if question_type in ("single", "multiple"):
        texts = {option["key"]: option.get("text", "") for option in options}
        filling = "、".join(texts[key] for key in answer if key in texts)
    elif question_type == "fill":
        filling = answer[0] if answer else ""
    else:
        filling = ""
    if _BLANK.search(stem):
        return _BLANK.sub(filling, stem, count=1)
    return f"{stem} {filling}".strip()


def twin_pairs(
    groups: Mapping[Hashable, Sequence[tuple[int, np.ndarray]]], threshold: float = TWIN_COSINE
) -> list[tuple[int, int, float]]:
    """``(first id, second id, cosine)`` for each pair within a group at or above
    ``threshold``, first < second. Vectors are unit length (the embedder normalises), so
    the cosine is their dot product; groups are one provision's questions, so small."""
    pairs = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ids = [pk for pk, _ in members]
        matrix = np.stack([np.asarray(vector, dtype=np.float32) for _, vector in members])
        cosines = matrix @ matrix.T
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                if cosines[i, j] >= threshold:
                    first, second = sorted((ids[i], ids[j]))
                    pairs.append((first, second, float(cosines[i, j])))
    return sorted(pairs)
