from django.db import migrations, models


def fill_safety_laws(apps, schema_editor):
    """The specific safety laws already imported get their fields (importers.statutes);
    pages whose terms an editor has set are left alone."""
    from importers.statutes import SCOPE_TERMS

    pages = apps.get_model("regulations", "RegulationPage").objects
    for title, terms in SCOPE_TERMS.items():
        pages.filter(title=title, scope_terms="").update(scope_terms=terms)


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0003_first_effective_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="regulationpage",
            name="scope_terms",
            field=models.CharField(
                blank=True,
                help_text="只管某一领域的法规，填写问题里表明这个领域的词，用空格分隔，例如“特种设备 锅炉 压力容器 电梯”；普遍适用的法规（如安全生产法）留空。检索时，问题里一个都没有的，这部法规的条款排得靠后一些。",
                max_length=300,
                verbose_name="适用领域用语",
            ),
        ),
        migrations.RunPython(fill_safety_laws, migrations.RunPython.noop),
    ]
