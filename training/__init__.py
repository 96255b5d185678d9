"""Training: off-post programmes and their hours; it reacts to graded attempts through
``assessments.exams.signals`` and never the other way round."""
