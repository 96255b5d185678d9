"""Every write to the hours ledger: record a session, correct an entry, attach evidence, sign.

The integrity rules are ``training.rules.ledger.check_entries`` (pure); this module feeds
them what the database knows (hire dates, the off-post start, hours already on record
those days) with the attendees' rows locked, so two sessions entered at once cannot both
squeeze under the daily cap. Each write is one transaction and audit-logged per person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Enterprise, StaffProfile
from accounts.vocab import Role, StaffStatus
from safetykb.audit import audit
from safetykb.models import AuditKind
from safetykb.signatures.models import Signature, SignCapacity

# The signing form's own password check (axes-counted), run before the write.
from safetykb.signatures.services import CheckedPassword, check_signing_password, sign
from training.models import (
    HoursEntry,
    HoursTotal,
    ProgrammeStatus,
    SessionEvidence,
    TrainingProgramme,
    TrainingSession,
    counted_entries,
)
from training.rules.hours import LedgerEntry, TrainingKind, format_hours
from training.rules.ledger import DEFAULT_MAX_HOURS_PER_DAY, check_entries

#: A session longer than a month is a typing error, not a course (脱产培训 runs in days).
MAX_SESSION_DAYS = 31
#: Evidence is a photo or a scan, not an archive.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = (".jpg", ".jpeg", ".png", ".pdf", ".heic", ".webp")


class LedgerError(ValueError):
    """Why nothing was written; ``problems`` lists one Chinese line per refusal."""

    def __init__(self, problems: Sequence[str] | str):
        self.problems = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("\n".join(self.problems))


def max_hours_per_day() -> Decimal:
    """The daily cap per person across sessions (setting ``TRAINING_MAX_HOURS_PER_DAY``)."""
    return Decimal(str(getattr(settings, "TRAINING_MAX_HOURS_PER_DAY", DEFAULT_MAX_HOURS_PER_DAY)))


@dataclass(frozen=True)
class SessionInput:
    kind: str
    title: str
    starts_on: dt.date
    hours_per_day: Decimal
    trainer_name: str
    ends_on: dt.date | None = None
    content: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    trainer: object | None = None  # a user of the enterprise who signs as 培训人
    place: str = ""
    materials: Sequence[object] = field(default_factory=tuple)

    @property
    def days(self) -> list[dt.date]:
        last = self.ends_on or self.starts_on
        return [
            self.starts_on + dt.timedelta(days=n) for n in range((last - self.starts_on).days + 1)
        ]


def require_recorder(actor, enterprise_id: int) -> None:
    """Only the enterprise's safety manager (in post) records hours for it."""
    profile = getattr(actor, "profile", None) if actor is not None else None
    if (
        profile is None
        or profile.role != Role.SAFETY_MANAGER
        or profile.enterprise_id != enterprise_id
        or profile.status == StaffStatus.LEFT
    ):
        raise LedgerError("只有本企业的安全管理员可以登记培训学时。")


def check_password(actor, password: str, request: HttpRequest | None) -> CheckedPassword:
    """Refuse a wrong password before anything is written, counted by axes as the signing
    form counts it. ``sign`` checks again inside the write; checking first, outside the
    transaction, keeps a failure counted (a rollback would forget it)."""
    try:
        return check_signing_password(actor, password, request)
    except ValidationError as refusal:
        raise LedgerError(refusal.messages) from None


def _validate_input(data: SessionInput) -> list[str]:
    problems = []
    if data.kind not in TrainingKind._value2member_map_:
        problems.append("请选择培训类别。")
    if not data.title.strip():
        problems.append("请填写培训名称。")
    if not data.trainer_name.strip():
        problems.append("请填写培训人或培训机构。")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        problems.append("结束日期不能早于开始日期。")
    elif len(data.days) > MAX_SESSION_DAYS:
        problems.append(f"一次培训活动最长 {MAX_SESSION_DAYS} 天，请分次登记。")
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        problems.append("结束时间须晚于开始时间。")
    if data.hours_per_day <= 0 or data.hours_per_day > 24:
        problems.append("每人每天学时应大于 0 且不超过 24。")
    return problems


def _off_post_since(staff_ids: Sequence[int]) -> dict[int, dt.date]:
    """The day each person was sent off post (their open programme's start)."""
    programmes = TrainingProgramme.objects.filter(staff_id__in=staff_ids).exclude(
        status=ProgrammeStatus.RETURNED
    )
    return {
        p.staff_id: timezone.localtime(p.started_at).date()
        for p in programmes.only("staff_id", "started_at")
    }


def _hours_on_record(staff_ids: Sequence[int], days: Sequence[dt.date], exclude=None):
    """{staff id: [LedgerEntry]} of counted hours already on record on ``days``."""
    rows = counted_entries(HoursEntry.objects.filter(staff_id__in=staff_ids, on__in=days))
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found: dict[int, list[LedgerEntry]] = defaultdict(list)
    for staff_id, on, kind, hours in rows.values_list("staff_id", "on", "kind").annotate(
        total=Sum("hours")
    ):
        found[staff_id].append(LedgerEntry(on, TrainingKind(kind), hours))
    return found


def integrity_problems(
    data: SessionInput, people: Sequence[StaffProfile], *, today: dt.date | None = None
) -> list[str]:
    """Why these attendees may not get these hours (the pure rules, fed from the database)."""
    today = today or timezone.localdate()
    ids = [p.pk for p in people]
    existing = _hours_on_record(ids, data.days)
    off_post = _off_post_since(ids) if data.kind == TrainingKind.OFF_POST else {}
    kind = TrainingKind(data.kind)
    problems: list[str] = []
    for person in people:
        new = [LedgerEntry(day, kind, data.hours_per_day) for day in data.days]
        problems.extend(
            v.message
            for v in check_entries(
                new,
                person=person.display_name,
                hire_date=person.hire_date,
                today=today,
                existing=existing.get(person.pk, ()),
                off_post_since=off_post.get(person.pk),
                max_hours_per_day=max_hours_per_day(),
            )
        )
    return problems


def refresh_totals(staff_ids: Sequence[int], years: Sequence[int]) -> None:
    """Rewrite the people's ``HoursTotal`` rows for ``years`` from their counted entries
    (inside the caller's transaction, after its entries are written)."""
    staff_ids, years = sorted(set(staff_ids)), sorted(set(years))
    HoursTotal.objects.filter(staff_id__in=staff_ids, year__in=years).delete()
    rows = (
        counted_entries(HoursEntry.objects.filter(staff_id__in=staff_ids, on__year__in=years))
        .annotate(year=ExtractYear("on"))
        .values_list("staff_id", "year", "kind")
        .annotate(total=Sum("hours"))
    )
    HoursTotal.objects.bulk_create(
        HoursTotal(staff_id=staff_id, year=year, kind=kind, hours=total)
        for staff_id, year, kind, total in rows
    )


def session_content(session: TrainingSession) -> dict:
    """What the trainer and the recorder sign: the session and its original attendance.

    Corrections are separate signed-off records (who, when, why), so they never change
    this content and the signatures stay valid."""
    entries = (
        session.entries.filter(corrects__isnull=True)
        .select_related("staff__user")
        .order_by("staff_id", "on")
    )
    return {
        "session": session.pk,
        "enterprise": session.enterprise_id,
        "kind": session.kind,
        "title": session.title,
        "content": session.content,
        "materials": sorted(session.materials.values_list("pk", flat=True)),
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "trainer": session.trainer_name,
        "place": session.place,
        "hours_per_day": session.hours_per_day,
        "attendance": [[e.staff_id, e.staff.display_name, e.on, e.hours] for e in entries],
    }


def record_session(
    enterprise: Enterprise,
    data: SessionInput,
    attendees: Sequence[StaffProfile],
    *,
    actor,
    password: str | None,
    request: HttpRequest | None = None,
    evidence: File | None = None,
    programme: TrainingProgramme | None = None,
) -> TrainingSession:
    """Record a session for ``attendees`` and sign it as 录入人 (password re-entered).

    All or nothing: any refusal (a person out of the enterprise, a rule) writes nothing
    and lists every problem. ``password`` None records without signing: only the off-post
    programme's legacy form does that, and the session then waits for the signature.
    """
    require_recorder(actor, enterprise.pk)
    data = replace(data, hours_per_day=Decimal(str(data.hours_per_day)))
    problems = _validate_input(data)
    if not attendees:
        problems.append("请至少选择一名参训人员。")
    trainer = data.trainer
    if (
        trainer is not None
        and getattr(getattr(trainer, "profile", None), "enterprise_id", None) != enterprise.pk
    ):
        problems.append("培训人账号须为本企业人员；外部讲师请只填写姓名或机构。")
    if evidence is not None:
        problems.extend(evidence_problems(evidence))
    if problems:
        raise LedgerError(problems)
    checked = check_password(actor, password, request) if password is not None else None
    ids = sorted({p.pk for p in attendees})
    with transaction.atomic():
        # Lock the attendees: the daily cap is checked against what is on record now.
        people = list(
            StaffProfile.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk__in=ids, enterprise=enterprise)
            .exclude(status=StaffStatus.LEFT)
            .order_by("pk")
        )
        if len(people) != len(ids):
            raise LedgerError("所选人员中有不属于本企业或已离职的人员，没有登记任何学时。")
        problems = integrity_problems(data, people)
        if problems:
            raise LedgerError(problems)
        session = TrainingSession.objects.create(
            enterprise=enterprise,
            kind=data.kind,
            title=data.title.strip(),
            content=data.content.strip(),
            starts_on=data.starts_on,
            ends_on=data.ends_on or data.starts_on,
            start_time=data.start_time,
            end_time=data.end_time,
            trainer_name=data.trainer_name.strip(),
            trainer=trainer,
            place=data.place.strip(),
            hours_per_day=data.hours_per_day,
            programme=programme,
            recorded_by=actor,
        )
        if data.materials:
            session.materials.set(data.materials)
        HoursEntry.objects.bulk_create(
            HoursEntry(
                session=session,
                staff=person,
                on=day,
                kind=data.kind,
                hours=data.hours_per_day,
                recorded_by=actor,
            )
            for person in people
            for day in data.days
        )
        refresh_totals([p.pk for p in people], [day.year for day in data.days])
        total = data.hours_per_day * len(data.days)
        for person in people:
            audit(
                AuditKind.TRAINING_RECORDED,
                staff=person,
                actor=actor,
                reason=(
                    f"{session.starts_on:%Y-%m-%d} {session.kind_label}《{session.title}》"
                    f"（{format_hours(total)} 学时，培训人：{session.trainer_name}）"
                ),
                session_id=session.pk,
                hours=str(total),
            )
        if evidence is not None:
            SessionEvidence.objects.create(session=session, file=evidence, uploaded_by=actor)
        if checked is not None:
            sign(
                session,
                user=actor,
                password=checked,
                capacity=SignCapacity.RECORDER,
                content=session_content(session),
            )
    return session


def evidence_problems(upload: File) -> list[str]:
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(EVIDENCE_TYPES):
        return ["签到表扫描件须为图片（JPG、PNG、HEIC、WEBP）或 PDF 文件。"]
    if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
        return ["签到表扫描件不能超过 10 MB。"]
    return []


def attach_evidence(session: TrainingSession, upload: File, *, actor) -> SessionEvidence:
    require_recorder(actor, session.enterprise_id)
    problems = evidence_problems(upload)
    if problems:
        raise LedgerError(problems)
    return SessionEvidence.objects.create(session=session, file=upload, uploaded_by=actor)


def signing_capacity(session: TrainingSession, user) -> str | None:
    """In which capacity ``user`` may still sign ``session``, or None.

    谁培训谁签名: the trainer with an account signs as 培训人; the enterprise's safety
    manager signs as 录入人 (the recorder, or a colleague when a legacy entry had no
    signature). Nobody signs twice in one capacity."""
    signed = set(
        Signature.objects.for_object(session).filter(signer=user).values_list("capacity", flat=True)
    )
    if session.trainer_id == user.pk and SignCapacity.TRAINER not in signed:
        return SignCapacity.TRAINER
    profile = getattr(user, "profile", None)
    recorder_signed = (
        Signature.objects.for_object(session).filter(capacity=SignCapacity.RECORDER).exists()
    )
    if (
        profile is not None
        and profile.role == Role.SAFETY_MANAGER
        and profile.enterprise_id == session.enterprise_id
        and profile.status != StaffStatus.LEFT
        and not recorder_signed
    ):
        return SignCapacity.RECORDER
    return None


def correct_entry(
    entry: HoursEntry, *, actor, hours: Decimal, on: dt.date, reason: str
) -> HoursEntry:
    """Replace ``entry`` by a new one (hours 0: it was wrong altogether), saying why.

    The old entry stays on record; the person's timeline shows who corrected what, when,
    old → new and why."""
    require_recorder(actor, entry.session.enterprise_id)
    reason = reason.strip()
    if not reason:
        raise LedgerError("请填写更正原因。")
    if hours < 0 or hours > 24:
        raise LedgerError("学时应在 0 到 24 之间（0 表示撤销这条记录）。")
    with transaction.atomic():
        StaffProfile.objects.select_for_update(of=("self",)).filter(pk=entry.staff_id).first()
        entry = (
            HoursEntry.objects.select_for_update(of=("self",))
            .select_related("staff__user", "session")
            .get(pk=entry.pk)
        )
        if HoursEntry.objects.filter(corrects=entry).exists():
            raise LedgerError("这条记录已被更正过，请更正最新的一条。")
        if hours == entry.hours and on == entry.on:
            raise LedgerError("学时和日期都没有变化，无需更正。")
        if hours > 0:
            off_post = (
                _off_post_since([entry.staff_id]) if entry.kind == TrainingKind.OFF_POST else {}
            )
            violations = check_entries(
                [LedgerEntry(on, TrainingKind(entry.kind), hours)],
                person=entry.staff.display_name,
                hire_date=entry.staff.hire_date,
                today=timezone.localdate(),
                existing=_hours_on_record([entry.staff_id], [on], exclude=entry.pk).get(
                    entry.staff_id, ()
                ),
                off_post_since=off_post.get(entry.staff_id),
                max_hours_per_day=max_hours_per_day(),
            )
            if violations:
                raise LedgerError([v.message for v in violations])
        correction = HoursEntry.objects.create(
            session=entry.session,
            staff=entry.staff,
            on=on,
            kind=entry.kind,
            hours=hours,
            corrects=entry,
            reason=reason,
            recorded_by=actor,
        )
        refresh_totals([entry.staff_id], [entry.on.year, on.year])
        old = f"{entry.on:%Y-%m-%d} {format_hours(entry.hours)} 学时"
        new = "撤销" if hours == 0 else f"{on:%Y-%m-%d} {format_hours(hours)} 学时"
        audit(
            AuditKind.TRAINING_RECORDED,
            staff=entry.staff,
            actor=actor,
            reason=f"更正《{entry.session.title}》学时：{old} → {new}。原因：{reason}",
            session_id=entry.session_id,
            corrects=entry.pk,
            correction=correction.pk,
            old_hours=str(entry.hours),
            new_hours=str(hours),
            old_on=entry.on.isoformat(),
            new_on=on.isoformat(),
        )
    return correction


def programme_hours(programme: TrainingProgramme) -> Decimal:
    """The off-post programme's hours done: its ledger entries that count."""
    total = counted_entries(HoursEntry.objects.filter(session__programme=programme)).aggregate(
        total=Sum("hours")
    )["total"]
    return total or Decimal(0)


def record_offpost_hours(
    programme: TrainingProgramme, *, actor, day: dt.date, content: str, hours: Decimal, trainer: str
) -> TrainingSession:
    """The off-post programme's form: one person, one day, as a 脱产培训 session.

    Unsigned (the legacy form asks no password): the session page then asks the safety
    manager to sign as 录入人."""
    data = SessionInput(
        kind=TrainingKind.OFF_POST,
        title=content,
        content=content,
        starts_on=day,
        hours_per_day=Decimal(str(hours)),
        trainer_name=trainer,
    )
    staff = programme.staff
    return record_session(
        staff.enterprise, data, [staff], actor=actor, password=None, programme=programme
    )
