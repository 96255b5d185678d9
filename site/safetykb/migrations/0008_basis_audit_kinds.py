from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('safetykb', '0007_finding_audit_kinds'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='kind',
            field=models.CharField(choices=[('status_changed', '人员状态变更'), ('assessment_failed', '考核不合格'), ('assessment_passed', '考核合格'), ('training_recorded', '登记培训学时'), ('retest_unlocked', '复岗考核已开放'), ('retest_failed', '复岗考核不合格'), ('retest_passed', '复岗考核合格'), ('signed_back', '签字复岗'), ('surprise_launched', '发起抽考'), ('regraded', '重新评分'), ('person_added', '新增人员'), ('person_edited', '修改人员信息'), ('post_moved', '调岗'), ('password_reset', '重置密码'), ('password_changed', '本人修改密码'), ('login_unlocked', '解除登录锁定'), ('auto_submitted', '到时自动交卷'), ('absent', '缺考'), ('absence_excused', '缺考已核准'), ('surprise_sampling_failed', '抽考抽样失败'), ('signed', '签名'), ('plan_status_changed', '培训计划状态变更'), ('certificate_recorded', '登记证书'), ('certificate_corrected', '更正证书记录'), ('certificate_issued', '发放上岗证'), ('certificate_suspended', '上岗证暂停'), ('certificate_reinstated', '上岗证恢复'), ('operation_duties_set', '从事作业类别变更'), ('inspection_opened', '新建执法检查'), ('inspection_state_changed', '执法检查状态变更'), ('inspection_check_recorded', '记录检查结果'), ('inspection_corrected', '更正执法检查记录'), ('inspection_sealed', '检查记录封存'), ('spot_test_sampled', '现场抽考选取人员'), ('spot_test_opened', '现场抽考开始'), ('spot_test_closed', '现场抽考结束'), ('spot_test_joined', '现场抽考入场'), ('spot_test_id_mismatch', '现场抽考身份核对不符'), ('spot_test_verified', '现场抽考人员已核验'), ('check_started', '发起安全领导力评估'), ('check_scored', '安全领导力评估评分'), ('check_signed', '安全领导力评估签名'), ('check_acknowledged', '安全领导力评估确认'), ('commitment_issued', '下发安全承诺书'), ('commitment_signed', '签订安全承诺书'), ('plan_submitted', '提交个人安全行动计划'), ('plan_approved', '审批个人安全行动计划'), ('activity_recorded', '登记履职活动'), ('problem_found', '发现问题'), ('problem_closed', '问题整改完成'), ('problem_confirmed', '问题确认销号'), ('problem_returned', '问题退回重新整改'), ('finding_proposed', '提出检查问题'), ('finding_step', '检查问题整改办理'), ('basis_amended', '依据已修订，待复核'), ('basis_reviewed', '依据修订已复核')], max_length=40, verbose_name='事件'),
        ),
    ]
