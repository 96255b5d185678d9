"""A certificate's status on a day, and which certificates each person must hold.

Plain Python (no Django). Boundaries, decided once:

- A certificate is valid through its expiry date inclusive: on the expiry date it is
  still valid (30天内到期, 0 days left); the next day it is 已过期. The same holds for the
  review (复审) due date: overdue from the day after.
- "90天内到期" starts on the 90th day before the deadline: days left ≤ 90, then ≤ 60,
  then ≤ 30. The deadline is the nearer of expiry and review due, so a review due
  soon warns like an expiry (``CertificateState.deadline_is_review`` says which).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .hours import MANAGEMENT, LabelledEnum, Level, PersonFacts, add_months

__all__ = [
    "DEFAULT_REQUIREMENTS",
    "WARNING_DAYS",
    "Certificate",
    "CertificateKind",
    "CertificateRequirement",
    "CertificateState",
    "CertificateStatus",
    "Compliance",
    "GapState",
    "PostCertificateStatus",
    "RequirementCheck",
    "certificate_checks",
    "certificate_state",
    "gap_state",
    "mask_name",
    "post_certificate_status",
    "tally",
]

LAW = "《中华人民共和国安全生产法》"
#: Warning windows, widest first: the status names the narrowest window a deadline is in.
WARNING_DAYS = (90, 60, 30)


class CertificateKind(LabelledEnum):
    MANAGEMENT = "management", "主要负责人/安全生产管理人员安全生产知识和管理能力考核合格证"
    SPECIAL_OPERATION = "special_operation", "特种作业操作证"
    SPECIAL_EQUIPMENT = "special_equipment", "特种设备作业人员证"
    REGISTERED_ENGINEER = "registered_engineer", "注册安全工程师"
    POST = "post", "上岗证"


class CertificateStatus(LabelledEnum):
    VALID = "valid", "有效"
    WITHIN_90 = "within_90", "90天内到期"
    WITHIN_60 = "within_60", "60天内到期"
    WITHIN_30 = "within_30", "30天内到期"
    EXPIRED = "expired", "已过期"
    REVIEW_OVERDUE = "review_overdue", "复审逾期"

    @property
    def usable(self) -> bool:
        """Whether the holder may work on it today (expiring soon still counts)."""
        return self not in (CertificateStatus.EXPIRED, CertificateStatus.REVIEW_OVERDUE)

    @property
    def expiring(self) -> bool:
        return self in _WINDOWS.values()


_WINDOWS = {
    90: CertificateStatus.WITHIN_90,
    60: CertificateStatus.WITHIN_60,
    30: CertificateStatus.WITHIN_30,
}


@dataclass(frozen=True, slots=True)
class Certificate:
    """One certificate a person holds. ``category`` is the 作业类别 (e.g. 电工作业,
    氯化工艺作业) where the kind has categories; None dates mean no limit."""

    kind: CertificateKind
    number: str
    expires_on: dt.date | None = None
    review_due_on: dt.date | None = None
    category: str = ""
    issued_on: dt.date | None = None
    issuer: str = ""


@dataclass(frozen=True, slots=True)
class CertificateState:
    status: CertificateStatus
    #: The nearer of expiry and review due (None: neither is set).
    deadline: dt.date | None
    deadline_is_review: bool
    #: Days from the day asked about to the deadline; negative once past.
    days_left: int | None


def certificate_state(certificate: Certificate, on: dt.date) -> CertificateState:
    """The certificate's status on ``on`` (see the module docstring for the edges)."""
    expiry, review = certificate.expires_on, certificate.review_due_on
    if expiry is not None and on > expiry:
        return CertificateState(CertificateStatus.EXPIRED, expiry, False, (expiry - on).days)
    if review is not None and on > review:
        return CertificateState(CertificateStatus.REVIEW_OVERDUE, review, True, (review - on).days)
    deadlines = [(d, is_review) for d, is_review in ((expiry, False), (review, True)) if d]
    if not deadlines:
        return CertificateState(CertificateStatus.VALID, None, False, None)
    # On a tie the expiry is named: it is the stronger reason.
    deadline, is_review = min(deadlines, key=lambda pair: (pair[0], pair[1]))
    days_left = (deadline - on).days
    status = CertificateStatus.VALID
    for days in WARNING_DAYS:
        if days_left <= days:
            status = _WINDOWS[days]
    return CertificateState(status, deadline, is_review, days_left)


class Compliance(LabelledEnum):
    """How a person stands against one certificate requirement."""

    VALID = "valid", "有效"
    EXPIRING = "expiring", "即将到期"
    EXPIRED = "expired", "已过期"
    MISSING = "missing", "缺证"
    #: Not held yet, but still within the time allowed after taking office.
    PENDING = "pending", "待取证"


@dataclass(frozen=True, slots=True)
class CertificateRequirement:
    """Who must hold which certificate. ``per_category``: one per 作业类别 the person works
    in; ``grace_months``: how long after taking up the level they have to obtain it."""

    code: str
    title: str
    source: str
    kind: CertificateKind
    levels: frozenset[Level]
    high_risk: bool | None = None
    per_category: bool = False
    grace_months: int = 0

    def binds(self, facts: PersonFacts) -> bool:
        return facts.level in self.levels and self.high_risk in (None, facts.high_risk)


DEFAULT_REQUIREMENTS: tuple[CertificateRequirement, ...] = (
    CertificateRequirement(
        code="special_operation",
        title="特种作业人员持相应类别的特种作业操作证上岗",
        source=f"{LAW}第三十条第一款",
        kind=CertificateKind.SPECIAL_OPERATION,
        levels=frozenset({Level.SPECIAL_OPERATOR}),
        per_category=True,
    ),
    # 危险物品 units and mines/metal smelting (the high-risk flag); the six months after
    # taking office is the bureau's working rule, kept here so editors can change it.
    CertificateRequirement(
        code="management_high_risk",
        title="主要负责人、安全生产管理人员任职之日起六个月内取得考核合格证",
        source=f"{LAW}第二十七条第二款",
        kind=CertificateKind.MANAGEMENT,
        levels=MANAGEMENT,
        high_risk=True,
        grace_months=6,
    ),
)


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    requirement: CertificateRequirement
    #: The 作业类别 checked ("" when the requirement has none or none is recorded).
    category: str
    compliance: Compliance
    #: The best matching certificate, if any, and its state.
    certificate: Certificate | None
    state: CertificateState | None
    #: The last day to obtain it, for requirements with a time allowed.
    due_by: dt.date | None


def _matches(certificate: Certificate, requirement: CertificateRequirement, category: str) -> bool:
    if certificate.kind is not requirement.kind:
        return False
    return not (requirement.per_category and category) or certificate.category == category


def _check(
    requirement: CertificateRequirement,
    category: str,
    facts: PersonFacts,
    certificates: Sequence[Certificate],
    on: dt.date,
) -> RequirementCheck:
    due_by = (
        add_months(facts.in_level_since, requirement.grace_months)
        if requirement.grace_months
        else None
    )
    states = [
        (c, certificate_state(c, on)) for c in certificates if _matches(c, requirement, category)
    ]
    if not states:
        pending = due_by is not None and on <= due_by
        compliance = Compliance.PENDING if pending else Compliance.MISSING
        return RequirementCheck(requirement, category, compliance, None, None, due_by)
    # The best certificate: usable before unusable, then the latest deadline (none = best).
    certificate, state = max(
        states,
        key=lambda pair: (pair[1].status.usable, pair[1].deadline or dt.date.max),
    )
    if not state.status.usable:
        compliance = Compliance.EXPIRED
    elif state.status.expiring:
        compliance = Compliance.EXPIRING
    else:
        compliance = Compliance.VALID
    return RequirementCheck(requirement, category, compliance, certificate, state, due_by)


def certificate_checks(
    facts: PersonFacts,
    certificates: Iterable[Certificate],
    on: dt.date,
    requirements: Sequence[CertificateRequirement] = DEFAULT_REQUIREMENTS,
) -> tuple[RequirementCheck, ...]:
    """Each certificate ``facts`` must hold, with how they stand on ``on``.

    A per-category requirement gives one check per 作业类别 the person works in; with no
    category recorded, any certificate of the kind meets it.
    """
    held = list(certificates)
    checks: list[RequirementCheck] = []
    for requirement in requirements:
        if not requirement.binds(facts):
            continue
        categories = (
            facts.operation_categories
            if requirement.per_category and facts.operation_categories
            else ("",)
        )
        checks.extend(_check(requirement, c, facts, held, on) for c in categories)
    return tuple(checks)


def tally(checks: Iterable[RequirementCheck]) -> Counter[Compliance]:
    """Required vs valid / expiring / expired / missing / pending, for a roll-up."""
    return Counter(check.compliance for check in checks)


class GapState(LabelledEnum):
    """One requirement's standing in an enterprise roll-up: the expiring window named."""

    VALID = "valid", "有效"
    WITHIN_90 = "within_90", "90天内到期"
    WITHIN_60 = "within_60", "60天内到期"
    WITHIN_30 = "within_30", "30天内到期"
    EXPIRED = "expired", "已过期"
    MISSING = "missing", "缺证"
    PENDING = "pending", "待取证"

    @property
    def is_gap(self) -> bool:
        return self is not GapState.VALID


def gap_state(check: RequirementCheck) -> GapState:
    """``check``'s state with the warning window (a review overdue counts as expired)."""
    if check.compliance is Compliance.MISSING:
        return GapState.MISSING
    if check.compliance is Compliance.PENDING:
        return GapState.PENDING
    if check.compliance is Compliance.EXPIRED:
        return GapState.EXPIRED
    assert check.state is not None  # a held certificate always has a state
    return GapState(check.state.status.value) if check.state.status.expiring else GapState.VALID


class PostCertificateStatus(LabelledEnum):
    """What the public verification page of a 上岗证 says."""

    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂停"
    EXPIRED = "expired", "已过期"


def post_certificate_status(
    *, suspended: bool, expires_on: dt.date | None, on: dt.date
) -> PostCertificateStatus:
    """Expired wins over suspended (it will not come back by signing back)."""
    if expires_on is not None and on > expires_on:
        return PostCertificateStatus.EXPIRED
    return PostCertificateStatus.SUSPENDED if suspended else PostCertificateStatus.VALID


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明: the first and last characters stay."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
