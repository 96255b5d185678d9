"""The rules of practice, in plain Python (no Django): one answer as an FSRS review, the
wrong-answer book (错题本), the daily set and the streak.

An answer is a review: right is ``Rating.Good``, wrong is ``Rating.Again``. The card state
is FSRS's own ``Card.to_dict()`` so it can be stored as JSON and read back unchanged.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler

#: Practice happens once a day, not in a flashcard session: minute-level learning steps
#: would make a wrong answer due again before the page is closed, so a card goes straight
#: to day intervals. No fuzzing: the same answers give the same due dates (tests, support).
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)

#: A question counts as mastered once FSRS expects it to be remembered for three weeks
#: (Anki calls a card with an interval of 21 days or more "mature").
MASTERED_STABILITY_DAYS = 21.0

#: A question leaves the book after being answered right on this many separate days.
RIGHT_DAYS_TO_LEAVE = 2

DEFAULT_DAILY_COUNT = 5


# --- one answer as a review -----------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """The card after one answer: the state to store and when it is next due."""

    state: dict[str, Any]
    due: datetime
    stability: float


def new_state(question_id: int, at: datetime) -> dict[str, Any]:
    """A card never reviewed, due at ``at`` (``at`` must be timezone-aware)."""
    return dict(Card(card_id=question_id, due=at.astimezone(UTC)).to_dict())


def review(
    state: Mapping[str, Any] | None, *, correct: bool, at: datetime, question_id: int
) -> Review:
    """Review the card in ``state`` (None: a new card) with one answer given at ``at``."""
    if at.tzinfo is None:
        raise ValueError("作答时间必须带时区")
    at = at.astimezone(UTC)  # fsrs refuses any other zone, even Asia/Shanghai
    card = Card.from_dict(dict(state)) if state else Card(card_id=question_id, due=at)  # type: ignore[arg-type]
    rating = Rating.Good if correct else Rating.Again
    card, _log = SCHEDULER.review_card(card, rating, at)
    return Review(state=dict(card.to_dict()), due=card.due, stability=float(card.stability or 0.0))


def is_mastered(stability: float | None, in_book: bool) -> bool:
    return not in_book and stability is not None and stability >= MASTERED_STABILITY_DAYS


# --- the wrong-answer book ------------------------------------------------------------


@dataclass(frozen=True)
class BookPlace:
    """Whether a question is in the person's book, and the days it was answered right since
    it entered (local dates, distinct)."""

    in_book: bool = False
    right_days: tuple[date, ...] = ()


def after_answer(place: BookPlace, *, correct: bool, day: date) -> BookPlace:
    """The book after one answer (in practice or in an exam) on the local date ``day``.

    A wrong answer puts the question in (or back in) and forgets earlier right days; a
    right answer on a new day counts towards leaving; the second such day takes it out.
    A right answer to a question outside the book changes nothing.
    """
    if not correct:
        return BookPlace(in_book=True, right_days=())
    if not place.in_book:
        return place
    days = tuple(sorted({*place.right_days, day}))
    if len(days) >= RIGHT_DAYS_TO_LEAVE:
        return BookPlace(in_book=False, right_days=())
    return BookPlace(in_book=True, right_days=days)


def shown_in_book(place: BookPlace, *, favourite: bool) -> bool:
    """The book lists its wrong answers and every 收藏 (kept until the person un-stars it)."""
    return place.in_book or favourite


# --- the daily set --------------------------------------------------------------------


@dataclass(frozen=True)
class CardStatus:
    """What the daily set needs to know of one question the person has met before."""

    question_id: int
    due: datetime
    in_book: bool = False
    right_count: int = 0
    wrong_count: int = 0
    stability: float | None = None


def daily_set(
    candidates: Iterable[int],
    cards: Iterable[CardStatus],
    *,
    now: datetime,
    count: int = DEFAULT_DAILY_COUNT,
    excluded: Iterable[int] = (),
    seed: str,
    hazard: Iterable[int] = (),
    hazard_needed: bool = True,
    missed: Iterable[int] = (),
) -> tuple[int, ...]:
    """Up to ``count`` question ids: what is due, then what is weak, then what is new.

    ``candidates`` are the questions the person may practise (their bank, their layer);
    ``now`` is in the person's zone (``is_due``). ``excluded`` (questions on an open exam
    paper) never appear, even when due. Due cards
    come earliest-due first; weak ones are those in the book or more often wrong than
    right, book first and least stable first; new ones are ranked at random from ``seed``, so the
    same person on the same day gets the same set, except that new questions in ``missed``
    (on a provision the person has answered wrong, see ``on_missed_provisions``) come
    before the other new ones.

    ``hazard`` are the questions on the hazards of the person's workplace (see
    ``is_hazard_question``): while ``hazard_needed`` (none answered yet today) and the set
    would hold none, the best-ranked one takes the place right after the due cards, and
    the last question waits for tomorrow. A hazard question the person knows well still
    comes back this way, so these questions never leave the rotation.
    """
    if count < 1:
        return ()
    blocked = set(excluded)
    allowed = [q for q in dict.fromkeys(candidates) if q not in blocked]
    allowed_set = set(allowed)
    known = {card.question_id: card for card in cards if card.question_id in allowed_set}

    due = sorted(
        (c for c in known.values() if is_due(c.due, now)), key=lambda c: (c.due, c.question_id)
    )
    weak = sorted(
        (c for c in known.values() if not is_due(c.due, now) and _is_weak(c)),
        key=lambda c: (not c.in_book, c.stability or 0.0, c.question_id),
    )
    weak_spots = set(missed)
    new = sorted(
        (q for q in allowed if q not in known),
        key=lambda q: (q not in weak_spots, _draw_key(seed, q)),
    )

    ranked = [*(c.question_id for c in due), *(c.question_id for c in weak), *new]
    chosen = ranked[:count]
    hazards = set(hazard) & allowed_set
    if hazard_needed and hazards and not hazards.intersection(chosen):
        # Known, neither due nor weak: they come back only as the day's hazard question,
        # the one due soonest.
        rest = sorted(
            (c for c in known.values() if not is_due(c.due, now) and not _is_weak(c)),
            key=lambda c: (c.due, c.question_id),
        )
        pick = next(q for q in [*ranked, *(c.question_id for c in rest)] if q in hazards)
        place = min(len(due), count - 1)
        chosen = [*chosen[:place], pick, *[q for q in chosen[place:] if q != pick]][:count]
    return tuple(chosen)


def is_due(due: datetime, now: datetime) -> bool:
    """Whether a card due at ``due`` is due on ``now``'s day (``now`` in the person's
    zone): the book shows the date a question is next due, and it belongs to that day's
    set whether the person opens it in the morning or the evening."""
    return due < end_of_day(now)


def end_of_day(now: datetime) -> datetime:
    """The first instant of the day after ``now``'s date, in ``now``'s zone."""
    if now.tzinfo is None:
        raise ValueError("时间必须带时区")
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)


def daily_seed(staff_id: int, day: date) -> str:
    """The ``seed`` of a person's set for the local date ``day``: the page and the batch
    draw with the same one, so they give the same set."""
    return f"{staff_id}:{day.isoformat()}"


def on_missed_provisions(
    provision_of: Mapping[int, int], cards: Iterable[CardStatus], candidates: Iterable[int]
) -> set[int]:
    """The ``candidates`` citing a provision that a question the person answered wrong
    cites (``provision_of``: question → the provision it cites, where it cites one)."""
    missed = {
        provision_of[c.question_id]
        for c in cards
        if c.wrong_count and c.question_id in provision_of
    }
    return {q for q in candidates if provision_of.get(q) in missed} if missed else set()


def _draw_key(seed: str, question_id: int) -> bytes:
    """A per-question random rank from ``seed``: unlike shuffling the list, the order of
    the others stays put when one question leaves the pool (answered today)."""
    return hashlib.sha256(f"{seed}:{question_id}".encode()).digest()


def _is_weak(card: CardStatus) -> bool:
    return card.in_book or card.wrong_count > card.right_count


# --- hazard questions -----------------------------------------------------------------

#: A stem mentioning this is about major hazard sources whatever their names.
MAJOR_HAZARD_WORD = "重大危险源"
_BRACKETED = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class HazardTerms:
    """Words that tie a question to the hazards of a workplace.

    ``exact``: a 知识点 (topic tag) equal to one of them (short names such as 硝化 are safe
    as a whole tag, not inside a text: 氧化 is in 过氧化 and 二氧化碳). ``contained``: a
    topic or the stem containing one of them (full process names, chemicals, sources).
    """

    exact: frozenset[str] = frozenset()
    contained: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.exact or self.contained)


def _fold(text: str) -> str:
    """NFKC (full-width brackets and letters to ASCII), no whitespace, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _process_names(label: str) -> tuple[set[str], set[str]]:
    """(whole names, short names) of one 重点监管危险化工工艺, e.g. 电解工艺（氯碱） gives
    {电解工艺（氯碱）, 电解工艺, 氯碱工艺} and {电解, 氯碱}."""
    folded = _fold(label)
    outer = _BRACKETED.sub("", folded)
    whole, short = {folded, outer}, {outer.removesuffix("工艺")}
    for inner in _BRACKETED.findall(folded):
        short.add(inner.removesuffix("工艺"))
        whole.add(inner if inner.endswith("工艺") else inner + "工艺")
    return {w for w in whole if w}, {w for w in short if w}


def hazard_terms(
    processes: Iterable[str] = (), sources: Iterable[str] = (), chemicals: Iterable[str] = ()
) -> HazardTerms:
    """The terms for a workplace's supervised processes (their names, e.g. 合成氨工艺), its
    major hazard sources (e.g. 液氨罐区) and their chemicals (e.g. 液氨, 甲醇).

    A one-character chemical (氨, 氯) is matched as a whole tag only: inside a stem it
    would match 合成氨 or 氯化钠 as well.
    """
    exact: set[str] = set()
    contained: set[str] = set()
    for label in processes:
        whole, short = _process_names(label)
        exact |= whole | short
        contained |= whole
    source_names = {_fold(name) for name in sources} - {""}
    if source_names:
        exact |= source_names | {MAJOR_HAZARD_WORD}
        contained |= source_names | {MAJOR_HAZARD_WORD}
    for chemical in chemicals:
        name = _fold(chemical)
        if name:
            exact.add(name)
            if len(name) >= 2:
                contained.add(name)
    return HazardTerms(exact=frozenset(exact), contained=frozenset(contained))


def is_hazard_question(stem: str, topics: Sequence[str], terms: HazardTerms) -> bool:
    """Whether a question is about one of the workplace's hazards: a 知识点 naming one, or
    a stem that mentions one by its full name."""
    tags = [_fold(topic) for topic in topics]
    if any(tag in terms.exact for tag in tags):
        return True
    texts = [*tags, _fold(stem)]
    return any(term in text for term in terms.contained for text in texts)


# --- progress -------------------------------------------------------------------------


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday: today's
    practice may still be to come)."""
    practised = set(days)
    day = today if today in practised else today - timedelta(days=1)
    length = 0
    while day in practised:
        length += 1
        day -= timedelta(days=1)
    return length
