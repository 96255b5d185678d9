"""Roster (人员名单) .xlsx: read the sheet, check every row, sort rows into 新增 / 变更 / 问题.

Pure: the caller passes what the database knows (departments, posts on record, the people
already there) as a `RosterContext`, so every rule is tested without a database. Writing
is `accounts.people.import_roster`.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime

import openpyxl

from accounts.identity import IdentityError, mask_id_number, validate_phone
from accounts.vocab import Level, Specialty

#: Column headings of the template, in order; 工号 and 姓名 identify a person.
COLUMNS = ("工号", "姓名", "手机号", "身份证号", "部门", "层级", "专业", "岗位", "入职日期")
REQUIRED = ("工号", "姓名")
EXAMPLE_ROW = (
    "A0001",
    "张三",
    "13800138000",
    "11010519491231002X",
    "合成车间",
    "操作人员",
    "工艺",
    "合成岗",
    date(2024, 3, 1),
)
MAX_ROWS = 2000  # a roster, not a census: bigger files are a wrong upload

_LEVEL_BY_LABEL = {label: value for value, label in Level.choices}
_SPECIALTY_BY_LABEL = {label: value for value, label in Specialty.choices}
_LEVEL_LABEL = dict(Level.choices)
_SPECIALTY_LABEL = dict(Specialty.choices)

NEW, CHANGED, UNCHANGED, PROBLEM = "new", "changed", "unchanged", "problem"

#: Field → label, in the order changes are listed.
FIELD_LABELS = {
    "name": "姓名",
    "phone": "手机号",
    "id_masked": "身份证号",
    "department": "部门",
    "level": "层级",
    "specialty": "专业",
    "post": "岗位",
    "hire_date": "入职日期",
}


class RosterFileError(ValueError):
    """The file cannot be read as a roster at all (message in Chinese)."""


@dataclass(frozen=True)
class PersonFacts:
    """One person as the roster describes them (masked ID; values, not labels)."""

    employee_no: str
    name: str = ""
    phone: str = ""
    id_masked: str = ""
    id_last4: str = ""
    department: str = ""
    level: str = ""
    specialty: str = ""
    post: str = ""
    hire_date: date | None = None
    left: bool = False  # only meaningful for people already on record


@dataclass(frozen=True)
class RosterContext:
    departments: frozenset[str]
    known_posts: frozenset[str]
    existing: dict[str, PersonFacts] = field(default_factory=dict)
    #: phone → employee_no of whoever on record already has it
    phones: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RosterRow:
    line: int  # the spreadsheet's row number, as Excel shows it
    facts: PersonFacts
    action: str
    problems: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # "岗位：合成岗 → 中控岗"

    def to_json(self) -> dict:
        data = asdict(self)
        data["facts"]["hire_date"] = (
            self.facts.hire_date.isoformat() if self.facts.hire_date else None
        )
        return data

    @classmethod
    def from_json(cls, data: dict) -> RosterRow:
        facts = dict(data["facts"])
        facts["hire_date"] = date.fromisoformat(facts["hire_date"]) if facts["hire_date"] else None
        return cls(
            line=data["line"],
            facts=PersonFacts(**facts),
            action=data["action"],
            problems=tuple(data["problems"]),
            changes=tuple(data["changes"]),
        )


def _cell(value) -> str | date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel turns 13800138000 into a number
    return "" if value is None else str(value).strip()


def read_roster_xlsx(data: bytes) -> list[tuple[int, dict[str, str | date]]]:
    """(row number, {heading: value}) for each non-empty row under the header row."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise RosterFileError("文件不是有效的 Excel（.xlsx）文件，请用模板填写后上传。") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(_cell(v)) for v in next(rows, ())]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise RosterFileError(
            f"第1行（表头）缺少列：{'、'.join(missing)}。请使用下载的模板，表头为："
            + "、".join(COLUMNS)
        )
    found = []
    for number, row in enumerate(rows, start=2):
        values = {h: _cell(v) for h, v in zip(header, row, strict=False) if h in COLUMNS}
        if any(values.values()) and not _is_example(values):
            found.append((number, values))
        if len(found) > MAX_ROWS:
            raise RosterFileError(f"一次最多导入 {MAX_ROWS} 人，请分批上传。")
    workbook.close()
    return found


def _is_example(values: dict[str, str | date]) -> bool:
    # The template's example row is never imported, like the question bank's.
    return (values.get("工号"), values.get("姓名"), values.get("身份证号")) == (
        EXAMPLE_ROW[0],
        EXAMPLE_ROW[1],
        EXAMPLE_ROW[3],
    )


def _date(value: str | date, problems: list[str]) -> date | None:
    if isinstance(value, date) or not value:
        return value or None
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    problems.append(f"入职日期“{value}”无法识别，请写成 2024-03-01。")
    return None


def check_row(line: int, values: dict[str, str | date], context: RosterContext) -> RosterRow:
    """One row's facts and problems; duplicates across rows are `check_roster`'s job."""
    text = {k: v if isinstance(v, str) else v.isoformat() for k, v in values.items()}
    problems: list[str] = []
    employee_no, name = text.get("工号", ""), text.get("姓名", "")
    if not employee_no:
        problems.append("工号必填。")
    if not name:
        problems.append("姓名必填。")
    phone = ""
    if text.get("手机号"):
        try:
            phone = validate_phone(text["手机号"])
        except IdentityError as exc:
            problems.append(str(exc))
    masked = last4 = ""
    if text.get("身份证号"):
        try:
            kept = mask_id_number(text["身份证号"])
            masked, last4 = kept.masked, kept.last4
        except IdentityError as exc:
            problems.append(str(exc))
    department = text.get("部门", "")
    level = ""
    if text.get("层级"):
        level = _LEVEL_BY_LABEL.get(text["层级"], "")
        if not level:
            problems.append(f"层级“{text['层级']}”无效，可填：{'、'.join(_LEVEL_BY_LABEL)}。")
    specialty = ""
    if text.get("专业"):
        specialty = _SPECIALTY_BY_LABEL.get(text["专业"], "")
        if not specialty:
            problems.append(f"专业“{text['专业']}”无效，可填：{'、'.join(_SPECIALTY_BY_LABEL)}。")
    post = text.get("岗位", "")
    if len(post) > 50:
        problems.append("岗位名称不能超过50个字。")
    hire_date = _date(values.get("入职日期", ""), problems)
    facts = PersonFacts(
        employee_no=employee_no,
        name=name,
        phone=phone,
        id_masked=masked,
        id_last4=last4,
        department=department,
        level=level,
        specialty=specialty,
        post=post,
        hire_date=hire_date,
    )
    return judge_row(line, facts, context, problems)


def judge_row(
    line: int, facts: PersonFacts, context: RosterContext, problems: list[str] | None = None
) -> RosterRow:
    """Sort a row's facts against what is on record: 新增, 变更, 无变化 or 问题.

    Confirmation calls this again on the staged facts with a fresh context, so a roster
    that went stale between preview and confirm is caught.
    """
    problems = list(problems or [])
    employee_no, phone = facts.employee_no, facts.phone
    if facts.department and facts.department not in context.departments:
        problems.append(f"部门“{facts.department}”不存在，请先在本企业部门中添加或改用已有部门。")
    # Posts are free text on a person; a roster may only use ones the enterprise already
    # has (a typo would otherwise start a new post and miss its post-specific exams).
    if facts.post and context.known_posts and facts.post not in context.known_posts:
        known = "、".join(sorted(context.known_posts))
        problems.append(f"岗位“{facts.post}”不是本企业已有岗位（{known}）。")
    existing = context.existing.get(employee_no)
    if existing is None and not facts.level and employee_no:
        problems.append("新增人员必须填写层级。")
    if existing is not None and existing.left:
        problems.append(f"工号 {employee_no} 的人员已离职，不能通过导入恢复。")
    if phone and context.phones.get(phone, employee_no) != employee_no:
        problems.append(f"手机号 {phone} 已被本企业工号 {context.phones[phone]} 的人员使用。")
    if problems:
        return RosterRow(line, facts, PROBLEM, tuple(problems))
    if existing is None:
        return RosterRow(line, facts, NEW)
    changes = describe_changes(existing, facts)
    return RosterRow(line, facts, CHANGED if changes else UNCHANGED, changes=changes)


def _label(name: str, value) -> str:
    if name == "level":
        return _LEVEL_LABEL.get(value, value) or "—"
    if name == "specialty":
        return _SPECIALTY_LABEL.get(value, value) or "—"
    if isinstance(value, date):
        return value.isoformat()
    return value or "—"


def describe_changes(old: PersonFacts, new: PersonFacts) -> tuple[str, ...]:
    """What the row changes; an empty cell keeps what is on record."""
    return tuple(
        f"{label}：{_label(name, getattr(old, name))} → {_label(name, getattr(new, name))}"
        for name, label in FIELD_LABELS.items()
        if getattr(new, name) not in ("", None) and getattr(new, name) != getattr(old, name)
    )


def merged_facts(old: PersonFacts, new: PersonFacts) -> PersonFacts:
    """``old`` with every non-empty value of ``new`` applied."""
    updates = {
        name: getattr(new, name)
        for name in (*FIELD_LABELS, "id_last4")
        if getattr(new, name) not in ("", None)
    }
    return replace(old, **updates)


def check_roster(
    rows: list[tuple[int, dict[str, str | date]]], context: RosterContext
) -> list[RosterRow]:
    """Every row checked; a 工号 or 手机号 used twice in the file is a problem on each row."""
    checked = [check_row(line, values, context) for line, values in rows]
    numbers = Counter(row.facts.employee_no for row in checked if row.facts.employee_no)
    phones = Counter(row.facts.phone for row in checked if row.facts.phone)
    result = []
    for row in checked:
        extra = []
        if numbers[row.facts.employee_no] > 1:
            lines = [str(r.line) for r in checked if r.facts.employee_no == row.facts.employee_no]
            extra.append(f"工号 {row.facts.employee_no} 在文件中重复（第 {'、'.join(lines)} 行）。")
        if row.facts.phone and phones[row.facts.phone] > 1:
            extra.append(f"手机号 {row.facts.phone} 在文件中重复。")
        if extra:
            row = RosterRow(row.line, row.facts, PROBLEM, row.problems + tuple(extra))
        result.append(row)
    return result


def build_template_xlsx() -> bytes:
    """The roster template: header row and one example row (never imported)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "人员名单"
    sheet.append(COLUMNS)
    sheet.append(EXAMPLE_ROW)
    for column, width in zip("ABCDEFGHI", (10, 10, 14, 22, 14, 14, 8, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    # Text format keeps leading zeros of 工号 and all 18 digits of 身份证号.
    for column in "ABCD":
        for cell in sheet[column]:
            cell.number_format = "@"
    sheet["C2"].value = "13800138000"
    sheet["I2"].number_format = "yyyy-mm-dd"
    notes = workbook.create_sheet("填写说明")
    for line in (
        ("工号、姓名必填；工号在本企业内唯一，已有工号的行更新该人员，空白单元格不修改原值。",),
        ("层级可填：" + "、".join(_LEVEL_BY_LABEL),),
        ("专业可填：" + "、".join(_SPECIALTY_BY_LABEL),),
        ("部门须为本企业已有部门；岗位须为本企业已有岗位（新岗位请先单个添加人员）。",),
        ("身份证号只保存后四位，其余以*号代替。第2行为示例，不会导入。",),
    ):
        notes.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
