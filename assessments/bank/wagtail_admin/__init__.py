"""The question bank in the Wagtail admin: viewset, forms, filters, bulk actions, import.

Nothing is imported here: Django's admin autodiscovery imports ``assessments.bank.wagtail_admin`` at
start-up, and ``assessments.wagtail_hooks`` wires the modules in.
"""
