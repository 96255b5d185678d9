from django.db import models
from django.db.models import F
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    intro = models.TextField("欢迎语", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "regulations.RegulationIndexPage",
        "catalogue.CatalogueIndexPage",
        "culture.CultureIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from content.catalogue.models import CatalogueIndexPage, EliminatedItem
        from content.culture.models import CultureIndexPage, CulturePage
        from content.regulations.models import RegulationIndexPage, RegulationPage

        context = super().get_context(request, *args, **kwargs)
        context.update(
            regulation_index=RegulationIndexPage.objects.live().first(),
            catalogue_index=CatalogueIndexPage.objects.live().first(),
            culture_index=CultureIndexPage.objects.live().first(),
            newest_regulations=RegulationPage.objects.live().order_by(
                F("issue_date").desc(nulls_last=True), "-pk"
            )[:6],
            newest_culture=CulturePage.objects.live().order_by("-date", "-pk")[:3],
            regulation_count=RegulationPage.objects.live().count(),
            catalogue_count=EliminatedItem.objects.filter(live=True).count(),
        )
        return context
