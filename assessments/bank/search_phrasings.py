"""The shared bank's questions as ways of asking search for the provisions they cite.

A question citing a provision (依据条款) asks for it in the words of an exam, nearer to a
worker's words than the provision's own text is. Its stem and its explanation are indexed
as hidden phrasings of that provision (``content.search.sources.register_bank_phrasings``):
they pull the provision up and are never shown. Only the shared bank's active questions
count whose basis is not under review: an enterprise's own bank is its own, a retired
question is withdrawn, and one flagged 依据已修订 may no longer match its provision.

Indexing a regulation page reads them. When the bank changes, ``refresh_bank_phrasings``
(the worker, after commit) re-indexes the pages whose indexed phrasings are not the bank's.
"""

from __future__ import annotations

from collections import defaultdict

from assessments.bank.models import Question, QuestionStatus
from safetykb.transactions import on_commit_once

# Long explanations quote the provision itself; the opening is the part that asks.
MAX_PHRASING_CHARS = 200
# Beyond this many, more questions on one provision add vectors, not ways of asking (and
# a phrasing's place among its provision's chunks must stay within a small integer).
MAX_PHRASINGS_PER_PROVISION = 100


def phrasing_texts(stem: str, explanation: str) -> list[str]:
    """What one question contributes: its stem, then its explanation, each cut short."""
    texts = (" ".join(text.split())[:MAX_PHRASING_CHARS] for text in (stem, explanation))
    return list(dict.fromkeys(text for text in texts if text))


def _indexed_questions():
    return Question.objects.filter(
        enterprise__isnull=True,
        status=QuestionStatus.ACTIVE,
        basis_amended_at__isnull=True,
        source_provision__isnull=False,
    )


def bank_phrasings(page_id: int) -> dict[int, list[str]]:
    """The phrasings of a regulation page's provisions, by provision id."""
    return _by_provision(_indexed_questions().filter(source_provision__page_id=page_id))


def _by_provision(questions) -> dict[int, list[str]]:
    """Texts by provision, oldest question first, without repeats, at most
    MAX_PHRASINGS_PER_PROVISION each."""
    phrasings: dict[int, list[str]] = defaultdict(list)
    rows = questions.order_by("pk").values_list("source_provision_id", "stem", "explanation")
    for provision_id, stem, explanation in rows.iterator():
        texts = phrasings[provision_id]
        for text in phrasing_texts(stem, explanation):
            if text not in texts and len(texts) < MAX_PHRASINGS_PER_PROVISION:
                texts.append(text)
    return dict(phrasings)


def pages_out_of_step() -> set[int]:
    """Indexed regulation pages whose bank phrasings in the index differ from the bank's.

    Only provisions with indexed text can carry phrasings (an unpublished page has none):
    any other would look out of step forever."""
    from content.search.models import Chunk, SourceType

    regulation_chunks = Chunk.objects.filter(source_type=SourceType.REGULATION)
    page_of = dict(
        regulation_chunks.filter(piece=False, provision_id__isnull=False)
        .values_list("provision_id", "object_id")
        .distinct()
    )
    wanted: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for provision_id, texts in _by_provision(_indexed_questions()).items():
        if provision_id in page_of:
            wanted[page_of[provision_id]].update((provision_id, text) for text in texts)
    indexed: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for page_id, provision_id, text in regulation_chunks.filter(from_bank=True).values_list(
        "object_id", "provision_id", "text"
    ):
        indexed[page_id].add((provision_id, text))
    return {page for page in wanted.keys() | indexed.keys() if wanted[page] != indexed[page]}


def refresh_bank_phrasings() -> int:
    """Re-index the pages out of step with the bank; returns how many."""
    from content.search.indexing import index_regulation

    pages = sorted(pages_out_of_step())
    for page_id in pages:
        index_regulation(page_id)
    return len(pages)


def schedule_bank_phrasing_refresh() -> None:
    """After this transaction commits, have the worker bring the index in step with the
    bank (once per transaction, however many questions it changed)."""
    on_commit_once(_enqueue_refresh)


def _enqueue_refresh() -> None:
    from assessments.bank.tasks import refresh_bank_phrasings_task

    refresh_bank_phrasings_task.enqueue()
