"""The question listing's filters: type, tags, source, status, difficulty and bank.

Choices that depend on data (posts, topics, regulations, enterprises) are drawn from the
questions the requesting user can see, so a filter never names another enterprise.
"""

from __future__ import annotations

import django_filters
from django.db.models import F, Func, QuerySet
from wagtail.admin.filters import WagtailFilterSet

from accounts.scoping import visible_enterprises
from accounts.vocab import Level, Specialty
from assessments.bank.models import Difficulty, Question, QuestionStatus, QuestionType
from assessments.bank.scoping import visible_questions

UNTAGGED = "__none__"
SHARED = "shared"


def _distinct_tags(questions: QuerySet[Question], field: str) -> list[str]:
    tags = (
        questions.order_by()
        .annotate(tag=Func(F(field), function="unnest"))
        .values_list("tag", flat=True)
        .distinct()
    )
    return sorted(tags)


class QuestionFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(
        label="题型", choices=QuestionType.choices, empty_label="全部题型"
    )
    level = django_filters.ChoiceFilter(
        label="适用层级",
        choices=[*Level.choices, (UNTAGGED, "未标注（全员适用）")],
        method="filter_array",
        field_name="levels",
        empty_label="全部层级",
    )
    specialty = django_filters.ChoiceFilter(
        label="适用专业",
        choices=[*Specialty.choices, (UNTAGGED, "未标注")],
        method="filter_array",
        field_name="specialties",
        empty_label="全部专业",
    )
    post = django_filters.ChoiceFilter(
        label="适用岗位", method="filter_array", field_name="posts", empty_label="全部岗位"
    )
    topic = django_filters.ChoiceFilter(
        label="知识点", method="filter_array", field_name="topics", empty_label="全部知识点"
    )
    source = django_filters.ChoiceFilter(
        label="依据",
        choices=[
            ("linked", "已关联法规条款"),
            ("unlinked", "未关联法规条款"),
            ("suggested", "有建议依据待确认"),
            ("amended", "依据已修订，待复核"),
        ],
        method="filter_source",
        empty_label="全部",
    )
    regulation = django_filters.ChoiceFilter(
        label="依据法规", method="filter_regulation", empty_label="全部法规"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=QuestionStatus.choices, empty_label="全部状态"
    )
    difficulty = django_filters.ChoiceFilter(
        label="难度", choices=Difficulty.choices, empty_label="全部难度"
    )
    enterprise = django_filters.ChoiceFilter(
        label="题库归属", method="filter_enterprise", empty_label="全部题库"
    )
    import_batch = django_filters.NumberFilter(label="导入批次号")

    class Meta:
        model = Question
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is None:
            return
        visible = visible_questions(request.user)
        self.filters["post"].extra["choices"] = [
            (tag, tag) for tag in _distinct_tags(visible, "posts")
        ]
        self.filters["topic"].extra["choices"] = [
            (tag, tag) for tag in _distinct_tags(visible, "topics")
        ]
        regulations = (
            visible.filter(source_provision__isnull=False)
            .order_by("source_provision__page__title")
            .values_list("source_provision__page_id", "source_provision__page__title")
            .distinct()
        )
        self.filters["regulation"].extra["choices"] = [
            (str(pk), f"《{title}》") for pk, title in regulations
        ]
        self.filters["enterprise"].extra["choices"] = [(SHARED, "辖区共享题库")] + [
            (str(enterprise.pk), enterprise.name)
            for enterprise in visible_enterprises(request.user).order_by("name")
        ]

    def filter_array(self, queryset, name, value):
        if value == UNTAGGED:
            return queryset.filter(**{name: []})
        return queryset.filter(**{f"{name}__contains": [value]})

    def filter_source(self, queryset, name, value):
        if value == "amended":
            return queryset.filter(basis_amended_at__isnull=False)
        if value == "suggested":
            return queryset.filter(source_provision__isnull=True, suggested_provision__isnull=False)
        return queryset.filter(source_provision__isnull=(value == "unlinked"))

    def filter_regulation(self, queryset, name, value):
        return queryset.filter(source_provision__page_id=value)

    def filter_enterprise(self, queryset, name, value):
        if value == SHARED:
            return queryset.filter(enterprise__isnull=True)
        return queryset.filter(enterprise_id=value)
