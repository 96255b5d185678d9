"""The everyday yardstick of "not found": the nearest everyday question (no database)."""

import numpy as np

from content.search.everyday import DEFAULT_EVERYDAY_QUESTIONS, everyday_similarity
from tests.search.builders import FakeEmbedder


def test_the_nearest_question_counts_and_an_added_one_moves_it() -> None:
    embedder = FakeEmbedder("fake-everyday")
    asked = "社保断缴了怎么办"
    query = embedder.encode_query(asked)

    before = everyday_similarity(embedder, query, DEFAULT_EVERYDAY_QUESTIONS)
    after = everyday_similarity(embedder, query, (*DEFAULT_EVERYDAY_QUESTIONS, asked))

    assert before is not None and before < 0.99
    assert after is not None and np.isclose(after, 1.0, atol=1e-5)


def test_an_empty_list_gives_no_yardstick() -> None:
    embedder = FakeEmbedder("fake-everyday")

    assert everyday_similarity(embedder, embedder.encode_query("天气"), ()) is None
