"""Papers drawn ahead: when a round or a surprise assessment opens, the task worker draws
every assigned person's paper, so that pressing 开始 only copies one into an attempt."""

from __future__ import annotations

from django.db import models

from assessments.exams.models import Assignment


class PreparedPaper(models.Model):
    """One person's paper, drawn when their assessment opened and not yet started.

    ``slots`` holds what ``AttemptSlot`` rows will: per slot ``n`` (number), ``v`` (the
    question version), ``h`` (that version's content hash when drawn: an in-place edit
    since voids the paper), ``o`` (option order) and ``p`` (points, a decimal string).
    ``audience`` is the person's (enterprise, level, specialty, post) as drawn for: a
    change voids it. 开始 takes the row (deleting it) and falls back to a fresh draw when
    it no longer holds (``services.prepared_papers``)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="prepared_paper"
    )
    seed = models.BigIntegerField("组卷种子")
    slots = models.JSONField("试题")
    audience = models.JSONField("适用人员条件")
    drawn_at = models.DateTimeField("组卷时间")

    class Meta:
        verbose_name = "预组试卷"
        verbose_name_plural = "预组试卷"

    def __str__(self) -> str:
        return f"预组试卷 {self.assignment_id}"
