"""A person's progress split by topic and by the regulation a question cites, in plain
Python (no Django): how many questions each group holds, how many the person has
practised and how many they have mastered.

A question belongs to exactly one group per split, so the groups add up to the totals
shown on the page: its first 知识点 (the bank's top-level heading), else its first
专业, else 通用; its 依据 provision's regulation, else 未关联法规.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The topic of a question tagged with neither a 知识点 nor a 专业.
GENERAL_TOPIC = "通用"
#: The regulation group of a question whose 依据 is not linked to a provision we hold.
UNLINKED = "未关联法规"


def topic_of(topics: Sequence[str], specialty_labels: Sequence[str]) -> str:
    """The first 知识点, else the first 专业 (as its label), else 通用."""
    for label in (*topics, *specialty_labels):
        if label and label.strip():
            return label.strip()
    return GENERAL_TOPIC


def regulation_of(title: str | None) -> str:
    return f"《{title}》" if title else UNLINKED


@dataclass(frozen=True)
class Seen:
    """A question the person has answered at least once, with its group."""

    question_id: int
    group: str
    mastered: bool


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    total: int
    seen: int
    mastered: int

    @property
    def learning(self) -> int:
        """Practised but not yet mastered."""
        return self.seen - self.mastered

    @property
    def unseen(self) -> int:
        return self.total - self.seen

    @property
    def mastered_percent(self) -> int:
        return round(100 * self.mastered / self.total) if self.total else 0


def breakdown(pool: Iterable[tuple[int, str]], seen: Iterable[Seen]) -> tuple[BreakdownRow, ...]:
    """One row per group, largest first (then by label).

    ``pool`` is (question id, group) for the questions the person may practise; a question
    they practised that has since left their pool (retired, re-tagged) still counts, in
    the group it has now.
    """
    members: dict[str, set[int]] = {}
    for question_id, group in pool:
        members.setdefault(group, set()).add(question_id)
    seen_in: dict[str, int] = {}
    mastered_in: dict[str, int] = {}
    for item in dict((s.question_id, s) for s in seen).values():
        members.setdefault(item.group, set()).add(item.question_id)
        seen_in[item.group] = seen_in.get(item.group, 0) + 1
        mastered_in[item.group] = mastered_in.get(item.group, 0) + int(item.mastered)
    rows = (
        BreakdownRow(
            label=group,
            total=len(ids),
            seen=seen_in.get(group, 0),
            mastered=mastered_in.get(group, 0),
        )
        for group, ids in members.items()
    )
    return tuple(sorted(rows, key=lambda row: (-row.total, row.label)))
