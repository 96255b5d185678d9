"""The question bank: editable questions and their frozen versions.

A ``Question`` is the editable working copy. Its ``QuestionVersion`` rows are snapshots:
the latest one is updated in place while no attempt has used it, and once an attempt
uses a version it is frozen (``used_at``), so the next edit makes a new version and old
attempts keep showing what they were asked (Moodle's question-engine rule).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from pgvector.django import VectorField
from wagtail.models import PreviewableMixin
from wagtail.search import index

from accounts.models import JurisdictionOwned, owner_enterprise, owner_jurisdiction

# The vocabulary is the engine's: one definition, labels included (re-exported here).
from assessments.exams.engine.keys import answer_keys
from assessments.exams.engine.types import Difficulty, QuestionType
from content.search.models import SENTENCE_DIMENSIONS
from safetykb.fields import level_tags, post_tags, specialty_tags


def option_keys(question_type: str, options: list[dict]) -> tuple[str, ...]:
    """The answer keys a question accepts: option letters, true/false, none for 填空."""
    return answer_keys(question_type, (option["key"] for option in options))


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "启用"
    RETIRED = "retired", "停用"


#: Shown wherever an import without a recorded person (CLI, demo) is listed.
NO_IMPORTER_LABEL = "系统（命令行导入）"


class QuestionImport(JurisdictionOwned):
    """One confirmed import of a question file: who, when, what, and the outcome."""

    filename = models.CharField("文件名", max_length=255)
    file_format = models.CharField("格式", max_length=20)
    jurisdiction = owner_jurisdiction()
    enterprise = owner_enterprise()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="导入人",
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    question_count = models.PositiveIntegerField("导入题数", default=0)
    skipped_count = models.PositiveIntegerField("未导入", default=0)
    report = models.JSONField("导入报告", default=list, blank=True)

    class Meta:
        verbose_name = "题库导入记录"
        verbose_name_plural = "题库导入记录"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.question_count}题）"

    @property
    def importer_display(self) -> str:
        """Who imported: the person's name, or "系统（命令行导入）" for the demo and the
        ``import_questions`` command, which record nobody."""
        user = self.imported_by
        if user is None:
            return NO_IMPORTER_LABEL
        return user.get_full_name() or user.get_username()


class PreviewJobState(models.TextChoices):
    QUEUED = "queued", "排队等待"
    RUNNING = "running", "正在解析并检查重复"
    DONE = "done", "已完成"
    FAILED = "failed", "无法解析"


class QuestionPreviewJob(models.Model):
    """A big upload's preview, built by the task worker instead of in the request.

    ``token`` is the staged upload's (``importers.staging``); ``result`` the finished
    preview (``question_import.preview_to_json``), which the confirmation then imports.
    """

    token = models.CharField(max_length=64, unique=True)
    filename = models.CharField("文件名", max_length=255)
    jurisdiction = models.ForeignKey("accounts.Jurisdiction", on_delete=models.CASCADE)
    enterprise = models.ForeignKey(
        "accounts.Enterprise", null=True, blank=True, on_delete=models.CASCADE
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    state = models.CharField(
        max_length=20, choices=PreviewJobState.choices, default=PreviewJobState.QUEUED
    )
    message = models.TextField(blank=True)  # why it failed (Chinese, for the user)
    question_count = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "题库预览任务"
        verbose_name_plural = "题库预览任务"

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_state_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.state in (PreviewJobState.DONE, PreviewJobState.FAILED)


class Question(PreviewableMixin, index.Indexed, JurisdictionOwned):
    jurisdiction = owner_jurisdiction(related_name="questions")
    enterprise = owner_enterprise(
        related_name="questions", help_text="留空表示辖区共享题库，所有企业可用。"
    )
    type = models.CharField("题型", max_length=20, choices=QuestionType.choices)
    stem = models.TextField("题干")
    options = models.JSONField(
        "选项", default=list, blank=True, help_text='[{"key": "A", "text": "…"}]'
    )
    answer = models.JSONField(
        "答案",
        default=list,
        help_text="选择题为选项字母；判断题为 true/false；填空题为可接受的答案。",
    )
    explanation = models.TextField("解析", blank=True)
    difficulty = models.CharField(
        "难度", max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM.value
    )
    levels = level_tags()
    specialties = specialty_tags()
    posts = post_tags()
    topics = ArrayField(
        models.CharField(max_length=60), verbose_name="知识点", default=list, blank=True
    )
    source_provision = models.ForeignKey(
        "regulations.Provision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name="依据条款",
    )
    basis = models.CharField("依据（原文）", max_length=300, blank=True)
    suggested_provision = models.ForeignKey(
        "regulations.Provision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="建议依据",
        editable=False,
        help_text="由知识库检索推荐，编辑确认后成为依据条款。",
    )
    status = models.CharField(
        "状态", max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.ACTIVE
    )
    # Set when the cited provision's text changed or it was removed (``basis_review``):
    # the question is drawn nowhere until an editor reviews it.
    basis_amended_at = models.DateTimeField(
        "依据已修订，待复核", null=True, blank=True, editable=False, db_index=True
    )
    normalized_stem = models.TextField("规范化题干", blank=True, db_index=True, editable=False)
    import_batch = models.ForeignKey(
        QuestionImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="编写/导入人",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    search_fields = [
        index.SearchField("stem"),
        index.SearchField("explanation"),
        index.AutocompleteField("stem"),
        index.FilterField("type"),
        index.FilterField("status"),
        index.FilterField("difficulty"),
        index.FilterField("enterprise_id"),
        index.FilterField("jurisdiction_id"),
    ]

    class Meta:
        verbose_name = "试题"
        verbose_name_plural = "题库"
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["jurisdiction", "enterprise", "status"]),
            models.Index(fields=["type", "difficulty"]),
        ]

    def __str__(self) -> str:
        return f"【{self.get_type_display()}】{self.stem[:40]}"

    def content(self) -> dict:
        """What a version freezes: everything a paper shows and grades."""
        return {
            "type": self.type,
            "stem": self.stem,
            "options": self.options,
            "answer": self.answer,
            "explanation": self.explanation,
            "difficulty": self.difficulty,
            "source_provision_id": self.source_provision_id,
            "basis": self.basis,
        }

    def content_hash(self) -> str:
        payload = json.dumps(self.content(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    def answer_display(self) -> str:
        if self.type == QuestionType.TRUE_FALSE:
            return "正确" if self.answer == ["true"] else "错误"
        if self.type == QuestionType.FILL:
            return "；".join(self.answer)
        return "".join(self.answer)

    # Admin previews: the default mode is the paper as a worker sees it (never the answer).
    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        return [("", "考生视角"), ("answer", "答案与解析")]

    def get_preview_template(self, request, mode_name: str) -> str:
        return "assessments/question_preview.html"

    def get_preview_context(self, request, mode_name: str) -> dict:
        return {
            **super().get_preview_context(request, mode_name),
            "question": self,
            "show_answer": mode_name == "answer",
        }


class QuestionVersion(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="versions", verbose_name="试题"
    )
    number = models.PositiveIntegerField("版本号")
    content = models.JSONField("内容")
    content_hash = models.CharField("内容摘要", max_length=64)
    source_provision = models.ForeignKey(
        "regulations.Provision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    used_at = models.DateTimeField("首次用于考试", null=True, blank=True)

    class Meta:
        verbose_name = "试题版本"
        verbose_name_plural = "试题版本"
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="question_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.used_at is not None


BASIS_AMENDED_LABEL = "依据已修订，待复核"


class BasisSnapshot(models.Model):
    """The provision text a question was written (or last reviewed) against.

    Publishing a regulation rewrites its provision rows in place and deletes the rows of
    provisions that went away (a question's ``source_provision`` is then emptied), so the
    text and the provision's id are kept here, with its page, to compare after a publish.
    """

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, primary_key=True, related_name="basis_snapshot"
    )
    page = models.ForeignKey(
        "regulations.RegulationPage", on_delete=models.CASCADE, related_name="+"
    )
    provision_id = models.PositiveIntegerField("条款编号")  # no FK: a revision may delete it
    label = models.CharField("条款", max_length=40)
    text = models.TextField("核对时的条款原文")
    checked_at = models.DateTimeField("核对时间")

    class Meta:
        verbose_name = "依据原文快照"
        verbose_name_plural = "依据原文快照"

    def __str__(self) -> str:
        return f"{self.question_id}：{self.label}"


class QuestionEmbedding(models.Model):
    """A question's point text (``question_points.point_text``) as an m3e-small vector,
    computed by the task worker after a save; ``text_hash`` says which text and model."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    # The provision it is compared under: the confirmed one, else the suggested one.
    provision = models.ForeignKey(
        "regulations.Provision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text_hash = models.CharField(max_length=64)
    vector = VectorField(dimensions=SENTENCE_DIMENSIONS)

    class Meta:
        verbose_name = "试题语义向量"
        verbose_name_plural = "试题语义向量"

    def __str__(self) -> str:
        return f"{self.question_id}"


class QuestionTwin(models.Model):
    """Two questions that test the same point of the same provision: never on one paper.

    Rebuilt by the task worker whenever a question's embedding or provision changes; a
    draw reads these rows (``exams.selectors.near_duplicates``), never the vectors.
    """

    first = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    cosine = models.FloatField("语义相似度")

    class Meta:
        verbose_name = "同一考点试题"
        verbose_name_plural = "同一考点试题"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="question_twin_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≈ {self.second_id}"
