"""Typed service functions: every write of the assessments app goes through one of these."""
