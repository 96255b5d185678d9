"""Safety culture: articles and accident cases (事故案例), tagged with the audience they suit."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.vocab import Level, Specialty
from safetykb.fields import level_tags, post_tags, specialty_tags

from .blocks import CultureBodyBlock


class ArticleKind(models.TextChoices):
    ARTICLE = "article", "安全文化文章"
    CASE = "case", "事故案例"


class CultureIndexPage(Page):
    intro = models.TextField("简介", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["culture.CulturePage"]
    max_count = 1

    class Meta:
        verbose_name = "安全文化栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = CulturePage.objects.live().descendant_of(self).order_by("-date", "-pk")
        kind = request.GET.get("kind", "")
        level = request.GET.get("level", "")
        if kind in ArticleKind.values:
            articles = articles.filter(kind=kind)
        if level in Level.values:
            articles = articles.filter(audience_levels__contains=[level])
        context.update(
            articles=Paginator(articles, 12).get_page(request.GET.get("page")),
            kinds=ArticleKind.choices,
            levels=Level.choices,
            selected={"kind": kind, "level": level},
        )
        return context


class CulturePage(Page):
    kind = models.CharField(
        "类型", max_length=20, choices=ArticleKind.choices, default=ArticleKind.ARTICLE
    )
    date = models.DateField("日期", null=True, blank=True)
    summary = models.TextField("摘要", blank=True)
    body = StreamField(CultureBodyBlock(), verbose_name="正文", blank=True)
    audience_levels = level_tags()
    audience_specialties = specialty_tags()
    audience_posts = post_tags(help_text="多个岗位用英文逗号分隔，如：合成岗,储运岗")
    accident_date = models.DateField("事故日期", null=True, blank=True)
    accident_place = models.CharField("事故地点", max_length=200, blank=True)
    casualties = models.CharField("伤亡情况", max_length=200, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audience_levels"),
                FieldPanel("audience_specialties"),
                FieldPanel("audience_posts"),
            ],
            heading="适用对象",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("accident_date"), FieldPanel("accident_place")]),
                FieldPanel("casualties"),
            ],
            heading="事故信息（事故案例填写）",
            classname="collapsed",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["culture.CultureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "安全文化文章"
        verbose_name_plural = "安全文化文章"

    def audience_level_labels(self) -> list[str]:
        return [Level(v).label for v in self.audience_levels if v in Level.values]

    def audience_specialty_labels(self) -> list[str]:
        return [Specialty(v).label for v in self.audience_specialties if v in Specialty.values]
