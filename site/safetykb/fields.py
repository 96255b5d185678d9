"""Model fields shared by several apps."""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import models


class ChoiceArrayField(ArrayField):
    """An ArrayField edited as checkboxes instead of a comma-separated text box."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield (SimpleArrayField); go straight to Field.formfield.
        return super(ArrayField, self).formfield(**defaults)


# The audience tags (分层次、分专业、分岗位) that questions, blueprints and culture pages
# share: one definition, so a person's level and a question's level never drift apart.
def level_tags(**overrides) -> ChoiceArrayField:
    from accounts.vocab import Level

    options = {"verbose_name": "适用层级", "default": list, "blank": True, **overrides}
    return ChoiceArrayField(models.CharField(max_length=40, choices=Level.choices), **options)


def specialty_tags(**overrides) -> ChoiceArrayField:
    from accounts.vocab import Specialty

    options = {"verbose_name": "适用专业", "default": list, "blank": True, **overrides}
    return ChoiceArrayField(models.CharField(max_length=40, choices=Specialty.choices), **options)


def post_tags(**overrides) -> ArrayField:
    options = {"verbose_name": "适用岗位", "default": list, "blank": True, **overrides}
    return ArrayField(models.CharField(max_length=60), **options)
