"""The paper page's questions, each rendered once per question content.

A paper page shows 20 questions with their options (~300 numbers and attributes): its
template loop was about half of the page's CPU time, and a sitting loads the same bank's
questions thousands of times. So a question's fieldset (``includes/paper_question.html``)
is rendered once per content (type, stem, options, number of options) and kept in an
in-process LRU; what differs per slot and request is left as holes in it and filled per
request: the slot's number, points and saved step, each option position's key, text and
tick (a slot's option order), the 填空 text. Values are escaped as the template would.

The key is the content itself, so the cache can never serve stale text: an edited
question (a new version, or an unused version edited in place) is another key. Only the
type, stem and options reach it (``selectors.paper_slots``), never an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.exams.engine import QuestionType
from assessments.exams.selectors.examinee import TRUE_FALSE_LABELS, PaperSlot

TEMPLATE = "assessments/includes/paper_question.html"
CARD_TEMPLATE = "assessments/includes/paper_card_item.html"
#: Questions kept per process (a few KB each): a few banks' worth.
CACHED_QUESTIONS = 4096
#: Marks a hole in a rendered question; PostgreSQL text and jsonb cannot hold it.
HOLE = "\x00"


@dataclass(frozen=True)
class PaperItem:
    """One question of the page, and its number on the answer card."""

    number: int
    answered: bool
    html: SafeString
    card: SafeString


@dataclass(frozen=True)
class _Question:
    #: Literal HTML and hole names, alternating (``parts[1::2]`` are the names).
    parts: tuple[str, ...]
    #: Option key → (key, text), escaped.
    options: dict[str, tuple[str, str]]


def _hole(name: str) -> str:
    return f"{HOLE}{name}{HOLE}"


@lru_cache(maxsize=CACHED_QUESTIONS)
def _question(
    question_type: str,
    stem: str,
    options: tuple[tuple[str, str], ...],
    positions: int,
    with_steps: bool,
) -> _Question:
    lettered = question_type != QuestionType.TRUE_FALSE
    html = render_to_string(
        TEMPLATE,
        {
            "type": question_type,
            "type_label": QuestionType(question_type).label,
            "stem": stem,
            "is_fill": question_type == QuestionType.FILL,
            "is_multiple": question_type == QuestionType.MULTIPLE,
            "options": [
                {
                    "key": _hole(f"k{i}"),
                    "text": _hole(f"t{i}"),
                    "checked": _hole(f"c{i}"),
                    "letter": chr(ord("A") + i) if lettered else "",
                }
                for i in range(0 if question_type == QuestionType.FILL else positions)
            ],
            "holes": {
                "number": _hole("n"),
                "points": _hole("p"),
                "step": _hole("s") if with_steps else "",
                "fill": _hole("f"),
            },
        },
    )
    texts = dict(TRUE_FALSE_LABELS)
    texts.update(options)
    return _Question(
        parts=tuple(html.split(HOLE)),
        options={key: (escape(key), escape(text)) for key, text in texts.items()},
    )


@lru_cache(maxsize=2)
def _card(answered: bool) -> tuple[str, ...]:
    return tuple(
        render_to_string(CARD_TEMPLATE, {"number": _hole("n"), "answered": answered}).split(HOLE)
    )


def _filled(parts: tuple[str, ...], values: dict[str, str]) -> SafeString:
    html = list(parts)
    html[1::2] = [values[name] for name in parts[1::2]]
    return mark_safe("".join(html))


def joined(items: Sequence[PaperItem]) -> tuple[SafeString, SafeString]:
    """(the answer card's numbers, the questions): the page's two lists as HTML."""
    return (
        mark_safe("".join(item.card for item in items)),
        mark_safe("".join(item.html for item in items)),
    )


@lru_cache(maxsize=256)
def _points(points: Decimal) -> str:
    return floatformat(points, "-2u")  # unlocalized, so cached for any language


def paper_items(slots: Sequence[PaperSlot], *, with_steps: bool = True) -> list[PaperItem]:
    """The page's questions, with each slot's option order and saved answer.

    ``with_steps=False`` leaves out each question's saved step (the ``base-`` field): a
    模拟考试 keeps no answer history to check a save against.
    """
    items = []
    for slot in slots:
        question = _question(
            slot.type,
            slot.stem,
            tuple((option["key"], option.get("text", "")) for option in slot.options or ()),
            len(slot.option_order),
            with_steps,
        )
        values = {
            "n": str(slot.number),
            "p": _points(slot.points),
            "s": str(slot.step_id),
            "f": escape(slot.response[0]) if slot.response else "",
        }
        for i, key in enumerate(slot.option_order):
            values[f"k{i}"], values[f"t{i}"] = question.options.get(key) or (escape(key),) * 2
            values[f"c{i}"] = " checked" if key in slot.response else ""
        answered = bool(slot.response)
        items.append(
            PaperItem(
                slot.number,
                answered,
                _filled(question.parts, values),
                _filled(_card(answered), values),
            )
        )
    return items
