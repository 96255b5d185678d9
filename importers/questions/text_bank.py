"""Question banks written as running text (Word documents, plain .txt), line by line.

Handles numbered and tagged questions ("1.【单选】…"), section headings that give the
type ("第一部分 单选题（5题）", "三、判断题"), topic headings ("一、法律法规与责任体系"),
options one or several per line or inline after the stem, answer/explanation/metadata
markers on their own lines or inline, and the answer in the stem's brackets ("（ B ）").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum, auto

from .assemble import RawQuestion, assemble
from .model import Option, ParsedQuestion, ParseReport, SkippedItem, count_blanks
from .text_layout import (
    Marker,
    find_inline_options,
    match_option_start,
    match_question_number,
    match_tag,
    match_topic_heading,
    match_type_heading,
    split_markers,
    split_options,
    take_bracket_answer,
)
from .vocab import fold, split_tags

__all__ = ["TextLine", "parse_text_lines"]


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str  # may hold soft line breaks ("\n"); each part is read as a line
    source_ref: str  # "第12段", "第5行"


class _Phase(Enum):
    STEM = auto()
    OPTIONS = auto()
    AWAIT_ANSWER = auto()  # "答案：" with the value on the next line
    ANSWER = auto()
    EXPLANATION = auto()
    META = auto()


@dataclass
class _Draft:
    source_ref: str
    number: int | None = None
    style: str | None = None
    tag: str | None = None
    section_label: str | None = None
    topics: tuple[str, ...] = ()
    stem_lines: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    answer: str | None = None
    explanation_lines: list[str] = field(default_factory=list)
    meta: dict[Marker, str] = field(default_factory=dict)
    phase: _Phase = _Phase.STEM


def parse_text_lines(lines: Iterable[TextLine]) -> ParseReport:
    """Parse a text question bank given as lines (paragraphs) with their locations."""
    reader = _Reader()
    for line in lines:
        for part in line.text.replace("\r", "\n").replace("\v", "\n").split("\n"):
            reader.read(part, line.source_ref)
    return reader.finish()


class _Reader:
    def __init__(self) -> None:
        self.questions: list[ParsedQuestion] = []
        self.skipped: list[SkippedItem] = []
        self.section_label: str | None = None
        self.topics: tuple[str, ...] = ()
        self.current: _Draft | None = None

    # -- dispatch ---------------------------------------------------------------------

    def read(self, text: str, ref: str) -> None:
        original = text.strip()
        if not original:
            return
        folded = fold(original)
        current = self.current
        numbering = match_question_number(folded)
        option = match_option_start(folded)
        head, _, segments = split_markers(folded, original)
        starts_with_marker = bool(segments) and not head.strip()

        if label := match_type_heading(folded):
            self._close()
            self.section_label = label
            return
        topic = None if numbering else match_topic_heading(folded, original)
        if topic and not (topic[0] == 2 and self._in_stem_of_numbered_question()):
            self._close()
            level, name = topic
            self.topics = (name,) if level == 1 else (*self.topics[:1], name)
            return
        if (
            current is not None
            and current.phase is _Phase.AWAIT_ANSWER
            and not (numbering or option or starts_with_marker)
        ):
            current.answer, current.phase = original, _Phase.ANSWER
            return
        if numbering and self._starts_question(numbering.number, numbering.style):
            self._open(ref, numbering.number, numbering.style)
            self._stem_content(folded[numbering.end :], original[numbering.end :])
            return
        if match_tag(folded):
            self._open(ref)
            self._stem_content(folded, original)
            return
        if option:
            self._option_line(folded, original, ref, *option)
            return
        if starts_with_marker:
            self._apply(self._ensure(ref), segments)
            return
        self._plain(folded, original, ref)

    def _in_stem_of_numbered_question(self) -> bool:
        """Inside such a stem, "（一）…" lists the statements the options refer to."""
        current = self.current
        return (
            current is not None
            and current.phase is _Phase.STEM
            and (current.number is not None or current.tag is not None)
        )

    def _starts_question(self, number: int, style: str) -> bool:
        current = self.current
        if current is None or current.number is None:
            return True
        if style != current.style:
            return False  # "（1）" inside a "1." question is a sub-item, not a question
        if current.phase is _Phase.EXPLANATION:
            # A numbered list inside an explanation counts from 1 again.
            return number > current.number
        return True

    # -- pieces of a question ---------------------------------------------------------

    def _stem_content(self, folded: str, original: str) -> None:
        draft = self.current
        assert draft is not None
        if tag := match_tag(folded):
            label, end = tag
            draft.tag = label
            folded, original = folded[end:], original[end:]
        head, head_folded, segments = split_markers(folded, original)
        stem = head
        if inline := find_inline_options(head_folded):
            start, end = inline
            stem = head[:start]
            draft.options.extend(split_options(head_folded, head, "A", end))
            draft.phase = _Phase.OPTIONS
        if stem.strip():
            draft.stem_lines.append(stem.strip())
        self._apply(draft, segments)

    def _option_line(
        self, folded: str, original: str, ref: str, key: str, end: int, paren: bool
    ) -> None:
        draft = self.current
        if draft is not None and draft.answer is not None and key == "A":
            # Options after an answer belong to a new, unnumbered question whose stem
            # was read as the last line of the previous explanation.
            stem = ""
            if draft.phase is _Phase.EXPLANATION and len(draft.explanation_lines) > 1:
                stem = draft.explanation_lines.pop()
            draft = self._open(ref)
            if stem:
                draft.stem_lines.append(stem)
        draft = draft or self._ensure(ref)
        head, head_folded, segments = split_markers(folded, original)
        draft.options.extend(split_options(head_folded, head, key, end, paren))
        draft.phase = _Phase.OPTIONS
        self._apply(draft, segments)

    def _plain(self, folded: str, original: str, ref: str) -> None:
        draft = self.current
        if draft is None or draft.phase in (_Phase.ANSWER, _Phase.META):
            self._open(ref)
            self._stem_content(folded, original)
        elif draft.phase is _Phase.STEM:
            self._stem_content(folded, original)
        elif draft.phase is _Phase.OPTIONS:
            if count_blanks(original) or original.rstrip()[-1] in "?？:：":
                # Looks like the next (unnumbered) question, not a wrapped option.
                self._open(ref)
                self._stem_content(folded, original)
            else:
                last = draft.options[-1]
                draft.options[-1] = Option(last.key, f"{last.text} {original}".strip())
        else:  # explanation running over several lines
            draft.explanation_lines.append(original)

    def _apply(self, draft: _Draft, segments: list[tuple[Marker, str]]) -> None:
        for marker, value in segments:
            if marker is Marker.ANSWER:
                draft.answer = value or None
                draft.phase = _Phase.ANSWER if value else _Phase.AWAIT_ANSWER
            elif marker is Marker.EXPLANATION:
                draft.explanation_lines = [value] if value else []
                draft.phase = _Phase.EXPLANATION
            else:
                draft.meta[marker] = value
                draft.phase = _Phase.META

    # -- opening and closing questions ------------------------------------------------

    def _open(self, ref: str, number: int | None = None, style: str | None = None) -> _Draft:
        self._close()
        self.current = _Draft(
            source_ref=ref,
            number=number,
            style=style,
            section_label=self.section_label,
            topics=self.topics,
        )
        return self.current

    def _ensure(self, ref: str) -> _Draft:
        return self.current or self._open(ref)

    def _close(self) -> None:
        draft, self.current = self.current, None
        if draft is None:
            return
        stem = "\n".join(draft.stem_lines).strip()
        options = tuple(draft.options)
        stem, bracket_answer = take_bracket_answer(
            stem, [option.key for option in options], draft.answer
        )
        answer = draft.answer if draft.answer is not None else bracket_answer
        if (
            draft.number is None
            and draft.tag is None
            and not options
            and answer is None
            and not draft.explanation_lines
        ):
            # Titles, notes and instructions between questions: say so, don't import.
            self.skipped.append(
                SkippedItem(
                    draft.source_ref,
                    "text",
                    f"{draft.source_ref}“{_excerpt(stem)}”不是题目，已忽略",
                )
            )
            return
        place = (
            f"第{draft.number}题（{draft.source_ref}）"
            if draft.number is not None
            else f"{draft.source_ref}的题目"
        )
        meta = draft.meta
        raw = RawQuestion(
            place=place,
            source_ref=draft.source_ref,
            stem=stem,
            type_label=draft.tag or draft.section_label,
            options=options,
            answer=answer,
            explanation="\n".join(draft.explanation_lines),
            difficulty=meta.get(Marker.DIFFICULTY, ""),
            levels=split_tags(meta.get(Marker.LEVELS, "")),
            specialties=split_tags(meta.get(Marker.SPECIALTIES, "")),
            posts=split_tags(meta.get(Marker.POSTS, "")),
            topics=split_tags(meta[Marker.TOPICS]) if Marker.TOPICS in meta else draft.topics,
            basis=meta.get(Marker.BASIS, ""),
        )
        self.questions.append(assemble(raw))

    def finish(self) -> ParseReport:
        self._close()
        return ParseReport(questions=tuple(self.questions), skipped=tuple(self.skipped))


def _excerpt(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
