"""The rules import nothing but the standard library and each other (no Django, no app)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "training" / "rules"


def test_the_rules_import_only_the_standard_library() -> None:
    foreign = []
    for path in sorted(RULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            foreign += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] not in sys.stdlib_module_names
            ]
    assert len(list(RULES.glob("*.py"))) >= 4
    assert not foreign, foreign
