"""A draft regulation's source file stays with the editors until the page is published."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail import hooks
from wagtail.models import Revision

from accounts.scoping import sees_everything

from .models import RegulationPage


def is_unpublished_source(document) -> bool:
    """The document is a regulation page's source file (in the page or in one of its
    revisions) and no live page publishes it."""
    pages = RegulationPage.objects.filter(source_document=document)
    # A live page's row holds its published content; drafts live in revisions.
    if pages.filter(live=True).exists():
        return False
    if pages.exists():
        return True
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(RegulationPage),
        content__source_document=document.pk,
    ).exists()


@hooks.register("before_serve_document")
def keep_draft_sources_private(document, request):
    if is_unpublished_source(document) and not sees_everything(request.user):
        raise Http404("文件不存在或尚未发布。")  # 404, not 403: ids cannot be probed
