"""Wagtail's admin URLs alone, so a guard can resolve the view it wraps."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [path("admin/", include(wagtailadmin_urls))]
