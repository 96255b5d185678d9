"""`{% signature_list obj content %}`: the signatures on a record, each checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.db import models

from safetykb.signatures.selectors import signature_rows

register = template.Library()


@register.inclusion_tag("includes/signatures.html")
def signature_list(obj: models.Model, content: Mapping[str, Any]) -> dict[str, Any]:
    return {"rows": signature_rows(obj, content)}
