"""Forms of the question-bank admin: the question editor, bulk tagging and file import."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.db import transaction
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.scoping import own_bank
from accounts.vocab import Level, Specialty
from assessments.bank.basis import resolve_basis
from assessments.bank.basis_review import record_basis
from assessments.bank.twins import schedule_twin_refresh
from assessments.bank.versioning import record_version
from assessments.bank.wagtail_admin.answers import FORM_OPTION_KEYS, answer_as_text, check_answer
from assessments.bank.wagtail_admin.permissions import import_targets
from importers.questions.vocab import split_tags

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
OPTION_FIELDS = [f"option_{key.lower()}" for key in FORM_OPTION_KEYS]
TAG_HELP = "多个用“、”或逗号分隔。"


def drop_min_validators(field: forms.Field) -> None:
    """For fields whose form says the minimum in its own words."""
    # The model's MinValueValidator would add a second, generic message next to ours.
    field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]


class TagListField(forms.CharField):
    """A list of short tags typed as "合成岗、中控岗" (、，, ; all separate)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", TAG_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "、".join(value)
        return value

    def to_python(self, value):
        return list(split_tags(super().to_python(value) or ""))


class QuestionForm(WagtailAdminModelForm):
    """Options as A–F text boxes and the answer as typed ("B", "ABD", "正确", "甲烷；CH4").

    Enterprise managers and regulators do not choose the bank: a manager's questions go
    into their enterprise's bank, a regulator's into their jurisdiction's shared bank.
    The 依据 text is resolved to a provision when it changes.
    """

    option_a = forms.CharField(label="选项A", required=False)
    option_b = forms.CharField(label="选项B", required=False)
    option_c = forms.CharField(label="选项C", required=False)
    option_d = forms.CharField(label="选项D", required=False)
    option_e = forms.CharField(label="选项E", required=False)
    option_f = forms.CharField(label="选项F", required=False)
    option_g = forms.CharField(label="选项G", required=False)
    option_h = forms.CharField(label="选项H", required=False)
    answer_text = forms.CharField(
        label="答案",
        required=False,
        help_text="单选填一个字母（B）；多选填全部正确字母（ABD）；判断填“正确”或“错误”；"
        "填空填答案，多种可接受的写法用“；”分隔（甲烷；CH4）。",
    )
    posts = TagListField(label="适用岗位")
    topics = TagListField(label="知识点")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.instance
        texts = {option.get("key"): option.get("text", "") for option in question.options or []}
        for key, name in zip(FORM_OPTION_KEYS, OPTION_FIELDS, strict=True):
            self.initial.setdefault(name, texts.get(key, ""))
        if not (set("GH") & set(texts)) and not (
            self.data.get("option_g") or self.data.get("option_h")
        ):
            # The template's A–F suffice; G/H appear only for a question that has them.
            self.fields.pop("option_g")
            self.fields.pop("option_h")
        if question.type:
            self.initial.setdefault("answer_text", answer_as_text(question.type, question.answer))
        if "basis" in self.fields:
            provision = question.source_provision if question.source_provision_id else None
            linked = (
                f"当前关联：《{provision.page.title}》{provision.label}。"
                if provision
                else "当前未关联知识库条款。"
            )
            self.fields["basis"].help_text = (
                "如“《中华人民共和国安全生产法》第二十八条”，保存时自动关联知识库中的条款；"
                + linked
            )
        if "stem" in self.fields:
            self.fields["stem"].error_messages["required"] = "请填写题干。"
        if "type" in self.fields:
            self.fields["type"].error_messages["required"] = "请选择题型。"
        self._fixed_bank = self._bank_fixed_by_role()
        if self._fixed_bank is not None:
            self.fields.pop("jurisdiction", None)
            self.fields.pop("enterprise", None)

    def _bank_fixed_by_role(self) -> tuple[int, int | None] | None:
        """(jurisdiction, enterprise) the user's role dictates, or None if they choose."""
        return None if self.for_user is None else own_bank(self.for_user)

    def clean_stem(self):
        stem = (self.cleaned_data.get("stem") or "").strip()
        if not stem:
            raise forms.ValidationError("请填写题干。")
        return stem

    def clean(self):
        cleaned = super().clean()
        qtype = cleaned.get("type")
        if qtype:
            check = check_answer(
                qtype,
                cleaned.get("stem") or "",
                [cleaned.get(name) or "" for name in OPTION_FIELDS],
                cleaned.get("answer_text") or "",
            )
            for message in check.errors.get("options", []):
                self.add_error("option_a", message)
            for message in check.errors.get("answer", []):
                self.add_error("answer_text", message)
            self._checked = check
        # An enterprise outside the jurisdiction: ``JurisdictionOwned.clean`` says so.
        return cleaned

    def save(self, commit=True):
        question = self.instance
        check = getattr(self, "_checked", None)
        if check is not None:
            question.options = check.options
            question.answer = check.answer
        if self._fixed_bank is not None:
            question.jurisdiction_id, question.enterprise_id = self._fixed_bank
        if "basis" in self.changed_data or (question.basis and not question.source_provision_id):
            provision = resolve_basis(question.basis) if question.basis else None
            question.source_provision = provision
        if question.pk is None and self.for_user is not None:
            question.created_by = self.for_user
        if not commit:
            return super().save(commit=False)
        # As ``bank.services.save_question`` does, with the form's own saving of the row.
        with transaction.atomic():
            question = super().save(commit=True)
            record_version(question, self.for_user)  # the version records who edited
            record_basis(question, user=self.for_user)  # clears 依据已修订，待复核
            schedule_twin_refresh()
        return question


class TagQuestionsForm(forms.Form):
    """Tags to add (never remove) to every selected question."""

    topics = TagListField(label="添加知识点")
    levels = forms.MultipleChoiceField(
        label="添加适用层级",
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    specialties = forms.MultipleChoiceField(
        label="添加适用专业",
        choices=Specialty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    posts = TagListField(label="添加适用岗位")

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("topics", "levels", "specialties", "posts")):
            raise forms.ValidationError("请至少填写一项要添加的标签。")
        return cleaned


class QuestionUploadForm(forms.Form):
    file = forms.FileField(
        label="题库文件",
        help_text="Word（.docx）、Excel（.xlsx）、CSV、Moodle XML（.xml）、GIFT 或 Aiken（.txt）。"
        "上传后先预览，确认后才会写入题库。",
    )
    target = forms.ChoiceField(label="导入到")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {target.key: target for target in import_targets(user)}
        self.fields["target"].choices = [(key, t.label) for key, t in self.targets.items()]
        if len(self.targets) == 1:
            self.fields["target"].initial = next(iter(self.targets))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(f"“{upload.name}”是空文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 20 MB，请拆分后上传。")
        return upload

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]


class QuestionConfirmForm(forms.Form):
    """The staged upload's token; the numbers of questions to leave out come as repeated
    ``excluded`` values.

    Exclusions, not inclusions: a bank of 1,000+ questions would otherwise post more
    fields than Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) and get a bare HTTP 400.
    """

    token = forms.CharField(widget=forms.HiddenInput)

    def excluded_numbers(self) -> set[int]:
        return {int(value) for value in self.data.getlist("excluded") if value.isdigit()}
