"""Plain values for the training rules' tests (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from training.rules.hours import LedgerEntry, Level, PersonFacts, TrainingKind

HIRED = dt.date(2024, 3, 1)


def person(level: Level = Level.WORKER, *, high_risk: bool = False, **kw: object) -> PersonFacts:
    return PersonFacts(
        name=str(kw.pop("name", "张三")),
        level=level,
        high_risk=high_risk,
        hire_date=kw.pop("hire_date", HIRED),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def entry(on: dt.date | str, kind: TrainingKind, hours: str | int) -> LedgerEntry:
    day = dt.date.fromisoformat(on) if isinstance(on, str) else on
    return LedgerEntry(on=day, kind=kind, hours=Decimal(hours))


def three_levels(on: str = "2024-03-01", hours: int = 8) -> list[LedgerEntry]:
    """厂级, 车间级 and 班组级 on three consecutive days from ``on``."""
    start = dt.date.fromisoformat(on)
    kinds = (TrainingKind.PLANT_LEVEL, TrainingKind.WORKSHOP_LEVEL, TrainingKind.TEAM_LEVEL)
    return [entry(start + dt.timedelta(days=i), kind, hours) for i, kind in enumerate(kinds)]
