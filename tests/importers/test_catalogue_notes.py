"""A catalogue note that carries the sample caveat itself is not shown with it twice."""

from __future__ import annotations

from pathlib import Path

from importers.catalogue import COLUMNS, parse_catalogue_csv

DEMO_SAMPLE = (
    Path(__file__).resolve().parents[2] / "demo" / "files" / "eliminated-catalogue-sample.csv"
)


def csv_with_note(note: str) -> bytes:
    row = {"批次": "第一批", "类别": "设备", "名称": "储存硫化氢的湿式气柜", "处置": "淘汰"}
    row["来源说明"] = note
    lines = [",".join(COLUMNS), ",".join(row.get(column, "") for column in COLUMNS)]
    return "\n".join(lines).encode()


def test_the_caveat_in_a_note_is_cut_and_the_item_stays_a_sample():
    (row,) = parse_catalogue_csv(csv_with_note("某市内部资料（示例数据，以正式发布文本为准）"))
    (official,) = parse_catalogue_csv(csv_with_note("应急管理部 2024年第1号公告"))

    assert (row.source_note, row.is_sample) == ("某市内部资料", True)
    assert (official.source_note, official.is_sample) == ("应急管理部 2024年第1号公告", False)


def test_the_demo_sample_notes_do_not_repeat_the_caveat():
    rows = parse_catalogue_csv(DEMO_SAMPLE.read_bytes())

    assert rows and all(row.is_sample for row in rows)
    assert not [row.source_note for row in rows if "以正式发布文本为准" in row.source_note]
