"""The 特种作业目录 categories we use and the statutory certificate requirements."""

from django.db import migrations

SPECIAL_OPERATION = {
    "电工作业": ["高压电工作业", "低压电工作业", "防爆电气作业"],
    "焊接与热切割作业": ["熔化焊接与热切割作业", "压力焊作业", "钎焊作业"],
    "高处作业": ["登高架设作业", "高处安装、维护、拆除作业"],
    "危险化学品安全作业": [
        "光气及光气化工艺作业",
        "氯碱电解工艺作业",
        "氯化工艺作业",
        "硝化工艺作业",
        "合成氨工艺作业",
        "裂解（裂化）工艺作业",
        "氟化工艺作业",
        "加氢工艺作业",
        "重氮化工艺作业",
        "氧化工艺作业",
        "过氧化工艺作业",
        "胺基化工艺作业",
        "磺化工艺作业",
        "聚合工艺作业",
        "烷基化工艺作业",
        "化工自动化控制仪表作业",
    ],
}
SPECIAL_EQUIPMENT = ["固定式压力容器操作", "工业锅炉司炉", "叉车司机", "起重机指挥", "气瓶充装"]
LAW = "《中华人民共和国安全生产法》"
REQUIREMENTS = [
    {
        "code": "special_operation",
        "title": "特种作业人员持相应类别的特种作业操作证上岗",
        "source": f"{LAW}第三十条第一款",
        "kind": "special_operation",
        "for_special_operator": True,
        "per_category": True,
    },
    {
        "code": "management_high_risk",
        "title": "主要负责人、安全生产管理人员任职之日起六个月内取得考核合格证",
        "source": f"{LAW}第二十七条第二款",
        "kind": "management",
        "for_principal": True,
        "for_safety_manager": True,
        "high_risk": "high",
        "grace_months": 6,
    },
]


def seed(apps, schema_editor):
    category = apps.get_model("training", "OperationCategory")
    rule = apps.get_model("training", "CertificateRequirementRule")
    order = 0
    for group, names in SPECIAL_OPERATION.items():
        for name in names:
            order += 1
            category.objects.get_or_create(
                kind="special_operation",
                name=name,
                defaults={"group": group, "sort_order": order},
            )
    for name in SPECIAL_EQUIPMENT:
        order += 1
        category.objects.get_or_create(
            kind="special_equipment", name=name, defaults={"sort_order": order}
        )
    for values in REQUIREMENTS:
        rule.objects.get_or_create(code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("training", "0003_certificates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
