"""What a signature costs in password hashing: a service that checks the password before
its transaction (so axes keeps a failure) and then signs used to hash it twice; with
``check_signing_password`` it hashes once. Prints both, with the product's password hasher.

    .venv/bin/python benchmarks/signing_cost.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetykb.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth.models import User

    user = User(username="签名测试")
    user.set_password("s3cret-密码")

    def hashes(n: int) -> float:
        started = time.perf_counter()
        for _ in range(n):
            assert user.check_password("s3cret-密码")
        return (time.perf_counter() - started) * 1000

    twice = statistics.median(hashes(2) for _ in range(args.repeat))
    once = statistics.median(hashes(1) for _ in range(args.repeat))
    print(f"password hasher: {user.password.split('$', 1)[0]}")
    print(f"check before the transaction, then sign (two hashes): {twice:7.1f} ms")
    print(f"check_signing_password, then sign (one hash):        {once:7.1f} ms")
    print(f"ratio: {once / twice:.2f}")


if __name__ == "__main__":
    main()
