"""Uploads go where every node can read them, as the environment says."""

from __future__ import annotations

from pathlib import Path

from safetykb.media_storage import FILE_SYSTEM, S3, media_settings

LOCAL = Path("/srv/app/var/media")


def test_one_machine_keeps_uploads_under_var():
    assert media_settings({}, LOCAL) == (LOCAL, {"BACKEND": FILE_SYSTEM})


def test_a_shared_volume_is_a_path_every_node_mounts():
    root, storage = media_settings({"SAFETYKB_MEDIA_ROOT": "/mnt/safetykb-media"}, LOCAL)
    assert root == Path("/mnt/safetykb-media") and storage == {"BACKEND": FILE_SYSTEM}


def test_an_object_store_is_private_and_never_overwrites():
    _, storage = media_settings(
        {
            "SAFETYKB_MEDIA_S3_BUCKET": "safetykb-media",
            "SAFETYKB_MEDIA_S3_ENDPOINT_URL": "https://oss-cn-beijing.aliyuncs.com",
            "SAFETYKB_MEDIA_S3_ACCESS_KEY": "key",
            "SAFETYKB_MEDIA_S3_SECRET_KEY": "secret",
        },
        LOCAL,
    )
    assert storage["BACKEND"] == S3
    assert storage["OPTIONS"] == {
        "bucket_name": "safetykb-media",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "endpoint_url": "https://oss-cn-beijing.aliyuncs.com",
        "access_key": "key",
        "secret_key": "secret",
    }
