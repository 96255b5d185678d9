"""Action plans and problems: drawing up and approving a plan, recording a visit, and a
problem's signed life (found → closed → confirmed), nothing skippable, wrong role refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from leadership import action_plans as plans
from leadership.models import ActivityKind, Period, PlanStatus, ProblemStatus, StepKind
from leadership.selectors import (
    leaders_of,
    open_problems,
    plan_completion,
    problems_closed_on_time_share,
)
from leadership.signed_steps import LeadershipError, NotAllowed
from safetykb.models import AuditEvent, AuditKind, Signature
from tests.factories import TEST_PASSWORD
from tests.leadership.world import build_world

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2026


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(YEAR, month, day, hour, tzinfo=SHANGHAI)


def photo(name: str = "现场.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0fake-jpeg", content_type="image/jpeg")


@pytest.fixture
def world():
    return build_world(YEAR)


@pytest.fixture
def deputy_plan(world):
    plan = plans.open_plan(world.deputy, YEAR, actor=world.deputy.user)
    plans.add_item(
        plan,
        actor=world.deputy.user,
        kind=ActivityKind.SITE_CHECK,
        times=2,
        period=Period.MONTH,
        hazard_source=world.source,
    )
    plans.add_item(
        plan,
        actor=world.deputy.user,
        kind=ActivityKind.SAFETY_LESSON,
        times=1,
        period=Period.QUARTER,
    )
    return plan


def visit(world, plan, *, when=None, problems=(), item=None):
    return plans.record_activity(
        plan,
        actor=world.deputy.user,
        occurred_at=when or at(3, 5),
        kind=ActivityKind.SITE_CHECK,
        item=item if item is not None else plan.items.first(),
        checked="液氨罐区巡检：压力、液位、气体检测报警仪",
        problems=list(problems),
        now=at(12, 31),
    )


def found(world, deadline=dt.date(YEAR, 3, 20)):
    return plans.ProblemInput(
        description="2 号罐区可燃气体报警仪未按期标定",
        action="联系有资质单位标定并更新标签",
        owner=world.operator,
        deadline=deadline,
    )


def test_leaders_are_derived_from_level_and_assignments(world) -> None:
    assert set(leaders_of(world.a)) == {world.principal, world.deputy, world.contact}
    with pytest.raises(LeadershipError, match="不是企业领导、联系人或包保责任人"):
        plans.open_plan(world.operator, YEAR, actor=world.operator.user)


def test_principal_approves_a_submitted_plan_with_a_signature(world, deputy_plan) -> None:
    with pytest.raises(LeadershipError, match="只有已提交的计划可以审批"):
        plans.approve_plan(deputy_plan, user=world.principal.user, password=TEST_PASSWORD)
    submitted = plans.submit_plan(deputy_plan, actor=world.deputy.user)
    with pytest.raises(NotAllowed):
        plans.approve_plan(submitted, user=world.deputy.user, password=TEST_PASSWORD)
    with pytest.raises(NotAllowed):
        plans.approve_plan(submitted, user=world.other_principal.user, password=TEST_PASSWORD)
    with pytest.raises(LeadershipError, match="密码不正确"):
        plans.approve_plan(submitted, user=world.principal.user, password="wrong")
    plan = plans.approve_plan(submitted, user=world.principal.user, password=TEST_PASSWORD)
    assert plan.status == PlanStatus.APPROVED
    assert Signature.objects.for_object(plan).get().signer == world.principal.user
    assert AuditEvent.objects.filter(kind=AuditKind.PLAN_APPROVED, staff=world.deputy).exists()
    with pytest.raises(LeadershipError, match="不能再修改事项"):
        plans.add_item(
            plan, actor=world.deputy.user, kind=ActivityKind.DRILL, times=1, period=Period.YEAR
        )


def test_completion_per_month_counts_planned_activities(world, deputy_plan) -> None:
    visit(world, deputy_plan, when=at(3, 5))
    visit(world, deputy_plan, when=at(3, 18))
    visit(world, deputy_plan, when=at(3, 25))  # a third visit in March: credited up to 2
    visit(world, deputy_plan, when=at(4, 2))
    march = plan_completion(world.deputy, YEAR, 3)
    # site checks 2 of 2, lessons 0 of 1/3 quarter → 2 / 2.3333
    assert [(done.done, done.target) for _, done in march.items] == [
        (3, Decimal(2)),
        (0, Decimal("0.3333")),
    ]
    assert march.share == Decimal("0.8572")  # 2 of 2.3333
    april = plan_completion(world.deputy, YEAR, 4)
    assert april.items[0][1].done == 1 and april.items[0][1].behind


def test_a_problem_goes_found_closed_confirmed_each_signed(world, deputy_plan) -> None:
    activity = visit(world, deputy_plan, problems=[found(world)])
    problem = activity.problems.get()
    assert problem.status == ProblemStatus.OPEN and problem.found_by == world.deputy
    assert list(open_problems(world.a)) == [problem]

    # Nothing skippable: the finder cannot confirm an open problem.
    with pytest.raises(LeadershipError, match="不能办理“确认销号”"):
        plans.take_step(
            problem, StepKind.CONFIRMED, user=world.deputy.user, password=TEST_PASSWORD, note="好"
        )
    # Wrong role: the principal cannot close it for the owner, nor the owner confirm it.
    with pytest.raises(NotAllowed, match="整改责任人"):
        plans.take_step(
            problem,
            StepKind.CLOSED,
            user=world.principal.user,
            password=TEST_PASSWORD,
            note="已标定",
            evidence=photo(),
        )
    with pytest.raises(LeadershipError, match="须上传整改证据"):
        plans.take_step(
            problem,
            StepKind.CLOSED,
            user=world.operator.user,
            password=TEST_PASSWORD,
            note="已标定",
        )

    plans.take_step(
        problem,
        StepKind.CLOSED,
        user=world.operator.user,
        password=TEST_PASSWORD,
        note="已由检测公司标定",
        evidence=photo("标定证书.jpg"),
        now=at(3, 15),
    )
    assert problem.status == ProblemStatus.CLOSED
    with pytest.raises(NotAllowed, match="发现问题的检查人"):
        plans.take_step(
            problem, StepKind.CONFIRMED, user=world.operator.user, password=TEST_PASSWORD, note="好"
        )
    plans.take_step(
        problem, StepKind.CONFIRMED, user=world.deputy.user, password=TEST_PASSWORD, note="现场核实"
    )
    assert problem.status == ProblemStatus.CONFIRMED
    assert not open_problems(world.a).exists()

    steps = list(problem.steps.order_by("pk"))
    assert [s.kind for s in steps] == [StepKind.CLOSED, StepKind.CONFIRMED]
    signers = [Signature.objects.for_object(s).get() for s in steps]
    assert [(s.signer, s.capacity) for s in signers] == [
        (world.operator.user, "rectifier"),
        (world.deputy.user, "checker"),
    ]
    kinds = list(
        AuditEvent.objects.filter(data__problem_id=problem.pk).values_list(
            "kind", "from_status", "to_status"
        )
    )
    assert kinds == [
        (AuditKind.PROBLEM_FOUND, "", "open"),
        (AuditKind.PROBLEM_CLOSED, "open", "closed"),
        (AuditKind.PROBLEM_CONFIRMED, "closed", "confirmed"),
    ]
    assert problems_closed_on_time_share(world.deputy, YEAR, on=dt.date(YEAR, 6, 1)) == 1


def test_a_returned_problem_must_be_closed_again(world, deputy_plan) -> None:
    problem = visit(world, deputy_plan, problems=[found(world)]).problems.get()
    plans.take_step(
        problem,
        StepKind.CLOSED,
        user=world.operator.user,
        password=TEST_PASSWORD,
        note="已处理",
        evidence=photo(),
        now=at(3, 10),
    )
    plans.take_step(
        problem,
        StepKind.RETURNED,
        user=world.deputy.user,
        password=TEST_PASSWORD,
        note="标签未更新",
    )
    assert problem.status == ProblemStatus.OPEN and problem.closed_at is None
    plans.take_step(
        problem,
        StepKind.CLOSED,
        user=world.operator.user,
        password=TEST_PASSWORD,
        note="标签已更新",
        evidence=photo(),
        now=at(3, 25),
    )
    assert problem.steps.filter(kind=StepKind.CLOSED).count() == 2
    # Closed again after the 20 March deadline: late.
    assert problems_closed_on_time_share(world.deputy, YEAR, on=dt.date(YEAR, 6, 1)) == 0


def test_recording_refuses_bad_input_by_name(world, deputy_plan) -> None:
    with pytest.raises(LeadershipError, match="问题 1 的整改期限不能早于检查日期"):
        visit(world, deputy_plan, problems=[found(world, deadline=dt.date(YEAR, 3, 1))])
    with pytest.raises(NotAllowed, match="只能由本人登记"):
        plans.record_activity(
            deputy_plan,
            actor=world.principal.user,
            occurred_at=at(3, 5),
            kind=ActivityKind.SITE_CHECK,
            checked="x",
            now=at(12, 31),
        )
    outsider = found(world)
    outsider = plans.ProblemInput(
        outsider.description, outsider.action, world.other_principal, outsider.deadline
    )
    with pytest.raises(LeadershipError, match="不是本企业的在职人员"):
        visit(world, deputy_plan, problems=[outsider])


# --- views and tenancy -----------------------------------------------------------------


def client_for(staff) -> Client:
    client = Client()
    client.force_login(staff.user)
    return client


def test_deputy_records_a_visit_on_the_form_and_the_principal_sees_it(world, deputy_plan) -> None:
    deputy = client_for(world.deputy)
    url = reverse("leadership:record", args=[deputy_plan.pk])
    assert deputy.get(url).status_code == 200
    response = deputy.post(
        url,
        {
            "item": deputy_plan.items.first().pk,
            "occurred_at": "2026-03-05T09:30",
            "checked": "罐区巡检",
            "p1-description": "防火堤排水阀常开",
            "p1-action": "关闭并挂牌",
            "p1-owner": world.operator.pk,
            "p1-deadline": "2026-03-08",
            "photos": [photo()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    principal = client_for(world.principal)
    page = principal.get(reverse("leadership:leader", args=[world.deputy.pk]) + "?year=2026")
    assert "防火堤排水阀常开" in page.content.decode()
    own = principal.get(reverse("leadership:leader", args=[world.principal.pk]) + "?year=2026")
    assert f'data-leader="{world.deputy.pk}"' in own.content.decode()


def test_a_blank_problem_field_is_named(world, deputy_plan) -> None:
    response = client_for(world.deputy).post(
        reverse("leadership:record", args=[deputy_plan.pk]),
        {
            "item": deputy_plan.items.first().pk,
            "occurred_at": "2026-03-05T09:30",
            "checked": "巡检",
            "p1-description": "阀门泄漏",
        },
    )
    assert response.status_code == 400
    assert "请填写整改措施" in response.content.decode()


def test_wrong_person_on_a_step_gets_403_and_nothing_changes(world, deputy_plan) -> None:
    problem = visit(world, deputy_plan, problems=[found(world)]).problems.get()
    response = client_for(world.principal).post(
        reverse("leadership:problem_step", args=[problem.pk, "closed"]),
        {"note": "已整改", "password": TEST_PASSWORD, "evidence": photo()},
    )
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_every_view_is_a_404_out_of_scope(world, deputy_plan) -> None:
    activity = visit(world, deputy_plan, problems=[found(world)])
    problem = activity.problems.get()
    item = deputy_plan.items.first()
    gets = [
        reverse("leadership:leader", args=[world.deputy.pk]),
        reverse("leadership:activity", args=[activity.pk]),
        reverse("leadership:problem", args=[problem.pk]),
    ]
    record = reverse("leadership:record", args=[deputy_plan.pk])
    posts = [
        reverse("leadership:open_plan", args=[world.deputy.pk]),
        reverse("leadership:add_item", args=[deputy_plan.pk]),
        reverse("leadership:remove_item", args=[item.pk]),
        reverse("leadership:submit_plan", args=[deputy_plan.pk]),
        reverse("leadership:problem_step", args=[problem.pk, "closed"]),
    ]
    for outsider in (world.other_principal, world.far_regulator, world.contact, world.manager):
        client = client_for(outsider)
        for url in gets:
            assert client.get(url).status_code == 404, (outsider, url)
        for url in posts:
            expected = 403 if outsider is world.far_regulator else 404  # regulators never write
            assert client.post(url).status_code == expected, (outsider, url)
        assert client.get(record).status_code == expected, outsider
    approve = reverse("leadership:approve_plan", args=[deputy_plan.pk])
    assert client_for(world.other_principal).post(approve).status_code == 404
    # In scope: the regulator reads, the owner sees the problem they must fix.
    regulator = client_for(world.regulator)
    for url in gets:
        assert regulator.get(url).status_code == 200, url
    assert client_for(world.operator).get(gets[2]).status_code == 200
    assert regulator.post(posts[1]).status_code == 403  # read-only


def test_the_principals_roll_up_costs_the_same_for_more_leaders(world, deputy_plan) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leadership.models import KeyPlace, PlaceKind
    from tests.factories import person

    def queries() -> int:
        client = client_for(world.principal)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("leadership:leader", args=[world.principal.pk]))
        assert response.status_code == 200
        return len(captured)

    visit(world, deputy_plan, problems=[found(world)])
    before = queries()
    for n in range(3):
        contact = person(f"新联系人{n}", enterprise=world.a)
        KeyPlace.objects.create(
            enterprise=world.a, kind=PlaceKind.KEY_AREA, name=f"部位{n}", contact=contact
        )
        plan = plans.open_plan(contact, YEAR, actor=contact.user)
        plans.add_item(
            plan, actor=contact.user, kind=ActivityKind.DRILL, times=1, period=Period.YEAR
        )
    assert queries() == before
