from __future__ import annotations

from django import forms

from content.regulations.models import RegulationLevel, RegulationStatus

from .models import SourceType
from .querying import IN_FORCE, SearchFilters
from .selectors import authority_choices, tag_choices

ANY = ("", "全部")
ANY_STATUS = "any"


class SearchForm(forms.Form):
    """The search page's query box and filters; invalid filter values fall back to "all"."""

    q = forms.CharField(label="搜索", required=False)
    type = forms.ChoiceField(label="来源", required=False, choices=[ANY, *SourceType.choices])
    level = forms.ChoiceField(
        label="效力级别", required=False, choices=[ANY, *RegulationLevel.choices]
    )
    status = forms.ChoiceField(
        label="效力状态",
        required=False,
        choices=[(IN_FORCE, "现行有效"), (ANY_STATUS, "全部"), *RegulationStatus.choices[1:]],
    )
    authority = forms.ChoiceField(label="发布机关", required=False)
    tag = forms.ChoiceField(label="标签", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [ANY, *((a, a) for a in authority_choices())]
        self.fields["tag"].choices = [ANY, *((t, t) for t in tag_choices())]

    def search_filters(self) -> SearchFilters:
        self.is_valid()  # keeps the valid fields in cleaned_data; an invalid one means "all"
        data = getattr(self, "cleaned_data", {})  # unbound: the defaults
        status = data.get("status") or IN_FORCE
        return SearchFilters(
            source_types=(data["type"],) if data.get("type") else (),
            levels=(data["level"],) if data.get("level") else (),
            statuses=() if status == ANY_STATUS else (status,),
            authority=data.get("authority", ""),
            tag=data.get("tag", ""),
        )

    @property
    def query(self) -> str:
        return self.data.get("q", "")

    @property
    def filtered(self) -> bool:
        """Whether any filter other than the default 现行有效 is set."""
        f = self.search_filters()
        return bool(f.source_types or f.levels or f.authority or f.tag or f.statuses != (IN_FORCE,))
