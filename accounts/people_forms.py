"""Forms for the people pages: they only read input; `accounts.people` decides and writes."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.identity import IdentityError, validate_id_number, validate_phone
from accounts.models import Department, Enterprise, StaffProfile
from accounts.people import PersonInput
from accounts.vocab import Level, Specialty

REQUIRED = "请填写%s。"


def _chinese_required(form: forms.Form) -> None:
    for field in form.fields.values():
        field.error_messages["required"] = REQUIRED % field.label
        field.error_messages["invalid"] = f"{field.label}格式不正确。"


class PersonForm(forms.Form):
    """Add (with department and post) or edit (without: those move through 调岗) a person."""

    name = forms.CharField(label="姓名", max_length=150)
    employee_no = forms.CharField(label="工号", max_length=30)
    phone = forms.CharField(label="手机号", max_length=30, required=False)
    id_number = forms.CharField(
        label="身份证号",
        max_length=20,
        required=False,
        help_text="只保存后四位，其余以*号代替",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    department = forms.ModelChoiceField(
        label="部门/车间/班组",
        queryset=Department.objects.none(),
        required=False,
        empty_label="未分配部门",
    )
    level = forms.ChoiceField(label="人员层级", choices=[("", "请选择"), *Level.choices])
    specialty = forms.ChoiceField(
        label="专业", choices=[("", "未填写"), *Specialty.choices], required=False
    )
    post = forms.CharField(
        label="岗位", max_length=50, required=False, help_text="如 合成岗、中控岗"
    )
    hire_date = forms.DateField(
        label="入职日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, enterprise: Enterprise, editing: StaffProfile | None = None, **kw):
        super().__init__(*args, **kw)
        self.fields["department"].queryset = enterprise.departments.order_by("name")
        _chinese_required(self)
        self.fields["level"].error_messages["required"] = "请选择人员层级。"
        if editing is not None:
            del self.fields["department"], self.fields["post"]
            self.fields["id_number"].help_text = (
                f"现为 {editing.id_number_masked}；留空则不修改"
                if editing.id_number_masked
                else "只保存后四位，其余以*号代替"
            )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        try:
            return validate_phone(value)
        except IdentityError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        if not value:
            return ""
        try:
            return validate_id_number(value)
        except IdentityError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_hire_date(self):
        day = self.cleaned_data["hire_date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("入职日期不能晚于今天。")
        return day

    def person_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            name=data["name"],
            employee_no=data["employee_no"],
            level=data["level"],
            phone=data["phone"],
            id_number=data["id_number"],
            department=data.get("department"),
            specialty=data["specialty"],
            post=data.get("post", ""),
            hire_date=data["hire_date"],
        )

    @classmethod
    def initial_for(cls, staff: StaffProfile) -> dict:
        return {
            "name": staff.user.first_name,
            "employee_no": staff.employee_no,
            "phone": staff.phone,
            "level": staff.level,
            "specialty": staff.specialty,
            "hire_date": staff.hire_date,
        }


class MovePostForm(forms.Form):
    department = forms.ModelChoiceField(
        label="新部门/车间/班组",
        queryset=Department.objects.none(),
        required=False,
        empty_label="未分配部门",
    )
    post = forms.CharField(label="新岗位", max_length=50)
    reason = forms.CharField(label="调岗原因", max_length=200, required=False)

    def __init__(self, *args, enterprise: Enterprise, **kw):
        super().__init__(*args, **kw)
        self.fields["department"].queryset = enterprise.departments.order_by("name")
        _chinese_required(self)


class LeaveForm(forms.Form):
    day = forms.DateField(
        label="离职日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label="离职原因", max_length=200)

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        _chinese_required(self)


class AwayForm(forms.Form):
    day = forms.DateField(
        label="离岗日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label="离岗原因", max_length=200, help_text="如：病假、借调、产假")

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        _chinese_required(self)


class ReturnForm(forms.Form):
    day = forms.DateField(
        label="返岗日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        _chinese_required(self)


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="人员名单（.xlsx）")

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
