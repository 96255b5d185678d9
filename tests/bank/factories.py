"""Question builders for the bank tests (people come from tests/factories.py)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from assessments.models import Difficulty, Question, QuestionStatus, QuestionType
from tests.factories import JurisdictionFactory


class QuestionFactory(DjangoModelFactory):
    """A 单选 in a jurisdiction's shared bank unless ``enterprise`` is given."""

    class Meta:
        model = Question

    enterprise = None
    type = QuestionType.SINGLE
    stem = factory.Sequence(lambda n: f"第{n}号测试题：动火作业前应当进行哪项工作？")
    options = factory.LazyFunction(
        lambda: [
            {"key": "A", "text": "气体检测"},
            {"key": "B", "text": "直接动火"},
            {"key": "C", "text": "口头通知"},
            {"key": "D", "text": "无需准备"},
        ]
    )
    answer = factory.LazyFunction(lambda: ["A"])
    explanation = "动火作业前必须进行可燃气体检测。"
    difficulty = Difficulty.MEDIUM
    status = QuestionStatus.ACTIVE

    @factory.lazy_attribute
    def jurisdiction(self):
        if self.enterprise is not None:
            return self.enterprise.jurisdiction
        return JurisdictionFactory()
