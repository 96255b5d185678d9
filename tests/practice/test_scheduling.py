"""The pure rules of practice: FSRS wiring, the wrong-answer book, the daily set, the streak.

No database: runs with ``-p no:django``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from practice.scheduling import (
    BookPlace,
    CardStatus,
    after_answer,
    daily_set,
    is_mastered,
    on_missed_provisions,
    review,
    shown_in_book,
    streak,
)

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


def test_a_scripted_sequence_of_answers_gives_these_states_and_due_dates():
    # wrong, then right at each due date three times, wrong again, right again.
    script = [False, True, True, True, False, True]
    expected = [
        # (due, FSRS state, stability rounded) — day intervals, no minute-level steps
        (datetime(2026, 1, 2, 8, tzinfo=UTC), 2, 0.212),
        (datetime(2026, 1, 4, 8, tzinfo=UTC), 2, 1.887),
        (datetime(2026, 1, 10, 8, tzinfo=UTC), 2, 6.269),
        (datetime(2026, 1, 27, 8, tzinfo=UTC), 2, 17.379),
        (datetime(2026, 1, 29, 8, tzinfo=UTC), 2, 1.791),
        (datetime(2026, 2, 2, 8, tzinfo=UTC), 2, 3.877),
    ]
    state, at = None, T0
    for correct, (due, fsrs_state, stability) in zip(script, expected, strict=True):
        result = review(state, correct=correct, at=at, question_id=7)
        assert result.due == due
        assert result.state["state"] == fsrs_state
        assert round(result.stability, 3) == stability
        assert result.state["last_review"] == at.isoformat()
        state, at = result.state, result.due


def test_the_state_round_trips_through_json_and_is_reproducible():
    import json

    first = review(None, correct=True, at=T0, question_id=1)
    stored = json.loads(json.dumps(first.state))
    again = review(stored, correct=True, at=first.due, question_id=1)
    assert again.due > first.due
    assert review(None, correct=True, at=T0, question_id=1) == first


def test_a_right_answer_schedules_later_than_a_wrong_one():
    right = review(None, correct=True, at=T0, question_id=1)
    wrong = review(None, correct=False, at=T0, question_id=1)
    assert wrong.due < right.due


def test_any_time_zone_is_taken_as_the_same_instant():
    from zoneinfo import ZoneInfo

    local = T0.astimezone(ZoneInfo("Asia/Shanghai"))
    assert review(None, correct=True, at=local, question_id=1) == review(
        None, correct=True, at=T0, question_id=1
    )


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="时区"):
        review(None, correct=True, at=datetime(2026, 1, 1), question_id=1)


def test_mastered_needs_three_weeks_of_stability_and_no_book():
    assert is_mastered(21.0, in_book=False)
    assert not is_mastered(20.9, in_book=False)
    assert not is_mastered(30.0, in_book=True)
    assert not is_mastered(None, in_book=False)


# --- the book -------------------------------------------------------------------------

D1, D2, D3 = date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)


def test_a_wrong_answer_puts_a_question_in_the_book():
    assert after_answer(BookPlace(), correct=False, day=D1) == BookPlace(in_book=True)


def test_a_right_answer_outside_the_book_changes_nothing():
    assert after_answer(BookPlace(), correct=True, day=D1) == BookPlace()


def test_it_leaves_after_right_answers_on_two_separate_days():
    place = after_answer(BookPlace(), correct=False, day=D1)
    place = after_answer(place, correct=True, day=D1)
    assert place.in_book and place.right_days == (D1,)
    place = after_answer(place, correct=True, day=D1)  # same day again: still one day
    assert place.in_book and place.right_days == (D1,)
    place = after_answer(place, correct=True, day=D2)
    assert place == BookPlace(in_book=False)


def test_a_wrong_answer_in_between_starts_the_count_again():
    place = after_answer(BookPlace(), correct=False, day=D1)
    place = after_answer(place, correct=True, day=D1)
    place = after_answer(place, correct=False, day=D2)
    place = after_answer(place, correct=True, day=D3)
    assert place.in_book and place.right_days == (D3,)


def test_a_favourite_stays_listed_whatever_the_answers():
    place = BookPlace()
    assert shown_in_book(place, favourite=True)
    assert not shown_in_book(place, favourite=False)


# --- the daily set --------------------------------------------------------------------

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


def card(question_id, *, due_in_days, **kwargs):
    return CardStatus(question_id=question_id, due=NOW + timedelta(days=due_in_days), **kwargs)


def test_due_then_weak_then_new():
    cards = [
        card(1, due_in_days=-1),
        card(2, due_in_days=-3),
        card(3, due_in_days=4, in_book=True),
        card(4, due_in_days=4, wrong_count=2, right_count=1, stability=2.0),
        card(5, due_in_days=9, right_count=3),  # known and strong: not chosen
    ]
    chosen = daily_set(range(1, 11), cards, now=NOW, count=6, seed="a")
    assert chosen[:4] == (2, 1, 3, 4)
    assert set(chosen[4:]) <= set(range(6, 11))
    assert 5 not in chosen
    assert len(chosen) == 6


def test_questions_on_an_open_paper_never_appear_even_when_due():
    cards = [card(1, due_in_days=-1), card(2, due_in_days=-1)]
    chosen = daily_set(range(1, 8), cards, now=NOW, count=5, excluded={1, 3}, seed="a")
    assert 1 not in chosen and 3 not in chosen
    assert chosen[0] == 2 and len(chosen) == 5


def test_a_card_due_this_evening_is_in_this_mornings_set():
    # The book says 下次复习 3月2日: on 3月2日 it is due, at 07:00 as at 20:00 (Shanghai).
    shanghai = ZoneInfo("Asia/Shanghai")
    evening = datetime(2026, 3, 2, 19, 25, tzinfo=shanghai)
    cards = [
        CardStatus(question_id=1, due=evening, right_count=1),
        CardStatus(question_id=2, due=evening + timedelta(hours=5), right_count=1),  # 3月3日
    ]
    morning = datetime(2026, 3, 2, 7, 0, tzinfo=shanghai)
    chosen = daily_set([1, 2, 3], cards, now=morning, count=3, seed="a")
    assert chosen == (1, 3)  # 1 is due; 2, known and strong, waits for tomorrow
    # The same instant read in UTC is 3月1日 23:00: question 1 is not due that day.
    assert daily_set([1, 2, 3], cards, now=morning.astimezone(UTC), count=3, seed="a") == (3,)


def test_a_card_outside_the_candidates_is_left_out():
    # a retired question, or one no longer for the person's post
    chosen = daily_set([2, 3], [card(1, due_in_days=-1)], now=NOW, count=5, seed="a")
    assert 1 not in chosen


def test_the_same_seed_gives_the_same_set_and_another_seed_differs():
    pool = range(1, 200)
    first = daily_set(pool, [], now=NOW, seed="7:2026-03-01")
    assert first == daily_set(pool, [], now=NOW, seed="7:2026-03-01")
    assert first != daily_set(pool, [], now=NOW, seed="7:2026-03-02")
    assert len(first) == 5


def test_answering_one_question_keeps_the_order_of_the_others():
    pool = list(range(1, 50))
    first = daily_set(pool, [], now=NOW, seed="s")
    pool.remove(first[0])
    assert daily_set(pool, [], now=NOW, count=4, seed="s") == first[1:]


def test_a_small_bank_gives_what_it_has():
    assert daily_set([4, 5], [], now=NOW, count=5, seed="x") in {(4, 5), (5, 4)}
    assert daily_set([4, 5], [], now=NOW, count=0, seed="x") == ()


def test_new_questions_on_a_missed_provision_come_before_other_new_ones():
    # Question 1 (answered wrong, not yet due again) cites provision 70; so do 40 and 41.
    provision_of = {1: 70, 40: 70, 41: 70, 42: 71}
    cards = [card(1, due_in_days=3, wrong_count=1)]
    missed = on_missed_provisions(provision_of, cards, range(2, 50))
    assert missed == {40, 41}
    chosen = daily_set(range(1, 50), cards, now=NOW, count=4, seed="a", missed=missed)
    assert chosen[0] == 1  # the weak card itself first
    assert set(chosen[1:3]) == {40, 41}
    # Answered right only, nothing is missed.
    assert (
        on_missed_provisions(provision_of, [card(1, due_in_days=3, right_count=1)], [40]) == set()
    )


# --- streak ---------------------------------------------------------------------------


def test_streak_counts_back_from_today_or_yesterday():
    today = date(2026, 3, 10)
    days = [today - timedelta(days=n) for n in (0, 1, 2, 4)]
    assert streak(days, today) == 3
    assert streak(days[1:], today) == 2  # not yet practised today
    assert streak([today - timedelta(days=2)], today) == 0
    assert streak([], today) == 0
