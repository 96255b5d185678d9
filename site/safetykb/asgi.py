import os
import sys
from pathlib import Path

# `site/` is a source folder, not a package (the stdlib `site` module would shadow it).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetykb.settings.dev")
application = get_asgi_application()
