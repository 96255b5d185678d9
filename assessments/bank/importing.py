"""Importing a question file: parse → preview (with problems) → confirm → one transaction.

Views and the ``import_questions`` command only translate input and output; everything
that decides or writes is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from accounts.vocab import Level, Specialty
from assessments.bank.basis import resolve_basis
from assessments.bank.models import Difficulty, Question, QuestionStatus
from importers.questions import (
    FileFormatError,
    ParsedQuestion,
    ProgressHook,
    parse_question_file,
)

_DIFFICULTY = {"易": Difficulty.EASY, "中": Difficulty.MEDIUM, "难": Difficulty.HARD}
_LEVEL_BY_LABEL = {label: value for value, label in Level.choices}
_SPECIALTY_BY_LABEL = {label: value for value, label in Specialty.choices}
_EVERYONE = {"全员", "全体", "所有人员", "全部"}


#: Why a preview cannot be confirmed: every parsed question has a problem.
NOTHING_IMPORTABLE = (
    "文件中没有可导入的题目：每道题都有问题，请修改文件后重新上传。没有写入任何内容。"
)


class QuestionImportError(ValueError):
    """The file cannot be imported at all; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class PreviewItem:
    number: int  # 1-based position in the file
    question: ParsedQuestion
    provision_id: int | None
    provision_label: str  # "《…》第X条" when the 依据 resolved

    @property
    def is_valid(self) -> bool:
        return self.question.is_valid

    @property
    def problems(self) -> list[str]:
        return [problem.message for problem in self.question.problems]


@dataclass(frozen=True)
class ImportPreview:
    filename: str
    items: tuple[PreviewItem, ...]
    skipped: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def valid_count(self) -> int:
        return sum(item.is_valid for item in self.items)


def existing_stems(jurisdiction_id: int, enterprise_id: int | None) -> list[tuple[str, list[str]]]:
    """Stems (with option texts) already in the banks this import would join."""
    from accounts.scoping import shared_or_own_bank

    rows = (
        Question.objects.filter(shared_or_own_bank(jurisdiction_id, enterprise_id or None))
        .exclude(status=QuestionStatus.RETIRED)
        .values_list("stem", "options")
    )
    return [(stem, [option.get("text", "") for option in options or []]) for stem, options in rows]


def preview_question_file(
    filename: str,
    data: bytes,
    *,
    jurisdiction_id: int,
    enterprise_id: int | None,
    on_progress: ProgressHook | None = None,
) -> ImportPreview:
    """Parse and check a file against the banks it would join; nothing is written.

    ``on_progress(done, total)`` is called during the duplicate check (a task worker
    can store it for a progress bar).
    """
    try:
        report = parse_question_file(
            filename,
            data,
            existing_stems=existing_stems(jurisdiction_id, enterprise_id),
            on_progress=on_progress,
        )
    except FileFormatError as exc:
        raise QuestionImportError(str(exc)) from exc
    items = []
    for number, question in enumerate(report.questions, start=1):
        provision = resolve_basis(question.basis) if question.basis else None
        items.append(
            PreviewItem(
                number=number,
                question=question,
                provision_id=provision.pk if provision else None,
                provision_label=f"《{provision.page.title}》{provision.label}" if provision else "",
            )
        )
    return ImportPreview(
        filename=PurePath(filename).name,
        items=tuple(items),
        skipped=tuple(item.message for item in report.skipped),
        errors=tuple(error.message for error in report.errors),
    )


def question_fields(question: ParsedQuestion) -> dict:
    """A parsed question as Question model fields."""
    answer = list(question.answer)
    return {
        "type": question.type.value,
        "stem": question.stem,
        "options": [{"key": option.key, "text": option.text} for option in question.options],
        "answer": answer,
        "explanation": question.explanation,
        "difficulty": _DIFFICULTY.get(question.difficulty or "", Difficulty.MEDIUM),
        "levels": []
        if _EVERYONE & set(question.levels)
        else _map(question.levels, _LEVEL_BY_LABEL),
        "specialties": _map(question.specialties, _SPECIALTY_BY_LABEL),
        "posts": list(question.posts),
        "topics": list(question.topics),
        "basis": question.basis[:300],
    }


def _map(labels, mapping) -> list[str]:
    return [mapping[label] for label in labels if label in mapping]
