"""Every admin URL Wagtail registers, for every model, as outsiders: no foreign name leaks.

The sweep walks the project's URL resolver under ``admin/`` (Wagtail's own views, every
snippet viewset's and chooser's, pages, documents, images, users, groups, ours) and
fills each URL's object id with an object of enterprise A (or of the viewer's foreign
jurisdiction, or a draft page). It asks every URL, every bulk action (``?id=``), every
listing with a search for the marker and every export, as enterprise B's safety manager
and as J2's regulator, and asserts that no answer (nor the page a redirect leads to)
contains a name the viewer may not read, and that every URL naming a foreign object
refuses: 404, or 302/403 where the viewer may not use that screen at all.

A model registered later is covered without touching this file: its URLs are found in
the resolver, and ``test_admin_choosers`` requires its viewset to declare a scope.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.models import Page

from accounts.models import Department, Enterprise, Jurisdiction, StaffProfile
from assessments.models import ExamBlueprint, Question, QuestionImport, RoutineSchedule
from tests.admin_world import (
    A_MARKER,
    DRAFT_MARKER,
    J1_MARKER,
    J2_MARKER,
    AdminWorld,
    build_admin_world,
)

pytestmark = pytest.mark.django_db

#: What a viewer may answer for a URL naming a foreign object: not found, or not for them.
REFUSED = {302, 403, 404, 405}

#: URL kwargs that name a page, a document or an image whatever the view.
KWARG_MODELS = {
    "page_id": Page,
    "parent_page_id": Page,
    "page_to_move_id": Page,
    "page_pk": Page,
    "document_id": "wagtaildocs.Document",
    "doc_id": "wagtaildocs.Document",
    "image_id": "wagtailimages.Image",
}
#: Views of function-based or API URLs, by URL name prefix, when the view names no model.
NAME_MODELS = {
    "wagtailadmin_api:pages": Page,
    "wagtailadmin_api:documents": "wagtaildocs.Document",
    "wagtailadmin_api:images": "wagtailimages.Image",
    "wagtailforms": Page,
    "assessments_question_import_report": QuestionImport,
    "assessments_question_": Question,
}
#: Values for the URL arguments that are not the object's id.
OTHER_ARGS = {
    "filter_spec": "original",
    "action_name": "approve",
    "file_format": "csv",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
}
#: Password reset links carry a signed token and name no object; failwhale is Wagtail's
#: deliberate 500 for testing error reporting; logging out would end the sweep's session.
SKIPPED = re.compile(r"password_reset/confirm|failwhale|admin/logout/")


@dataclass(frozen=True)
class Viewer:
    name: str
    forbidden: tuple[str, ...]


VIEWERS = {
    "safety_manager_b": Viewer("safety_manager_b", (A_MARKER, J2_MARKER, DRAFT_MARKER)),
    "regulator_2": Viewer("regulator_2", (A_MARKER, J1_MARKER, DRAFT_MARKER)),
}


def foreign_objects(world: AdminWorld, viewer: str) -> dict[type[Model], Model]:
    """For every model with admin URLs that belongs to someone: an object the viewer may
    not see."""
    foreign_jurisdiction = world.j2 if viewer == "safety_manager_b" else world.j1
    return {
        StaffProfile: world.worker_a,
        Enterprise: world.a,
        Department: world.department_a,
        Jurisdiction: foreign_jurisdiction,
        Question: world.question_a,
        ExamBlueprint: world.blueprint_a,
        RoutineSchedule: world.schedule_a,
        QuestionImport: world.import_a,
        Page: world.draft_page,
        get_document_model(): world.draft_document,
        get_user_model(): world.worker_a.user,
        **leadership_objects(world, foreign_jurisdiction),
    }


def leadership_objects(world: AdminWorld, jurisdiction: Jurisdiction) -> dict[type[Model], Model]:
    """Enterprise A's hazard register and a foreign jurisdiction's commitment template."""
    import datetime as dt

    from leadership.models import (
        CommitmentTemplate,
        EnterpriseProcess,
        KeyPlace,
        MajorHazardSource,
    )

    source, _ = MajorHazardSource.objects.get_or_create(
        enterprise=world.a, name=f"{A_MARKER}罐区", defaults={"grade": "3", "location": A_MARKER}
    )
    place, _ = KeyPlace.objects.get_or_create(
        enterprise=world.a, name=f"{A_MARKER}装置", defaults={"kind": "key_device"}
    )
    process, _ = EnterpriseProcess.objects.get_or_create(
        enterprise=world.a, process="nitration", unit=A_MARKER
    )
    template, _ = CommitmentTemplate.objects.get_or_create(
        jurisdiction=jurisdiction,
        year=2026,
        defaults={"preamble": jurisdiction.name, "duties": "x", "due_date": dt.date(2026, 3, 31)},
    )
    return {
        MajorHazardSource: source,
        KeyPlace: place,
        EnterpriseProcess: process,
        CommitmentTemplate: template,
    }


def admin_patterns():
    """(route, URL name, pattern) for every URL pattern under ``admin/``."""

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}".lstrip(":") if pattern.name else ""
                yield prefix + str(pattern.pattern), name, pattern

    for route, name, pattern in walk(get_resolver().url_patterns, "", ""):
        # Our guards stand in front of Wagtail's URLs (every request passes them); the
        # sweep asks for the URLs they guard.
        guard = pattern.callback.__module__ == "safetykb.admin_guards"
        if route.lstrip("^").startswith("admin/") and not guard and not SKIPPED.search(route):
            yield route, name, pattern


ARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def model_of(name: str, pattern: URLPattern, kwargs: list[str]):
    """The model a URL's object id belongs to, from the view, its URL name or its kwargs."""
    callback = pattern.callback
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is None:
        model = getattr(getattr(callback, "view_class", None), "model", None)
        model = model if isinstance(model, str | type) else None
    if model is None:
        model = next((m for prefix, m in NAME_MODELS.items() if name.startswith(prefix)), None)
    if model is None:
        model = next((KWARG_MODELS[k] for k in kwargs if k in KWARG_MODELS), None)
    return resolve_model_string(model) if model is not None else None


def url_for(route: str, values: dict) -> str:
    """The route (path converters, regex groups) with its arguments filled in."""
    url = "/" + ARG.sub(lambda m: str(values[m["name"] or m["group"]]), route)
    return url.replace("^", "").replace("$", "").replace("\\.", ".")


@dataclass(frozen=True)
class Request:
    url: str
    names_foreign_object: bool


def requests_for(world: AdminWorld, viewer: str) -> list[Request]:
    targets = foreign_objects(world, viewer)
    revision_id = world.draft_page.latest_revision_id
    requests: list[Request] = []
    for route, name, pattern in admin_patterns():
        kwargs = [m["name"] or m["group"] for m in ARG.finditer(route)]
        model = model_of(name, pattern, kwargs)
        target = targets.get(model) if model is not None else None
        values = {}
        for kwarg in kwargs:
            if kwarg in OTHER_ARGS:
                values[kwarg] = OTHER_ARGS[kwarg]
            elif kwarg in ("app_label", "content_type_app_name", "app_name"):
                values[kwarg] = "regulations"
            elif kwarg in ("model_name", "content_type_model_name"):
                values[kwarg] = "regulationpage"
            elif kwarg == "revision_id":
                values[kwarg] = revision_id
            elif kwarg in ("pk", "object_id") or kwarg in KWARG_MODELS:
                values[kwarg] = target.pk if target is not None else 1
            else:
                values[kwarg] = 1
        url = url_for(route, values)
        if kwargs:
            requests.append(Request(url, names_foreign_object=target is not None))
            continue
        if name == "wagtail_bulk_action":
            continue
        requests.append(Request(f"{url}?q=标记", names_foreign_object=False))
        if getattr(getattr(pattern.callback, "view_class", None), "list_export", None):
            requests.append(Request(f"{url}?export=csv", names_foreign_object=False))
    bulk_actions = bulk_action_registry
    bulk_actions._scan_for_bulk_actions()
    for app_label, models in bulk_actions.actions.items():
        for model_name, actions in models.items():
            model = resolve_model_string(f"{app_label}.{model_name}")
            target = targets.get(model) or next(
                (obj for cls, obj in targets.items() if issubclass(model, cls)), None
            )
            for action in actions:
                url = f"/admin/bulk/{app_label}/{model_name}/{action}/"
                pk = target.pk if target is not None else 1
                requests.append(Request(f"{url}?id={pk}", names_foreign_object=target is not None))
                requests.append(Request(f"{url}?id=all", names_foreign_object=False))
    return requests


def readable(response) -> str:
    """The response as text, JSON decoded (choosers escape Chinese as \\uXXXX)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def sweep(client: Client, viewer: Viewer, requests: list[Request]) -> list[str]:
    problems = []
    for request in requests:
        response = client.get(request.url)
        if "_auth_user_id" not in client.session:
            # Every later answer would be the login page: nothing would seem to leak.
            problems.append(f"{request.url} logged the viewer out; the sweep stops here")
            break
        texts = [readable(response)]
        if response.status_code == 302 and response["Location"].startswith("/"):
            texts.append(readable(client.get(response["Location"])))  # e.g. a message
        leaked = [marker for marker in viewer.forbidden if any(marker in t for t in texts)]
        if leaked:
            problems.append(f"{request.url} ({response.status_code}) shows {leaked}")
        if request.names_foreign_object and response.status_code not in REFUSED:
            problems.append(f"{request.url} answers {response.status_code}, not 404")
        if response.status_code >= 500:
            problems.append(f"{request.url} fails with {response.status_code}")
    return problems


@pytest.fixture
def world(db) -> AdminWorld:
    return build_admin_world()


@pytest.mark.parametrize("viewer_name", sorted(VIEWERS))
def test_no_admin_url_names_what_the_viewer_may_not_see(world, viewer_name):
    viewer = VIEWERS[viewer_name]
    profile = getattr(world, viewer_name)
    client = Client(raise_request_exception=False)
    client.force_login(profile.user)
    requests = requests_for(world, viewer_name)
    assert len(requests) > 300  # the whole admin, not a handful of views

    problems = sweep(client, viewer, requests)

    assert not problems, "\n".join(problems)


def test_the_sweep_sees_the_markers_where_they_are_allowed(world):
    """The check itself: an editor's chooser answers (JSON) and listings do name them."""
    client = Client()
    client.force_login(world.editor.user)
    names = [
        ("/admin/snippets/choose/accounts/staffprofile/results/?q=标记", A_MARKER),
        (f"/admin/snippets/choose/accounts/staffprofile/chosen/{world.worker_a.pk}/", A_MARKER),
        ("/admin/snippets/assessments/routineschedule/", A_MARKER),
        ("/admin/choose-page/search/?q=草稿", DRAFT_MARKER),
    ]
    for url, marker in names:
        response = client.get(url)
        assert response.status_code == 200 and marker in readable(response), url


def test_every_model_with_admin_urls_is_swept(world):
    """Each model whose admin URLs take an id and that belongs to someone has a foreign
    object in the sweep; the rest belong to nobody (site set-up, shared reference data)."""
    shared = {
        "wagtailcore.site",
        "wagtailcore.collection",
        "wagtailcore.workflow",
        "wagtailcore.task",
        "wagtailcore.groupapprovaltask",
        "wagtailredirects.redirect",
        "wagtailimages.image",
        "auth.group",
        "catalogue.eliminateditem",
        "kbsearch.glossaryterm",
        # Editors' phrasings of public provisions: no tenant's data (editors only anyway).
        "kbsearch.commonphrasing",
        # Standards the knowledge base does not hold: public reference data, editors keep it.
        "kbsearch.technicalstandard",
        # Everyday questions the knowledge base is not for: public reference data too.
        "kbsearch.everydayquestion",
        "training.traininghoursrule",
        # The bureau's 作业类别 list and certificate requirements: reference data.
        "training.operationcategory",
        "training.certificaterequirementrule",
        # The statutory hours minima with their legal source: reference data, editors only.
        "training.statutoryhoursrule",
        # The bureau's leadership-check rubric: one for the whole district, editors only.
        "leadership.rubric",
    }
    targets = foreign_objects(world, "safety_manager_b")
    uncovered = set()
    for route, name, pattern in admin_patterns():
        kwargs = [m["name"] or m["group"] for m in ARG.finditer(route)]
        model = model_of(name, pattern, kwargs)
        if model is None or model in targets:
            continue
        if model._meta.label_lower not in shared and not issubclass(model, Page):
            uncovered.add(model._meta.label_lower)
    assert not uncovered, f"no foreign object in the sweep for {sorted(uncovered)}"
