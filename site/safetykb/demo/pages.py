"""The demo page tree and content, built idempotently."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from wagtail.models import Page, Site

from content.catalogue.models import CatalogueIndexPage
from content.culture.models import CultureIndexPage, CulturePage
from content.home.models import HomePage
from content.regulations.models import RegulationIndexPage, RegulationPage

from .culture_articles import ARTICLES

DEMO_FILES = Path(__file__).resolve().parents[3] / "demo" / "files"
SEED_NOTICE = DEMO_FILES / "seed-notice.docx"
CATALOGUE_SAMPLE = DEMO_FILES / "eliminated-catalogue-sample.csv"


@transaction.atomic
def ensure_page_tree() -> HomePage:
    """Home page as the default site's root, with the three section index pages below it."""
    root = Page.get_first_root_node() or _recreate_root()
    _ensure_root_collection()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's initial migration leaves a plain "Welcome" page (slug "home") as the
        # site root; it has no place here. Deleting it also deletes its Site.
        Page.objects.filter(depth=2, content_type__app_label="wagtailcore", slug="home").delete()
        home = HomePage(
            title="安全知识库与培训考核系统",
            slug="home",
            intro="化工医药、危险化学品和烟花爆竹安全生产知识库：法规条款随查随用，培训考核分层分岗。",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk or not site.pk:
        site.hostname, site.port, site.site_name, site.root_page = (
            "localhost",
            80,
            "安全知识库",
            home,
        )
        site.save()
    _ensure_child(
        home,
        RegulationIndexPage,
        "法规标准",
        "regulations",
        "法律、行政法规、部门规章、标准和规范性文件，逐条查阅。",
    )
    _ensure_child(
        home,
        CatalogueIndexPage,
        "淘汰落后工艺技术设备目录",
        "catalogue",
        "淘汰落后危险化学品安全生产工艺技术设备目录。",
    )
    _ensure_child(home, CultureIndexPage, "安全文化", "culture", "安全文化建设与事故案例警示教育。")
    return home


def _recreate_root() -> Page:
    """The tree root and default locale that Wagtail's migrations create; a flushed
    database (transactional tests) has lost them."""
    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.add_root(title="Root", slug="root", depth=1)


def _ensure_root_collection() -> None:
    """The root collection documents and images default to, which Wagtail's migrations
    create and a flushed database (transactional tests) has lost."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def _ensure_child(parent: Page, model, title: str, slug: str, intro: str):
    page = model.objects.child_of(parent).first()
    if page is None:
        page = model(title=title, slug=slug, intro=intro)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


@transaction.atomic
def ensure_culture_articles() -> int:
    index = CultureIndexPage.objects.get()
    created = 0
    for article in ARTICLES:
        if CulturePage.objects.filter(slug=article["slug"]).exists():
            continue
        page = CulturePage(
            title=article["title"],
            slug=article["slug"],
            kind=article["kind"],
            date=article["date"],
            summary=article["summary"],
            body=[(kind, value) for kind, value in article["body"]],
            audience_levels=article["levels"],
            audience_specialties=article["specialties"],
            audience_posts=article["posts"],
            accident_date=article.get("accident_date"),
            accident_place=article.get("accident_place", ""),
            casualties=article.get("casualties", ""),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created


def seed_notice_loaded() -> bool:
    return RegulationPage.objects.filter(doc_number="长上应急字〔2024〕22号").exists()
