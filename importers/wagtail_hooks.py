from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from content.regulations.models import RegulationIndexPage

from . import catalogue_admin, views  # noqa: F401  (catalogue_admin registers its own screens)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("import/regulation/", views.regulation_upload, name="importers_regulation_upload"),
        path(
            "import/regulation/confirm/",
            views.regulation_confirm,
            name="importers_regulation_confirm",
        ),
    ]


class RegulationImportMenuItem(MenuItem):
    def is_shown(self, request):
        index = RegulationIndexPage.objects.first()
        return bool(index and index.permissions_for_user(request.user).can_add_subpage())


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return RegulationImportMenuItem(
        "导入法规（Word）", reverse("importers_regulation_upload"), icon_name="doc-full", order=205
    )
