"""The dependency rule, read from the source: every import of every module, with `ast`.

Layers, lowest first: safetykb (the core in site/safetykb) ← accounts ← content ←
importers (the loaders, which write content) ← assessments.bank ← assessments.exams (with
the assessments app's glue: its models package, hooks, URLs, commands) ← training ←
{leadership, practice} ← oversight (dashboards and inspections, which read every domain
below). A module imports its own layer
or lower ones, never a higher one; imports inside functions count.
The project's wiring (URLs, settings, the demo loader, the admin guards) sits above all
layers. The pure parsers in importers/ and the exam engine sit below every layer (any
module may use them) and import no app at all; public views (views and urls modules) never
import admin modules. Known exceptions are listed below, each with its reason, so only
a new one fails; remove an entry when its import goes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {
    "safetykb": 0,
    "accounts": 1,
    "content": 2,
    "importers": 3,
    "assessments.bank": 4,
    "assessments": 5,  # exams, and the app's glue
    "training": 6,
    "leadership": 7,
    "practice": 7,
    "oversight": 8,
}


def layer_of(module: str) -> str:
    """The layer a module belongs to: its longest prefix in LAYERS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYERS:
            return ".".join(parts[:end])
    raise KeyError(module)


# The project's wiring: it puts the apps together, so it may import any of them.
COMPOSITION = (
    "safetykb.urls",
    "safetykb.wagtail_admin_urls",
    "safetykb.settings",
    "safetykb.wsgi",
    "safetykb.asgi",
    "safetykb.admin_guards",
    "safetykb.demo",
    "safetykb.management.commands.load_demo",
    "safetykb.management.commands.tick",
)
# Plain Python over bytes and text (typed strictly, see [tool.mypy]): no app, no ORM.
PURE_PARSERS = (
    "importers.questions",
    "importers.numbering",
    "importers.office_files",
    "importers.docx_lines",
    "importers.regulation_docx",
)
# The exam engine is plain Python too (no Django): its vocabulary (question types,
# difficulty) and the answer-key rule are the one definition parsers and apps share.
PURE_CORES = (
    *PURE_PARSERS,
    "assessments.exams.engine",
    "training.rules",
    "leadership.scoring",
    "practice.scheduling",
)
PURE_MAY_IMPORT = (*PURE_CORES, "safetykb.cells")

# Upward imports that exist, file → imported module. Each is a debt: move the shared
# piece down (or react to a signal) and delete the line.
UPWARD_ALLOWED = {
    # The bank's question preview hides the answer while the question sits on an open paper:
    # the rule reads exam papers; it could move down once papers notify the bank instead.
    ("assessments/bank/wagtail_admin/views.py", "assessments.exams.selectors.answer_secrecy"),
    # Role-valued model fields and the editor userbar need the role vocabulary/scoping,
    # which live in accounts.
    ("site/safetykb/fields.py", "accounts.vocab"),
    ("site/safetykb/templatetags/editor_userbar.py", "accounts.scoping"),
}
# Public views that import admin modules, file → imported module.
ADMIN_FROM_VIEWS_ALLOWED = {
    # The enterprise dashboard links to the routine-schedule admin screen when the user
    # may see it; the link (and its permission check) belongs outside the admin package.
    ("oversight/views/exams.py", "assessments.exams.wagtail_admin.schedule_permissions"),
}


@dataclass(frozen=True, slots=True)
class Import:
    path: str  # relative to the checkout, e.g. "accounts/views.py"
    module: str  # the importing module, e.g. "accounts.views"
    line: int
    target: str  # the imported module, e.g. "assessments.models"

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] == "site":
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _source_files() -> Iterator[Path]:
    for top in sorted({layer.split(".")[0] for layer in LAYERS}):
        folder = ROOT / "site" / top if top == "safetykb" else ROOT / top
        for path in sorted(folder.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _imports(path: Path) -> Iterator[Import]:
    module = _module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    relative = path.relative_to(ROOT).as_posix()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), relative)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                targets = [node.module or ""]
            else:
                base = ".".join(package[: len(package) - node.level + 1])
                if node.module:
                    targets = [f"{base}.{node.module}"]
                else:  # from . import views: each name may be a module
                    targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in LAYERS:
                yield Import(relative, module, node.lineno, target)


ALL_IMPORTS = [found for path in _source_files() for found in _imports(path)]


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def _upward() -> list[Import]:
    return [
        found
        for found in ALL_IMPORTS
        if not _within(found.module, COMPOSITION)
        and not _within(found.target, PURE_CORES)  # below every layer, wherever they live
        and LAYERS[layer_of(found.target)] > LAYERS[layer_of(found.module)]
    ]


def _is_admin(module: str) -> bool:
    return any(
        part == "admin"
        or part.startswith("admin_")
        or part.endswith("_admin")
        or part == "wagtail_hooks"
        for part in module.split(".")
    )


def _is_public_view(module: str) -> bool:
    parts = module.split(".")
    return (
        not _is_admin(module)
        and not _within(module, COMPOSITION)
        and any(part in ("views", "urls") or part.endswith(("_views", "_urls")) for part in parts)
    )


def _admin_from_views() -> list[Import]:
    return [
        found for found in ALL_IMPORTS if _is_public_view(found.module) and _is_admin(found.target)
    ]


def _report(title: str, imports: list[Import]) -> str:
    return title + "\n" + "\n".join(f"  {found}" for found in imports)


def test_the_scan_sees_every_layer() -> None:
    seen = {layer_of(found.module) for found in ALL_IMPORTS}
    # Every layer with code that imports another app is scanned (a new, empty app may not be).
    assert seen <= set(LAYERS)
    assert {"safetykb", "accounts", "content", "assessments", "training", "oversight"} <= seen
    assert len(ALL_IMPORTS) > 300


def test_nothing_imports_a_higher_layer() -> None:
    new = [f for f in _upward() if (f.path, f.target) not in UPWARD_ALLOWED]
    assert not new, _report(
        "Upward imports (order: " + " ← ".join(LAYERS) + "); depend downward or send a signal:",
        new,
    )


def test_pure_parsers_import_no_app() -> None:
    bad = [
        found
        for found in ALL_IMPORTS
        if _within(found.module, PURE_CORES) and not _within(found.target, PURE_MAY_IMPORT)
    ]
    assert not bad, _report("A pure parser or the engine imports an app module:", bad)


def test_public_views_import_no_admin_module() -> None:
    bad = [f for f in _admin_from_views() if (f.path, f.target) not in ADMIN_FROM_VIEWS_ALLOWED]
    assert not bad, _report("A public view imports an admin module:", bad)


def test_every_allowed_exception_still_exists() -> None:
    """An exception whose import is gone comes off its list, so it cannot come back unseen."""
    present = {(f.path, f.target) for f in _upward() + _admin_from_views()}
    stale = sorted((UPWARD_ALLOWED | ADMIN_FROM_VIEWS_ALLOWED) - present)
    assert not stale, f"No longer imported; delete from the allowlist: {stale}"
