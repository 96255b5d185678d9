"""Oversight: what principals, safety managers and regulators open first — read-only
dashboards over people, exams and training, scoped to the viewer."""
