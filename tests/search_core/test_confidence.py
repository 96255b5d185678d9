"""When a result list counts as an answer (no database)."""

from content.search.confidence import Confidence, is_found


def test_either_arm_sure_enough_is_found():
    assert is_found(Confidence(vector_similarity=0.9, lexical_coverage=0.0))
    assert is_found(Confidence(vector_similarity=0.5, lexical_coverage=0.8))


def test_both_arms_unsure_is_not_found():
    assert not is_found(Confidence(vector_similarity=0.6, lexical_coverage=0.1))


def test_a_named_provision_is_always_found():
    assert is_found(Confidence(vector_similarity=0.1, lexical_coverage=0.0, exact=True))


def test_an_arm_that_did_not_run_does_not_count():
    assert not is_found(Confidence(vector_similarity=None, lexical_coverage=0.1))
    assert is_found(Confidence(vector_similarity=None, lexical_coverage=0.9))
