"""Answer-key corrections: a wrong key (or an ambiguous question) found after exams were sat.

A frozen ``QuestionVersion`` is never edited, so papers re-render as they were sat. A
correction is layered over it instead; the latest correction of a version is the key in
force for grading (submits and regrades alike). Rows are append-only, so the history of
keys stays auditable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AnswerKeyCorrection(models.Model):
    version = models.ForeignKey(
        "assessments.QuestionVersion",
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name="更正的试题版本",
    )
    answer = models.JSONField("更正后的答案", default=list, blank=True)
    full_marks = models.BooleanField("所有考生得分", default=False)
    previous_answer = models.JSONField("原答案", default=list, blank=True)
    previous_full_marks = models.BooleanField("原为所有考生得分", default=False)
    reason = models.TextField("更正原因")
    new_version = models.ForeignKey(
        "assessments.QuestionVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="题库中的新版本",
        help_text="更正同时写入题库时，今后组卷使用的版本。",
    )
    regraded_count = models.PositiveIntegerField("重新评分的答卷", default=0)
    changed_count = models.PositiveIntegerField("得分变化的答卷", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="更正人",
    )
    created_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        verbose_name = "答案更正"
        verbose_name_plural = "答案更正"
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return f"{self.version} 更正 {self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("答案更正记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("答案更正记录只能追加，不能删除。")
