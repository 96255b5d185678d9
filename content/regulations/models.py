"""Regulations: an index page and one page per regulation, its body a list of provisions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import ExtractYear
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from .forms import RegulationPageForm


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修订"
    REPEALED = "repealed", "已废止"


class RegulationLevel(models.TextChoices):
    CONSTITUTION = "constitution", "宪法"
    LAW = "law", "法律"
    ADMINISTRATIVE_REGULATION = "administrative_regulation", "行政法规"
    DEPARTMENTAL_RULE = "departmental_rule", "部门规章"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    LOCAL_RULE = "local_rule", "地方政府规章"
    NATIONAL_STANDARD = "national_standard", "国家标准"
    INDUSTRY_STANDARD = "industry_standard", "行业标准"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件"
    WORK_POINTS = "work_points", "工作要点"
    OTHER = "other", "其他"


class ProvisionKind(models.TextChoices):
    """How the source numbers a provision; mirrors importers.numbering.NumberingStyle."""

    PART = "part", "编"
    CHAPTER = "chapter", "章"
    SECTION = "section", "节"
    ARTICLE = "article", "条"
    CN_ITEM = "cn_item", "一、"
    PAREN_CN = "paren_cn", "（一）"
    ARABIC = "arabic", "1."
    PAREN_ARABIC = "paren_arabic", "（1）"
    CIRCLED = "circled", "①"


class RegulationTag(TaggedItemBase):
    content_object = ParentalKey(
        "regulations.RegulationPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class RegulationIndexPage(Page):
    intro = models.TextField("简介", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["regulations.RegulationPage"]
    max_count = 1

    class Meta:
        verbose_name = "法规标准目录"

    def get_context(self, request, *args, **kwargs):
        from .filters import RegulationFilter

        context = super().get_context(request, *args, **kwargs)
        regulations = (
            RegulationPage.objects.live().descendant_of(self).order_by("-issue_date", "title")
        )
        regulation_filter = RegulationFilter(request.GET, regulations)
        context["filter"] = regulation_filter
        context["regulations"] = Paginator(regulation_filter.qs, 20).get_page(
            request.GET.get("page")
        )
        context["authorities"] = (
            regulations.exclude(authority="").values_list("authority", flat=True).distinct()
        )
        context["years"] = (
            regulations.exclude(issue_date=None)
            .annotate(year=ExtractYear("issue_date"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return context


class RegulationPage(RoutablePageMixin, Page):
    doc_number = models.CharField("文号", max_length=120, blank=True, db_index=True)
    authority = models.CharField("发布机关", max_length=200, blank=True)
    issue_date = models.DateField("发布日期", null=True, blank=True)
    effective_date = models.DateField(
        "施行日期", null=True, blank=True, help_text="现行文本（含最近一次修订、修正）的施行日期。"
    )
    first_effective_date = models.DateField(
        "首次施行日期",
        null=True,
        blank=True,
        help_text="修订、修正前原文本的施行日期，作为沿革保留。",
    )
    status = models.CharField(
        "效力状态",
        max_length=20,
        choices=RegulationStatus.choices,
        default=RegulationStatus.IN_FORCE,
    )
    level = models.CharField(
        "效力级别", max_length=40, choices=RegulationLevel.choices, default=RegulationLevel.OTHER
    )
    recipients = models.CharField("主送", max_length=500, blank=True)
    preamble = models.TextField(
        "正文前言", blank=True, help_text="第一条条款之前的正文，例如通知正文。"
    )
    signature = models.CharField("落款", max_length=200, blank=True)
    cc_line = models.TextField("版记", blank=True)
    attachment_title = models.CharField("附件标题", max_length=300, blank=True)
    attachment_intro = models.TextField(
        "附件导语", blank=True, help_text="附件标题之后、第一条款之前的文字。"
    )
    source_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="原始文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_key = models.CharField(
        "来源标识",
        max_length=120,
        blank=True,
        db_index=True,
        help_text="导入来源的唯一标识（如法规库编号），用于重复导入时更新而非新建。",
    )
    scope_terms = models.CharField(
        "适用领域用语",
        max_length=300,
        blank=True,
        help_text=(
            "只管某一领域的法规，填写问题里表明这个领域的词，用空格分隔，"
            "例如“特种设备 锅炉 压力容器 电梯”；普遍适用的法规（如安全生产法）留空。"
            "检索时，问题里一个都没有的，这部法规的条款排得靠后一些。"
        ),
    )
    tags = ClusterTaggableManager("主题标签", through=RegulationTag, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doc_number"), FieldPanel("authority")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("level"), FieldPanel("status")]),
                FieldPanel("tags"),
                FieldPanel("scope_terms"),
                FieldPanel("source_document"),
            ],
            heading="基本信息",
        ),
        MultiFieldPanel(
            [
                FieldPanel("recipients"),
                FieldPanel("preamble"),
                FieldPanel("signature"),
                FieldPanel("cc_line"),
                FieldPanel("attachment_title"),
                FieldPanel("attachment_intro"),
            ],
            heading="公文要素",
            classname="collapsed",
        ),
        InlinePanel("provisions", heading="条款", label="条款"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("source_key")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("doc_number"),
        index.SearchField("authority"),
        index.SearchField("preamble"),
        index.FilterField("level"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("doc_number"),
        APIField("authority"),
        APIField("issue_date"),
        APIField("effective_date"),
        APIField("status"),
        APIField("level"),
    ]
    parent_page_types = ["regulations.RegulationIndexPage"]
    subpage_types: list[str] = []
    base_form_class = RegulationPageForm

    class Meta:
        verbose_name = "法规标准"
        verbose_name_plural = "法规标准"

    @property
    def ordered_provisions(self):
        return self.provisions.all().order_by("sort_order")

    def toc_entries(self, provisions) -> list[Provision]:
        """Table-of-contents entries: headed provisions of the top two levels (chapters,
        sections, 一、/（一） items); a flat law without headings lists its articles."""
        headed = [p for p in provisions if p.heading and p.depth <= 1]
        return headed or [p for p in provisions if p.depth == 0]

    def provision_url(self, anchor: str) -> str:
        return f"{self.url}#{anchor}"

    @path("p/<str:anchor>/", name="provision")
    def provision_permalink(self, request, anchor: str):
        """A stable permalink for one provision: redirects to the page at its anchor."""
        from django.http import Http404
        from django.shortcuts import redirect

        if not self.provisions.filter(anchor=anchor).exists():
            raise Http404("没有这一条款")
        return redirect(self.provision_url(anchor))

    @path("")
    def index_route(self, request, *args, **kwargs):
        return super().index_route(request, *args, **kwargs)


class Provision(Orderable):
    """One numbered provision (article, item…) of a regulation, in document order."""

    page = ParentalKey(RegulationPage, related_name="provisions", on_delete=models.CASCADE)
    kind = models.CharField("编号类型", max_length=20, choices=ProvisionKind.choices)
    label = models.CharField("编号", max_length=40, help_text="原文编号，如“第二十八条”“（一）”。")
    number = models.PositiveIntegerField("序号", default=0)
    depth = models.PositiveSmallIntegerField("层级", default=0)
    heading = models.CharField("标题", max_length=300, blank=True)
    text = models.TextField("内容", blank=True)
    anchor = models.SlugField(
        "锚点",
        max_length=80,
        blank=True,
        help_text="页面内的稳定锚点，用于永久链接；留空自动生成。",
    )
    parent_path = models.CharField(
        "上级条款", max_length=500, blank=True, help_text="上级编号与标题，以“ › ”分隔。"
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("label"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("depth"), FieldPanel("anchor")]),
        FieldPanel("heading"),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "条款"
        verbose_name_plural = "条款"
        indexes = [models.Index(fields=["page", "anchor"])]

    def __str__(self) -> str:
        return f"{self.label}{self.heading}"

    @property
    def title_line(self) -> str:
        return f"{self.label}{self.heading}" if self.heading else self.label

    def get_absolute_url(self) -> str:
        return self.page.provision_url(self.anchor)
