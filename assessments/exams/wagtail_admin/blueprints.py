"""The "考试方案" snippet viewset: exam blueprints and their draw rules in the admin.

Every view that takes a blueprint id loads it through ``visible_blueprints``, so another
enterprise's blueprint is a 404 whatever the URL; a visible blueprint the user may not
change (a jurisdiction-wide one, for an enterprise manager) sends edits to the read-only
inspect page. Editing never touches papers already drawn: attempts keep their frozen
slots, pass mark and total (``AttemptSlot``, ``Attempt.pass_mark``).
"""

from __future__ import annotations

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import Http404
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser, snippets

from accounts.admin_viewsets import ScopedSnippetChooserViewSet, ScopedSnippetViewSet
from accounts.scoping import visible_enterprises
from accounts.vocab import Level, Specialty
from assessments.bank.wagtail_admin.scoped_views import (
    PolicyButtonsMixin,
    PolicyListingMixin,
    ScopedObjectMixin,
)
from assessments.exams.blueprint_scoping import get_blueprint_in_scope_or_404, visible_blueprints
from assessments.exams.selectors.blueprints import rule_phrase, supply_rows
from assessments.exams.services.papers import draw_rule
from assessments.exams.wagtail_admin.blueprint_forms import BlueprintForm, BlueprintRuleForm
from assessments.exams.wagtail_admin.blueprint_permissions import is_in_use, with_in_use_flag
from assessments.models import Attempt, ExamBlueprint

READ_ONLY_MESSAGE = "这是辖区通用考试方案，由监管部门维护，您只能查看。"
IN_USE_MESSAGE = "这个考试方案已用于考核或常态化考核计划，不能删除。"
ALL_LEVELS = "全体人员"
SHARED = "shared"


def policy():
    return policy_registry.get_by_type(ExamBlueprint)


def _points(value) -> str:
    """80.00 → "80", 62.50 → "62.5"."""
    return f"{value.normalize():f}"


def _labels(choices, values) -> str:
    labels = dict(choices.choices)
    return "、".join(labels.get(value, value) for value in values)


def owner_display(blueprint: ExamBlueprint) -> str:
    return "辖区通用" if blueprint.is_shared else blueprint.enterprise.name


def levels_display(blueprint: ExamBlueprint) -> str:
    return _labels(Level, blueprint.levels) or ALL_LEVELS


def question_count_display(blueprint: ExamBlueprint) -> str:
    count = getattr(blueprint, "question_count", None)
    if count is None:
        count = sum(rule.count for rule in blueprint.rules.all())
    return f"{count or 0} 题"


def marks_display(blueprint: ExamBlueprint) -> str:
    return f"{_points(blueprint.total_points)} / {_points(blueprint.pass_mark)}"


def time_limit_display(blueprint: ExamBlueprint) -> str:
    return f"{blueprint.time_limit_minutes} 分钟"


LIST_COLUMNS = [
    Column("owner", label="归属", accessor=owner_display),
    Column("levels", label="适用层级", accessor=levels_display),
    Column(
        "question_count", label="题量", accessor=question_count_display, sort_key="question_count"
    ),
    Column("marks", label="总分 / 合格线", accessor=marks_display, sort_key="total_points"),
    Column("time_limit", label="时限", accessor=time_limit_display, sort_key="time_limit_minutes"),
]


def scoped_listing_queryset(request):
    """The user's visible blueprints, with their question count and in-use flag."""
    return with_in_use_flag(visible_blueprints(request.user)).annotate(
        question_count=Sum("rules__count")
    )


class BlueprintFilterSet(WagtailFilterSet):
    level = django_filters.ChoiceFilter(
        label="适用层级",
        choices=Level.choices,
        method="filter_tag",
        field_name="levels",
        empty_label="全部层级",
    )
    specialty = django_filters.ChoiceFilter(
        label="适用专业",
        choices=Specialty.choices,
        method="filter_tag",
        field_name="specialties",
        empty_label="全部专业",
    )
    owner = django_filters.ChoiceFilter(label="归属", method="filter_owner", empty_label="全部")

    class Meta:
        model = ExamBlueprint
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is not None:
            # Only enterprises the user can see, so the filter never names another one.
            self.filters["owner"].extra["choices"] = [(SHARED, "辖区通用")] + [
                (str(enterprise.pk), enterprise.name)
                for enterprise in visible_enterprises(request.user).order_by("name")
            ]

    def filter_tag(self, queryset, name, value):
        # A blueprint with no level (or specialty) set is for everyone, so it matches too.
        return queryset.filter(Q(**{f"{name}__contains": [value]}) | Q(**{name: []}))

    def filter_owner(self, queryset, name, value):
        if value == SHARED:
            return queryset.filter(enterprise__isnull=True)
        return queryset.filter(enterprise_id=value)


class RuleSupplyPanel(HelpPanel):
    """Per saved rule, how many questions the bank holds for it now."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "assessments/admin/blueprint_rule_supply.html")
        kwargs.setdefault("heading", "题库可用题量")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            blueprint = self.instance
            saved = blueprint is not None and blueprint.pk is not None
            # Reloaded: after a refused save the instance carries the unsaved values.
            context["rows"] = (
                supply_rows(ExamBlueprint.objects.get(pk=blueprint.pk)) if saved else None
            )
            context["shared_only"] = saved and blueprint.is_shared
            return context


class RulesPanel(InlinePanel):
    """The inline rules, edited with ``BlueprintRuleForm`` (Chinese labels and messages)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = BlueprintRuleForm
        return options


class BlueprintIndexView(PolicyListingMixin, snippets.IndexView):
    pass


class ScopedBlueprintMixin(ScopedObjectMixin):
    read_only_message = READ_ONLY_MESSAGE

    def scoped_queryset(self):
        return visible_blueprints(self.request.user)


class BlueprintEditView(ScopedBlueprintMixin, snippets.EditView):
    def get(self, request, *args, **kwargs):
        drawn = Attempt.objects.filter(assignment__assessment__blueprint=self.object).count()
        if drawn:
            messages.info(
                request,
                f"已有 {drawn} 份试卷按本方案抽题：修改只影响之后开始作答的试卷，"
                "已抽好的试卷（题目、选项顺序、分值、及格分）保持不变。",
            )
        return super().get(request, *args, **kwargs)


class BlueprintDeleteView(ScopedBlueprintMixin, snippets.DeleteView):
    def refusal(self):
        if (refused := super().refusal()) is not None:
            return refused
        if is_in_use(self.object):
            return IN_USE_MESSAGE, reverse(self.edit_url_name, args=(quote(self.object.pk),))
        return None


class BlueprintInspectView(PolicyButtonsMixin, snippets.InspectView):
    def get_object(self, queryset=None):
        return get_blueprint_in_scope_or_404(self.request.user, self.pk)

    LABELS = {"rules": "抽题规则", "enterprise": "归属", "created_at": "创建时间"}

    def get_field_label(self, field_name, field):
        return self.LABELS.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return ("是" if value else "否") if isinstance(value, bool) else value

    def get_enterprise_display_value(self):
        return owner_display(self.object)

    def get_levels_display_value(self):
        return levels_display(self.object)

    def get_specialties_display_value(self):
        return _labels(Specialty, self.object.specialties) or "不限"

    def get_posts_display_value(self):
        return "、".join(self.object.posts) or "不限"

    def get_departments_display_value(self):
        return "、".join(d.name for d in self.object.departments.all()) or "不限"

    def get_required_topics_display_value(self):
        return "、".join(self.object.required_topics) or "—"

    def get_rules_display_value(self):
        lines = []
        for number, rule in enumerate(self.object.rules.all(), start=1):
            points = f"，每题 {_points(rule.points_each)} 分" if rule.points_each else ""
            lines.append(f"{number}. {rule.count} 道{rule_phrase(draw_rule(rule))}{points}")
        return "\n".join(lines) or "—"

    def get_pass_mark_display_value(self):
        return f"{_points(self.object.pass_mark)} 分（总分 {_points(self.object.total_points)} 分）"


class BlueprintHistoryView(snippets.HistoryView):
    def get_base_object_queryset(self):
        return visible_blueprints(self.request.user)


class BlueprintUsageView(snippets.UsageView):
    def get_object(self):
        blueprint = get_blueprint_in_scope_or_404(self.request.user, self.pk)
        if not policy().user_has_permission_for_instance(self.request.user, "change", blueprint):
            raise PermissionDenied
        return blueprint


class NoCreateInChooserView(chooser.SnippetCreateView):
    """Blueprints are created on their own screen (with the rules), never from a chooser."""

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class BlueprintChooserViewSet(ScopedSnippetChooserViewSet):
    """E.g. a routine schedule's 考试方案: only the user's blueprints."""

    create_view_class = NoCreateInChooserView


class ExamBlueprintViewSet(ScopedSnippetViewSet):
    model = ExamBlueprint
    icon = "clipboard-list"
    menu_label = "考试方案"
    menu_name = "exam-blueprints"
    menu_order = 225
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False

    index_view_class = BlueprintIndexView
    edit_view_class = BlueprintEditView
    delete_view_class = BlueprintDeleteView
    inspect_view_class = BlueprintInspectView
    history_view_class = BlueprintHistoryView
    usage_view_class = BlueprintUsageView
    chooser_viewset_class = BlueprintChooserViewSet

    list_display = ["name", *LIST_COLUMNS]
    filterset_class = BlueprintFilterSet
    search_fields = ["name"]
    search_backend_name = None  # icontains: Chinese names are not segmented by the DB search
    ordering = ["name", "pk"]
    list_per_page = 50

    inspect_view_fields = [
        "name",
        "enterprise",
        "levels",
        "specialties",
        "posts",
        "departments",
        "rules",
        "required_topics",
        "use_shared_bank",
        "time_limit_minutes",
        "pass_mark",
        "attempts_allowed",
        "shuffle_questions",
        "shuffle_options",
        "multiple_scoring",
        "review_policy",
        "created_at",
    ]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("jurisdiction"), FieldPanel("enterprise")]),
                    FieldPanel("use_shared_bank"),
                ],
                heading="基本信息",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("levels"),
                    FieldPanel("specialties"),
                    FieldPanel("posts"),
                    FieldPanel("departments"),
                ],
                heading="适用对象",
            ),
            MultiFieldPanel(
                [
                    RulesPanel(
                        "rules",
                        label="抽题规则",
                        panels=[
                            FieldRowPanel(
                                [FieldPanel("count"), FieldPanel("type"), FieldPanel("difficulty")]
                            ),
                            FieldRowPanel([FieldPanel("topics"), FieldPanel("points_each")]),
                        ],
                    ),
                    FieldPanel("required_topics"),
                    RuleSupplyPanel(),
                ],
                heading="抽题规则",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("time_limit_minutes"),
                            FieldPanel("total_points"),
                            FieldPanel("pass_mark"),
                            FieldPanel("attempts_allowed"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
                    FieldRowPanel([FieldPanel("multiple_scoring"), FieldPanel("review_policy")]),
                ],
                heading="作答与评阅设置",
            ),
        ],
        base_form_class=BlueprintForm,
    )

    def scope(self, user):
        return visible_blueprints(user)

    def get_queryset(self, request):
        return scoped_listing_queryset(request)
