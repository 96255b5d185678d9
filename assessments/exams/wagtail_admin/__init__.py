"""Blueprints, routine schedules and regrading in the Wagtail admin (wired in ``assessments.wagtail_hooks``)."""
