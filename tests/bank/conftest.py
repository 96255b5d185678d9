"""A two-enterprise world for the bank admin: A and B share jurisdiction J1's bank.

Logins get their admin rights the way the demo gives them: enterprise managers through
``ensure_bank_manager_group()``, the editor through an editors' group.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts.models import Enterprise, Jurisdiction, StaffProfile
from assessments.demo import ensure_bank_manager_group
from assessments.models import Question
from tests.factories import QuestionFactory, person, two_jurisdictions

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


@dataclass
class Bank:
    j1: Jurisdiction
    j2: Jurisdiction
    a: Enterprise
    b: Enterprise
    manager_a: StaffProfile
    principal_a: StaffProfile
    manager_b: StaffProfile
    worker_a: StaffProfile
    regulator: StaffProfile
    editor: StaffProfile
    shared: Question  # J1's shared bank
    own_a: Question
    own_b: Question
    other_jurisdiction: Question  # J2's shared bank


def editor_group() -> Group:
    group, _ = Group.objects.get_or_create(name="编辑")
    types = ContentType.objects.filter(app_label__in=["assessments", "catalogue"])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__in=types),
    )
    return group


@pytest.fixture
def bank(db) -> Bank:
    places = two_jurisdictions()
    j1, j2, a, b = places.j1, places.j2, places.a, places.b
    people = {
        "manager_a": person("甲安全员", enterprise=a, safety_manager=True),
        "principal_a": person("甲负责人", enterprise=a, principal=True),
        "manager_b": person("乙安全员", enterprise=b, safety_manager=True),
        "worker_a": person("甲员工", enterprise=a),
        "regulator": person("甲区监管", regulator=True, jurisdiction=j1),
        "editor": person("编辑甲", editor=True),
    }
    managers = ensure_bank_manager_group()
    managers.user_set.add(
        people["manager_a"].user, people["principal_a"].user, people["manager_b"].user
    )
    editor_group().user_set.add(people["editor"].user)
    return Bank(
        j1=j1,
        j2=j2,
        a=a,
        b=b,
        **people,
        shared=QuestionFactory(jurisdiction=j1, stem="共享题：安全生产工作坚持什么方针？"),
        own_a=QuestionFactory(enterprise=a, stem="甲企业题：合成车间的主要危险是什么？"),
        own_b=QuestionFactory(enterprise=b, stem="乙企业题：原料药车间的主要危险是什么？"),
        other_jurisdiction=QuestionFactory(jurisdiction=j2, stem="乙区共享题：烟花爆竹仓库限量？"),
    )


def login(client, profile: StaffProfile):
    client.force_login(profile.user)
    return client


SEED_NOTICE = Path(__file__).resolve().parents[2] / "demo" / "files" / "seed-notice.docx"


@pytest.fixture
def seed_notice(db):
    """The work-points notice, imported and published: provisions for 依据 to resolve to."""
    from content.regulations.models import RegulationPage
    from importers.regulations import import_regulation_file
    from safetykb.demo.pages import ensure_page_tree

    ensure_page_tree()
    outcome = import_regulation_file(SEED_NOTICE.name, SEED_NOTICE.read_bytes(), publish=True)
    return RegulationPage.objects.get(pk=outcome.page_id)
