"""Forms of the certificate pages: they check input; ``training.certificates`` enforces."""

from __future__ import annotations

from django import forms

from training.models.certificates import KINDS_WITH_CATEGORY, OperationCategory
from training.rules.certificates import CertificateKind

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "required": False}
#: The 上岗证 the system issues itself; paper ones of old are imported or entered here too.
KIND_CHOICES = CertificateKind.choices()


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label="证书种类", choices=KIND_CHOICES)
    category = forms.ModelChoiceField(
        label="作业类别",
        queryset=OperationCategory.objects.all(),
        required=False,
        help_text="特种作业操作证、特种设备作业人员证必选",
    )
    number = forms.CharField(label="证书编号", max_length=60)
    issuer = forms.CharField(label="发证机关", max_length=100, required=False)
    issued_on = forms.DateField(label="发证日期", **DATE)
    expires_on = forms.DateField(label="有效期至", **DATE)
    review_due_on = forms.DateField(label="复审日期", **DATE)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in KINDS_WITH_CATEGORY and not data.get("category"):
            self.add_error("category", f"{CertificateKind(kind).label}须选择作业类别。")
        return data


class DutiesForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label="从事的特种作业类别",
        queryset=OperationCategory.objects.filter(kind=CertificateKind.SPECIAL_OPERATION),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CertificateUploadForm(forms.Form):
    file = forms.FileField(label="证书表（.xlsx）")

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.fields["file"].error_messages["required"] = "请选择要上传的 .xlsx 文件。"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                f"“{upload.name}”不是 .xlsx 文件，请用下载的模板填写后上传。"
            )
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("文件超过 5 MB，请分批上传。")
        return upload
