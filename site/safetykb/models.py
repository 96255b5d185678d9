"""The core's records: the append-only audit log every domain writes (see ``safetykb.audit``)
and the signatures (defined in ``safetykb.signatures.models``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safetykb.signatures.models import Signature

__all__ = ["AuditEvent", "AuditKind", "Signature"]


class AuditKind(models.TextChoices):
    STATUS_CHANGED = "status_changed", "人员状态变更"
    ASSESSMENT_FAILED = "assessment_failed", "考核不合格"
    ASSESSMENT_PASSED = "assessment_passed", "考核合格"
    TRAINING_RECORDED = "training_recorded", "登记培训学时"
    RETEST_UNLOCKED = "retest_unlocked", "复岗考核已开放"
    RETEST_FAILED = "retest_failed", "复岗考核不合格"
    RETEST_PASSED = "retest_passed", "复岗考核合格"
    SIGNED_BACK = "signed_back", "签字复岗"
    SURPRISE_LAUNCHED = "surprise_launched", "发起抽考"
    REGRADED = "regraded", "重新评分"
    PERSON_ADDED = "person_added", "新增人员"
    PERSON_EDITED = "person_edited", "修改人员信息"
    POST_MOVED = "post_moved", "调岗"
    PASSWORD_RESET = "password_reset", "重置密码"
    PASSWORD_CHANGED = "password_changed", "本人修改密码"
    LOGIN_UNLOCKED = "login_unlocked", "解除登录锁定"
    AUTO_SUBMITTED = "auto_submitted", "到时自动交卷"
    ABSENT = "absent", "缺考"
    ABSENCE_EXCUSED = "absence_excused", "缺考已核准"
    SURPRISE_SAMPLING_FAILED = "surprise_sampling_failed", "抽考抽样失败"
    SIGNED = "signed", "签名"
    PLAN_STATUS_CHANGED = "plan_status_changed", "培训计划状态变更"
    CERTIFICATE_RECORDED = "certificate_recorded", "登记证书"
    CERTIFICATE_CORRECTED = "certificate_corrected", "更正证书记录"
    CERTIFICATE_ISSUED = "certificate_issued", "发放上岗证"
    CERTIFICATE_SUSPENDED = "certificate_suspended", "上岗证暂停"
    CERTIFICATE_REINSTATED = "certificate_reinstated", "上岗证恢复"
    OPERATION_DUTIES_SET = "operation_duties_set", "从事作业类别变更"
    INSPECTION_OPENED = "inspection_opened", "新建执法检查"
    INSPECTION_STATE_CHANGED = "inspection_state_changed", "执法检查状态变更"
    INSPECTION_CHECK_RECORDED = "inspection_check_recorded", "记录检查结果"
    INSPECTION_CORRECTED = "inspection_corrected", "更正执法检查记录"
    INSPECTION_SEALED = "inspection_sealed", "检查记录封存"
    SPOT_TEST_SAMPLED = "spot_test_sampled", "现场抽考选取人员"
    SPOT_TEST_OPENED = "spot_test_opened", "现场抽考开始"
    SPOT_TEST_CLOSED = "spot_test_closed", "现场抽考结束"
    SPOT_TEST_JOINED = "spot_test_joined", "现场抽考入场"
    SPOT_TEST_ID_MISMATCH = "spot_test_id_mismatch", "现场抽考身份核对不符"
    SPOT_TEST_VERIFIED = "spot_test_verified", "现场抽考人员已核验"
    CHECK_STARTED = "check_started", "发起安全领导力评估"
    CHECK_SCORED = "check_scored", "安全领导力评估评分"
    CHECK_SIGNED = "check_signed", "安全领导力评估签名"
    CHECK_ACKNOWLEDGED = "check_acknowledged", "安全领导力评估确认"
    COMMITMENT_ISSUED = "commitment_issued", "下发安全承诺书"
    COMMITMENT_SIGNED = "commitment_signed", "签订安全承诺书"
    PLAN_SUBMITTED = "plan_submitted", "提交个人安全行动计划"
    PLAN_APPROVED = "plan_approved", "审批个人安全行动计划"
    ACTIVITY_RECORDED = "activity_recorded", "登记履职活动"
    PROBLEM_FOUND = "problem_found", "发现问题"
    PROBLEM_CLOSED = "problem_closed", "问题整改完成"
    PROBLEM_CONFIRMED = "problem_confirmed", "问题确认销号"
    PROBLEM_RETURNED = "problem_returned", "问题退回重新整改"
    FINDING_PROPOSED = "finding_proposed", "提出检查问题"
    FINDING_STEP = "finding_step", "检查问题整改办理"
    PRACTICE_SETTINGS_CHANGED = "practice_settings_changed", "每日一练设置变更"
    BASIS_AMENDED = "basis_amended", "依据已修订，待复核"
    BASIS_REVIEWED = "basis_reviewed", "依据修订已复核"


class AuditEvent(models.Model):
    """Append-only: who did what to whom, when and why. Never updated or deleted."""

    kind = models.CharField("事件", max_length=40, choices=AuditKind.choices)
    staff = models.ForeignKey(
        "accounts.StaffProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    enterprise = models.ForeignKey(
        "accounts.Enterprise", null=True, blank=True, on_delete=models.PROTECT
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作人",
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    from_status = models.CharField("原状态", max_length=40, blank=True)
    to_status = models.CharField("新状态", max_length=40, blank=True)
    reason = models.TextField("原因", blank=True)
    # Set when the system acted (actor is empty): the rule that made it act.
    rule = models.CharField("规则", max_length=200, blank=True)
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("审计日志只能追加，不能删除。")
