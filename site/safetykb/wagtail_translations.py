"""Which of Wagtail's admin strings its zh_Hans catalogs leave in English.

Wagtail ships an ``en`` catalog (every msgid, empty msgstr) next to each translation. A msgid
of the ``en`` catalog that zh_Hans lacks, leaves empty or marks fuzzy (msgfmt drops fuzzy
entries) shows in English. ``site/safetykb/locale`` fills those gaps; this module finds them
so a Wagtail upgrade's new strings are noticed (``manage.py missing_wagtail_msgids``).

Gotcha: ``makemessages`` must never be run into ``site/safetykb/locale`` — it would drop
every msgid, since none of them occur in our own source.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import wagtail

WAGTAIL_DIR = Path(wagtail.__file__).resolve().parent
PROJECT_LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAINS = ("django", "djangojs")
LANGUAGE = "zh_Hans"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


@dataclass(frozen=True)
class Message:
    """One catalog entry; ``msgstr`` holds one string, or one per plural form."""

    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: tuple[str, ...] = ()
    fuzzy: bool = False
    python_format: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.msgstr) and all(self.msgstr)


def _unquote(literal: str) -> str:
    # A PO string is a double-quoted C literal; its escapes (\n, \t, \", \\) are Python's.
    return ast.literal_eval(literal)


def parse_po(path: Path) -> Iterator[Message]:
    """Yields the entries of a .po file, skipping the header and obsolete (``#~``) entries."""
    fields: dict[str, str] = {}
    flags: set[str] = set()
    current: str | None = None

    def flush() -> Message | None:
        if "msgid" not in fields or not fields["msgid"]:
            return None
        plural_forms = sorted(
            (int(name.removeprefix("msgstr[").rstrip("]")), value)
            for name, value in fields.items()
            if name.startswith("msgstr[")
        )
        msgstr = tuple(v for _, v in plural_forms) or (fields.get("msgstr", ""),)
        return Message(
            msgid=fields["msgid"],
            msgid_plural=fields.get("msgid_plural"),
            msgctxt=fields.get("msgctxt"),
            msgstr=msgstr,
            fuzzy="fuzzy" in flags,
            python_format="python-format" in flags,
        )

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        keyword = match.group(1) if (match := _KEYWORD.match(line)) else None
        # An entry ends at a blank line, or at a comment, msgctxt or msgid after its msgstr.
        ends_entry = not line or (
            (line.startswith("#") or keyword in ("msgctxt", "msgid"))
            and current is not None
            and current.startswith("msgstr")
        )
        if ends_entry:
            if (message := flush()) is not None:
                yield message
            fields, flags, current = {}, set(), None
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match:
            current = keyword
            fields[current] = _unquote(match.group(2))
        elif line.startswith('"') and current:
            fields[current] += _unquote(line)
        else:
            raise ValueError(f"{path}: cannot parse line {raw!r}")


def wagtail_catalogs(domain: str, language: str = "en") -> list[Path]:
    """Wagtail's catalogs of ``domain`` for ``language``, one per Wagtail app that has one."""
    return sorted(WAGTAIL_DIR.glob(f"**/locale/{language}/LC_MESSAGES/{domain}.po"))


def missing_msgids(domain: str, extra_catalogs: Iterable[Path] = ()) -> list[Message]:
    """Wagtail's ``en`` msgids of ``domain`` that no zh_Hans catalog translates.

    Wagtail's own zh_Hans catalogs always count; ``extra_catalogs`` (ours) may fill gaps.
    Returned as the ``en`` entries (empty msgstr), in catalog order, each key once.
    """
    translated = {
        message.key
        for path in [*wagtail_catalogs(domain, LANGUAGE), *extra_catalogs]
        for message in parse_po(path)
        if message.translated
    }
    missing: dict[tuple[str | None, str], Message] = {}
    for path in wagtail_catalogs(domain, "en"):
        for message in parse_po(path):
            if message.key not in translated:
                missing.setdefault(message.key, message)
    return list(missing.values())


def project_catalog(domain: str) -> Path:
    return PROJECT_LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\n", "\\n") + '"'


def as_po(messages: Iterable[Message]) -> str:
    """PO entries with empty msgstr, ready to be translated and pasted into our catalog."""
    blocks = []
    for message in messages:
        lines = ["#, python-format"] if message.python_format else []
        if message.msgctxt is not None:
            lines.append(f"msgctxt {_quote(message.msgctxt)}")
        lines.append(f"msgid {_quote(message.msgid)}")
        if message.msgid_plural is not None:
            lines += [f"msgid_plural {_quote(message.msgid_plural)}", 'msgstr[0] ""']
        else:
            lines.append('msgstr ""')
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""
