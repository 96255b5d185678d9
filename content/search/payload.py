"""The JSON shape of a result list: `/api/search/` and `manage.py kb_search --json`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .querying import SearchResults

# The page and the command show this many nearest results when nothing answers.
NEAREST_WHEN_NOT_FOUND = 5
NOT_FOUND_MESSAGE = "没有找到直接相关的条款。"


METHOD_HINT = "法律法规规定应当做什么、由谁负责；选型、计算、填写表单这类具体做法，一般见相关技术标准或操作规程。"


def standard_hint(results: SearchResults) -> str:
    """Where the answer is: the standard outside the corpus the question names, or the one
    nearer it than any provision (querying.SearchResults.standard); on a list judged not
    found for a question after a technical method (asking.asks_method) with no standard
    near, where such answers are kept; "" otherwise."""
    if results.standard is None:
        method = not results.found and results.confidence.method_asked
        return METHOD_HINT if method else ""
    label = results.standard.label
    if not results.standard.technical:  # a rule or regulation the library leaves out
        if results.standard_named:
            return f"本库未收录{label}的条文，请查阅原文。"
        return f"这类问题一般由{label}规定，可查阅原文（本库未收录其条文）。"
    if results.standard_named:
        return f"{label}是技术标准，本库未收录其条文，请查阅标准原文。"
    return f"这类技术要求一般由标准规定，可查阅 {label}（本库未收录其条文）。"


def vague_hint(results: SearchResults) -> str:
    """Said over the list of a question that holds only words every provision uses."""
    if not results.vague:
        return ""
    words = "、".join(f"“{term}”" for term in results.terms[:3])
    return (
        f"问题比较笼统（{words}这样的词，很多条款都有）。说清楚是什么作业、设备或事情，"
        "例如“动火作业要办什么手续”“新员工上岗要培训多少学时”，能找得更准。"
    )


def number_note(results: SearchResults) -> str:
    """Said over a found list whose first hits state no number the question asks for; where
    to look is the standard hint's when the list names one."""
    if not results.number_unstated:
        return ""
    if results.standard is not None:
        return "前几条条款没有写明您问的具体数值。"
    return "前几条条款没有写明您问的具体数值，这类数值多由技术标准或部门规章规定。"


def results_payload(
    results: SearchResults,
    *,
    explain: bool = False,
    link: Callable[[str], str] = str,
) -> dict[str, Any]:
    """`found` says whether the list answers the question (confidence.py); `explain` adds
    each hit's rank in the two arms and what the re-score weighed (rescoring.FEATURES:
    1 / fused position, 1 / each arm's rank, pair coverage, what the question asks for
    against what the text says; empty when it did not run);
    `link` makes a hit's URL absolute (the API); `standard` names the technical standard
    outside the corpus that the question names (`named`: true) or, on a list judged not
    found or found without the number asked for, is likely to answer it (null otherwise);
    `reference_note` says when an article the question names is not in the named law, or
    the law not in the library ("");
    `number_unstated` says the question asks for a number that none of the first hits
    states (asking.number_unstated); `method_asked` that it asks how to do a technical
    task (asking.asks_method), whose answer a standard or procedure gives, not a law;
    `vague` that it holds only words every provision uses (confidence.is_vague)."""
    return {
        "query": results.query,
        "found": results.found,
        "standard": (
            {
                "code": results.standard.code,
                "title": results.standard.title,
                "named": results.standard_named,
            }
            if results.standard
            else None
        ),
        "reference_note": results.reference_note,
        "number_unstated": results.number_unstated,
        "method_asked": results.confidence.method_asked,
        "vague": results.vague,
        "results": [
            {
                "document": hit.document,
                "provision": hit.provision,
                "path": hit.path,
                "url": link(hit.url) if hit.url else "",
                "text": hit.text,
                "score": hit.score,
                "source_type": hit.source_type,
                "exact": hit.exact,
                **(
                    {
                        "vector_rank": hit.vector_rank,
                        "lexical_rank": hit.lexical_rank,
                        "rescore": {name: round(value, 4) for name, value in hit.rescore_features},
                    }
                    if explain
                    else {}
                ),
            }
            for hit in results.hits
        ],
    }
