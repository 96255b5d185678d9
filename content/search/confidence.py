"""Whether a result list answers the question at all, from the arms' own scores.

Pure: the signals come from one search (querying.py), the thresholds from the calibration
in benchmarks/search_quality.py (answerable questions against queries the knowledge base
cannot answer). A list below both thresholds is shown under "没有找到直接相关的条款" as the
nearest few, not as answers.
"""

from __future__ import annotations

from dataclasses import dataclass

# Cosine similarity of the query to its nearest chunk (m3e-small). Calibrated: see
# benchmarks/README.md (not-found calibration).
MIN_VECTOR_SIMILARITY = 0.77
# Share of the query's IDF mass whose terms the best lexical chunk holds (words the index
# never saw count at the highest IDF, so gibberish scores 0). Calibrated with the above.
MIN_LEXICAL_COVERAGE = 0.32


@dataclass(frozen=True, slots=True)
class Confidence:
    """What one search measured; ``None`` where an arm did not run."""

    vector_similarity: float | None = None
    lexical_coverage: float | None = None
    exact: bool = False


def is_found(
    confidence: Confidence,
    *,
    min_similarity: float = MIN_VECTOR_SIMILARITY,
    min_coverage: float = MIN_LEXICAL_COVERAGE,
) -> bool:
    """A named provision, or either arm sure enough of its best match."""
    if confidence.exact:
        return True
    if confidence.vector_similarity is not None and confidence.vector_similarity >= min_similarity:
        return True
    return confidence.lexical_coverage is not None and confidence.lexical_coverage >= min_coverage
