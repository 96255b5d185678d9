"""The glossary as snippets: seeded by migration, editable, feeding expansion and jieba."""

import pytest

from content.search.glossary import DEFAULT_GLOSSARY
from content.search.glossary_store import active_glossary, clear_glossary_cache, seed_glossary
from content.search.models import GlossaryTerm, split_terms
from content.search.segment import segment_for_index

pytestmark = pytest.mark.django_db


def test_migration_seeded_the_default_glossary() -> None:
    assert GlossaryTerm.objects.count() == len(DEFAULT_GLOSSARY)
    assert seed_glossary() == 0  # idempotent


def test_editors_terms_drive_expansion_and_segmentation() -> None:
    GlossaryTerm.objects.create(worker_terms="蛮干队、野路子", regulation_terms="无资质施工队伍")
    clear_glossary_cache()

    entries = active_glossary()

    assert any(e.worker_terms == ("蛮干队", "野路子") for e in entries)
    assert "无资质施工队伍" in segment_for_index("严禁无资质施工队伍进场").split()


def test_disabled_terms_are_ignored() -> None:
    GlossaryTerm.objects.update(enabled=False)
    clear_glossary_cache()

    assert active_glossary() == ()


def test_split_terms_accepts_the_usual_separators() -> None:
    assert split_terms("老板 厂长，老总、总经理;一把手 老板") == (
        "老板",
        "厂长",
        "老总",
        "总经理",
        "一把手",
    )


def _run_migration_0013() -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("content.search.migrations.0013_glossary_additions").seed(apps, None)
    clear_glossary_cache()


def test_an_upgraded_database_sends_the_volunteer_brigade_to_its_own_term() -> None:
    from content.search.glossary import expand_query

    # A database seeded before: one row sent 义务消防队 to the full-time brigade.
    GlossaryTerm.objects.filter(
        worker_terms__in=["消防员 消防队", "义务消防队 义务消防员"]
    ).delete()
    GlossaryTerm.objects.create(
        worker_terms="消防员 消防队 义务消防队", regulation_terms="专职消防队 消防队员"
    )

    _run_migration_0013()

    added = expand_query("企业能自己组建义务消防队吗", active_glossary()).added_terms
    assert "志愿消防队" in added
    assert "专职消防队" not in added
    assert GlossaryTerm.objects.count() == len(DEFAULT_GLOSSARY)


def test_the_upgrade_keeps_an_editors_own_version_of_the_old_entry() -> None:
    GlossaryTerm.objects.filter(worker_terms="消防员 消防队").delete()
    GlossaryTerm.objects.create(
        worker_terms="消防员 消防队 义务消防队", regulation_terms="专职消防队 微型消防站"
    )

    _run_migration_0013()

    assert GlossaryTerm.objects.filter(
        worker_terms="消防员 消防队 义务消防队", regulation_terms="专职消防队 微型消防站"
    ).exists()


def test_an_upgraded_database_stops_expanding_short_terms_inside_longer_words() -> None:
    import importlib

    from django.apps import apps

    from content.search.glossary import expand_query

    # As shipped before: 体检 had no exclusions; an editor had given 联网 their own.
    GlossaryTerm.objects.filter(worker_terms="体检 查身体").update(not_within="")
    GlossaryTerm.objects.filter(worker_terms="联网 接入系统 上传数据").update(not_within="联网费")

    importlib.import_module("content.search.migrations.0014_glossary_exclusions").seed(apps, None)
    clear_glossary_cache()

    assert "职业健康检查" not in expand_query("气体检测仪怎么校准", active_glossary()).added_terms
    # The editor's exclusion stays and the default one joins it.
    edited = GlossaryTerm.objects.get(worker_terms="联网 接入系统 上传数据")
    assert edited.not_within == "联网费 互联网"
    assert "监测联网" not in expand_query("能在互联网上卖烟花吗", active_glossary()).added_terms
