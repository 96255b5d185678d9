"""A certificate's status on a day (edges exact) and who must hold which certificate."""

from __future__ import annotations

import datetime as dt

import pytest

from training.rules.certificates import (
    DEFAULT_REQUIREMENTS,
    Certificate,
    CertificateKind,
    CertificateStatus,
    Compliance,
    certificate_checks,
    certificate_state,
    tally,
)
from training.rules.hours import Level

from .builders import person

S = CertificateStatus
EXPIRY = dt.date(2025, 6, 30)
ELECTRICIAN = Certificate(CertificateKind.SPECIAL_OPERATION, "T1", EXPIRY, category="电工作业")


def on(days_before: int) -> dt.date:
    return EXPIRY - dt.timedelta(days=days_before)


@pytest.mark.parametrize(
    "days_before, status",
    [
        (91, S.VALID),
        (90, S.WITHIN_90),  # the 90th day before expiry
        (61, S.WITHIN_90),
        (60, S.WITHIN_60),
        (31, S.WITHIN_60),
        (30, S.WITHIN_30),
        (1, S.WITHIN_30),
        (0, S.WITHIN_30),  # valid through the expiry date itself
        (-1, S.EXPIRED),
    ],
)
def test_status_at_the_warning_edges(days_before, status):
    state = certificate_state(ELECTRICIAN, on(days_before))
    assert state.status is status
    assert state.days_left == days_before and state.deadline == EXPIRY
    assert state.status.usable is (days_before >= 0)


def test_labels():
    assert [s.label for s in S] == [
        "有效",
        "90天内到期",
        "60天内到期",
        "30天内到期",
        "已过期",
        "复审逾期",
    ]


def test_a_review_past_due_makes_the_certificate_unusable():
    review_due = dt.date(2025, 1, 1)
    certificate = Certificate(CertificateKind.SPECIAL_OPERATION, "T2", EXPIRY, review_due)
    due_day = certificate_state(certificate, review_due)
    assert due_day.status is S.WITHIN_30 and due_day.deadline_is_review
    overdue = certificate_state(certificate, review_due + dt.timedelta(days=1))
    assert overdue.status is S.REVIEW_OVERDUE and not overdue.status.usable
    # Past both: expired is the stronger word.
    assert certificate_state(certificate, EXPIRY + dt.timedelta(days=1)).status is S.EXPIRED


def test_the_nearer_deadline_warns_and_a_tie_names_the_expiry():
    review_soon = Certificate(CertificateKind.SPECIAL_OPERATION, "T3", EXPIRY, dt.date(2025, 2, 1))
    state = certificate_state(review_soon, dt.date(2025, 1, 1))
    assert (state.status, state.deadline_is_review, state.days_left) == (S.WITHIN_60, True, 31)
    tie = Certificate(CertificateKind.SPECIAL_OPERATION, "T4", EXPIRY, EXPIRY)
    assert not certificate_state(tie, on(10)).deadline_is_review


def test_a_certificate_without_dates_stays_valid():
    state = certificate_state(Certificate(CertificateKind.POST, "S1"), dt.date(2040, 1, 1))
    assert (state.status, state.deadline, state.days_left) == (S.VALID, None, None)


# --- Who must hold what ---------------------------------------------------------------


def operator(*categories: str):
    return person(Level.SPECIAL_OPERATOR, operation_categories=categories)


def test_a_special_operator_needs_a_certificate_for_each_category():
    welder_expired = Certificate(
        CertificateKind.SPECIAL_OPERATION, "T9", dt.date(2025, 1, 1), category="焊接与热切割作业"
    )
    facts = operator("电工作业", "焊接与热切割作业", "高处作业")
    checks = certificate_checks(facts, [ELECTRICIAN, welder_expired], on(100))
    assert [(c.category, c.compliance) for c in checks] == [
        ("电工作业", Compliance.VALID),
        ("焊接与热切割作业", Compliance.EXPIRED),
        ("高处作业", Compliance.MISSING),
    ]
    assert checks[0].certificate == ELECTRICIAN and checks[2].certificate is None
    assert checks[0].requirement.source == "《中华人民共和国安全生产法》第三十条第一款"
    assert tally(checks) == {Compliance.VALID: 1, Compliance.EXPIRED: 1, Compliance.MISSING: 1}


def test_another_category_s_certificate_does_not_count():
    (check,) = certificate_checks(operator("高处作业"), [ELECTRICIAN], on(100))
    assert check.compliance is Compliance.MISSING


def test_with_no_category_recorded_any_special_operation_certificate_counts():
    (check,) = certificate_checks(operator(), [ELECTRICIAN], on(30))
    assert check.compliance is Compliance.EXPIRING and check.state.status is S.WITHIN_30


def test_a_renewed_certificate_wins_over_the_expired_one():
    renewed = Certificate(
        CertificateKind.SPECIAL_OPERATION, "T1-2", dt.date(2031, 6, 30), category="电工作业"
    )
    (check,) = certificate_checks(operator("电工作业"), [ELECTRICIAN, renewed], on(-5))
    assert check.compliance is Compliance.VALID and check.certificate == renewed


@pytest.mark.parametrize("level", [Level.PRINCIPAL, Level.SAFETY_MANAGER])
def test_high_risk_management_has_six_months_from_taking_office(level):
    took_office = dt.date(2024, 8, 31)
    facts = person(level, high_risk=True, level_since=took_office)
    (pending,) = certificate_checks(facts, [], dt.date(2025, 2, 28))
    assert pending.compliance is Compliance.PENDING and pending.compliance.label == "待取证"
    assert pending.due_by == dt.date(2025, 2, 28)
    assert pending.requirement.source == "《中华人民共和国安全生产法》第二十七条第二款"
    (late,) = certificate_checks(facts, [], dt.date(2025, 3, 1))
    assert late.compliance is Compliance.MISSING
    held = Certificate(CertificateKind.MANAGEMENT, "A1", dt.date(2027, 12, 1))
    (ok,) = certificate_checks(facts, [held], dt.date(2025, 3, 1))
    assert ok.compliance is Compliance.VALID


def test_no_certificate_is_required_of_other_units_management_or_plain_workers():
    assert certificate_checks(person(Level.PRINCIPAL), [], dt.date(2025, 1, 1)) == ()
    assert certificate_checks(person(Level.WORKER, high_risk=True), [], dt.date(2025, 1, 1)) == ()


def test_every_requirement_cites_the_law():
    for requirement in DEFAULT_REQUIREMENTS:
        assert requirement.source.startswith("《中华人民共和国安全生产法》第")


# --- Roll-up states, the 上岗证's public status, masked names ---------------------------


def test_gap_states_name_the_window():
    from training.rules.certificates import GapState, gap_state

    facts = operator("电工作业")
    states = [
        gap_state(certificate_checks(facts, [ELECTRICIAN], on(days))[0])
        for days in (91, 90, 60, 30, -1)
    ]
    assert states == [
        GapState.VALID,
        GapState.WITHIN_90,
        GapState.WITHIN_60,
        GapState.WITHIN_30,
        GapState.EXPIRED,
    ]
    (missing,) = certificate_checks(operator("高处作业"), [], on(0))
    assert gap_state(missing) is GapState.MISSING and GapState.MISSING.is_gap


def test_post_certificate_status():
    from training.rules.certificates import PostCertificateStatus as P
    from training.rules.certificates import post_certificate_status

    day = dt.date(2026, 1, 1)
    assert post_certificate_status(suspended=False, expires_on=day, on=day) is P.VALID
    assert post_certificate_status(suspended=True, expires_on=day, on=day) is P.SUSPENDED
    later = day + dt.timedelta(days=1)
    assert post_certificate_status(suspended=True, expires_on=day, on=later) is P.EXPIRED
    assert post_certificate_status(suspended=False, expires_on=None, on=later) is P.VALID


@pytest.mark.parametrize(
    "name, masked", [("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明"), ("王", "*")]
)
def test_mask_name(name, masked):
    from training.rules.certificates import mask_name

    assert mask_name(name) == masked
