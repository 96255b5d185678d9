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
