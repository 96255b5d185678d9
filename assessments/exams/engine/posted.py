"""Which answers of a submitted form may be stored: the server's saved steps are the truth.

A paper can be open in two places (a PC tab and a phone). Each rendered question carries the
id of the last answer step the page knew (its *base*); the page's script moves the base on
every acknowledged save. At submit, a posted answer counts only when it is newer than the
server's last step, i.e. the page's base is still that step, and it never replaces a saved
answer with nothing: a stale tab that never saw the phone's answers must not blank them.
"""

from __future__ import annotations

from collections.abc import Sequence


def posted_answer_counts(
    posted: Sequence[str],
    *,
    base_step_id: int | None,
    saved_step_id: int | None,
    saved: Sequence[str],
) -> bool:
    """True when ``posted`` should be stored as a new step for its question.

    ``base_step_id`` is the last step the page knew (None when the form did not say, 0 when
    the page saw no answer); ``saved_step_id`` and ``saved`` are the server's last step.
    """
    if not posted:
        return False  # absent or blank: whatever the server holds stands
    if list(posted) == list(saved):
        return False  # nothing new
    if saved_step_id is None:
        return True  # nothing saved yet: the form's answer is the only one
    return base_step_id == saved_step_id
