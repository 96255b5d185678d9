"""Surprise assessments (sampled, reproducible, logged) and routine rounds (enrol everyone)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from assessments.exams.services.errors import AssessmentError
from assessments.exams.services.launching import (
    create_routine_round,
    launch_surprise,
    period_start,
    prepare_surprise,
)
from assessments.models import Assessment, RoutineSchedule
from safetykb.models import AuditEvent, AuditKind
from tests.factories import EnterpriseFactory, JurisdictionFactory, StaffProfileFactory

from .builders import make_blueprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(enterprise):
    posts = ["合成岗"] * 10 + ["储运岗"] * 6 + ["中控岗"] * 4
    return [StaffProfileFactory(enterprise=enterprise, post=post) for post in posts]


def test_a_prepared_surprise_is_invisible_until_launched(enterprise, staff, safety_manager):
    blueprint = make_blueprint(enterprise.jurisdiction)
    surprise = prepare_surprise(
        blueprint=blueprint, enterprise=enterprise, actor=safety_manager.user, title="抽考", count=5
    )
    assert not surprise.is_launched and surprise.assignments.count() == 0


def test_launch_samples_by_post_reproducibly_and_is_logged(enterprise, staff, safety_manager):
    blueprint = make_blueprint(enterprise.jurisdiction)

    def launch(seed):
        surprise = prepare_surprise(
            blueprint=blueprint,
            enterprise=enterprise,
            actor=safety_manager.user,
            title="抽考",
            percent=50,
            window_minutes=30,
        )
        return surprise, launch_surprise(
            surprise, actor=safety_manager.user, reason="节前抽考", seed=seed
        )

    surprise, chosen = launch(1234)
    _, again = launch(1234)
    assert chosen == again  # same seed, same people
    people_posts = {s.pk: s.post for s in staff}
    by_post = {
        post: sum(people_posts.get(pk) == post for pk in chosen)
        for post in ("合成岗", "储运岗", "中控岗")
    }
    # 21 people (the safety manager, also 合成岗, is in the pool): 50 % rounds up to 11,
    # split in proportion 11 : 6 : 4 with the largest remainder going to 合成岗.
    assert by_post == {"合成岗": 6, "储运岗": 3, "中控岗": 2}
    surprise.refresh_from_db()
    assert surprise.is_launched and surprise.sample_seed == 1234
    assert (surprise.closes_at - surprise.opens_at).total_seconds() == 30 * 60
    event = AuditEvent.objects.filter(kind=AuditKind.SURPRISE_LAUNCHED).first()
    assert event.actor == safety_manager.user and event.reason == "节前抽考"
    assert sorted(event.data["sampled_staff_ids"]) == sorted(chosen)
    with pytest.raises(AssessmentError, match="已经发起"):
        launch_surprise(surprise, actor=safety_manager.user, reason="再来")


def test_regulators_launch_only_within_their_jurisdiction(enterprise, staff, regulator):
    blueprint = make_blueprint(enterprise.jurisdiction)
    surprise = prepare_surprise(
        blueprint=blueprint, enterprise=enterprise, actor=regulator.user, title="执法抽考", count=3
    )
    assert len(launch_surprise(surprise, actor=regulator.user, reason="执法检查")) == 3
    outsider = StaffProfileFactory(regulator=True, jurisdiction=JurisdictionFactory())
    with pytest.raises(AssessmentError, match="无权"):
        prepare_surprise(
            blueprint=blueprint, enterprise=enterprise, actor=outsider.user, title="x", count=3
        )


def test_workers_and_other_enterprises_cannot_launch(enterprise, staff, worker):
    blueprint = make_blueprint(enterprise.jurisdiction)
    other_manager = StaffProfileFactory(enterprise=EnterpriseFactory(), safety_manager=True)
    for actor in (worker.user, other_manager.user):
        with pytest.raises(AssessmentError, match="无权"):
            prepare_surprise(
                blueprint=blueprint, enterprise=enterprise, actor=actor, title="x", count=3
            )


def test_sampling_more_people_than_exist_is_refused(enterprise, staff, safety_manager):
    blueprint = make_blueprint(enterprise.jurisdiction)
    surprise = prepare_surprise(
        blueprint=blueprint,
        enterprise=enterprise,
        actor=safety_manager.user,
        title="抽考",
        count=500,
    )
    with pytest.raises(AssessmentError, match="无法抽样"):
        launch_surprise(surprise, actor=safety_manager.user, reason="x")
    surprise.refresh_from_db()
    assert not surprise.is_launched and surprise.assignments.count() == 0


def test_routine_round_enrols_matching_staff_once_per_period_and_new_hires_join(
    enterprise, staff, django_capture_on_commit_callbacks
):
    blueprint = make_blueprint(enterprise.jurisdiction, levels=["operator"])
    StaffProfileFactory(enterprise=enterprise, level="team_leader")  # not matched
    schedule = RoutineSchedule.objects.create(
        blueprint=blueprint, enterprise=enterprise, frequency="monthly"
    )
    round_ = create_routine_round(schedule)
    assert round_.assignments.count() == len(staff)
    assert create_routine_round(schedule) is None
    with django_capture_on_commit_callbacks(execute=True):  # enrolled once committed
        newcomer = StaffProfileFactory(enterprise=enterprise, level="operator")
    assert round_.assignments.filter(staff=newcomer).exists()
    assert Assessment.objects.filter(schedule=schedule).count() == 1


def test_period_start_is_calendar_aligned_in_shanghai():
    tz = ZoneInfo("Asia/Shanghai")
    moment = datetime(2024, 8, 15, 10, 0, tzinfo=tz)
    assert period_start(moment, "monthly") == datetime(2024, 8, 1, tzinfo=tz)
    assert period_start(moment, "quarterly") == datetime(2024, 7, 1, tzinfo=tz)
    assert period_start(moment, "yearly") == datetime(2024, 1, 1, tzinfo=tz)
