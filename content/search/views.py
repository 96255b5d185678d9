"""Search page, JSON API and related provisions: thin views over `querying`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .highlight import highlight
from .models import SourceType
from .payload import (
    NEAREST_WHEN_NOT_FOUND,
    number_note,
    results_payload,
    standard_hint,
    vague_hint,
)
from .querying import (
    MAX_QUERY_CHARS,
    Mode,
    SearchFilters,
    clamp_limit,
    related_provisions,
    search,
)
from .search_log import log_search, record_open
from .segment import EMPTY_QUERY_MESSAGE, EmptyQueryError
from .selectors import IndexProgress, index_progress, scope_for

PAGE_SIZE = 20
NO_RESULTS_MESSAGE = (
    "没有找到相关内容。可以换个说法、少用几个词，或把“效力状态”改为“全部”、取消其他筛选后再试。"
)
BAD_TYPE_MESSAGE = (
    "type 参数无效，可选：regulation（法规标准）、catalogue（淘汰目录）、culture（安全文化）"
)


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    progress = index_progress()
    context: dict = {
        "form": form,
        "submitted": "q" in request.GET,
        "indexing": None if progress.ready else progress,
    }
    if context["submitted"]:
        filters = form.search_filters()
        try:
            results = search(
                form.query,
                limit=PAGE_SIZE,
                filters=filters,
                scope=scope_for(request.user),
                mode=_mode(progress),
            )
        except EmptyQueryError as error:
            context["message"] = str(error)
        else:
            context["results"] = results
            context["standard_hint"] = standard_hint(results)
            context["number_note"] = number_note(results)
            context["vague_hint"] = vague_hint(results)
            # Not found: the nearest few, under a line that says they may not answer it.
            shown = results.hits if results.found else results.hits[:NEAREST_WHEN_NOT_FOUND]
            log_id = log_search(
                form.query,
                results,
                shown=len(shown),
                filters=filters,
                channel="page",
                user=request.user,
            )
            context["hits"] = [
                {
                    "hit": hit,
                    "snippet": highlight(hit.text, results.terms),
                    # Clicks go through the log (which result answered), when it was written.
                    "href": reverse("kbsearch:open", args=[log_id, rank]) if log_id else hit.url,
                }
                for rank, hit in enumerate(shown, 1)
            ]
            if not results.hits:
                context["message"] = NO_RESULTS_MESSAGE
            if results.truncated:
                context["notice"] = f"问题太长，只按前 {MAX_QUERY_CHARS} 个字搜索。"
    return render(request, "kbsearch/search_page.html", context)


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    """GET /api/search/?q=…&limit=10&type=… → {"query": …, "results": […]}.

    While the vector index is being built, also "indexing": {"done": X, "total": Y}; the
    results then come from the lexical arm alone.
    """
    kind = request.GET.get("type", "")
    if kind and kind not in SourceType.values:
        return JsonResponse(
            {"error": BAD_TYPE_MESSAGE, "query": request.GET.get("q", "")}, status=400
        )
    progress = index_progress()
    filters = SearchFilters(source_types=(kind,) if kind else ())
    try:
        results = search(
            request.GET.get("q", ""),
            limit=clamp_limit(request.GET.get("limit")),
            filters=filters,
            scope=scope_for(request.user),
            mode=_mode(progress),
        )
    except EmptyQueryError:
        return JsonResponse({"error": EMPTY_QUERY_MESSAGE, "query": ""}, status=400)
    log_search(
        request.GET.get("q", ""),
        results,
        shown=len(results.hits),
        filters=filters,
        channel="api",
        user=request.user,
    )
    payload = results_payload(
        results,
        explain=request.GET.get("explain") in ("1", "true"),
        link=request.build_absolute_uri,
    )
    if not progress.ready:
        payload["indexing"] = _progress_json(progress)
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
def open_result(request: HttpRequest, log_id: int, rank: int) -> HttpResponse:
    """Count a click on a logged result, then go to that result's page.

    The target is the url logged for that rank, never one from the request, so this is
    no open redirect; an unknown log or rank is a 404.
    """
    url = record_open(log_id, rank)
    if url is None or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        raise Http404("没有这条检索结果")
    return HttpResponseRedirect(url)


def _mode(progress: IndexProgress) -> Mode:
    """Keywords only while the worker builds the vector index: a half-built vector arm
    would favour the documents embedded first, and loading the model in the web process
    meanwhile made the first search take over a minute on 2 busy cores."""
    return "hybrid" if progress.ready else "lexical"


def _progress_json(progress: IndexProgress) -> dict[str, int]:
    return {"done": progress.done, "total": progress.total}


@require_GET
def related(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Provisions related to a provision or a catalogue item: an HTML fragment, or JSON."""
    scope = scope_for(request.user)
    if kind == "provision":
        hits = related_provisions(provision_id=pk, scope=scope)
    elif kind == "catalogue":
        hits = related_provisions(source=(SourceType.CATALOGUE, pk), scope=scope)
    else:
        raise Http404
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "document": h.document,
                        "provision": h.provision,
                        "path": h.path,
                        "url": h.url,
                        "text": h.text,
                        "score": h.score,
                    }
                    for h in hits
                ]
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "kbsearch/related_list.html", {"hits": hits})
