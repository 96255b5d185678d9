"""`load_demo` (run by every `make run`) works beside a second jurisdiction, twice over."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.demo_specs import JURISDICTION
from assessments.models import ExamBlueprint, Question
from content.search.vectors import use_embedder
from tests.factories import JurisdictionFactory
from tests.search.builders import FakeEmbedder

pytestmark = pytest.mark.django_db


def test_load_demo_twice_beside_a_second_jurisdiction() -> None:
    other = JurisdictionFactory(name="潞州区应急管理局")
    with use_embedder(FakeEmbedder()):
        for _run in range(2):
            call_command("load_demo", "--skip-statutes", stdout=StringIO())

    demo_code = JURISDICTION[0]
    assert ExamBlueprint.objects.filter(jurisdiction__code=demo_code).count() == 4
    assert Question.objects.filter(jurisdiction__code=demo_code).exists()
    # The demo's bank and exams go to its own bureau, never to the other district.
    assert not ExamBlueprint.objects.filter(jurisdiction=other).exists()
    assert not Question.objects.filter(jurisdiction=other).exists()
