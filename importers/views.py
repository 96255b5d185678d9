"""Admin screens: upload a regulation .docx, preview the parsed structure, then confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from content.regulations.models import RegulationIndexPage

from . import staging
from .forms import RegulationConfirmForm, RegulationUploadForm
from .regulation_loader import find_existing
from .regulations import RegulationImportError, import_regulation_file, parse_regulation_file


def _require_regulation_editor(user) -> None:
    index = RegulationIndexPage.objects.first()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied("您没有导入法规的权限。")


def regulation_upload(request):
    _require_regulation_editor(request.user)
    form = RegulationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        level = form.cleaned_data["level"] or None
        try:
            record = parse_regulation_file(data, level)
        except RegulationImportError as exc:
            form.add_error("file", f"“{upload.name}”：{exc}")
        else:
            token = staging.stage(request.session, upload.name, data, {"level": level})
            return TemplateResponse(
                request,
                "importers/regulation_preview.html",
                {
                    "record": record,
                    "existing": find_existing(record),
                    "filename": upload.name,
                    "confirm_form": RegulationConfirmForm(
                        initial={"token": token, "publish": True}
                    ),
                },
            )
    return TemplateResponse(request, "importers/regulation_upload.html", {"form": form})


def regulation_confirm(request):
    _require_regulation_editor(request.user)
    form = RegulationConfirmForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("importers_regulation_upload")
    token = form.cleaned_data["token"]
    staged = staging.load(request.session, token)
    if staged is None:
        messages.error(request, "预览已过期或无效，请重新上传文件。")
        return redirect("importers_regulation_upload")
    info, data = staged
    try:
        outcome = import_regulation_file(
            info["filename"],
            data,
            publish=form.cleaned_data["publish"],
            user=request.user,
            level=info.get("level"),
        )
    except RegulationImportError as exc:
        messages.error(request, f"导入失败，未保存任何内容：{exc}")
        return redirect("importers_regulation_upload")
    staging.discard(request.session, token)
    verb = "已新建" if outcome.created else "已更新（新修订版本）"
    state = "并发布" if outcome.published else "，草稿待发布"
    messages.success(
        request, f"{verb}《{outcome.title}》{state}，共 {outcome.provision_count} 条款。"
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[outcome.page_id]))
