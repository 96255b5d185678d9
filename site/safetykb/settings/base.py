"""Settings shared by every environment. Secrets and hosts live in dev/production."""

from __future__ import annotations

import os
from pathlib import Path

from safetykb.database import database_config

# site/safetykb/settings/base.py -> the repository root
BASE_DIR = Path(__file__).resolve().parents[3]
PROJECT_DIR = BASE_DIR / "site" / "safetykb"
VAR_DIR = Path(os.environ.get("SAFETYKB_VAR_DIR", BASE_DIR / "var"))

# No model hub is reachable: never let transformers try.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

INSTALLED_APPS = [
    "safetykb",
    "accounts",
    "content.home",
    "content.regulations",
    "content.catalogue",
    "content.culture",
    "content.search",
    "importers",
    "assessments",
    "training",
    "leadership",
    "practice",
    "oversight",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app itself, DEBUG on or off (make run, gunicorn): right after
    # SecurityMiddleware, as WhiteNoise asks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "safetykb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
            ],
        },
    },
]

WSGI_APPLICATION = "safetykb.wsgi.application"

DATABASES = {"default": database_config(BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The user and their staff profile in one query (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.ProfileModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Fills the gaps in Wagtail's zh_Hans catalogs; LOCALE_PATHS outrank every app's catalog, and
# Wagtail's JavaScript catalog (packages=["wagtail.admin"]) only reads ours through this.
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_TZ = True

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Wagtail
WAGTAIL_SITE_NAME = "安全知识库与培训考核系统"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["docx", "doc", "pdf", "xlsx", "xls", "csv", "txt", "zip"]
# Documents go through Django's view, so the before_serve_document hook (a draft's source
# file for editors only) sees every download whatever the storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Background work: django-tasks with its database backend; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Embeddings: any local sentence-transformers folder; default is the bundled m3e-small.
EMBEDDING_MODEL = os.environ.get("EMBEDDING_MODEL", "")

# The task worker logs a line as each task starts and ends; `make run` sets
# SAFETYKB_TASK_LOG_LEVEL=WARNING so only warnings and failures reach its terminal (the
# handler filters: db_worker sets its loggers' levels from --verbosity itself).
TASK_LOG_LEVEL = os.environ.get("SAFETYKB_TASK_LOG_LEVEL", "INFO").strip().upper() or "INFO"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "tasks": {"class": "logging.StreamHandler", "level": TASK_LOG_LEVEL},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "safetykb": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "jieba": {"level": "ERROR"},
        "django_tasks": {"handlers": ["tasks"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["tasks"], "level": "INFO", "propagate": False},
    },
}

# --- Accounts: login throttling (django-axes) and first-login password change -----------
# Kept in one block on purpose: it only appends to the lists above.
# Axes checks the lockout before any backend tries the password, so it goes first; its
# middleware turns a lockout into accounts/locked_out.html (site and Wagtail admin alike)
# and must come last.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE += [
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]
from datetime import timedelta  # noqa: E402

# 5 failures per account+address, 30 per address (accounts.login.failure_limit).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = "accounts.login.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Not reset on success: axes would forget every failure from the address, so one valid
# account would wipe an attacker's per-address count. Failures expire after the cool-off.
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "accounts.login.axes_username"  # 工号/phone count for the account
AXES_LOCKOUT_CALLABLE = "accounts.login.lockout_response"
AXES_COOLOFF_MESSAGE = (
    "登录失败次数过多，账号已暂时锁定，请 15 分钟后再试或联系本单位安全管理员解除锁定。"
)
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
# ------------------------------------------------------------------------------------------

# Reminder emails (training.notices): printed to the console unless a backend is
# configured (e.g. EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend + EMAIL_HOST).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safetykb@localhost")
