from django import forms

from content.regulations.models import RegulationLevel

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class RegulationUploadForm(forms.Form):
    file = forms.FileField(
        label="Word 文件（.docx）", help_text="上传后先预览解析结果，确认后才会保存。"
    )
    level = forms.ChoiceField(
        label="效力级别",
        choices=[("", "按标题自动判断"), *RegulationLevel.choices],
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                f"“{upload.name}”不是 .docx 文件，请上传 Word 2007 及以上版本的 .docx 文件。"
            )
        if upload.size == 0:
            raise forms.ValidationError(f"“{upload.name}”是空文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 20 MB，请拆分后上传。")
        return upload


class RegulationConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    publish = forms.BooleanField(label="保存后立即发布", required=False, initial=True)
