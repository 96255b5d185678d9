import django_filters
from django.db.models.functions import ExtractYear

from .models import RegulationLevel, RegulationStatus


class RegulationFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        label="效力级别", choices=RegulationLevel.choices, empty_label="全部级别"
    )
    status = django_filters.ChoiceFilter(
        label="效力状态", choices=RegulationStatus.choices, empty_label="全部状态"
    )
    authority = django_filters.CharFilter(label="发布机关", lookup_expr="exact")
    year = django_filters.NumberFilter(label="年份", method="filter_year")
    q = django_filters.CharFilter(label="标题或文号", method="filter_text")

    def filter_year(self, queryset, name, value):
        return queryset.annotate(issue_year=ExtractYear("issue_date")).filter(issue_year=value)

    def filter_text(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(doc_number__icontains=value))
