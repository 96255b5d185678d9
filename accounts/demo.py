"""Demo people: one jurisdiction, three enterprises, ~60 staff and one login per role.

`load_demo_people()` is idempotent: every row is upserted by its natural key (jurisdiction
code, credit code, enterprise + department name, username), and the staff are generated
from a fixed seed, so a second run updates rows in place and creates none.
`read_demo_logins()` only reads; the `demo_logins` command prints it.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from accounts.demo_specs import (
    DEMO_PASSWORD,
    EDITOR_GROUP,
    ENTERPRISES,
    JURISDICTION,
    LOGINS,
    SEED,
    DemoLogin,
    DepartmentSpec,
    LoginSpec,
    StaffSpec,
    staff_specs,
)
from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from accounts.vocab import Role, StaffStatus


def demo_jurisdiction() -> Jurisdiction:
    """The demo's bureau; other jurisdictions may exist beside it (a second district)."""
    return Jurisdiction.objects.get(code=JURISDICTION[0])


@transaction.atomic
def load_demo_people() -> list[DemoLogin]:
    """Create or update the demo jurisdiction, enterprises, staff and logins."""
    rng = random.Random(SEED)
    code, bureau = JURISDICTION
    jurisdiction, _ = Jurisdiction.objects.update_or_create(code=code, defaults={"name": bureau})
    used_names = {login.name for login in LOGINS}
    for spec in ENTERPRISES:
        enterprise, _ = Enterprise.objects.update_or_create(
            credit_code=spec.credit_code,
            defaults={
                "name": spec.name,
                "enterprise_type": spec.enterprise_type,
                "major_hazard": spec.major_hazard,
                "standardization_grade": spec.grade,
                "jurisdiction": jurisdiction,
                "address": spec.address,
                "contact_person": spec.contact_person,
                "contact_phone": spec.contact_phone,
            },
        )
        departments = _upsert_departments(enterprise, spec.departments)
        for staff in staff_specs(spec, rng, used_names):
            _upsert_staff(staff, enterprise, departments)
    editors = _ensure_editor_group()
    for login in LOGINS:
        if login.enterprise_slug is None:
            user = _upsert_bureau_login(login, jurisdiction)
            if login.role == Role.EDITOR:
                user.groups.add(editors)
    return read_demo_logins()


def _upsert_departments(
    enterprise: Enterprise, specs: tuple[DepartmentSpec, ...]
) -> dict[str, Department]:
    departments: dict[str, Department] = {}
    for spec in specs:  # parents are listed before their children
        departments[spec.name], _ = Department.objects.update_or_create(
            enterprise=enterprise,
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "parent": departments[spec.parent] if spec.parent else None,
            },
        )
    return departments


def _upsert_user(username: str, name: str, *, can_log_in: bool, is_staff: bool = False):
    user, created = get_user_model().objects.update_or_create(
        username=username,
        defaults={"first_name": name, "last_name": "", "is_active": True, "is_staff": is_staff},
    )
    if can_log_in and not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif created and not can_log_in:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _upsert_staff(
    spec: StaffSpec, enterprise: Enterprise, departments: dict[str, Department]
) -> None:
    is_login = spec.username in {login.username for login in LOGINS}
    user = _upsert_user(spec.username, spec.name, can_log_in=is_login)
    fields = {
        "role": spec.role,
        "enterprise": enterprise,
        "department": departments[spec.department] if spec.department else None,
        "level": spec.level,
        "specialty": spec.specialty,
        "post": spec.post,
        "employee_no": spec.employee_no,
        "phone": spec.phone,
        "hire_date": spec.hire_date,
    }
    # The status is set only when the person is created: afterwards the training loop owns
    # it (the demo's failed attempts send people off post), and `make run` reloads the demo.
    StaffProfile.objects.update_or_create(
        user=user, defaults=fields, create_defaults={**fields, "status": spec.status}
    )


def _upsert_bureau_login(login: LoginSpec, jurisdiction: Jurisdiction):
    user = _upsert_user(
        login.username, login.name, can_log_in=True, is_staff=login.role == Role.EDITOR
    )
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "role": login.role,
            "enterprise": None,
            "jurisdiction": jurisdiction,
            "department": None,
            "level": "",
            "specialty": "",
            "status": StaffStatus.ON_POST,
        },
    )
    return user


def _ensure_editor_group() -> Group:
    """The "编辑" group: Wagtail admin, pages under the root, snippets, documents, images."""
    from wagtail.snippets.models import get_snippet_models

    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    # Every snippet model registered so far (ours and other apps'), all its permissions.
    snippet_types = ContentType.objects.get_for_models(*get_snippet_models()).values()
    group.permissions.add(*Permission.objects.filter(content_type__in=snippet_types))

    root = Page.get_first_root_node()
    page_type = ContentType.objects.get_for_model(Page)
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(content_type=page_type, codename=codename),
        )
    root_collection = Collection.get_first_root_node()
    for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
        for action in ("add", "change", "choose", "delete"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ),
            )
    return group


def read_demo_logins() -> list[DemoLogin]:
    """The demo logins that exist, in role order; reads only (safe for `demo_logins`)."""
    users = {
        user.username: user
        for user in get_user_model()
        .objects.filter(username__in=[login.username for login in LOGINS])
        .select_related("profile__enterprise")
    }
    logins: list[DemoLogin] = []
    for spec in LOGINS:
        user = users.get(spec.username)
        profile = getattr(user, "profile", None) if user is not None else None
        if profile is None:
            continue
        logins.append(
            DemoLogin(
                username=user.username,
                # hashers.check_password, not user.check_password: the latter may re-hash and save.
                password=DEMO_PASSWORD if check_password(DEMO_PASSWORD, user.password) else None,
                role_label=profile.get_role_display(),
                enterprise=profile.enterprise.name if profile.enterprise else None,
            )
        )
    return logins
