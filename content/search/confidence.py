"""Whether a result list answers the question at all, from the arms' own scores.

Pure: the signals come from one search (querying.py). A hybrid search is judged by a
logistic model over several signals, its coefficients fitted by
benchmarks/not_found_model.py (answerable questions of the tuning sets against
unanswerable ones, cross-validated) and frozen here, so nothing is learned at run time.
A search with one arm only (lexical-only, or the model failed) falls back to the two
thresholds below. A list judged not found is shown under "没有找到直接相关的条款" as the
nearest few, not as answers.

The coefficients belong to the embedder they were fitted with (cosine similarities of
another model are on another scale): refit them when the model changes.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from .asking import number_unstated

# Cosine similarity of the query to its nearest chunk (m3e-small and e5 joined: their
# cosines sit higher than m3e's alone, 0.85 vs 0.78 on average). Calibrated: see
# benchmarks/README.md (not-found calibration).
MIN_VECTOR_SIMILARITY = 0.83
# Share of the query's IDF mass whose terms the best lexical chunk holds (words the index
# never saw count at the highest IDF, so gibberish scores 0). Calibrated with the above.
MIN_LEXICAL_COVERAGE = 0.32
# Below this specificity, a question whose every word the index knows says nothing the
# laws do not all say (安全 0.07, 规定呢 0.11, 有啥要求 0.26 on the demo library; none of
# the 660 answerable benchmark questions is vague by this rule): the page asks for the
# task or thing meant.
VAGUE_SPECIFICITY = 0.3
# How much nearer a standard's ask than the nearest provision a question must be for a
# list judged not found to name that standard (benchmarks/README.md, "standards").
STANDARD_MARGIN = 0.04


@dataclass(frozen=True, slots=True)
class Confidence:
    """What one search measured; ``None`` where an arm did not run."""

    vector_similarity: float | None = None
    lexical_coverage: float | None = None
    exact: bool = False
    # Best provision's cosine minus the second best's.
    vector_margin: float | None = None
    # Share of the query's lexical terms that no chunk holds.
    unseen_share: float | None = None
    # Both arms put the same provision first.
    arms_agree: bool = False
    # The glossary added regulation terms (the query speaks of things the corpus covers).
    glossary: bool = False
    query_chars: int = 0
    # Share of the query's non-space characters that are CJK ideographs.
    cjk_share: float = 0.0
    # The query asks for a quantity and the first hit states none (quantity_gap()).
    quantity_gap: bool = False
    # The query points at the district's documents (区里, 文件里…; asking.asks_district)
    # and the first hit is one of them: the corpus holds the bureau's own documents.
    district_asked: bool = False
    # The query asks how to do a technical task (asking.asks_method: 选型, 取值, 怎么填…).
    method_asked: bool = False
    # Cosine of the query to the nearest everyday question (everyday.py).
    everyday_similarity: float | None = None
    # Cosine of the query to the nearest ask of a standard the corpus lacks (standards.py).
    standard_similarity: float | None = None
    # The IDF of the query's rarest term the index holds, as a share of an unseen term's:
    # low when all the index knows of the question is common words (安全, 规定, 要求).
    specificity: float | None = None


# The logistic model: found when Σ weight · z-scored feature + intercept ≥ 0 (the chosen
# threshold is folded into the intercept). m3e-small and e5 joined (ensemble.py), the
# re-scored list (rescoring.py: quantity_gap reads the first hit); fitted
# and chosen by `benchmarks/not_found_model.py --fit` (all eleven signals, the standards'
# margin, the district's documents and a technical method asked among them, C = 10, the
# threshold flagging 1 % of answerable training questions; tune-3 among the tuning sets;
# refitted when the seeded everyday questions and standards grew); figures in
# benchmarks/README.md.
WEIGHTS: dict[str, float] = {
    "vector_similarity": -1.021,
    "lexical_coverage": 0.3864,
    "vector_margin": 0.2406,
    "unseen_share": -0.3108,
    "cjk_share": 1.0339,
    "arms_agree": 0.7309,
    "quantity_gap": -1.5866,
    "everyday_margin": 4.1885,
    "standard_margin": 3.1681,
    "district_asked": 1.1553,
    "method_asked": -0.8836,
}
INTERCEPT = 3.5229
# Feature scaling used in the fit (z-scores), frozen with the weights.
CENTRES: dict[str, float] = {
    "vector_similarity": 0.857,
    "lexical_coverage": 0.3083,
    "vector_margin": 0.0127,
    "unseen_share": 0.4049,
    "cjk_share": 0.9103,
    "arms_agree": 0.3685,
    "quantity_gap": 0.0704,
    "everyday_margin": 0.0417,
    "standard_margin": 0.027,
    "district_asked": 0.0426,
    "method_asked": 0.0204,
}
SCALES: dict[str, float] = {
    "vector_similarity": 0.0415,
    "lexical_coverage": 0.2208,
    "vector_margin": 0.0143,
    "unseen_share": 0.2833,
    "cjk_share": 0.2056,
    "arms_agree": 0.4824,
    "quantity_gap": 0.2558,
    "everyday_margin": 0.0541,
    "standard_margin": 0.0489,
    "district_asked": 0.2019,
    "method_asked": 0.1413,
}

# A signal far outside the range the model was fitted on (an editor's 常见问法 matching the
# question word for word: cosine 1.0, a margin ten times the usual) counts as 3 standard
# deviations: a linear model must not extrapolate a small fitted weight into a veto.
MAX_Z = 3.0


def features(confidence: Confidence) -> dict[str, float]:
    """The model's inputs; a signal an arm did not give counts as its weakest value."""
    return {
        "vector_similarity": confidence.vector_similarity or 0.0,
        "vector_margin": confidence.vector_margin or 0.0,
        "lexical_coverage": confidence.lexical_coverage or 0.0,
        "unseen_share": 1.0 if confidence.unseen_share is None else confidence.unseen_share,
        "arms_agree": float(confidence.arms_agree),
        "glossary": float(confidence.glossary),
        "log_chars": math.log1p(confidence.query_chars),
        "cjk_share": confidence.cjk_share,
        "quantity_gap": float(confidence.quantity_gap),
        "district_asked": float(confidence.district_asked),
        "method_asked": float(confidence.method_asked),
        # How much nearer the laws than everyday questions the query is.
        "everyday_margin": _nearer_laws(confidence, confidence.everyday_similarity),
        # How much nearer the laws than the standards they leave to others.
        "standard_margin": _nearer_laws(confidence, confidence.standard_similarity),
    }


def _nearer_laws(confidence: Confidence, yardstick: float | None) -> float:
    """The query's best cosine to the corpus minus its cosine to a yardstick outside it;
    0 (neutral, not a penalty) when either is missing."""
    similarity = confidence.vector_similarity or 0.0
    return similarity - (yardstick if yardstick is not None else similarity)


def found_score(
    confidence: Confidence,
    weights: dict[str, float] | None = None,
    intercept: float | None = None,
    centres: dict[str, float] | None = None,
    scales: dict[str, float] | None = None,
) -> float:
    """The model's log-odds that the list answers the question (≥ 0: found)."""
    weights = WEIGHTS if weights is None else weights
    centres = CENTRES if centres is None else centres
    scales = SCALES if scales is None else scales
    values = features(confidence)
    total = INTERCEPT if intercept is None else intercept
    for name, weight in weights.items():
        z = (values[name] - centres.get(name, 0.0)) / scales.get(name, 1.0)
        total += weight * max(-MAX_Z, min(MAX_Z, z))
    return total


def points_to_standard(confidence: Confidence, margin: float = STANDARD_MARGIN) -> bool:
    """The query is nearer what a standard outside the corpus answers than to any
    provision, by at least ``margin``, and nearer it than to everyday questions (a list
    judged not found then names that standard; names_standard)."""
    standard = confidence.standard_similarity
    if standard is None or confidence.vector_similarity is None:
        return False
    return standard - confidence.vector_similarity >= margin and standard > (
        confidence.everyday_similarity or 0.0
    )


def names_standard(confidence: Confidence, found: bool, number_missing: bool) -> bool:
    """Whether a list names the nearest standard outside the corpus: when nothing answers
    and the question sits clearly nearer that standard; or when the first hits hold the
    duty but not the number asked for (``number_missing``) and the question sits at least
    as near the standard as any provision. The figure is then the standard's, and an
    editor who registers a question from the search-log report as a standard's ask sends
    the next asker there."""
    if not found:
        return points_to_standard(confidence)
    return number_missing and points_to_standard(confidence, margin=0.0)


def is_vague(confidence: Confidence) -> bool:
    """Whether the question holds only words every provision uses (not a named provision;
    a word the index never saw makes it a question about something else, not a vague one)."""
    return (
        not confidence.exact
        and confidence.specificity is not None
        and confidence.unseen_share == 0.0
        and confidence.specificity < VAGUE_SPECIFICITY
    )


def is_found(confidence: Confidence) -> bool:
    """A named provision; else the model when both arms ran; else either arm sure enough."""
    if confidence.exact:
        return True
    if confidence.vector_similarity is None or confidence.lexical_coverage is None:
        return thresholds_found(confidence)
    return found_score(confidence) >= 0.0


def thresholds_found(
    confidence: Confidence,
    *,
    min_similarity: float = MIN_VECTOR_SIMILARITY,
    min_coverage: float = MIN_LEXICAL_COVERAGE,
) -> bool:
    """The two-threshold rule: either arm sure enough of its best match."""
    if confidence.exact:
        return True
    if confidence.vector_similarity is not None and confidence.vector_similarity >= min_similarity:
        return True
    return confidence.lexical_coverage is not None and confidence.lexical_coverage >= min_coverage


def cjk_share(text: str) -> float:
    """Share of the non-space characters of text that are CJK ideographs (0 for none)."""
    characters = [c for c in text if not c.isspace()]
    if not characters:
        return 0.0
    return sum(unicodedata.name(c, "").startswith("CJK") for c in characters) / len(characters)


def quantity_gap(query: str, top_text: str) -> bool:
    """Whether the query asks for a quantity that the best hit's text does not state."""
    return number_unstated(query, [top_text])
