"""The Wagtail admin speaks Chinese: our catalogs fill the gaps in Wagtail's zh_Hans ones.

``site/safetykb/locale`` translates every msgid that Wagtail's own zh_Hans catalogs leave
empty; ``safetykb.wagtail_translations`` finds those gaps, so a Wagtail upgrade that adds
strings fails here with the list to translate.
"""

from __future__ import annotations

import gettext
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupPagePermission, Page

from safetykb.wagtail_translations import (
    DOMAINS,
    Message,
    as_po,
    missing_msgids,
    parse_po,
    project_catalog,
)
from tests.factories import person

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
TAG = re.compile(r"<[^>]+>")


def entries(domain: str) -> list[Message]:
    return list(parse_po(project_catalog(domain)))


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_wagtail_msgid_is_left_untranslated(domain):
    missing = missing_msgids(domain, [project_catalog(domain)])
    assert not missing, (
        f"{len(missing)} Wagtail msgid(s) of the {domain} domain have no zh_Hans translation; "
        f"translate them in {project_catalog(domain)} and recompile:\n{as_po(missing)}"
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_placeholders_and_markup(domain):
    for message in entries(domain):
        # With one plural form, msgstr[0] serves every count, so it follows msgid_plural.
        source = message.msgid_plural or message.msgid
        for translated in message.msgstr:
            for pattern in (PLACEHOLDER, TAG):
                expected = sorted(pattern.findall(source))
                assert sorted(pattern.findall(translated)) == expected, message.msgid


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogs_match_their_sources(domain):
    """The committed .mo is what Django reads; CI machines may not have msgfmt."""
    source = project_catalog(domain)
    with source.with_suffix(".mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    assert catalog.plural(1) == catalog.plural(5) == 0
    for message in entries(domain):
        if message.msgid_plural is None:
            assert catalog.gettext(message.msgid) == message.msgstr[0]
        else:
            assert catalog.ngettext(message.msgid, message.msgid_plural, 3) == message.msgstr[0]


def test_representative_strings_translate():
    with translation.override("zh-hans"):
        new_label = translation.gettext("New: %(model_name)s") % {"model_name": "常态化考核计划"}
        assert new_label == "新建常态化考核计划"
        assert translation.gettext("Exploring") == "浏览"
        assert translation.gettext("Usage count: (high to low)") == "使用次数：（从高到低）"
        for count in (1, 3):
            deleted = translation.ngettext(
                "%(num_parent_objects)d page has been deleted",
                "%(num_parent_objects)d pages have been deleted",
                count,
            ) % {"num_parent_objects": count}
            assert deleted == f"已删除 {count} 个页面"


def test_project_catalog_outranks_every_app_catalog():
    """Generic msgids ("Never", "Compare", "Any") may be translated by other apps too."""
    with translation.override("zh-hans"):
        for message in entries("django"):
            if message.msgid_plural is None:
                got = translation.gettext(message.msgid)
            else:
                got = translation.ngettext(message.msgid, message.msgid_plural, 2)
            assert got == message.msgstr[0], message.msgid


@pytest.fixture
def editor(db):
    """A bureau editor with the demo's admin rights: assessments snippets, pages under root."""
    profile = person("编辑甲", editor=True)
    group, _ = Group.objects.get_or_create(name="编辑")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="assessments"),
    )
    page_type = ContentType.objects.get_for_model(Page)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(content_type=page_type, codename=codename),
        )
    group.user_set.add(profile.user)
    return profile


def test_snippet_add_view_and_page_explorer_are_in_chinese(client, editor):
    client.force_login(editor.user)

    add_view = client.get(reverse("wagtailsnippets_assessments_routineschedule:add"))
    assert add_view.status_code == 200
    html = add_view.content.decode()
    assert "New:" not in html
    assert "新建常态化考核计划" in html

    explorer = client.get(reverse("wagtailadmin_explore_root"))
    assert explorer.status_code == 200
    html = explorer.content.decode()
    assert "Exploring" not in html
    assert "Pages created here" not in html
    assert "在此创建的页面" in html
    # Wagtail's initial data is renamed by content/home/migrations/0002.
    assert ">Root<" not in html and "根目录" in html


@pytest.mark.django_db
def test_wagtails_initial_data_has_chinese_names():
    from wagtail.models import Task, Workflow

    assert Page.get_first_root_node().title == "根目录"
    names = set(Group.objects.values_list("name", flat=True))
    assert {"审核员", "页面编辑者"} <= names and not {"Moderators", "Editors"} & names
    assert set(Workflow.objects.values_list("name", flat=True)) == {"审核员审批"}
    assert set(Task.objects.values_list("name", flat=True)) == {"审核员审批"}


def test_javascript_catalog_serves_our_strings(client, editor):
    client.force_login(editor.user)
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    content = response.content.decode()
    # The catalog is JSON with non-ASCII escaped.
    assert json.dumps("插入块") in content
    assert json.dumps("（此菜单中有 %(number)s 个新项目）") in content
