"""The "常态化考核计划" snippet viewset: routine schedules in the admin, scoped by tenancy.

Every view that takes a schedule id loads it through ``visible_schedules``, so another
enterprise's schedule is a 404 whatever the URL; a visible schedule the user may not
change (a regulator's view of their jurisdiction) sends edits to the read-only inspect
page. Saving an active schedule opens the current period's round in the same transaction
and says how many people it assigned.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets

from accounts.admin_viewsets import ScopedSnippetViewSet
from accounts.scoping import visible_enterprises
from assessments.bank.wagtail_admin.scoped_views import (
    PolicyButtonsMixin,
    PolicyListingMixin,
    ScopedObjectMixin,
    policy_for,
)
from assessments.exams.schedule_scoping import get_schedule_in_scope_or_404, visible_schedules
from assessments.exams.services.launching import (
    RoundOpening,
    open_current_round,
    rounds_this_period,
)
from assessments.exams.wagtail_admin.schedule_forms import RoutineScheduleForm
from assessments.models import RoutineFrequency, RoutineSchedule

READ_ONLY_MESSAGE = "常态化考核计划由企业安排，您只能查看。"


def window_display(schedule: RoutineSchedule) -> str:
    return f"{schedule.window_days} 天"


def active_display(schedule: RoutineSchedule) -> str:
    return "启用" if schedule.active else "停用"


def opening_message(opening: RoundOpening) -> str:
    title = opening.assessment.title
    if opening.opened_now:
        return f"已发布本期考核「{title}」，共 {opening.assigned} 人。"
    return f"本期考核「{title}」此前已发布（共 {opening.assigned} 人），未重复发布。"


LIST_COLUMNS = [
    Column("enterprise", label="企业", accessor="enterprise", sort_key="enterprise__name"),
    Column("frequency", label="频次", accessor="get_frequency_display", sort_key="frequency"),
    Column("window_days", label="每轮期限", accessor=window_display, sort_key="window_days"),
    Column("active", label="启用", accessor=active_display, sort_key="active"),
]


class ScheduleFilterSet(WagtailFilterSet):
    frequency = django_filters.ChoiceFilter(
        label="频次", choices=RoutineFrequency.choices, empty_label="全部频次"
    )
    active = django_filters.BooleanFilter(label="启用")
    # Only enterprises the user can see, so the filter never names another one.
    enterprise = django_filters.ModelChoiceFilter(
        label="企业",
        queryset=lambda request: visible_enterprises(request.user).order_by("name"),
        empty_label="全部企业",
    )

    class Meta:
        model = RoutineSchedule
        fields = []


class ScheduleIndexView(PolicyListingMixin, snippets.IndexView):
    pass


class OpensRoundOnSave:
    """Create/edit views: an active schedule's current round opens with the save, in the
    same transaction (Wagtail wraps ``save_instance`` in one), instead of at the next tick."""

    opening: RoundOpening | None = None

    def save_instance(self):
        schedule = super().save_instance()
        if schedule.active:
            self.opening = open_current_round(schedule)
        return schedule

    def get_success_message(self, *args):
        message = super().get_success_message(*args)
        if self.opening is None:
            return message
        return f"{message} {opening_message(self.opening)}"


class ScopedScheduleMixin(ScopedObjectMixin):
    read_only_message = READ_ONLY_MESSAGE

    def scoped_queryset(self):
        return visible_schedules(self.request.user)


class ScheduleCreateView(OpensRoundOnSave, snippets.CreateView):
    pass


class ScheduleEditView(ScopedScheduleMixin, OpensRoundOnSave, snippets.EditView):
    pass


class ScheduleDeleteView(ScopedScheduleMixin, snippets.DeleteView):
    pass


class ScheduleInspectView(PolicyButtonsMixin, snippets.InspectView):
    LABELS = {"current_round": "本期考核", "created_by": "创建人"}

    def get_object(self, queryset=None):
        return get_schedule_in_scope_or_404(self.request.user, self.pk)

    def get_field_label(self, field_name, field):
        return self.LABELS.get(field_name) or super().get_field_label(field_name, field)

    def get_window_days_display_value(self):
        return window_display(self.object)

    def get_active_display_value(self):
        return active_display(self.object)

    def get_created_by_display_value(self):
        user = self.object.created_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    def get_current_round_display_value(self):
        latest = rounds_this_period(self.object).order_by("-opens_at").first()
        if latest is None:
            return "尚未发布"
        closes = timezone.localtime(latest.closes_at)
        return (
            f"「{latest.title}」，共 {latest.assignments.count()} 人，{closes:%Y-%m-%d %H:%M} 截止"
        )


class ScheduleHistoryView(snippets.HistoryView):
    # Regulators, who only view schedules, may read who changed what too.
    any_permission_required = ["add", "change", "delete", "view"]

    def get_base_object_queryset(self):
        return visible_schedules(self.request.user)

    def get_edit_url(self, instance):
        allowed = policy_for(self.model).user_has_permission_for_instance(
            self.request.user, "change", instance
        )
        return super().get_edit_url(instance) if allowed else None


class ScheduleUsageView(snippets.UsageView):
    def get_base_object_queryset(self):
        return visible_schedules(self.request.user)


class RoutineScheduleViewSet(ScopedSnippetViewSet):
    model = RoutineSchedule
    icon = "date"
    menu_label = "常态化考核计划"
    menu_name = "routine-schedules"
    menu_order = 231
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False

    index_view_class = ScheduleIndexView
    add_view_class = ScheduleCreateView
    edit_view_class = ScheduleEditView
    delete_view_class = ScheduleDeleteView
    inspect_view_class = ScheduleInspectView
    history_view_class = ScheduleHistoryView
    usage_view_class = ScheduleUsageView

    list_display = ["blueprint", *LIST_COLUMNS]
    filterset_class = ScheduleFilterSet
    ordering = ["enterprise__name", "blueprint__name", "pk"]
    list_per_page = 50

    inspect_view_fields = [
        "blueprint",
        "enterprise",
        "frequency",
        "window_days",
        "active",
        "current_round",
        "created_by",
    ]

    edit_handler = ObjectList(
        [
            FieldPanel("enterprise"),
            FieldPanel("blueprint"),
            FieldRowPanel([FieldPanel("frequency"), FieldPanel("window_days")]),
            FieldPanel("active"),
        ],
        base_form_class=RoutineScheduleForm,
    )

    def scope(self, user):
        return visible_schedules(user)
