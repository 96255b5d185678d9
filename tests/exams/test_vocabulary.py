"""The models' choices are the engine's vocabulary, and state changes follow its rule."""

from __future__ import annotations

import pytest

import assessments.exams.engine as engine
import assessments.models as models
import importers.questions as parsed
from accounts import vocab
from assessments.models import Attempt, ExamBlueprint, Question


def test_models_use_the_engines_enums():
    assert models.AttemptState is engine.AttemptState
    assert models.QuestionType is engine.QuestionType is parsed.QuestionType
    assert models.Difficulty is engine.Difficulty
    assert models.MultipleScoring is engine.MultipleScoring


def test_one_label_per_state_everywhere():
    stored = [s for s in engine.AttemptState if s is not engine.AttemptState.NOT_STARTED]
    field = Attempt._meta.get_field("state")
    assert field.choices == [(s.value, s.label) for s in stored]
    assert Attempt(state="in_progress").get_state_display() == "作答中"
    assert Attempt(state="needs_grading").get_state_display() == "待评分"
    assert Attempt(state="abandoned").get_state_display() == "已作废"
    assert Question._meta.get_field("type").choices == engine.QuestionType.choices
    assert Question._meta.get_field("difficulty").choices == engine.Difficulty.choices
    assert ExamBlueprint._meta.get_field("multiple_scoring").choices == (
        engine.MultipleScoring.choices
    )


def test_attempt_moves_only_along_the_engines_transitions():
    attempt = Attempt(state=engine.AttemptState.IN_PROGRESS)
    attempt.move_to(engine.AttemptState.SUBMITTED)
    attempt.move_to(engine.AttemptState.GRADED)
    assert attempt.state == "graded"
    with pytest.raises(engine.IllegalTransitionError):
        attempt.move_to(engine.AttemptState.IN_PROGRESS)
    assert attempt.state == "graded"
    with pytest.raises(engine.IllegalTransitionError):
        Attempt(state="in_progress").move_to(engine.AttemptState.GRADED)


def test_role_groups_are_defined_once():
    from assessments.bank.wagtail_admin import permissions
    from assessments.exams.views import common

    assert common.EXAMINEES is vocab.ENTERPRISE_ROLES
    assert common.OVERSEERS is vocab.OVERSEER_ROLES
    assert common.EVERYONE is vocab.SITE_ROLES
    assert permissions.BANK_ADMIN_ROLES is vocab.BANK_ADMIN_ROLES


def test_bank_rows_share_one_ownership_model():
    from accounts.models import JurisdictionOwned
    from assessments.models import QuestionImport

    for model in (Question, ExamBlueprint, QuestionImport):
        assert issubclass(model, JurisdictionOwned)
    assert Question(enterprise_id=None).is_shared
    assert not ExamBlueprint(enterprise_id=3).is_shared
