"""Wagtail admin for people and enterprises: one "人员与企业" menu with four snippet listings.

Only editors and superusers reach these screens (snippet model permissions). Their rows,
and the choosers other forms open on these models, come through `accounts.scoping`, so
an enterprise user choosing an enterprise or a person sees only their own.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from accounts.admin_viewsets import ScopedSnippetViewSet
from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from accounts.scoping import (
    visible_departments,
    visible_enterprises,
    visible_jurisdictions,
    visible_staff,
)


class JurisdictionViewSet(ScopedSnippetViewSet):
    model = Jurisdiction
    icon = "site"
    menu_label = "监管辖区"
    menu_name = "jurisdictions"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    search_backend_name = None  # plain ORM icontains; these models are not search-indexed

    def scope(self, user) -> QuerySet[Jurisdiction]:
        return visible_jurisdictions(user)


class EnterpriseViewSet(ScopedSnippetViewSet):
    model = Enterprise
    icon = "home"
    menu_label = "企业"
    menu_name = "enterprises"
    list_display = [
        "name",
        "credit_code",
        "enterprise_type",
        "major_hazard",
        "standardization_grade",
        "jurisdiction",
    ]
    list_filter = ["enterprise_type", "major_hazard", "standardization_grade", "jurisdiction"]
    search_fields = ["name", "credit_code", "address", "contact_person"]
    search_backend_name = None
    list_export = [
        "name",
        "credit_code",
        "get_enterprise_type_display",
        "major_hazard",
        "get_standardization_grade_display",
        "jurisdiction.name",
        "address",
        "contact_person",
        "contact_phone",
    ]
    export_headings = {
        "get_enterprise_type_display": "企业类型",
        "get_standardization_grade_display": "安全生产标准化等级",
        "jurisdiction.name": "监管辖区",
    }
    export_filename = "企业名单"
    panels = [
        FieldPanel("name"),
        FieldPanel("credit_code"),
        FieldRowPanel(
            [
                FieldPanel("enterprise_type"),
                FieldPanel("standardization_grade"),
                FieldPanel("major_hazard"),
            ]
        ),
        FieldPanel("jurisdiction"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("contact_person"), FieldPanel("contact_phone")],
            heading="联系方式",
        ),
    ]

    def scope(self, user) -> QuerySet[Enterprise]:
        return visible_enterprises(user)


class DepartmentViewSet(ScopedSnippetViewSet):
    model = Department
    icon = "list-ul"
    menu_label = "部门/车间/班组"
    menu_name = "departments"
    list_display = ["name", "enterprise", "kind", "parent"]
    list_filter = ["kind", "enterprise"]
    search_fields = ["name", "enterprise__name"]
    search_backend_name = None

    def scope(self, user) -> QuerySet[Department]:
        return visible_departments(user)


class StaffProfileForm(WagtailAdminModelForm):
    """Departments are listed with their enterprise: many enterprises have a 合成车间."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        department = self.fields.get("department")
        if department is not None:
            department.queryset = Department.objects.select_related("enterprise")
            department.label_from_instance = lambda d: f"{d.enterprise.name} · {d.name}"


class StaffProfileViewSet(ScopedSnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = "人员档案"
    menu_name = "staff"
    list_display = [
        "display_name",
        "user__username",
        "role",
        "enterprise",
        "department",
        "level",
        "specialty",
        "post",
        "status",
    ]
    list_filter = ["role", "status", "level", "specialty", "enterprise"]
    search_fields = ["user__first_name", "user__username", "employee_no", "post", "phone"]
    search_backend_name = None
    list_export = [
        "employee_no",
        "display_name",
        "user.username",
        "get_role_display",
        "enterprise.name",
        "department.name",
        "get_level_display",
        "get_specialty_display",
        "post",
        "phone",
        "hire_date",
        "get_status_display",
    ]
    export_headings = {
        "display_name": "姓名",
        "user.username": "用户名",
        "get_role_display": "角色",
        "enterprise.name": "企业",
        "department.name": "部门/车间/班组",
        "get_level_display": "人员层级",
        "get_specialty_display": "专业",
        "get_status_display": "在岗状态",
    }
    export_filename = "人员名单"
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            # Status moves only through the services that govern it (exams, training,
            # 离职 by the enterprise's manager), so the admin shows it without a field.
            FieldRowPanel([FieldPanel("role"), FieldPanel("status", read_only=True)]),
            FieldRowPanel([FieldPanel("enterprise"), FieldPanel("jurisdiction")]),
            FieldPanel("department"),
            FieldRowPanel([FieldPanel("level"), FieldPanel("specialty"), FieldPanel("post")]),
            FieldRowPanel(
                [FieldPanel("employee_no"), FieldPanel("phone"), FieldPanel("hire_date")]
            ),
            FieldPanel("id_number_masked", read_only=True),
            # Regulators only: printed with their name on every inspection record.
            FieldPanel("enforcement_number"),
        ],
        base_form_class=StaffProfileForm,
    )

    def scope(self, user) -> QuerySet[StaffProfile]:
        return visible_staff(user)


class PeopleViewSetGroup(SnippetViewSetGroup):
    menu_label = "人员与企业"
    menu_icon = "group"
    menu_name = "people"
    items = (StaffProfileViewSet, EnterpriseViewSet, DepartmentViewSet, JurisdictionViewSet)


register_snippet(PeopleViewSetGroup)
