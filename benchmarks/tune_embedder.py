"""Fine-tune the embedder (m3e-small) on pairs the project owns, on CPU, in a time box.

    .venv/bin/python benchmarks/tune_embedder.py [--out var/models/m3e-small-safetykb]
        [--pairs 6000] [--minutes 12] [--batch 32] [--max-seq 128] [--no-django]

Pairs (content/search/tuning_pairs.py): inverse cloze on the statute database's articles
(every article of the six safety laws that gives a pair, then a random sample of the other
laws in force; --colloquial of the queries put in workers' words through the glossary), provision headings → texts and question-bank stems → the provision they
cite (both from the database, skipped with --no-django). None is an evaluation question.
Loss: in-batch negatives (MultipleNegativesRankingLoss: cross-entropy over the scaled
cosine of each query to every passage of its batch), one epoch, AdamW with warm-up and
linear decay. sentence-transformers' trainer needs `datasets`, which is not installed,
so the loop is plain torch. After a few steps the step time is measured and the epoch is
cut to fit --minutes (the schedule is re-planned to the new length).

The model is written to --out (under var/, never git) with a TUNING_FILE record, which
gives it a name of its own (embedder.model_name). Use it with EMBEDDING_MODEL=<out> and
`manage.py reindex` (every chunk is then stale and re-embedded).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

DEFAULT_OUT = ROOT / "var" / "models" / "m3e-small-safetykb"
SCALE = 20.0  # sentence-transformers' MultipleNegativesRankingLoss default
LEARNING_RATE = 3e-5
WARMUP_SHARE = 0.1
CALIBRATION_STEPS = 3


def statute_pairs(target: int, rng: random.Random, colloquial: float) -> list:
    from dataclasses import replace

    from content.search.glossary import DEFAULT_GLOSSARY
    from content.search.tuning_pairs import colloquialise, inverse_cloze
    from importers.statutes import SAFETY_LAWS, list_laws, read_law, statute_db_path

    db_path = statute_db_path()
    safety, other = [], []
    for law in list_laws(db_path):
        record = read_law(db_path, law.law_id)
        if record.status != "in_force":
            continue
        for provision in record.provisions:
            if provision.kind == "article" and provision.text:
                item = (f"{law.law_id}:{provision.number}:{provision.label}", provision.text)
                (safety if record.title in SAFETY_LAWS else other).append(item)
    rng.shuffle(other)
    pairs = []
    for key, text in [*safety, *other]:
        if len(pairs) >= target:
            break
        pair = inverse_cloze(key, text, rng)
        if pair and rng.random() < colloquial:
            query = colloquialise(pair.query, DEFAULT_GLOSSARY, rng)
            pair = replace(pair, query=query, kind="inverse_cloze_colloquial")
        if pair:
            pairs.append(pair)
    print(f"statute articles: {len(safety)} safety-law, {len(other)} other; {len(pairs)} pairs")
    return pairs


def database_pairs() -> list:
    """Provision headings → texts and bank stems → cited provisions (the demo database)."""
    from assessments.bank.models import Question
    from content.regulations.models import Provision
    from content.search.tuning_pairs import heading_pair, stem_pair

    pairs = []
    for pk, heading, text in Provision.objects.exclude(heading="").values_list(
        "pk", "heading", "text"
    ):
        pair = heading_pair(f"provision:{pk}", heading, text)
        if pair:
            pairs.append(pair)
    headings = len(pairs)
    for stem, pk, text in Question.objects.exclude(source_provision=None).values_list(
        "stem", "source_provision_id", "source_provision__text"
    ):
        pair = stem_pair(f"provision:{pk}", stem, text or "")
        if pair:
            pairs.append(pair)
    print(f"database: {headings} heading pairs, {len(pairs) - headings} bank-stem pairs")
    return pairs


def train(model, batches: list, minutes: float) -> dict:
    import torch
    import torch.nn.functional as F

    parameters = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(parameters, lr=LEARNING_RATE, weight_decay=0.01)
    total = len(batches)

    def learning_rate(step: int) -> float:
        warmup = max(1, int(total * WARMUP_SHARE))
        if step < warmup:
            return LEARNING_RATE * (step + 1) / warmup
        return LEARNING_RATE * max(0.0, (total - step) / max(1, total - warmup))

    def embed(texts: list[str]):
        features = model.preprocess(texts)
        return F.normalize(model(features)["sentence_embedding"], dim=-1)

    model.train()
    started = time.perf_counter()
    losses: list[float] = []
    step = 0
    while step < total:
        batch = batches[step]
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step)
        queries = embed([p.query for p in batch])
        passages = embed([p.passage for p in batch])
        scores = SCALE * queries @ passages.T
        loss = F.cross_entropy(scores, torch.arange(len(batch)))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        losses.append(loss.item())
        step += 1
        elapsed = time.perf_counter() - started
        if step == CALIBRATION_STEPS:
            fits = int(minutes * 60 / (elapsed / step))
            if fits < total:
                print(f"{elapsed / step:.1f} s/step: the epoch is cut to {fits} of {total} steps")
                total = max(fits, step + 1)
        if step % 10 == 0 or step == total:
            recent = sum(losses[-10:]) / len(losses[-10:])
            print(f"step {step}/{total}  loss {recent:.3f}  {elapsed:.0f} s", flush=True)
    model.eval()
    return {
        "steps": step,
        "pairs_seen": sum(len(b) for b in batches[:step]),
        "seconds": round(time.perf_counter() - started, 1),
        "first_loss": round(sum(losses[:10]) / max(1, len(losses[:10])), 4),
        "last_loss": round(sum(losses[-10:]) / max(1, len(losses[-10:])), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--base", help="model folder to start from (default: the shipped one)")
    parser.add_argument("--pairs", type=int, default=6000, help="inverse-cloze pairs at most")
    parser.add_argument("--minutes", type=float, default=12.0, help="training time box")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-seq", type=int, default=128)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--colloquial",
        type=float,
        default=0.5,
        help="share of inverse-cloze queries in workers' words",
    )
    parser.add_argument(
        "--freeze-layers",
        type=int,
        default=0,
        help="freeze the word embeddings and this many lower layers (cheaper steps on a busy host)",
    )
    parser.add_argument("--no-django", action="store_true", help="statute pairs only")
    args = parser.parse_args()

    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # The statute reader's records use the regulation models' choices: Django is set up
    # even with --no-django (which only skips the database's pairs).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetykb.settings.dev")
    import django

    django.setup()
    from content.search.embedder import TUNING_FILE, default_model_path, model_name
    from content.search.tuning_pairs import batches

    rng = random.Random(args.seed)
    pairs = statute_pairs(args.pairs, rng, args.colloquial)
    if not args.no_django:
        pairs += database_pairs()
    rng.shuffle(pairs)
    grouped = batches(pairs, args.batch)
    print(f"{len(pairs)} pairs in {len(grouped)} batches of {args.batch}")

    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(args.seed)
    torch.set_num_threads(int(os.environ.get("EMBEDDING_THREADS") or 2))
    base = args.base or default_model_path()
    model = SentenceTransformer(base, device="cpu")
    model.max_seq_length = args.max_seq
    frozen = ("embeddings.", *(f"encoder.layer.{i}." for i in range(args.freeze_layers)))
    for name, parameter in model.named_parameters():
        if args.freeze_layers and any(part in name for part in frozen):
            parameter.requires_grad = False
    run = train(model, grouped, args.minutes)

    args.out.mkdir(parents=True, exist_ok=True)
    model.save(str(args.out), create_model_card=False)
    kinds: dict[str, int] = {}
    for pair in pairs:
        kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
    record = {
        "base": model_name(base),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "pairs": kinds,
        "batch": args.batch,
        "max_seq_length": args.max_seq,
        "learning_rate": LEARNING_RATE,
        "seed": args.seed,
        "colloquial": args.colloquial,
        "freeze_layers": args.freeze_layers,
        **run,
    }
    (args.out / TUNING_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=1))
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(json.dumps(record, ensure_ascii=False))
    print(f"saved {model_name(str(args.out))} to {args.out} ({size / 1e6:.0f} MB)")
    print(f"use it: EMBEDDING_MODEL={args.out} .venv/bin/python manage.py reindex")
    return 0 if math.isfinite(run["last_loss"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
