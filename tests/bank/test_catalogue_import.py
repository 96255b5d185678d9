"""The eliminated-process catalogue import screen: .csv/.xlsx → preview → confirm → report."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from content.catalogue.models import EliminatedItem
from importers.catalogue import COLUMNS, CatalogueFormatError, preview_catalogue_file
from tests.bank.conftest import login
from tests.bank.files import table_xlsx, upload

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "demo" / "files" / "eliminated-catalogue-sample.csv"
UPLOAD = reverse("importers_catalogue_upload")
CONFIRM = reverse("importers_catalogue_confirm")


def row(**values) -> list[str]:
    base = {"批次": "第三批", "类别": "设备", "名称": "某型号老旧设备", "处置": "淘汰"}
    return [{**base, **values}.get(column, "") for column in COLUMNS]


def sample_rows() -> int:
    with SAMPLE.open(encoding="utf-8-sig") as handle:
        return sum(1 for line in csv.DictReader(handle) if line["名称"].strip())


def test_the_sample_csv_previews_then_saves_on_confirmation(client, bank):
    login(client, bank.editor)
    response = client.post(UPLOAD, {"file": upload(SAMPLE.name, SAMPLE.read_bytes())})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert len(preview.rows) == sample_rows() and preview.problems == ()
    assert not EliminatedItem.objects.exists()  # nothing before confirmation
    token = response.context["confirm_form"].initial["token"]
    response = client.post(CONFIRM, {"token": token})
    assert response["Location"] == reverse("importers_catalogue_report")
    assert EliminatedItem.objects.filter(live=True).count() == sample_rows()
    report = client.get(response["Location"]).content.decode()
    assert f"{sample_rows()} 条" in report


def test_bad_rows_are_named_by_line_and_only_good_rows_are_saved(client, bank):
    data = table_xlsx(
        COLUMNS,
        [
            row(名称="氨冷冻盐水氯气液化工艺", 类别="工艺技术", 序号=1),
            row(名称="坏类别设备", 类别="材料"),
            row(名称="氨冷冻盐水氯气液化工艺", 类别="工艺技术"),
            row(名称="某型号老旧设备", 处置="禁止"),
            row(名称="序号不对的设备", 序号="一"),
        ],
    )
    login(client, bank.editor)
    response = client.post(UPLOAD, {"file": upload("catalogue.xlsx", data)})
    page = response.content.decode()
    assert "第 3 行：类别“材料”应为“工艺技术”或“设备”" in page
    assert "第 4 行：与第 2 行重复" in page
    assert "第 5 行：处置“禁止”应为“淘汰”或“限制”" in page
    assert "第 6 行：序号“一”不是数字" in page
    token = response.context["confirm_form"].initial["token"]
    client.post(CONFIRM, {"token": token})
    assert list(EliminatedItem.objects.values_list("name", "number")) == [
        ("氨冷冻盐水氯气液化工艺", 1)
    ]
    download = client.get(reverse("importers_catalogue_report_csv"))
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0] == ["行号", "未导入原因"] and [line[0] for line in lines[1:]] == [
        "3",
        "4",
        "5",
        "6",
    ]
    assert client.get(reverse("importers_catalogue_report_xlsx")).status_code == 200


def test_a_forged_token_saves_nothing(client, bank):
    login(client, bank.editor)
    response = client.post(CONFIRM, {"token": "made-up-token"})
    assert response["Location"] == UPLOAD
    assert not EliminatedItem.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("catalogue.xls", b"\xd0\xcf\x11\xe0", "不是 .csv 或 .xlsx 文件"),
        ("catalogue.xlsx", b"PK\x03\x04 broken", "不是有效的 .xlsx 表格"),
        ("catalogue.csv", "批次,名称\n第一批,某工艺\n".encode("gbk"), "缺少必需的列：类别、处置"),
        ("catalogue.csv", "\ufeff".encode() + ",".join(COLUMNS).encode(), "没有任何条目"),
    ],
)
def test_bad_catalogue_files_get_chinese_messages(client, bank, name, data, message):
    login(client, bank.editor)
    response = client.post(UPLOAD, {"file": upload(name, data)})
    assert message in response.content.decode()
    assert not EliminatedItem.objects.exists()


def test_gbk_csv_with_every_column_previews():
    text = ",".join(COLUMNS) + "\n第一批,1,工艺技术,某工艺,淘汰,风险,,两年内,,正式文本\n"
    preview = preview_catalogue_file("c.csv", text.encode("gbk"))
    assert [r.name for r in preview.rows] == ["某工艺"]
    with pytest.raises(CatalogueFormatError, match="不支持的文件类型"):
        preview_catalogue_file("c.pdf", b"%PDF")


def test_only_catalogue_editors_reach_the_screen(client, bank):
    login(client, bank.manager_a)
    response = client.get(UPLOAD)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    login(client, bank.editor)
    assert client.get(UPLOAD).status_code == 200
