"""Forms of the ledger pages. They check input; ``training.ledger`` enforces the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from accounts.models import StaffProfile
from accounts.vocab import Level, StaffStatus
from training.ledger import SessionInput
from training.rules.hours import TrainingKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TrainerChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class MaterialChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, page) -> str:
        return page.title


def material_pages():
    """Regulations and culture articles (live) a session may link to."""
    from content.culture.models import CulturePage
    from content.regulations.models import RegulationPage

    return (
        Page.objects.live().type(RegulationPage, CulturePage).order_by("title").only("pk", "title")
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label="培训类别", choices=[("", "请选择"), *TrainingKind.choices()])
    title = forms.CharField(label="培训名称", max_length=200)
    starts_on = forms.DateField(label="培训日期", widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(
        label="结束日期", widget=DATE, required=False, help_text="多天的培训填写；一天的留空"
    )
    start_time = forms.TimeField(label="开始时间", widget=TIME, required=False)
    end_time = forms.TimeField(label="结束时间", widget=TIME, required=False)
    hours_per_day = forms.DecimalField(
        label="每人每天学时",
        min_value=Decimal("0.5"),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    trainer_name = forms.CharField(
        label="培训人或培训机构", max_length=100, help_text="外部讲师或培训机构只填此项"
    )
    trainer = TrainerChoice(
        label="培训人账号（本企业授课人）",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="外部讲师或机构（无账号）",
        help_text="选择后由授课人本人登录签名；外部讲师由录入人签名，签到表扫描件为凭证",
    )
    place = forms.CharField(label="培训地点", max_length=200, required=False)
    content = forms.CharField(
        label="培训内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    materials = MaterialChoice(
        label="关联法规或文章",
        queryset=Page.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            get_user_model()
            .objects.filter(profile__enterprise=enterprise)
            .exclude(profile__status=StaffStatus.LEFT)
            .order_by("first_name")
        )
        self.fields["materials"].queryset = material_pages()

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("培训日期不能晚于今天。")
        return day

    def to_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            kind=data["kind"],
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            hours_per_day=data["hours_per_day"],
            trainer_name=data["trainer_name"],
            trainer=data.get("trainer"),
            place=data.get("place", ""),
            content=data.get("content", ""),
            materials=list(data.get("materials") or ()),
        )

    def to_json(self) -> dict:
        """The cleaned fields as text, to wait in the session between preview and confirm."""
        data = self.cleaned_data
        out = {}
        for name, value in data.items():
            if name == "materials":
                out[name] = [page.pk for page in value or ()]
            elif name == "trainer":
                out[name] = value.pk if value else ""
            elif value is None:
                out[name] = ""
            elif hasattr(value, "isoformat"):
                out[name] = value.isoformat()[:5] if name.endswith("_time") else value.isoformat()
            else:
                out[name] = str(value)
        return out


class AttendeesForm(forms.Form):
    """The attendees, ticked from the (filtered) roster."""

    attendees = forms.ModelMultipleChoiceField(
        label="参训人员",
        queryset=StaffProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一名参训人员。"},
    )

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = roster


class RosterFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label="部门", queryset=None, required=False, empty_label="全部部门"
    )
    level = forms.ChoiceField(
        label="层级", choices=[("", "全部层级"), *Level.choices], required=False
    )
    post = forms.ChoiceField(label="岗位", choices=[("", "全部岗位")], required=False)

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = enterprise.departments.order_by("name")
        posts = (
            StaffProfile.objects.filter(enterprise=enterprise)
            .exclude(post="")
            .values_list("post", flat=True)
            .distinct()
            .order_by("post")
        )
        self.fields["post"].choices = [("", "全部岗位"), *((p, p) for p in posts)]

    def apply(self, roster):
        if not self.is_valid():
            return roster
        data = self.cleaned_data
        if data.get("department"):
            roster = roster.filter(department=data["department"])
        if data.get("level"):
            roster = roster.filter(level=data["level"])
        if data.get("post"):
            roster = roster.filter(post=data["post"])
        return roster


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="录入人登录密码（签名）",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "请输入登录密码以签名。"},
    )


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label="签到表扫描件或照片", required=False)


class SheetUploadForm(forms.Form):
    sheet = forms.FileField(
        label="签到表（.xlsx）", error_messages={"required": "请选择签到表文件。"}
    )

    def clean_sheet(self):
        upload = self.cleaned_data["sheet"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("签到表须为 Excel（.xlsx）文件，请用模板填写后上传。")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("签到表文件不能超过 5 MB。")
        return upload


class CorrectionForm(forms.Form):
    on = forms.DateField(label="培训日期", widget=DATE)
    hours = forms.DecimalField(
        label="学时",
        min_value=Decimal(0),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=1,
        help_text="填 0 表示撤销这条记录（如此人实际未参加）",
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    reason = forms.CharField(
        label="更正原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
