"""The core app's models, defined in their own modules and registered here."""

from .signatures.models import Signature

__all__ = ["Signature"]
