#!/usr/bin/env python
"""Django's command-line utility for SafetyKB."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> None:
    # `site/` holds the project package; it cannot be a package itself (stdlib `site`).
    sys.path.insert(0, str(ROOT / "site"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetykb.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
