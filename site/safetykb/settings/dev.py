from .base import *  # noqa: F403

DEBUG = True
# A fixed key is fine on a developer's machine; production refuses to start without one.
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
