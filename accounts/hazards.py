"""The hazards of a person's workplace, as the hazard register reports them.

The register (leadership: supervised processes, major hazard sources) and practice (which
keeps questions on those hazards in the daily set) are sibling domains and import neither
each other; leadership registers its reader here at start-up (``LeadershipConfig.ready``)
and practice asks. Without a registered reader nobody has hazards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import StaffProfile


@dataclass(frozen=True)
class WorkplaceHazards:
    """Names only: ``processes`` are 重点监管危险化工工艺 (e.g. 合成氨工艺), ``sources`` the
    重大危险源 (e.g. 液氨罐区) and ``chemicals`` the hazardous chemicals they hold."""

    processes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    chemicals: tuple[str, ...] = ()


HazardReader = Callable[["StaffProfile"], WorkplaceHazards]


def _nothing(staff: StaffProfile) -> WorkplaceHazards:
    return WorkplaceHazards()


_reader: HazardReader = _nothing


def register_hazard_reader(reader: HazardReader) -> None:
    global _reader
    _reader = reader


def workplace_hazards(staff: StaffProfile) -> WorkplaceHazards:
    return _reader(staff)
