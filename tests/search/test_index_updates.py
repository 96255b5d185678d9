"""Publishing, editing, unpublishing and deleting update the index after commit."""

import pytest

from content.search.models import Chunk, SourceType

from .builders import make_catalogue_item, make_regulation

pytestmark = pytest.mark.django_db


def chunks_of(obj, source_type=SourceType.REGULATION):
    return Chunk.objects.filter(source_type=source_type, object_id=obj.pk)


def test_publishing_a_page_indexes_it_after_commit(page_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        law = make_regulation("测试法", [("第一条", "", "从业人员应当接受安全生产教育和培训。")])

    assert callbacks and not chunks_of(law).exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert chunks_of(law).count() == 1


def test_saving_a_draft_changes_nothing_publishing_it_does(page_tree, committed):
    with committed():
        law = make_regulation("测试法", [("第一条", "", "旧的条文。")])
    with committed():
        make_regulation(
            "测试法", [("第一条", "", "新的草稿条文。")], source_key=law.source_key, publish=False
        )

    assert list(chunks_of(law).values_list("text", flat=True)) == ["旧的条文。"]

    law.refresh_from_db()
    with committed():
        law.get_latest_revision().publish()
    assert list(chunks_of(law).values_list("text", flat=True)) == ["新的草稿条文。"]


def test_unpublishing_a_page_removes_its_chunks(page_tree, committed):
    with committed():
        law = make_regulation("测试法", [("第一条", "", "条文。")])
    assert chunks_of(law).exists()

    with committed():
        law.unpublish()

    assert not chunks_of(law).exists()


def test_deleting_a_page_removes_its_chunks(page_tree, committed):
    with committed():
        law = make_regulation("测试法", [("第一条", "", "条文。")])
    page_id = law.pk

    with committed():
        law.delete()

    assert not Chunk.objects.filter(object_id=page_id).exists()


def test_deleting_a_parent_removes_the_chunks_of_pages_below(page_tree, committed):
    with committed():
        law = make_regulation("测试法", [("第一条", "", "条文。")])
    assert chunks_of(law).exists()

    with committed():
        law.get_parent().delete()

    assert not Chunk.objects.filter(object_id=law.pk).exists()


def test_a_view_restriction_hides_the_page_and_pages_below_and_lifting_it_restores_them(
    page_tree, committed
):
    from wagtail.models import PageViewRestriction

    from content.search.querying import search

    with committed():
        law = make_regulation("测试法", [("第一条", "", "储罐区动火作业应当办理许可。")])
    index = law.get_parent()
    assert chunks_of(law).exists()

    with committed():  # restricting the index page restricts the law below it
        restriction = PageViewRestriction.objects.create(
            page=index, restriction_type=PageViewRestriction.LOGIN
        )
    assert not chunks_of(law).exists()
    assert not search("储罐区动火作业", mode="lexical").hits

    with committed():
        restriction.delete()
    assert chunks_of(law).count() == 1
    assert search("储罐区动火作业", mode="lexical").hits[0].object_id == law.pk


def test_lifting_one_of_two_restrictions_keeps_the_page_hidden(page_tree, committed):
    from wagtail.models import PageViewRestriction

    with committed():
        law = make_regulation("测试法", [("第一条", "", "条文。")])
    with committed():
        outer = PageViewRestriction.objects.create(
            page=law.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
        PageViewRestriction.objects.create(
            page=law, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )

    with committed():
        outer.delete()

    assert not chunks_of(law).exists()


def test_catalogue_item_publish_unpublish_delete(page_tree, committed):
    with committed():
        item = make_catalogue_item("用火直接加热的涂料用树脂生产工艺", "安全风险大。")
    assert chunks_of(item, SourceType.CATALOGUE).count() == 1

    with committed():
        item.unpublish()
    assert not chunks_of(item, SourceType.CATALOGUE).exists()

    with committed():
        item.save_revision().publish()
    assert chunks_of(item, SourceType.CATALOGUE).count() == 1

    with committed():
        item.delete()
    assert not Chunk.objects.filter(source_type=SourceType.CATALOGUE).exists()


def test_a_draft_catalogue_item_is_never_indexed(page_tree, committed):
    with committed():
        item = make_catalogue_item("未发布的工艺", "风险。", publish=False)
        item.save_revision()

    assert not chunks_of(item, SourceType.CATALOGUE).exists()


def test_a_private_page_is_not_indexed(page_tree, committed):
    from wagtail.models import PageViewRestriction

    law = make_regulation("测试法", [("第一条", "", "条文。")], publish=False)
    PageViewRestriction.objects.create(page=law, restriction_type="login")
    with committed():
        law.get_latest_revision().publish()

    assert not chunks_of(law).exists()


def test_editing_the_glossary_re_segments_the_index(page_tree, committed):
    from content.search.models import GlossaryTerm

    with committed():
        law = make_regulation("测试法", [("第一条", "", "推行七溯源一分析的做法。")])
    assert "七溯源" not in chunks_of(law).get().lexical_text.split()

    with committed():
        GlossaryTerm.objects.create(worker_terms="溯源分析", regulation_terms="七溯源")

    assert "七溯源" in chunks_of(law).get().lexical_text.split()


def _migrate_signal(*migrations):
    import io

    from django.apps import apps
    from django.db.models.signals import post_migrate

    out = io.StringIO()
    app = apps.get_app_config("kbsearch")
    post_migrate.send(
        sender=app,
        app_config=app,
        verbosity=1,
        interactive=False,
        using="default",
        apps=apps,
        plan=[(migration, False) for migration in migrations],
        stdout=out,
    )
    return out.getvalue()


def test_a_migration_seeding_the_glossary_re_segments_an_existing_index(page_tree, committed):
    from importlib import import_module

    from content.search.models import GlossaryTerm

    with committed():
        law = make_regulation("测试法", [("第一条", "", "推行五定一核的做法。")])
    # A seeding migration writes rows through the historical model: no signal fires.
    # (jieba keeps what it learns for the process: each test teaches its own word.)
    GlossaryTerm.objects.bulk_create(
        [GlossaryTerm(worker_terms="五定", regulation_terms="五定一核")]
    )
    assert "五定一核" not in chunks_of(law).get().lexical_text.split()

    seeding = import_module("content.search.migrations.0013_glossary_additions").Migration(
        "0013_glossary_additions", "kbsearch"
    )
    said = _migrate_signal(seeding)

    assert "五定一核" in chunks_of(law).get().lexical_text.split()
    assert "重新分词" in said


def test_other_migrations_leave_the_index_alone(page_tree, committed):
    from importlib import import_module

    from content.search.models import GlossaryTerm

    with committed():
        law = make_regulation("测试法", [("第一条", "", "落实六防两清的要求。")])
    GlossaryTerm.objects.bulk_create(
        [GlossaryTerm(worker_terms="六防", regulation_terms="六防两清")]
    )

    other = import_module("content.search.migrations.0012_search_log_number_unstated").Migration(
        "0012_search_log_number_unstated", "kbsearch"
    )
    assert _migrate_signal(other) == ""
    assert "六防两清" not in chunks_of(law).get().lexical_text.split()


def test_re_segmenting_reads_the_glossary_afresh_not_a_workers_stale_copy(page_tree, committed):
    from content.search.glossary_store import active_glossary
    from content.search.indexing import resegment_chunks
    from content.search.models import GlossaryTerm

    with committed():
        law = make_regulation("测试法", [("第一条", "", "推行八查八改的做法。")])
    active_glossary()  # a worker's cached copy, from before the edit below
    GlossaryTerm.objects.bulk_create(
        [GlossaryTerm(worker_terms="八查", regulation_terms="八查八改")]
    )

    resegment_chunks()

    assert "八查八改" in chunks_of(law).get().lexical_text.split()
