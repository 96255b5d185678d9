"""The catalogue of eliminated (淘汰) and restricted (限制) hazardous-chemical processes and equipment."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index


class ItemCategory(models.TextChoices):
    PROCESS = "process", "工艺技术"
    EQUIPMENT = "equipment", "设备"


class ItemAction(models.TextChoices):
    ELIMINATE = "eliminate", "淘汰"
    RESTRICT = "restrict", "限制"


class EliminatedItem(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    batch = models.CharField("批次", max_length=40)
    number = models.PositiveIntegerField("序号", null=True, blank=True)
    category = models.CharField("类别", max_length=20, choices=ItemCategory.choices)
    action = models.CharField("处置", max_length=20, choices=ItemAction.choices)
    name = models.CharField("名称", max_length=300)
    main_risk = models.TextField("主要安全风险", blank=True)
    scope = models.TextField("适用范围", blank=True)
    deadline = models.CharField("改造期限", max_length=100, blank=True)
    replacement = models.TextField("可替代的技术装备", blank=True)
    source_note = models.CharField("来源说明", max_length=300, blank=True)
    is_sample = models.BooleanField(
        "示例数据",
        default=False,
        help_text="征求意见稿等非正式文本中的条目，页面上会标注“示例数据”。",
    )
    regulation = models.ForeignKey(
        "regulations.RegulationPage",
        verbose_name="所属法规文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="catalogue_items",
    )
    # Lets deleting an item delete its revisions too (Wagtail's documented pattern).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="eliminated_item")

    panels = [
        FieldRowPanel([FieldPanel("batch"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("action")]),
        FieldPanel("name"),
        FieldPanel("main_risk"),
        FieldPanel("scope"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("replacement")]),
        MultiFieldPanel(
            [FieldPanel("source_note"), FieldPanel("is_sample"), FieldPanel("regulation")],
            heading="来源",
        ),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("main_risk"),
        index.SearchField("replacement"),
        index.AutocompleteField("name"),
        index.FilterField("batch"),
        index.FilterField("category"),
        index.FilterField("action"),
    ]

    class Meta:
        verbose_name = "淘汰落后工艺技术设备"
        verbose_name_plural = "淘汰落后工艺技术设备目录"
        ordering = ["batch", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "name"], name="catalogue_unique_batch_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str | None:
        index_page = CatalogueIndexPage.objects.live().first()
        if index_page is None:
            return None
        return index_page.url + index_page.reverse_subpage("item", args=[self.pk])

    @property
    def revisions(self):
        return self._revisions


class CatalogueIndexPage(RoutablePageMixin, Page):
    intro = models.TextField("简介", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "淘汰目录"

    def items(self):
        return EliminatedItem.objects.filter(live=True).select_related("regulation")

    @path("")
    def item_list(self, request):
        items = self.items()
        selected = {key: request.GET.get(key, "") for key in ("batch", "category", "action")}
        if selected["batch"]:
            items = items.filter(batch=selected["batch"])
        if selected["category"]:
            items = items.filter(category=selected["category"])
        if selected["action"]:
            items = items.filter(action=selected["action"])
        batches = self.items().values_list("batch", flat=True).distinct().order_by("batch")
        return self.render(
            request,
            context_overrides={
                "items": Paginator(items, 30).get_page(request.GET.get("page")),
                "selected": selected,
                "batches": batches,
                "categories": ItemCategory.choices,
                "actions": ItemAction.choices,
                "has_samples": items.filter(is_sample=True).exists(),
            },
        )

    @path("item/<int:pk>/", name="item")
    def item_detail(self, request, pk: int):
        item = self.items().filter(pk=pk).first()
        if item is None:
            raise Http404("目录中没有这一条目")
        return render(
            request,
            "catalogue/eliminated_item.html",
            {"page": self, "item": item, "self": self},
        )
