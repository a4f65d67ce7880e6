"""Publication search at /publications/, its Atom feed and its exports.

All three read the query string through ``PublicationFilterSet`` and answer it with the same
``PublicationSearch``: a bookmarked search, its feed and its export mean the same thing.
Bad parameters never raise: what can be clamped is clamped with a notice (200), what cannot
is a form error (400), a page past the end is a 404 that links back to page 1, and a search
that runs out of time is a 503 that asks for a narrower one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db import OperationalError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from literature.citations import EXPORT_FORMATS, authors_nlm, export_chunks, portal_citation
from literature.filters import PublicationFilterSet
from literature.models import Publication
from literature.search.service import (
    DEFAULT_PER_PAGE,
    FEED_SIZE,
    MAX_RESULTS,
    PER_PAGE_CHOICES,
    SORTS,
    PageOutOfRange,
    PublicationSearch,
    QueryError,
    describe_filters,
)
from literature.selectors import for_export

TEMPLATE = "literature/search/results.html"
TIMED_OUT = "This search took too long to answer; narrow it with more terms or filters."


def _url(name: str, query_string: str) -> str:
    return reverse(name) + (f"?{query_string}" if query_string else "")


def _form_errors(filterset) -> list[str]:
    out = []
    for name, errors in filterset.form.errors.items():
        field = filterset.form.fields.get(name)
        label = field.label if field is not None and name != "__all__" else ""
        out += [f"{label}: {e}" if label else str(e) for e in errors]
    return out


def _links(fs: PublicationFilterSet, page) -> dict:
    """Every link on the page, built from the canonical parameters."""
    r = fs.search_request()
    sort_options = [
        (key, label, _url("literature:search", fs.link(sort=key)), key == page.sort)
        for key, label in SORTS.items()
        if key != "relevance" or r.q
    ]
    per_page_options = [
        (n, _url("literature:search", fs.link(per_page=n)), n == r.per_page) for n in PER_PAGE_CHOICES
    ]
    pages = []
    last = page.last_page
    low = max(1, page.page - 3)
    high = page.page + 3 if last is None else min(last, page.page + 3)
    if not page.has_next:
        high = page.page
    for n in range(low, high + 1):
        pages.append((n, _url("literature:search", fs.link(page=n if n > 1 else None)), n == page.page))
    for facet in (*page.facets.types, *page.facets.journals, *page.facets.drugs):
        if facet.param == "type":
            chosen = [t for t in r.types if t != facet.value] if facet.active else [*r.types, facet.value]
            facet.url = _url("literature:search", fs.link(type=sorted(chosen)))
        else:
            value = None if facet.active else facet.value
            facet.url = _url("literature:search", fs.link(**{facet.param: value}))
    for bar in page.facets.years:
        bar.url = _url("literature:search", fs.link(year_min=bar.year, year_max=bar.year))
    removals = []
    for label, value in describe_filters(r):
        param = {"Drug": ("drug",), "Author": ("author",), "Journal": ("journal",), "Years": ("year_min", "year_max"),
                 "Language": ("language",), "Trial": ("trial",), "Abstract": ("has_abstract",)}.get(label)  # fmt: skip
        if label == "Type":
            url = _url("literature:search", fs.link(type=[t for t in r.types if t != value]))
        else:
            url = _url("literature:search", fs.link(drop=param))
        removals.append((label, value, url))
    return {
        "sort_options": sort_options,
        "per_page_options": per_page_options,
        "pages": pages,
        "previous_url": _url("literature:search", fs.link(page=page.page - 1 if page.page > 2 else None))
        if page.has_previous
        else "",
        "next_url": _url("literature:search", fs.link(page=page.page + 1)) if page.has_next else "",
        "active_filters": removals,
        "export_links": [
            (fmt, _url("literature:export", fs.link(drop=("per_page",), format=fmt)))
            for fmt in EXPORT_FORMATS
        ],
    }


def _form_choices(fs: PublicationFilterSet) -> dict:
    """The sort and per-page menus, showing the values in force (after clamping when valid)."""
    data = fs.form.cleaned_data if fs.form.is_bound and not fs.form.errors else {}
    sort = data.get("sort", "")
    per_page = data.get("per_page", DEFAULT_PER_PAGE)
    return {
        "sort_choices": [(key, label, key == sort) for key, label in SORTS.items()],
        "per_page_choices": [(n, n == per_page) for n in PER_PAGE_CHOICES],
        "max_results": MAX_RESULTS,
    }


def _common(request, fs: PublicationFilterSet) -> dict:
    canonical = _url("literature:search", fs.canonical_query())
    return {
        **_form_choices(fs),
        "filterset": fs,
        "form": fs.form,
        "canonical_url": request.build_absolute_uri(canonical),
        "feed_url": _url("literature:search_feed", fs.link(drop=("sort", "per_page"))),
        "first_page_url": _url("literature:search", fs.link()),
        "has_parameters": bool(request.GET),
    }


@require_safe
def publication_search(request):
    fs = PublicationFilterSet(request.GET)
    if not fs.is_valid():
        context = {**_form_choices(fs), "filterset": fs, "form": fs.form, "errors": _form_errors(fs)}
        return render(request, TEMPLATE, {**context, "has_parameters": True}, status=400)
    try:
        search = PublicationSearch(fs.search_request())
        page = search.page()
    except QueryError as error:
        context = {**_form_choices(fs), "filterset": fs, "form": fs.form, "errors": [f"Search: {error}"]}
        return render(
            request, TEMPLATE, {**context, "has_parameters": True, "notices": fs.notices}, status=400
        )
    except PageOutOfRange:
        context = {
            **_common(request, fs),
            "requested_page": fs.search_request().page,
            "max_results": MAX_RESULTS,
        }
        return render(request, "literature/search/page_not_found.html", context, status=404)
    except OperationalError:
        # The database gave up on the statement (statement_timeout): ask for a narrower search.
        context = {**_common(request, fs), "timed_out": True, "notices": fs.notices}
        return render(request, TEMPLATE, context, status=503)
    context = {
        **_common(request, fs),
        **_links(fs, page),
        "page": page,
        "notices": [*fs.notices, *page.messages],
        "facet_groups": [
            ("Publication types", page.facets.types),
            ("Journals", page.facets.journals),
            ("Drugs", page.facets.drugs),
        ],
    }
    return render(request, TEMPLATE, context)


# --- the feed ----------------------------------------------------------------------------


class SearchFeed(Feed):
    """The newest publications of a search, as Atom: "follow this search"."""

    feed_type = Atom1Feed

    def get_object(self, request):
        fs = request.search_filterset
        search = PublicationSearch(fs.search_request(sort="newest", page=1))
        return {"filterset": fs, "search": search, "q": fs.search_request().q}

    def title(self, obj):
        filters = ", ".join(
            f"{label.lower()} {value}" for label, value in describe_filters(obj["filterset"].search_request())
        )
        what = f"“{obj['q']}”" if obj["q"] else "all publications"
        return f"Publications: {what}" + (f" ({filters})" if filters else "")

    def link(self, obj):
        return _url("literature:search", obj["filterset"].link(drop=("per_page",)))

    def subtitle(self, obj):
        return "The newest publications matching this search."

    def items(self, obj):
        search = obj["search"]
        return list(search.publications(search.ordered_ids(FEED_SIZE)))

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return portal_citation(item)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return authors_nlm(item, limit=3, keep=3) or None

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


_feed = SearchFeed()


@require_safe
def search_feed(request):
    fs = PublicationFilterSet(request.GET)
    if not fs.is_valid():
        return _plain_error("\n".join(_form_errors(fs)))
    request.search_filterset = fs
    try:
        return _feed(request)
    except QueryError as error:
        return _plain_error(str(error))
    except OperationalError:
        return HttpResponse(TIMED_OUT, status=503, content_type="text/plain; charset=utf-8")


# --- exports -----------------------------------------------------------------------------


@require_safe
def export(request):
    fmt = request.GET.get("format", "")
    if fmt not in EXPORT_FORMATS:
        formats = ", ".join(EXPORT_FORMATS)
        return HttpResponse(
            f"Choose an export format: format={formats}.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    fs = PublicationFilterSet(request.GET)
    if not fs.is_valid():
        return _plain_error("\n".join(_form_errors(fs)))
    try:
        search = PublicationSearch(fs.search_request())
        ids = search.ordered_ids(MAX_RESULTS)  # at most 10,000 integers: the one thing held in memory
    except QueryError as error:
        return _plain_error(str(error))
    except OperationalError:
        return HttpResponse(TIMED_OUT, status=503, content_type="text/plain; charset=utf-8")
    publications = search.publications(ids, queryset=for_export(Publication.objects.all()))
    content_type, extension = EXPORT_FORMATS[fmt]
    response = StreamingHttpResponse(export_chunks(fmt, publications), content_type=content_type)
    label = slugify(fs.search_request().q)[:40] or "search"
    filename = f"publications-{label}-{dt.date.today():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _plain_error(message: str, status: int = 400) -> HttpResponse:
    """A plain-text error for feed and export clients. What the reader typed comes back escaped, so
    even a client that ignores the content type and nosniff cannot be made to render markup."""
    return HttpResponse(escape(message), status=status, content_type="text/plain; charset=utf-8")
