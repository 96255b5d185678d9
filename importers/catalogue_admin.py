"""Admin screens for the eliminated-process catalogue: upload .csv/.xlsx → preview → confirm.

Editors (whoever may add and publish catalogue items) upload the official list; every
row is checked and bad rows are named by line; confirmation saves the good rows in one
transaction (``save_catalogue``) and the report of that run is kept in the session.
Importing this module registers the admin URLs and the menu item.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.permissions import policy_registry

from safetykb.spreadsheets import table_response

from . import staging
from .catalogue import (
    COLUMNS,
    CatalogueFormatError,
    CataloguePreview,
    preview_catalogue_file,
    save_catalogue,
)
from .forms import MAX_UPLOAD_BYTES

STAGING_KIND = "catalogue"
REPORT_SESSION_KEY = "catalogue_import_report"


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label="目录文件（.csv 或 .xlsx）",
        help_text="列：" + "、".join(COLUMNS) + "。上传后先预览，确认后才会保存。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".xlsm")):
            raise forms.ValidationError(f"“{upload.name}”不是 .csv 或 .xlsx 文件。")
        if upload.size == 0:
            raise forms.ValidationError(f"“{upload.name}”是空文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 20 MB，请拆分后上传。")
        return upload


class CatalogueConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def can_import_catalogue(user) -> bool:
    from content.catalogue.models import EliminatedItem

    policy = policy_registry.get_by_type(EliminatedItem)
    return policy.user_has_permission(user, "add") and policy.user_has_permission(user, "publish")


def _require_catalogue_editor(user) -> None:
    if not can_import_catalogue(user):
        raise PermissionDenied("您没有导入淘汰目录的权限。")


def _existing_keys(preview: CataloguePreview) -> set[tuple[str, str]]:
    from content.catalogue.models import EliminatedItem

    names = {row.name for row in preview.rows}
    return set(
        EliminatedItem.objects.filter(name__in=names).values_list("batch", "name").distinct()
    )


def catalogue_upload(request):
    _require_catalogue_editor(request.user)
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            preview = preview_catalogue_file(upload.name, data)
        except CatalogueFormatError as exc:
            form.add_error("file", f"“{upload.name}”无法导入：{exc}")
        else:
            token = staging.stage(request.session, upload.name, data, {"kind": STAGING_KIND})
            existing = _existing_keys(preview)
            return TemplateResponse(
                request,
                "importers/catalogue_preview.html",
                {
                    "filename": upload.name,
                    "preview": preview,
                    "total": len(preview.rows) + len(preview.problems),
                    "rows": [(row, (row.batch, row.name) in existing) for row in preview.rows],
                    "confirm_form": CatalogueConfirmForm(initial={"token": token}),
                },
            )
    return TemplateResponse(request, "importers/catalogue_upload.html", {"form": form})


def catalogue_confirm(request):
    _require_catalogue_editor(request.user)
    form = CatalogueConfirmForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("importers_catalogue_upload")
    token = form.cleaned_data["token"]
    staged = staging.load(request.session, token)
    if staged is None or staged[0].get("kind") != STAGING_KIND:
        messages.error(request, "预览已过期或无效，没有保存任何条目。请重新上传文件。")
        return redirect("importers_catalogue_upload")
    info, data = staged
    try:
        preview = preview_catalogue_file(info["filename"], data)
    except CatalogueFormatError as exc:
        messages.error(request, f"没有保存任何条目：{exc}")
        return redirect("importers_catalogue_upload")
    if not preview.rows:
        messages.error(request, "没有可保存的条目：每一行都有问题，请修改文件后重新上传。")
        return redirect("importers_catalogue_upload")
    created, updated = save_catalogue(list(preview.rows), user=request.user)
    staging.discard(request.session, token)
    request.session[REPORT_SESSION_KEY] = {
        "filename": info["filename"],
        "created": created,
        "updated": updated,
        "unchanged": len(preview.rows) - created - updated,
        "problems": [list(problem) for problem in preview.problems],
    }
    messages.success(request, f"淘汰目录已保存：新增 {created} 条，更新 {updated} 条。")
    return redirect("importers_catalogue_report")


def _last_report(request) -> dict:
    report = request.session.get(REPORT_SESSION_KEY)
    if report is None:
        raise Http404("没有导入报告")
    return report


def catalogue_report(request):
    _require_catalogue_editor(request.user)
    return TemplateResponse(
        request, "importers/catalogue_report.html", {"report": _last_report(request)}
    )


def catalogue_report_download(request, file_format: str):
    _require_catalogue_editor(request.user)
    report = _last_report(request)
    rows = [(line, message) for line, message in report["problems"]]
    headers = ("行号", "未导入原因")
    return table_response(headers, rows, file_format, "淘汰目录导入报告", widths=(10, 80))


@hooks.register("register_admin_urls")
def register_catalogue_import_urls():
    return [
        path("import/catalogue/", catalogue_upload, name="importers_catalogue_upload"),
        path("import/catalogue/confirm/", catalogue_confirm, name="importers_catalogue_confirm"),
        path("import/catalogue/report/", catalogue_report, name="importers_catalogue_report"),
        path(
            "import/catalogue/report.xlsx",
            catalogue_report_download,
            {"file_format": "xlsx"},
            name="importers_catalogue_report_xlsx",
        ),
        path(
            "import/catalogue/report.csv",
            catalogue_report_download,
            {"file_format": "csv"},
            name="importers_catalogue_report_csv",
        ),
    ]


class CatalogueImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import_catalogue(request.user)


@hooks.register("register_admin_menu_item")
def register_catalogue_import_menu_item():
    return CatalogueImportMenuItem(
        "导入淘汰目录", reverse("importers_catalogue_upload"), icon_name="warning", order=211
    )
