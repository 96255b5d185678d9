"""Where uploaded files go, from the environment: the same for every web node.

Uploads (Wagtail images and documents, import staging files) must be readable by every
web node and task worker, so with more than one node they live either
- on a shared volume (NFS, a cloud file share) mounted at the same path everywhere:
  ``SAFETYKB_MEDIA_ROOT=/mnt/safetykb-media``; or
- in an S3-compatible object store (MinIO, 阿里云 OSS, 腾讯云 COS, AWS S3) through
  django-storages: ``SAFETYKB_MEDIA_S3_BUCKET`` and, as needed,
  ``SAFETYKB_MEDIA_S3_ENDPOINT_URL``, ``SAFETYKB_MEDIA_S3_REGION``,
  ``SAFETYKB_MEDIA_S3_ACCESS_KEY`` / ``SAFETYKB_MEDIA_S3_SECRET_KEY`` (or the usual
  AWS_* variables and instance roles boto3 reads itself), ``SAFETYKB_MEDIA_S3_PREFIX``.
  django-storages' S3 backend needs boto3 installed.
Neither set: ``var/media`` on this machine (one node).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def media_settings(environ: Mapping[str, str], default_root: Path) -> tuple[Path, dict]:
    """(MEDIA_ROOT, the STORAGES["default"] entry)."""
    root = Path(environ.get("SAFETYKB_MEDIA_ROOT", "").strip() or default_root)
    bucket = environ.get("SAFETYKB_MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return root, {"BACKEND": FILE_SYSTEM}
    options: dict = {
        "bucket_name": bucket,
        # Private files: every URL is signed and expires (documents go through Django's
        # view anyway, which checks who may read a draft's file).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,  # an upload never replaces another file of that name
    }
    for option, variable in (
        ("endpoint_url", "SAFETYKB_MEDIA_S3_ENDPOINT_URL"),
        ("region_name", "SAFETYKB_MEDIA_S3_REGION"),
        ("access_key", "SAFETYKB_MEDIA_S3_ACCESS_KEY"),
        ("secret_key", "SAFETYKB_MEDIA_S3_SECRET_KEY"),
        ("location", "SAFETYKB_MEDIA_S3_PREFIX"),
    ):
        value = environ.get(variable, "").strip()
        if value:
            options[option] = value
    return root, {"BACKEND": S3, "OPTIONS": options}
