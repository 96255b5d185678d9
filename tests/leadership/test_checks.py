"""The leadership check against real records: measured items, who may start which kind,
scoring, signing and acknowledging (each signed and audit-logged), the .docx export,
and tenancy for every view and export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from accounts.vocab import Level
from assessments.models import AssessmentKind
from leadership import checks as services
from leadership.facts import measured_facts
from leadership.models import CheckKind, CheckStatus, LeadershipCheck
from leadership.scoring import NO_DATA, ItemStatus, Measure
from safetykb.models import AuditEvent, AuditKind
from safetykb.signatures.models import Signature
from tests.leadership.check_world import PASSWORD, build_world, exam, graded

YEAR = timezone.localdate().year
D = Decimal


@pytest.fixture
def world(db):
    return build_world()


def _reviewed_keys(check):
    return [item.key for item in services.rubric_items(check) if not item.sort.is_measured]


def _score_all(check, user, points="5"):
    services.save_scores(
        check,
        user=user,
        scores={key: (D(points), "访谈回答完整") for key in _reviewed_keys(check)},
    )


# --- measured items ---------------------------------------------------------------------


def test_pass_rates_off_post_and_own_score_from_hand_built_records(world):
    routine = exam(world.tj.a, title="常态化考核")
    graded(routine, world.op1, score=90)
    graded(routine, world.op2, score=50)
    graded(routine, world.op3, score=85)
    surprise = exam(world.tj.a, kind=AssessmentKind.SURPRISE, title="抽考")
    graded(surprise, world.op1, score=60)
    # Another enterprise's results never count.
    graded(exam(world.tj.b), world.other_deputy, score=10)
    own = exam(world.tj.a, levels=[Level.PRINCIPAL], title="主要负责人安全知识考核")
    graded(own, world.principal, score=72, total=80, pass_mark=60)

    facts = measured_facts(world.principal, YEAR, on=timezone.localdate())

    # The principal's own routine exam is a sitting of the enterprise's staff too.
    assert facts[Measure.ROUTINE_PASS_RATE].value == D(75)
    assert facts[Measure.ROUTINE_PASS_RATE].figure == "4 人次参考，3 人次合格"
    assert facts[Measure.SURPRISE_PASS_RATE].value == D(0)
    # 6 people on roll in A (principal, deputy, manager, three operators), one off post.
    assert facts[Measure.OFF_POST_SHARE].value == D("16.7")
    assert facts[Measure.OWN_TEST_SCORE].value == D(90)
    assert "72 / 80" in facts[Measure.OWN_TEST_SCORE].figure


def test_a_deputy_answers_for_their_department_only(world):
    routine = exam(world.tj.a)
    graded(routine, world.op1, score=90)
    graded(routine, world.op3, score=10)  # 储运岗, not in the deputy's workshop
    facts = measured_facts(world.deputy, YEAR, on=timezone.localdate())
    assert facts[Measure.ROUTINE_PASS_RATE].value == D(100)
    assert facts[Measure.ROUTINE_PASS_RATE].figure == "1 人次参考，1 人次合格"


def test_sources_without_records_say_no_data(world):
    facts = measured_facts(world.deputy, YEAR, on=timezone.localdate())
    assert facts[Measure.ROUTINE_PASS_RATE].value is None
    assert facts[Measure.OWN_TEST_SCORE].value is None
    for measure in (Measure.CERTIFICATE_GAP_SHARE, Measure.SHORT_OF_HOURS_SHARE):
        if facts[measure].value is None:
            assert NO_DATA in facts[measure].figure or "无" in facts[measure].figure
    check = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    card = services.scorecard_of(check)
    own = next(r for r in card.items if r.item.measure is Measure.OWN_TEST_SCORE)
    assert own.status is ItemStatus.NO_DATA and own.points is None
    assert card.no_data_points > 0


# --- who may start which check ----------------------------------------------------------


def test_each_kind_is_started_by_its_role_only(world):
    start = services.start_check
    assert start(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    assert start(
        world.principal, reviewer=world.regulator.user, kind=CheckKind.REGULATOR, year=YEAR
    )
    assert start(world.deputy, reviewer=world.manager.user, kind=CheckKind.SELF, year=YEAR)
    assert start(world.deputy, reviewer=world.deputy.user, kind=CheckKind.SELF, year=YEAR)
    refused = [
        (world.deputy, world.manager, CheckKind.PRINCIPAL_REVIEW, "主要负责人发起"),
        (world.principal, world.principal, CheckKind.PRINCIPAL_REVIEW, "不含主要负责人本人"),
        (world.other_deputy, world.principal, CheckKind.PRINCIPAL_REVIEW, "本企业主要负责人"),
        (world.deputy, world.regulator, CheckKind.REGULATOR, "主要负责人"),
        (world.principal, world.far_regulator, CheckKind.REGULATOR, "本辖区"),
        (world.principal, world.deputy, CheckKind.REGULATOR, "本辖区监管人员"),
        (world.deputy, world.op1, CheckKind.SELF, "企业自查"),
        (world.op1, world.principal, CheckKind.SELF, "不是企业领导人员"),
    ]
    for subject, reviewer, kind, why in refused:
        with pytest.raises(services.CheckRefused, match=why):
            start(subject, reviewer=reviewer.user, kind=kind, year=YEAR)
    assert AuditEvent.objects.filter(kind=AuditKind.CHECK_STARTED).count() == 4


def test_starting_twice_returns_the_open_check(world):
    first = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    again = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    assert again.pk == first.pk


# --- scoring, signing, acknowledging ------------------------------------------------------


def test_score_sign_acknowledge_each_signed_and_logged(world):
    check = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    with pytest.raises(ValidationError, match="尚未评分"):
        services.sign_check(check, user=world.principal.user, password=PASSWORD)
    with pytest.raises(services.CheckRefused, match="评估人签名后"):
        services.acknowledge_check(check, user=world.deputy.user, password=PASSWORD)
    with pytest.raises(services.CheckRefused, match="评估人"):
        _score_all(check, world.deputy.user)
    with pytest.raises(ValidationError, match="0 到 10"):
        services.save_scores(
            check, user=world.principal.user, scores={_reviewed_keys(check)[0]: (D(11), "多")}
        )
    with pytest.raises(ValidationError, match="评分说明"):
        services.save_scores(
            check, user=world.principal.user, scores={_reviewed_keys(check)[0]: (D(3), " ")}
        )
    _score_all(check, world.principal.user)
    with pytest.raises(ValidationError, match="密码"):
        services.sign_check(check, user=world.principal.user, password="wrong")
    services.sign_check(check, user=world.principal.user, password=PASSWORD)
    check.refresh_from_db()
    assert check.status == CheckStatus.SIGNED
    with pytest.raises(services.CheckRefused, match="不能再修改"):
        _score_all(check, world.principal.user, points="1")
    with pytest.raises(services.CheckRefused, match="本人"):
        services.acknowledge_check(check, user=world.principal.user, password=PASSWORD)
    services.acknowledge_check(check, user=world.deputy.user, password=PASSWORD)
    check.refresh_from_db()
    assert check.status == CheckStatus.ACKNOWLEDGED
    capacities = list(Signature.objects.for_object(check).values_list("capacity", "signer"))
    assert capacities == [("reviewer", world.principal.user.pk), ("reviewed", world.deputy.user.pk)]
    kinds = set(AuditEvent.objects.filter(staff=world.deputy).values_list("kind", flat=True))
    assert {
        AuditKind.CHECK_STARTED,
        AuditKind.CHECK_SCORED,
        AuditKind.CHECK_SIGNED,
        AuditKind.CHECK_ACKNOWLEDGED,
    } <= kinds
    latest = services.latest_scorecard(world.deputy)
    assert latest is not None and latest.check.pk == check.pk
    assert latest.card.complete


def test_evidence_only_by_the_person_checked_and_of_allowed_types(world):
    check = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    key = _reviewed_keys(check)[-1]
    pdf = SimpleUploadedFile("演练记录.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with pytest.raises(services.CheckRefused):
        services.add_evidence(check, user=world.principal.user, item_key=key, title="", upload=pdf)
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="文件类型不支持"):
        services.add_evidence(check, user=world.deputy.user, item_key=key, title="", upload=exe)
    doc = services.add_evidence(
        check, user=world.deputy.user, item_key=key, title="2026年演练记录", upload=pdf
    )
    assert "演练" not in doc.file.name  # stored under an unguessable name


# --- pages and export ---------------------------------------------------------------------


def _signed_check(world):
    check = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    _score_all(check, world.principal.user)
    services.sign_check(check, user=world.principal.user, password=PASSWORD)
    return check


def test_the_docx_export_opens_and_holds_the_scorecard(client, world):
    check = _signed_check(world)
    client.force_login(world.deputy.user)
    response = client.get(reverse("leadership:check_export", args=[check.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "甲副总" in text and "主要负责人评估" in text
    card = services.scorecard_of(check)
    assert f"总分：{format(card.points.normalize(), 'f')} / " in text
    for module in ("安全领导能力", "风险管控能力", "安全基本技能", "应急处置能力"):
        assert module in text
    assert "访谈回答完整" in cells and "无数据" in "".join(cells)
    assert "评估人：甲厂长" in text and "内容未改动" in text


def test_scoring_and_signing_through_the_pages(client, world):
    client.force_login(world.principal.user)
    response = client.post(
        reverse("leadership:check_start"),
        {"subject": world.deputy.pk, "kind": CheckKind.PRINCIPAL_REVIEW, "year": YEAR},
    )
    check = LeadershipCheck.objects.get()
    assert response.url == reverse("leadership:check_detail", args=[check.pk])
    keys = _reviewed_keys(check)
    bad = {f"points-{keys[0]}": "abc", f"note-{keys[0]}": "x"}
    response = client.post(reverse("leadership:check_scores", args=[check.pk]), bad)
    assert response.status_code == 400
    assert "得分应为数字" in response.content.decode()
    form = {f"points-{k}": "5" for k in keys} | {f"note-{k}": "现场回答清楚" for k in keys}
    client.post(reverse("leadership:check_scores", args=[check.pk]), form)
    page = client.get(reverse("leadership:check_detail", args=[check.pk])).content.decode()
    assert "签名提交" in page and "现场回答清楚" in page
    client.post(reverse("leadership:check_sign", args=[check.pk]), {"password": PASSWORD})
    check.refresh_from_db()
    assert check.status == CheckStatus.SIGNED
    # The regulator of the jurisdiction reads it, and may not sign for the deputy.
    client.force_login(world.regulator.user)
    assert client.get(reverse("leadership:check_detail", args=[check.pk])).status_code == 200
    response = client.post(
        reverse("leadership:check_acknowledge", args=[check.pk]), {"password": PASSWORD}
    )
    assert response.status_code == 403


def test_a_wrong_role_start_is_refused_with_the_reason(client, world):
    client.force_login(world.manager.user)
    response = client.post(
        reverse("leadership:check_start"),
        {"subject": world.deputy.pk, "kind": CheckKind.PRINCIPAL_REVIEW, "year": YEAR},
    )
    assert response.status_code == 403
    assert "主要负责人评估只能由本企业主要负责人发起" in response.content.decode()
    assert not LeadershipCheck.objects.exists()


def _urls(check, evidence_pk):
    get = [
        reverse("leadership:check_detail", args=[check.pk]),
        reverse("leadership:check_export", args=[check.pk]),
        reverse("leadership:evidence_download", args=[evidence_pk]),
    ]
    post = [
        reverse(name, args=[check.pk])
        for name in (
            "leadership:check_scores",
            "leadership:check_refresh",
            "leadership:check_sign",
            "leadership:check_acknowledge",
            "leadership:evidence_upload",
        )
    ]
    return get, post


def test_every_view_and_export_is_404_out_of_scope(client, world):
    check = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    evidence = services.add_evidence(
        check, user=world.deputy.user, item_key=_reviewed_keys(check)[0], title="材料", upload=pdf
    )
    get, post = _urls(check, evidence.pk)
    # Outsiders: another enterprise, another jurisdiction, a colleague who is not checked,
    # and the safety manager (principal reviews are not theirs to read).
    for outsider in (
        world.other_principal,
        world.other_deputy,
        world.far_regulator,
        world.op1,
        world.manager,
    ):
        client.force_login(outsider.user)
        for url in get:
            assert client.get(url).status_code == 404, (outsider, url)
        for url in post:
            assert client.post(url, {"password": PASSWORD}).status_code == 404, (outsider, url)
    # Starting a check of someone out of scope is a 404 as well.
    client.force_login(world.other_principal.user)
    response = client.post(
        reverse("leadership:check_start"),
        {"subject": world.deputy.pk, "kind": CheckKind.PRINCIPAL_REVIEW, "year": YEAR},
    )
    assert response.status_code == 404
    # In scope: the person checked, their principal and the jurisdiction's regulator.
    for insider in (world.deputy, world.principal, world.regulator):
        client.force_login(insider.user)
        for url in get:
            assert client.get(url).status_code == 200, (insider, url)


def test_the_list_shows_only_checks_in_scope(client, world):
    mine = services.start_check(
        world.deputy, reviewer=world.principal.user, kind=CheckKind.PRINCIPAL_REVIEW, year=YEAR
    )
    theirs = services.start_check(
        world.other_deputy,
        reviewer=world.other_principal.user,
        kind=CheckKind.PRINCIPAL_REVIEW,
        year=YEAR,
    )
    client.force_login(world.deputy.user)
    page = client.get(reverse("leadership:check_list")).content.decode()
    detail = reverse("leadership:check_detail", args=[mine.pk])
    assert detail in page
    assert reverse("leadership:check_detail", args=[theirs.pk]) not in page
    client.force_login(world.op1.user)
    page = client.get(reverse("leadership:check_list")).content.decode()
    assert detail not in page


def test_the_demo_has_a_self_check_a_deputy_review_and_a_weak_principal(db):
    from accounts.demo import load_demo_people
    from safetykb.demo.leadership import load_demo_leadership
    from safetykb.demo.leadership_checks import load_demo_checks

    load_demo_people()
    load_demo_leadership()
    lines = load_demo_checks()
    assert load_demo_checks() == ["安全领导力评估演示数据已存在，跳过"]
    demo = LeadershipCheck.objects.filter(enterprise__name__contains="晋恒")
    assert {c.kind for c in demo} == {
        CheckKind.SELF,
        CheckKind.PRINCIPAL_REVIEW,
        CheckKind.REGULATOR,
    }
    review = demo.get(kind=CheckKind.PRINCIPAL_REVIEW)
    assert review.subject.level == Level.DEPUTY_PRINCIPAL and review.status == CheckStatus.SIGNED
    assert demo.get(kind=CheckKind.SELF).status == CheckStatus.ACKNOWLEDGED
    principal = demo.get(kind=CheckKind.REGULATOR).subject
    latest = services.latest_scorecard(principal)
    assert latest.check.kind == CheckKind.REGULATOR
    # Its weak modules follow the demo's records too; the reviewer's marks make 应急处置 one.
    assert "应急处置能力" in [m.module.label for m in latest.card.weak_modules]
    assert "应急处置能力" in lines[0]
    self_card = services.scorecard_of(demo.get(kind=CheckKind.SELF))
    assert "应急处置能力" not in [m.module.label for m in self_card.weak_modules]
