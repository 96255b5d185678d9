"""A developer's machine and `make run`: DEBUG only when asked for (`DEBUG=1 make run`).

With DEBUG off, `make run` shows what a user sees: the Chinese error pages, static files
through WhiteNoise, uploaded media still served by Django.
"""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "").strip().lower() in ("1", "true", "yes", "on")
# A fixed key is fine on a developer's machine; production refuses to start without one.
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# --- static and media under the dev server (issue 10) ---------------------------------
# WhiteNoise serves static files straight from the apps' folders through the finders
# (indexed at start-up in 0.01 s; collectstatic would copy 4.9 MB in 3.6 s on every run);
# with DEBUG on it also picks up edited files without a restart (autorefresh).
WHITENOISE_USE_FINDERS = True
# WhiteNoise warns at start-up when STATIC_ROOT (collectstatic's target) does not exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Uploaded images and documents, served by Django even with DEBUG off (urls.py).
SERVE_MEDIA = True
