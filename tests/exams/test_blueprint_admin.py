"""The 考试方案 admin: creating and editing blueprints, scoping, validation, frozen papers.

World (``tests.exams.conftest``): J1 holds enterprises A and B and a shared bank of 4 单选,
2 多选, 2 判断, 2 填空; ``blueprint_1`` is J1's shared blueprint, used by A's and B's
routine rounds; J2 has its own bank and ``blueprint_2``. Admin rights come through groups,
as in the demo: editors every assessments permission, enterprise managers the blueprint ones.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.vocab import Level
from assessments.bank.services import save_question
from assessments.bank.wagtail_admin.permissions import can_manage_bank, can_see_bank
from assessments.exams.blueprint_scoping import manageable_blueprints, visible_blueprints
from assessments.exams.services.papers import start_attempt
from assessments.models import Assignment, AttemptSlot, ExamBlueprint, Question, QuestionType
from tests.exams.builders import make_blueprint, make_question
from tests.exams.conftest import login
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

SINGLE, MULTIPLE, TRUE_FALSE = QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE


def url(view: str, *args) -> str:
    return reverse(f"wagtailsnippets_assessments_examblueprint:{view}", args=args)


def chooser_url(view: str, *args) -> str:
    return reverse(f"wagtailsnippetchoosers_assessments_examblueprint:{view}", args=args)


@pytest.fixture
def admins(world):
    """Editor and enterprise managers get admin rights; returns A's own blueprint."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editors, _ = Group.objects.get_or_create(name="编辑")
    editors.permissions.add(
        access, *Permission.objects.filter(content_type__app_label="assessments")
    )
    editors.user_set.add(world.editor.user)
    managers, _ = Group.objects.get_or_create(name="企业题库管理员")
    managers.permissions.add(
        access,
        *Permission.objects.filter(
            content_type__in=ContentType.objects.get_for_models(ExamBlueprint, Question).values()
        ),
    )
    managers.user_set.add(
        world.safety_manager_a.user, world.principal_a.user, world.safety_manager_b.user
    )
    # Both worlds' blueprints share a default name; tell them apart in listings.
    ExamBlueprint.objects.filter(pk=world.blueprint_2.pk).update(name="乙区通用考试")
    world.blueprint_2.name = "乙区通用考试"
    return make_blueprint(world.j1, {SINGLE: 2}, enterprise=world.a, name="甲企业合成岗考试")


def rules_data(*rules: dict, initial=()) -> dict:
    """The inline rules formset as the browser posts it; ``initial`` (saved) rows come first."""
    rows = [
        {"id": rule.pk, "count": rule.count, "type": rule.type, "topics": "、".join(rule.topics)}
        for rule in initial
    ]
    rows += list(rules)
    data = {
        "rules-TOTAL_FORMS": str(len(rows)),
        "rules-INITIAL_FORMS": str(len(initial)),
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        row = {"ORDER": index + 1, "difficulty": "", "topics": "", "points_each": "", **row}
        data |= {f"rules-{index}-{key}": value for key, value in row.items()}
    return data


def blueprint_post(*rules: dict, initial=(), no_rules: bool = False, **changes) -> dict:
    """The editor's fields; without rules (or saved ones) a single rule of 2 单选."""
    data = {
        "name": "班组长季度考试",
        "levels": [],
        "posts": "",
        "required_topics": "",
        "use_shared_bank": "on",
        "time_limit_minutes": "30",
        "total_points": "100",
        "pass_mark": "80",
        "attempts_allowed": "1",
        "shuffle_questions": "on",
        "shuffle_options": "on",
        "multiple_scoring": "all_or_nothing",
        "review_policy": "after_submit",
    }
    if not (rules or initial or no_rules):
        rules = ({"count": 2, "type": SINGLE},)
    data |= rules_data(*rules, initial=list(initial))
    data |= changes
    return {key: value for key, value in data.items() if value is not None}


def page(response) -> str:
    return response.content.decode()


# --- creating ----------------------------------------------------------------------------


def test_editor_creates_a_jurisdiction_blueprint_with_its_rules(client, world, admins):
    login(client, world.editor)
    response = client.post(
        url("add"),
        blueprint_post(
            {"count": 3, "type": SINGLE, "difficulty": ""},
            {"count": 1, "type": MULTIPLE},
            {"count": 2, "type": TRUE_FALSE},
            jurisdiction=world.j1.pk,
            enterprise="",
            levels=[Level.TEAM_LEADER],
            posts="合成岗、储运岗",
        ),
    )
    assert response.status_code == 302, page(response)
    blueprint = ExamBlueprint.objects.get(name="班组长季度考试")
    assert (blueprint.jurisdiction, blueprint.enterprise) == (world.j1, None)
    assert blueprint.levels == [Level.TEAM_LEADER] and blueprint.posts == ["合成岗", "储运岗"]
    assert blueprint.created_by == world.editor.user
    assert [(r.count, r.type, r.sort_order) for r in blueprint.rules.all()] == [
        (3, SINGLE, 0),
        (1, MULTIPLE, 1),
        (2, TRUE_FALSE, 2),
    ]


def test_safety_manager_creates_a_blueprint_for_their_own_enterprise(client, world, admins):
    login(client, world.safety_manager_a)
    form = page(client.get(url("add")))
    assert 'name="enterprise"' not in form and 'name="jurisdiction"' not in form
    department = DepartmentFactory(enterprise=world.a, name="储运二班")
    response = client.post(
        url("add"),
        # The owner fields are not on the form: a forged enterprise is ignored.
        blueprint_post(
            enterprise=world.b.pk, jurisdiction=world.j2.pk, departments=[department.pk]
        ),
    )
    assert response.status_code == 302, page(response)
    blueprint = ExamBlueprint.objects.get(name="班组长季度考试")
    assert (blueprint.jurisdiction, blueprint.enterprise) == (world.j1, world.a)
    assert list(blueprint.departments.all()) == [department]


def test_safety_manager_cannot_name_another_enterprises_department(client, world, admins):
    login(client, world.safety_manager_a)
    elsewhere = DepartmentFactory(enterprise=world.b, name="乙车间")
    assert "乙车间" not in page(client.get(url("add")))
    response = client.post(url("add"), blueprint_post(departments=[elsewhere.pk]))
    assert response.status_code == 200
    assert not ExamBlueprint.objects.filter(name="班组长季度考试").exists()


def test_rules_are_saved_in_the_order_the_editor_arranged_them(client, world, admins):
    login(client, world.editor)
    data = blueprint_post(
        {"count": 1, "type": MULTIPLE, "ORDER": 3},
        {"count": 2, "type": SINGLE, "ORDER": 1},
        {"count": 1, "type": TRUE_FALSE, "ORDER": 2},
        jurisdiction=world.j1.pk,
    )
    assert client.post(url("add"), data).status_code == 302
    blueprint = ExamBlueprint.objects.get(name="班组长季度考试")
    assert [r.type for r in blueprint.rules.all()] == [SINGLE, TRUE_FALSE, MULTIPLE]
    inspect = page(client.get(url("inspect", blueprint.pk)))
    assert (
        inspect.index("1. 2 道单选题")
        < inspect.index("2. 1 道判断题")
        < inspect.index("3. 1 道多选题")
    )


def test_editing_replaces_reorders_and_deletes_rules(client, world, admins):
    blueprint = admins  # A's blueprint: one rule of 2 单选
    login(client, world.safety_manager_a)
    (old,) = blueprint.rules.all()
    data = blueprint_post(
        {"count": 1, "type": MULTIPLE, "ORDER": 1},
        initial=[old],
        name=blueprint.name,
        **{"rules-0-ORDER": "2", "rules-0-count": "3"},
    )
    assert client.post(url("edit", blueprint.pk), data).status_code == 302
    assert [(r.type, r.count) for r in blueprint.rules.all()] == [(MULTIPLE, 1), (SINGLE, 3)]

    rules = list(blueprint.rules.all())
    data = blueprint_post(initial=rules, name=blueprint.name, **{"rules-0-DELETE": "1"})
    assert client.post(url("edit", blueprint.pk), data).status_code == 302
    assert [(r.type, r.count) for r in blueprint.rules.all()] == [(SINGLE, 3)]


# --- validation ----------------------------------------------------------------------------


def post_invalid(client, data) -> str:
    before = ExamBlueprint.objects.count()
    response = client.post(url("add"), data)
    assert response.status_code == 200
    assert ExamBlueprint.objects.count() == before
    return page(response)


def test_a_rule_asking_for_more_than_the_bank_holds_names_the_rule_and_the_count(
    client, world, admins
):
    login(client, world.editor)
    html = post_invalid(
        client,
        blueprint_post(
            {"count": 1, "type": MULTIPLE},
            {"count": 10, "type": SINGLE},
            jurisdiction=world.j1.pk,
        ),
    )
    assert "第2条规则要求 10 道单选题，题库中符合条件的只有 4 道。" in html
    assert "第1条规则" not in html


def test_the_count_respects_difficulty_topics_and_the_audience(client, world, admins):
    for number, question in enumerate(Question.objects.filter(jurisdiction=world.j1, type=SINGLE)):
        question.levels = [Level.PRINCIPAL] if number < 3 else []
        question.topics = ["动火作业"] if number < 2 else []
        save_question(question, user=None)
    login(client, world.editor)
    html = post_invalid(
        client,
        blueprint_post(
            {"count": 2, "type": SINGLE},
            jurisdiction=world.j1.pk,
            levels=[Level.PRINCIPAL, Level.OPERATOR],
        ),
    )
    assert "第1条规则要求 2 道单选题，题库中适用于“操作人员”且符合条件的只有 1 道。" in html
    html = post_invalid(
        client,
        blueprint_post(
            {"count": 3, "type": SINGLE, "topics": "动火作业"}, jurisdiction=world.j1.pk
        ),
    )
    assert "第1条规则要求 3 道单选题（知识点“动火作业”），题库中符合条件的只有 2 道。" in html


def test_required_topics_the_bank_cannot_supply_are_refused(client, world, admins):
    question = Question.objects.filter(jurisdiction=world.j1, type=SINGLE).first()
    question.topics = ["动火作业"]
    save_question(question, user=None)
    login(client, world.editor)
    html = post_invalid(
        client,
        blueprint_post(jurisdiction=world.j1.pk, required_topics="动火作业、受限空间作业"),
    )
    assert "必考知识点“受限空间作业”在题库中没有本方案的抽题规则能抽到的题目" in html

    response = client.post(
        url("add"), blueprint_post(jurisdiction=world.j1.pk, required_topics="动火作业")
    )
    assert response.status_code == 302
    assert ExamBlueprint.objects.get(name="班组长季度考试").required_topics == ["动火作业"]


def test_overlapping_rules_that_cannot_be_filled_together_are_refused(client, world, admins):
    login(client, world.editor)
    # Each rule alone fits the 10-question bank (4 单选; any 8), but not both at once.
    html = post_invalid(
        client,
        blueprint_post(
            {"count": 3, "type": SINGLE}, {"count": 8, "type": ""}, jurisdiction=world.j1.pk
        ),
    )
    assert "第2条规则要求 8 道题，与其他规则共用题目后只能抽出 7 道" in html


def test_an_enterprise_blueprint_counts_its_own_bank_too(client, world, admins):
    for number in range(3):
        make_question(world.j1, enterprise=world.a, number=500 + number)
    login(client, world.safety_manager_a)
    response = client.post(url("add"), blueprint_post({"count": 7, "type": SINGLE}))
    assert response.status_code == 302, page(response)
    login(client, world.safety_manager_b)
    html = post_invalid(client, blueprint_post({"count": 7, "type": SINGLE}))
    assert "第1条规则要求 7 道单选题，题库中符合条件的只有 4 道。" in html


@pytest.mark.parametrize(
    ("pass_mark", "total", "message"),
    [
        ("120", "100", "及格分须在 1 到总分 100 之间，当前为 120。"),
        ("0", "100", "及格分须在 1 到总分 100 之间，当前为 0。"),
        ("0.5", "100", "及格分须在 1 到总分 100 之间，当前为 0.5。"),
        ("60", "50", "及格分须在 1 到总分 50 之间，当前为 60。"),
    ],
)
def test_pass_mark_must_lie_between_one_and_the_total(
    client, world, admins, pass_mark, total, message
):
    login(client, world.editor)
    data = blueprint_post(jurisdiction=world.j1.pk, pass_mark=pass_mark, total_points=total)
    assert message in post_invalid(client, data)


def test_a_blueprint_needs_at_least_one_rule(client, world, admins):
    login(client, world.editor)
    data = blueprint_post(jurisdiction=world.j1.pk, no_rules=True)
    assert "请至少添加一条抽题规则。" in post_invalid(client, data)


@pytest.mark.parametrize("minutes", ["0", "-5"])
def test_time_limit_must_be_positive(client, world, admins, minutes):
    login(client, world.editor)
    html = post_invalid(
        client, blueprint_post(jurisdiction=world.j1.pk, time_limit_minutes=minutes)
    )
    assert "考试时长须大于 0 分钟。" in html


def test_rule_count_and_points_messages(client, world, admins):
    login(client, world.editor)
    html = post_invalid(
        client, blueprint_post({"count": 0, "type": SINGLE}, jurisdiction=world.j1.pk)
    )
    assert "题数至少为 1。" in html
    html = post_invalid(
        client,
        blueprint_post(
            {"count": 2, "type": SINGLE, "points_each": "10"},
            {"count": 2, "type": MULTIPLE},
            jurisdiction=world.j1.pk,
        ),
    )
    assert "每题分值须在所有规则上都设置，或都不设置" in html


def test_a_jurisdiction_blueprint_must_draw_from_the_shared_bank(client, world, admins):
    login(client, world.editor)
    data = blueprint_post(jurisdiction=world.j1.pk, use_shared_bank=None)
    assert "辖区通用方案只能从辖区共享题库抽题" in post_invalid(client, data)


def test_enterprise_must_belong_to_the_jurisdiction(client, world, admins):
    login(client, world.editor)
    data = blueprint_post(jurisdiction=world.j2.pk, enterprise=world.a.pk)
    assert "“甲化工有限公司”不属于乙区应急管理局。" in post_invalid(client, data)


# --- what the screens show -------------------------------------------------------------------


def test_listing_shows_the_columns(client, world, admins):
    blueprint_1 = world.blueprint_1
    blueprint_1.levels = [Level.OPERATOR, Level.TEAM_LEADER]
    blueprint_1.save()
    login(client, world.editor)
    html = page(client.get(url("list")))
    for heading in ("名称", "归属", "适用层级", "题量", "总分 / 合格线", "时限"):
        assert f">{heading}" in html or heading in html, heading
    assert blueprint_1.name in html
    assert "操作人员、班组长" in html
    assert "5 题" in html and "100 / 80" in html and "30 分钟" in html
    assert "甲企业合成岗考试" in html and "2 题" in html and "辖区通用" in html


def test_listing_filters_by_level_and_owner(client, world, admins):
    blueprint_1 = world.blueprint_1
    blueprint_1.levels = [Level.TEAM_LEADER]
    blueprint_1.save()
    login(client, world.editor)
    html = page(client.get(url("list"), {"level": Level.OPERATOR}))
    assert blueprint_1.name not in html and "甲企业合成岗考试" in html  # no level = everyone
    html = page(client.get(url("list"), {"owner": "shared"}))
    assert blueprint_1.name in html and "甲企业合成岗考试" not in html
    html = page(client.get(url("list"), {"owner": str(world.a.pk)}))
    assert blueprint_1.name not in html and "甲企业合成岗考试" in html


def test_edit_form_shows_how_many_questions_each_rule_has(client, world, admins):
    login(client, world.editor)
    html = page(client.get(url("edit", world.blueprint_1.pk)))
    assert "题库可用题量" in html
    assert "2 道单选题" in html and "4 道" in html and "足够" in html
    for label in ("基本信息", "适用对象", "抽题规则", "作答与评阅设置"):
        assert label in html


# --- scoping -----------------------------------------------------------------------------------


def test_manager_lists_shared_and_own_blueprints_only(client, world, admins):
    own_b = make_blueprint(world.j1, {SINGLE: 1}, enterprise=world.b, name="乙企业专用考试")
    login(client, world.safety_manager_a)
    html = page(client.get(url("list")))
    assert world.blueprint_1.name in html and admins.name in html
    assert own_b.name not in html and world.blueprint_2.name not in html
    html = json.loads(client.get(chooser_url("choose")).content)["html"]
    assert admins.name in html and own_b.name not in html


def test_another_enterprises_blueprint_is_a_404_everywhere(client, world, admins):
    login(client, world.safety_manager_b)
    pk = admins.pk
    for view in ("edit", "inspect", "delete", "history", "usage"):
        assert client.get(url(view, pk)).status_code == 404, view
    assert client.get(chooser_url("chosen", pk)).status_code == 404
    assert client.post(url("edit", pk), blueprint_post(name="改掉")).status_code == 404
    assert client.post(url("delete", pk)).status_code == 404
    assert ExamBlueprint.objects.filter(pk=pk, name="甲企业合成岗考试").exists()
    # Another jurisdiction's shared blueprint too.
    assert client.get(url("inspect", world.blueprint_2.pk)).status_code == 404


def test_bulk_delete_refuses_ids_outside_the_scope(client, world, admins):
    spare = make_blueprint(world.j1, {SINGLE: 1}, enterprise=world.b, name="乙企业备用方案")
    login(client, world.safety_manager_a)
    bulk = reverse("wagtail_bulk_action", args=["assessments", "examblueprint", "delete"])
    assert client.get(f"{bulk}?id={spare.pk}").status_code == 404
    assert client.post(f"{bulk}?id={spare.pk}&id={admins.pk}").status_code == 404
    assert ExamBlueprint.objects.filter(pk__in=[spare.pk, admins.pk]).count() == 2
    deleted_pk = admins.pk
    client.post(f"{bulk}?id={admins.pk}")
    assert not ExamBlueprint.objects.filter(pk=deleted_pk).exists()
    # Logged like a single delete: who deleted which blueprint.
    (entry,) = ModelLogEntry.objects.filter(action="wagtail.delete")
    assert (entry.object_id, entry.user) == (str(deleted_pk), world.safety_manager_a.user)


def test_shared_blueprint_is_read_only_for_an_enterprise_manager(client, world, admins):
    login(client, world.safety_manager_a)
    pk = world.blueprint_1.pk
    inspect = url("inspect", pk)
    html = page(client.get(inspect))
    assert "2 道单选题" in html and url("edit", pk) not in html
    for method in (client.get, client.post):
        response = method(url("edit", pk))
        assert response.status_code == 302 and response["Location"] == inspect
    response = client.post(url("delete", pk))
    assert response.status_code == 302 and response["Location"] == inspect
    assert ExamBlueprint.objects.filter(pk=pk).exists()
    html = page(client.get(url("list")))
    assert url("edit", pk) not in html and url("edit", admins.pk) in html


def test_workers_never_reach_the_blueprint_admin(client, world, admins):
    login(client, world.worker_a)
    assert client.get(url("list")).status_code == 302  # no admin access: to the login page
    Group.objects.get(name="企业题库管理员").user_set.add(world.worker_a.user)
    for target in (url("list"), url("add"), url("edit", admins.pk), url("inspect", admins.pk)):
        response = client.get(target)
        assert response.status_code in (302, 404), target
        assert response.get("Location", "") != target
    client.post(url("add"), blueprint_post())
    assert not ExamBlueprint.objects.filter(name="班组长季度考试").exists()


def test_chooser_cannot_create_blueprints(client, world, admins):
    login(client, world.safety_manager_a)
    assert client.post(chooser_url("create"), blueprint_post()).status_code == 404


def test_used_blueprint_cannot_be_deleted_and_an_unused_one_can(client, world, admins):
    login(client, world.editor)
    response = client.post(url("delete", world.blueprint_1.pk))
    assert response.status_code == 302
    assert ExamBlueprint.objects.filter(pk=world.blueprint_1.pk).exists()
    login(client, world.safety_manager_a)
    assert client.post(url("delete", admins.pk)).status_code == 302
    assert not ExamBlueprint.objects.filter(pk=admins.pk).exists()


def test_scoping_querysets_agree_with_the_per_object_checks(world, admins):
    own_b = make_blueprint(world.j1, {SINGLE: 1}, enterprise=world.b, name="乙企业专用考试")
    blueprints = [world.blueprint_1, world.blueprint_2, admins, own_b]
    people = [
        world.safety_manager_a,
        world.principal_a,
        world.safety_manager_b,
        world.regulator_1,
        world.editor,
    ]
    for person in people:
        user = person.user
        visible = set(visible_blueprints(user))
        manageable = set(manageable_blueprints(user))
        for blueprint in blueprints:
            place = (blueprint.jurisdiction_id, blueprint.enterprise_id)
            assert (blueprint in visible) == can_see_bank(user, *place), (person, blueprint)
            assert (blueprint in manageable) == can_manage_bank(user, *place), (person, blueprint)


# --- papers already drawn ------------------------------------------------------------------------


def test_editing_a_blueprint_leaves_drawn_papers_unchanged(client, world, admins):
    blueprint = world.blueprint_1
    attempt = start_attempt(world.exam_a.assignments.get(staff=world.worker_a))
    frozen = list(
        AttemptSlot.objects.filter(attempt=attempt)
        .order_by("number")
        .values_list("number", "question_version_id", "option_order", "points")
    )
    login(client, world.editor)
    html = page(client.get(url("edit", blueprint.pk)))
    assert "已有 1 份试卷按本方案抽题" in html
    rules = list(blueprint.rules.all())
    data = blueprint_post(
        initial=rules,
        name=blueprint.name,
        jurisdiction=world.j1.pk,
        pass_mark="30",
        total_points="40",
        time_limit_minutes="10",
        shuffle_questions=None,
        **{"rules-1-DELETE": "1", "rules-0-count": "4"},
    )
    response = client.post(url("edit", blueprint.pk), data)
    assert response.status_code == 302, page(response)
    assert [(r.type, r.count) for r in blueprint.rules.all()] == [
        (SINGLE, 4),
        (TRUE_FALSE, 1),
        (QuestionType.FILL, 1),
    ]

    attempt.refresh_from_db()
    assert (attempt.pass_mark, attempt.total_points) == (Decimal(80), Decimal(100))
    assert (
        list(
            AttemptSlot.objects.filter(attempt=attempt)
            .order_by("number")
            .values_list("number", "question_version_id", "option_order", "points")
        )
        == frozen
    )
    # The same attempt resumes as it was; a new one follows the edited blueprint.
    assert start_attempt(world.exam_a.assignments.get(staff=world.worker_a)) == attempt
    fresh = start_attempt(Assignment.objects.get(assessment=world.exam_a, staff=world.colleague_a))
    assert fresh.slots.count() == 6 and fresh.pass_mark == Decimal(30)


def test_routine_schedules_choose_blueprints_with_the_scoped_chooser(client, world, admins):
    login(client, world.editor)
    html = page(client.get(reverse("wagtailsnippets_assessments_routineschedule:add")))
    assert chooser_url("choose") in html
