"""The drug index and drug pages. Every page runs a fixed number of queries, whatever the literature."""

from __future__ import annotations

import string

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from drugs.forms import DrugIndexFilterForm, DrugPublicationFilterForm
from drugs.selectors import drug_for_page, drugs_for_index, names_by_kind, resolve_drug
from drugs.timeline import build_timeline
from literature import selectors as lit
from portal.caching import cached, content_version

PUBLICATIONS_PER_PAGE = 100  # the seed page lists 53 at once; a page holds that and more
LETTERS = [*string.ascii_uppercase, "#"]  # "#": names that start with a digit or a non-Latin letter


def _letter(name: str) -> str:
    first = name[:1].upper()
    return first if first in string.ascii_uppercase else "#"


@require_safe
def index(request):
    """A–Z with letter navigation and publication counts; filter by class, target, condition. 6 queries."""
    form = DrugIndexFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    drugs = list(drugs_for_index(**filters))
    counts = lit.publication_counts_by_drug()
    for drug in drugs:
        drug.publication_count = counts.get(drug.pk, 0)
        drug.other_names = [n.name for n in drug.names.all() if n.name.lower() != drug.name.lower()]
    by_letter: dict[str, list] = {}
    for drug in drugs:
        by_letter.setdefault(_letter(drug.name), []).append(drug)
    letters = [(letter, letter in by_letter) for letter in LETTERS]
    groups = [(letter, by_letter[letter]) for letter in LETTERS if letter in by_letter]
    return render(
        request,
        "drugs/drug_index.html",
        {
            "form": form,
            "groups": groups,
            "letters": letters,
            "drug_count": len(drugs),
            "filtered": bool(filters),
        },
    )


class CachedCountPaginator(Paginator):
    """A paginator whose count (a COUNT over tens of thousands of links for the largest drugs) is
    computed once per content version."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cached(self.count_key, lambda: Paginator.count.func(self))


@require_safe
def detail(request, slug):
    """A drug page: 5 queries for the drug, 9 for its literature and commentary, whatever their size."""
    drug = drug_for_page(slug)
    if drug is None:
        drug = resolve_drug(slug)
        if drug is None:
            raise Http404("No drug by that name.")
        # Any other name of the drug lands on its one canonical address (filters and page kept).
        url = drug.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=True)

    timeline_rows = lit.drug_timeline(drug)
    timeline = build_timeline(timeline_rows)
    years: dict[int, int] = {}
    for row in timeline_rows:
        if row["year"] is not None:
            years[row["year"]] = years.get(row["year"], 0) + row["n"]
    types = lit.drug_publication_types(drug)
    # ``searched``: the words a reader typed into the site search that brought them here.
    searched = " ".join(request.GET.get("searched", "").split())[:200]
    filter_data = request.GET.copy()
    filter_data.pop("searched", None)
    form = DrugPublicationFilterForm(
        filter_data or None, years=sorted(years.items(), reverse=True), types=types
    )
    filters = form.filters() if filter_data else {}
    filter_key = f"{filters.get('year')}:{filters.get('publication_type_id')}"
    page = CachedCountPaginator(
        lit.drug_other_links(drug, **filters),
        PUBLICATIONS_PER_PAGE,
        count_key=f"drug-other-links-count:{drug.pk}:{filter_key}",
    ).get_page(request.GET.get("page"))
    top_links = list(lit.drug_top_links(drug))
    names = names_by_kind(drug)
    context = {
        "searched": searched,
        "searched_url": reverse("site_search") + "?" + urlencode({"q": searched, "all": "1"})
        if searched
        else "",
        "drug": drug,
        "names": names,
        "aliases": [n.name for n in drug.names.all() if n.name.lower() != drug.name.lower()],
        "top_links": top_links,
        "page": page,
        "form": form,
        "filtered": bool(filters),
        # Keys of the page's cached fragments: they change with any curated write.
        "content_version": content_version(),
        "filter_key": filter_key,
        "timeline": timeline,
        "posts": lit.drug_posts(drug),
        "trials": lit.drug_trials(drug),
        "co_mentioned": lit.co_mentioned_drugs(drug),
        "canonical_path": drug.get_absolute_url(),
        "json_ld": _drug_json_ld(request, drug),
    }
    return render(request, "drugs/drug_detail.html", context)


def _drug_json_ld(request, drug) -> dict:
    """schema.org Drug: names, classes, indications and external identifiers (reads prefetched rows)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Drug",
        "name": drug.name,
        "url": request.build_absolute_uri(drug.get_absolute_url()),
        "alternateName": [n.name for n in drug.names.all() if n.name.lower() != drug.name.lower()],
        "sameAs": [url for _label, _value, url in drug.external_links],
    }
    if drug.summary:
        data["description"] = drug.summary
    classes = list(drug.classes.all())
    if classes:
        data["drugClass"] = [{"@type": "DrugClass", "name": c.name} for c in classes]
    conditions = list(drug.conditions.all())
    if conditions:
        data["indication"] = [{"@type": "MedicalIndication", "name": c.name} for c in conditions]
    if drug.atc_code:
        data["code"] = {"@type": "MedicalCode", "codeValue": drug.atc_code, "codingSystem": "ATC"}
    return data
