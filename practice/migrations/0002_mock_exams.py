import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_staff_identity_and_password_flag'),
        ('assessments', '0013_prepared_paper'),
        ('practice', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='practiceanswer',
            name='source',
            field=models.CharField(choices=[('practice', '练习'), ('exam', '考试错题'), ('mock', '模拟考试')], default='practice', max_length=20, verbose_name='来源'),
        ),
        migrations.CreateModel(
            name='MockPaper',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=250, verbose_name='名称')),
                ('seed', models.BigIntegerField(verbose_name='组卷种子')),
                ('started_at', models.DateTimeField(verbose_name='开始时间')),
                ('deadline', models.DateTimeField(verbose_name='截止时间')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='交卷时间')),
                ('timed_out', models.BooleanField(default=False, verbose_name='超时交卷')),
                ('time_limit_minutes', models.PositiveIntegerField(verbose_name='考试时长（分钟）')),
                ('pass_mark', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='及格分')),
                ('total_points', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='总分')),
                ('multiple_scoring', models.CharField(choices=[('all_or_nothing', '全对才得分'), ('partial', '按比例得分')], default='all_or_nothing', max_length=20, verbose_name='多选题计分')),
                ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='得分')),
                ('passed', models.BooleanField(blank=True, null=True, verbose_name='达到及格分')),
                ('correct_count', models.PositiveSmallIntegerField(default=0, verbose_name='答对题数')),
                ('assessment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='assessments.assessment', verbose_name='模拟的考核')),
                ('blueprint', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='assessments.examblueprint', verbose_name='考试方案')),
                ('staff', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mock_papers', to='accounts.staffprofile')),
            ],
            options={
                'verbose_name': '模拟考试',
                'verbose_name_plural': '模拟考试',
                'ordering': ['-started_at', '-pk'],
                'indexes': [models.Index(fields=['staff', '-started_at'], name='mock_paper_staff')],
            },
        ),
        migrations.CreateModel(
            name='MockSlot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='题号')),
                ('option_order', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=10), blank=True, default=list, size=None)),
                ('points', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='分值')),
                ('response', models.JSONField(blank=True, default=list, verbose_name='作答')),
                ('result_state', models.CharField(blank=True, max_length=20, verbose_name='判分')),
                ('points_awarded', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='得分')),
                ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='slots', to='practice.mockpaper')),
                ('question_version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mock_slots', to='assessments.questionversion')),
            ],
            options={
                'verbose_name': '模拟考试试题',
                'verbose_name_plural': '模拟考试试题',
                'ordering': ['paper', 'number'],
                'constraints': [models.UniqueConstraint(fields=('paper', 'number'), name='mock_slot_unique_number')],
            },
        ),
    ]
