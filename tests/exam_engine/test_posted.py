"""The rule for a submitted form's answers against the server's saved steps (no database)."""

from assessments.exams.engine import posted_answer_counts


def counts(posted, *, base, saved_id, saved=()):
    return posted_answer_counts(posted, base_step_id=base, saved_step_id=saved_id, saved=saved)


def test_a_blank_never_replaces_a_saved_answer():
    assert not counts([], base=7, saved_id=7, saved=["A"])
    assert not counts([], base=None, saved_id=7, saved=["A"])


def test_a_stale_page_loses_to_a_step_saved_elsewhere():
    # the page was rendered before the phone saved step 9
    assert not counts(["B"], base=0, saved_id=9, saved=["A"])
    assert not counts(["B"], base=4, saved_id=9, saved=["A"])


def test_a_page_that_knows_the_last_step_may_change_it():
    assert counts(["B"], base=9, saved_id=9, saved=["A"])


def test_an_answer_where_nothing_is_saved_counts():
    assert counts(["C"], base=0, saved_id=None)
    assert counts(["C"], base=None, saved_id=None)


def test_the_same_answer_again_is_not_a_new_step():
    assert not counts(["A", "C"], base=9, saved_id=9, saved=["A", "C"])


def test_a_form_without_a_base_cannot_overwrite():
    assert not counts(["B"], base=None, saved_id=9, saved=["A"])
