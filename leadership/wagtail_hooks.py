"""Leadership in the Wagtail admin; one module per concern, imported here."""

from leadership import wagtail_hooks_checks  # noqa: F401
