"""Exams: the pure engine, blueprints, assessments, papers, answering, launching and regrading."""
