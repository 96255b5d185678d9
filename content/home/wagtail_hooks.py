"""Which pages the admin names to whom: editors every page, anyone else only live ones.

Wagtail's page chooser (a link or page field in any admin form) lists the whole tree to
every admin user, drafts included; enterprise users and regulators who reach the admin
for the question bank must not read the titles of regulations that are not out yet.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail import hooks

from accounts.scoping import sees_everything


def admin_visible_pages(pages: QuerySet, user) -> QuerySet:
    """``pages`` narrowed to what ``user`` may see named in the admin."""
    return pages if sees_everything(user) else pages.filter(live=True)


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages(pages, request):
    return admin_visible_pages(pages, request.user)
