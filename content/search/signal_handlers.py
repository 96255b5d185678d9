"""Keep the index in step with publishing: enqueue after commit, never index inline.

Publishing (or republishing after an edit) enqueues a re-index of the page or item;
unpublishing and deleting remove its chunks right after commit (a cheap DELETE, so
unpublished content disappears from search at once, before any worker runs). Moving a
page changes its URL: its chunks, and those of indexed pages below it, are rebuilt.
A view restriction (password, login, groups) on a page hides it and everything below it
from search at once; lifting it re-indexes them (the index task skips pages that are
still restricted by another restriction higher up). Saving or deleting an editor's
常见问法 re-indexes its regulation page (the phrasing is a hidden chunk of it).
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from safetykb.transactions import on_commit_once

from . import indexing, tasks
from .glossary_store import clear_glossary_cache

_PAGE_TASKS = {
    "regulations.regulationpage": tasks.index_regulation_task,
    "culture.culturepage": tasks.index_culture_page_task,
}


def _page_task(page: Page):
    return _PAGE_TASKS.get(page.specific_class._meta.label_lower if page.specific_class else "")


def on_page_published(sender, instance, **kwargs) -> None:
    task = _page_task(instance)
    if task is not None:
        transaction.on_commit(partial(task.enqueue, instance.pk))


def on_page_unpublished(sender, instance, **kwargs) -> None:
    if _page_task(instance) is not None:
        transaction.on_commit(partial(indexing.remove_page, instance.pk))


def on_page_deleted(sender, instance, **kwargs) -> None:
    # Wagtail deletes subtrees through the base Page model: check every Page.
    if isinstance(instance, Page):
        transaction.on_commit(partial(indexing.remove_page, instance.pk))


def on_page_moved(sender, instance, **kwargs) -> None:
    moved = Page.objects.filter(pk=instance.pk).first()
    if moved is None:
        return
    for page in Page.objects.descendant_of(moved, inclusive=True).live().specific():
        task = _page_task(page)
        if task is not None:
            transaction.on_commit(partial(task.enqueue, page.pk))


def on_restriction_saved(sender, instance, **kwargs) -> None:
    for page in _subtree(instance.page_id):
        if _page_task(page) is not None:
            transaction.on_commit(partial(indexing.remove_page, page.pk))


def on_restriction_deleted(sender, instance, **kwargs) -> None:
    for page in _subtree(instance.page_id).live():
        task = _page_task(page)
        if task is not None:
            transaction.on_commit(partial(task.enqueue, page.pk))


def _subtree(page_id: int):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # the restriction goes with its deleted page
        return Page.objects.none()
    return Page.objects.descendant_of(page, inclusive=True).specific()


def on_item_published(sender, instance, **kwargs) -> None:
    transaction.on_commit(partial(tasks.index_catalogue_item_task.enqueue, instance.pk))


def on_item_removed(sender, instance, **kwargs) -> None:
    from .models import SourceType

    transaction.on_commit(partial(indexing.remove_source, SourceType.CATALOGUE, instance.pk))


def on_glossary_changed(sender, **kwargs) -> None:
    clear_glossary_cache()
    on_commit_once(_enqueue_resegment)  # however many terms the transaction changed


def on_phrasing_changed(sender, instance, **kwargs) -> None:
    """A 常见问法 is a chunk of its regulation page: re-index that page after commit."""
    from content.regulations.models import Provision

    page_id = (
        Provision.objects.filter(pk=instance.provision_id).values_list("page_id", flat=True).first()
    )
    if page_id is not None:  # a provision deleted with its page: the page's removal does it
        transaction.on_commit(partial(tasks.index_regulation_task.enqueue, page_id))


def _enqueue_resegment() -> None:
    tasks.resegment_chunks_task.enqueue()


def on_migrated(sender, plan=None, verbosity: int = 1, stdout=None, **kwargs) -> None:
    """A migration that seeds glossary entries (``resegments = True``) writes rows without
    signals; an index built before it still has the old segmentation, so words the new
    entries teach jieba (注安师, 义务消防队…) would not match until a reindex."""
    from .models import Chunk

    seeded = [
        migration
        for migration, backwards in plan or ()
        if not backwards and getattr(migration, "resegments", False)
    ]
    if not seeded or not Chunk.objects.exists():  # a fresh database: the first index does it
        return
    _enqueue_resegment()
    if verbosity and stdout is not None:
        names = "、".join(migration.name for migration in seeded)
        stdout.write(f"  检索词表已更新（{names}）：已排队在后台重新分词")


def on_standards_changed(sender, **kwargs) -> None:
    """Another process sees the edit within process_cache.CACHE_SECONDS."""
    from .standards_store import clear_standards_cache

    clear_standards_cache()


def on_everyday_changed(sender, **kwargs) -> None:
    """Another process sees the edit within process_cache.CACHE_SECONDS."""
    from .everyday_store import clear_everyday_cache

    clear_everyday_cache()


def connect() -> None:
    from django.apps import apps

    from content.catalogue.models import EliminatedItem

    from .models import CommonPhrasing, EverydayQuestion, GlossaryTerm, TechnicalStandard

    page_published.connect(on_page_published, dispatch_uid="kbsearch_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="kbsearch_page_unpublished")
    post_delete.connect(on_page_deleted, dispatch_uid="kbsearch_page_deleted")
    post_page_move.connect(on_page_moved, dispatch_uid="kbsearch_page_moved")
    post_save.connect(
        on_restriction_saved, sender=PageViewRestriction, dispatch_uid="kbsearch_restricted"
    )
    post_delete.connect(
        on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="kbsearch_unrestricted"
    )
    published.connect(on_item_published, sender=EliminatedItem, dispatch_uid="kbsearch_item_pub")
    unpublished.connect(on_item_removed, sender=EliminatedItem, dispatch_uid="kbsearch_item_unpub")
    post_delete.connect(on_item_removed, sender=EliminatedItem, dispatch_uid="kbsearch_item_del")
    post_save.connect(on_glossary_changed, sender=GlossaryTerm, dispatch_uid="kbsearch_gloss_save")
    post_delete.connect(on_glossary_changed, sender=GlossaryTerm, dispatch_uid="kbsearch_gloss_del")
    post_save.connect(
        on_phrasing_changed, sender=CommonPhrasing, dispatch_uid="kbsearch_phrasing_save"
    )
    post_save.connect(
        on_standards_changed, sender=TechnicalStandard, dispatch_uid="kbsearch_standard_save"
    )
    post_delete.connect(
        on_standards_changed, sender=TechnicalStandard, dispatch_uid="kbsearch_standard_del"
    )
    post_delete.connect(
        on_phrasing_changed, sender=CommonPhrasing, dispatch_uid="kbsearch_phrasing_del"
    )
    post_save.connect(
        on_everyday_changed, sender=EverydayQuestion, dispatch_uid="kbsearch_everyday_save"
    )
    post_delete.connect(
        on_everyday_changed, sender=EverydayQuestion, dispatch_uid="kbsearch_everyday_del"
    )
    post_migrate.connect(
        on_migrated, sender=apps.get_app_config("kbsearch"), dispatch_uid="kbsearch_migrated"
    )
