"""Site-wide search at /search/?q=: drugs by any of their names, publications, commentary, in sections.

Each section asks its own app: drugs by name (an exact name first), publications through the
full-text search (the top few, with a link to the full search), and published commentary.
A fixed number of queries, whatever the data.
"""

import re

from django.db import OperationalError
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from drugs.models import Drug, DrugName
from literature.models import Post
from literature.search.service import PublicationSearch, QueryError, SearchRequest

MAX_Q = 200
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never text; PostgreSQL refuses NUL
DRUGS_SHOWN = 10
PUBLICATIONS_SHOWN = 5
POSTS_SHOWN = 10


def matching_drugs(q: str) -> list[dict]:
    """Drugs with a name containing q: exact name matches first, then names beginning with q."""
    names = (
        DrugName.objects.filter(name__icontains=q)
        .select_related("drug")
        .annotate(
            closeness=Case(
                When(name__iexact=q, then=Value(0)),
                When(name__istartswith=q, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("closeness", "drug__name", "name")[: DRUGS_SHOWN * 5]
    )
    drugs: dict[int, dict] = {}
    for name in names:
        entry = drugs.setdefault(name.drug_id, {"drug": name.drug, "names": [], "exact": name.closeness == 0})
        if name.name.lower() != name.drug.name.lower():
            entry["names"].append(name.name)
    return list(drugs.values())[:DRUGS_SHOWN]


def drug_named(q: str) -> Drug | None:
    """The drug whose name, one of them, is exactly q (any case); not a slug or a word in it."""
    name = DrugName.objects.select_related("drug").filter(name__iexact=q).first()
    return name.drug if name else Drug.objects.filter(name__iexact=q).first()


def matching_posts(q: str):
    return (
        Post.objects.published()
        .filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q))
        .select_related("author")
        .order_by("-published_at", "-id")[:POSTS_SHOWN]
    )


@require_safe
def site_search(request):
    q = " ".join(CONTROL.sub("", request.GET.get("q", "")).split())[:MAX_Q]
    if q and request.GET.get("all") != "1":
        # A drug's name, any of them (Gleevec, STI571), goes straight to the drug's page, as a drug
        # database's search box does; that page links back here (all=1) for everything else.
        drug = drug_named(q)
        if drug is not None:
            return redirect(drug.get_absolute_url() + "?" + urlencode({"searched": q}))
    context = {"q": q, "drugs": [], "posts": [], "publications": None, "publication_error": ""}
    if q:
        context["drugs"] = matching_drugs(q)
        context["posts"] = list(matching_posts(q))
        context["full_search_url"] = reverse("literature:search") + "?" + urlencode({"q": q})
        try:
            context["publications"] = PublicationSearch(
                SearchRequest(q=q, sort="relevance", per_page=PUBLICATIONS_SHOWN)
            ).page()
        except QueryError as error:
            context["publication_error"] = str(error)
        except OperationalError:
            context["publication_error"] = "The publication search took too long; try a narrower search."
    return render(request, "portal/site_search.html", context)
