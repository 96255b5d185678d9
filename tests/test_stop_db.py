"""`make stop-db` imports the embedded server's package the way starting it does: quietly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STOP_LIKE_MAKE = """
import sys, warnings
from pathlib import Path
warnings.simplefilter("error")  # a RuntimeDirWarning fails the run
sys.path.insert(0, sys.argv[1])
from safetykb.database import import_pgserver
import_pgserver(Path("var/pgdata"))  # relative, as make stop-db passes it
"""


def test_stopping_the_database_warns_about_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    result = subprocess.run(
        [sys.executable, "-c", STOP_LIKE_MAKE, str(ROOT / "site")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "RuntimeDirWarning" not in result.stderr
