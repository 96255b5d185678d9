"""What an exam's outcome means for the person, beyond the exam.

Exams decide grades and absences. Another domain (training: off post, re-tests, sign-back)
decides what they mean for the person's status and registers its policy here at start-up
(``TrainingConfig.ready``), so exams imports no domain above it. Without a registered policy
an outcome changes nobody's status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from accounts.models import StaffProfile
    from assessments.exams.models import Absence, Assessment, Attempt


class Consequence(Protocol):
    """A planned change to the person: ``note`` is the Chinese line for preview and audit."""

    @property
    def note(self) -> str: ...

    @property
    def changes_status(self) -> bool: ...


@dataclass(frozen=True)
class NoConsequence:
    note: str = "该类考核不影响人员状态。"

    @property
    def changes_status(self) -> bool:
        return False


class OutcomePolicy(Protocol):
    def plan_regrade(self, attempt: Attempt, *, passed: bool) -> Consequence:
        """The consequence of ``attempt`` now being ``passed`` (it was not). Reads only."""

    def apply_regrade(
        self, attempt: Attempt, consequence: Consequence, *, actor: Any, reason: str
    ) -> None: ...

    def absence_recorded(self, absence: Absence) -> None:
        """A closed window found the person absent (inside the recording transaction)."""

    def absence_excused(self, absence: Absence, *, actor: Any, reason: str) -> None: ...

    def retest_open(self, staff: StaffProfile, assessment: Assessment) -> bool:
        """Whether the person may start this re-test now."""

    def standing(self, staff: StaffProfile) -> Any:
        """What the person's exam page shows of their standing (e.g. off-post progress),
        or None when there is nothing to show."""


class NoConsequences:
    def plan_regrade(self, attempt: Attempt, *, passed: bool) -> Consequence:
        return NoConsequence()

    def apply_regrade(
        self, attempt: Attempt, consequence: Consequence, *, actor: Any, reason: str
    ) -> None:
        return None

    def absence_recorded(self, absence: Absence) -> None:
        return None

    def absence_excused(self, absence: Absence, *, actor: Any, reason: str) -> None:
        return None

    def retest_open(self, staff: StaffProfile, assessment: Assessment) -> bool:
        return False

    def standing(self, staff: StaffProfile) -> Any:
        return None


_policy: OutcomePolicy = NoConsequences()


def register_outcome_policy(policy: OutcomePolicy) -> None:
    global _policy
    _policy = policy


def outcome_policy() -> OutcomePolicy:
    return _policy
