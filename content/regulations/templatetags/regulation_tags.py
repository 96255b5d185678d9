from django import template

register = template.Library()


@register.filter
def toc_entries(page, provisions):
    """``{% with toc=page|toc_entries:provisions %}`` — reuses the already-fetched provisions."""
    return page.toc_entries(list(provisions))
