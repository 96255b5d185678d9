from django import forms
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm


class RegulationPageForm(WagtailAdminPageForm):
    """Checks that provision anchors are unique on the page and fills blank ones."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("provisions")
        if formset is None:
            return cleaned
        seen: set[str] = set()
        for position, form in enumerate(formset.forms, start=1):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            anchor = data.get("anchor") or slugify(f"p-{position}")
            form.cleaned_data["anchor"] = anchor
            form.instance.anchor = anchor
            if anchor in seen:
                form.add_error(
                    "anchor", forms.ValidationError(f"锚点“{anchor}”在本页重复，请改为唯一值。")
                )
            seen.add(anchor)
        return cleaned
