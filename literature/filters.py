"""The publication search's parameters: validated, clamped and put in canonical form.

``PublicationFilterSet(request.GET)`` is the one place that reads the query string of
``/publications/``, its feed and its exports. Parameters that can be read sensibly are
clamped with a notice for the reader (an unknown sort, page=-1, per_page=100000, an over-long
``q``); parameters that cannot (year_min=abc, an unknown publication type or drug) are form
errors, which the views answer with 400. ``search_request()`` hands the valid parameters to
``literature.search.service``; ``canonical_params()`` gives the known parameters in a fixed
order with defaults dropped, for ``<link rel="canonical">``, facet links, the feed and exports.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.utils.http import urlencode

from drugs.selectors import resolve_drug
from literature.models import Publication, PublicationType
from literature.search import tokens as tk
from literature.search.query import MAX_QUERY_LENGTH
from literature.search.service import (
    DEFAULT_PER_PAGE,
    MAX_RESULTS,
    PER_PAGE_CHOICES,
    SORTS,
    PublicationSearch,
    SearchRequest,
)

YEAR_MIN, YEAR_MAX = 1000, 2200
ORDER = ["q", "drug", "author", "journal", "type", "year_min", "year_max", "language", "has_abstract",
         "trial", "sort", "per_page", "page"]  # fmt: skip
TRUE, FALSE = {"yes", "true", "1", "on"}, {"no", "false", "0", "off"}


# Control characters (C0, DEL, C1) mean nothing in a search; kept, they would reach the Atom
# feed's title, which XML 1.0 cannot carry.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _words(value: str | None) -> str:
    """The words of a text parameter: control characters dropped, runs of spaces made one."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


class SearchForm(forms.Form):
    """The fields come from the FilterSet; this adds the clamps, each leaving a notice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices: list[str] = []

    def clean_q(self):
        q = _words(self.cleaned_data.get("q"))
        if len(q) > MAX_QUERY_LENGTH:
            cut = q[:MAX_QUERY_LENGTH]
            q = cut.rsplit(" ", 1)[0] if " " in cut else cut
            self.notices.append(
                f"The search was longer than {MAX_QUERY_LENGTH} characters and was shortened."
            )
        return q

    def clean_drug(self):
        value = (self.cleaned_data.get("drug") or "").strip()
        if not value:
            return None
        drug = resolve_drug(value)
        if drug is None:
            raise forms.ValidationError(f"No drug is known by the name “{value[:100]}”.")
        return drug

    def _value(self, name: str, label: str) -> str:
        value = _words(self.cleaned_data.get(name))
        if value and not tk.fold(value):
            raise forms.ValidationError(f"“{value[:100]}” has no letters or digits to look for as {label}.")
        return value

    def clean_author(self):
        return self._value("author", "an author")

    def clean_journal(self):
        return self._value("journal", "a journal")

    def clean_trial(self):
        return self._value("trial", "a trial")

    def clean_language(self):
        value = (self.cleaned_data.get("language") or "").strip().lower()
        if value and not re.fullmatch(r"[a-z]{2,8}", value):
            raise forms.ValidationError("A language is a MEDLINE code of letters, such as eng, ger or chi.")
        return value

    def clean_has_abstract(self):
        value = (self.cleaned_data.get("has_abstract") or "").strip().lower()
        if not value:
            return None
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        raise forms.ValidationError("Choose yes or no.")

    def clean_sort(self):
        value = (self.cleaned_data.get("sort") or "").strip()
        if value and value not in SORTS:
            self.notices.append(f"There is no sort called “{value[:50]}”; the default order is used.")
            return ""
        return value

    def clean_per_page(self):
        raw = (self.cleaned_data.get("per_page") or "").strip()
        if not raw:
            return DEFAULT_PER_PAGE
        try:
            wanted = int(raw)
        except ValueError:
            self.notices.append(
                f"“{raw[:20]}” is not a number of results per page; {DEFAULT_PER_PAGE} are shown."
            )
            return DEFAULT_PER_PAGE
        if wanted in PER_PAGE_CHOICES:
            return wanted
        allowed = max([c for c in PER_PAGE_CHOICES if c <= wanted] or [PER_PAGE_CHOICES[0]])
        choices = ", ".join(map(str, PER_PAGE_CHOICES))
        self.notices.append(f"Results come {choices} per page; {allowed} are shown.")
        return allowed

    def clean_page(self):
        raw = (self.cleaned_data.get("page") or "").strip()
        if not raw:
            return 1
        try:
            page = int(raw)
        except ValueError:
            self.notices.append(f"“{raw[:20]}” is not a page number; the first page is shown.")
            return 1
        if page < 1:
            self.notices.append("Pages are numbered from 1; the first page is shown.")
            return 1
        return page

    def clean(self):
        data = super().clean()
        low, high = data.get("year_min"), data.get("year_max")
        if low is not None and high is not None and low > high:
            data["year_min"], data["year_max"] = high, low
            self.notices.append(f"The years were the wrong way round; {high}–{low} is searched.")
        return data


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PublicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search")
    drug = django_filters.CharFilter(label="Drug", help_text="A drug by any of its names.")
    author = django_filters.CharFilter(label="Author", help_text="Last name and initials, e.g. Dahlin J.")
    journal = django_filters.CharFilter(label="Journal", help_text="Abbreviation or title, e.g. Blood.")
    year_min = YearFilter(label="From year", min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_max = YearFilter(label="To year", min_value=YEAR_MIN, max_value=YEAR_MAX)
    type = django_filters.ModelMultipleChoiceFilter(
        label="Publication type",
        queryset=PublicationType.objects.order_by("name"),
        to_field_name="name",
        error_messages={"invalid_choice": "No publication type is called “%(value)s”."},
    )
    language = django_filters.CharFilter(label="Language", help_text="MEDLINE code, e.g. eng.")
    has_abstract = django_filters.CharFilter(
        label="Abstract",
        widget=forms.Select(
            choices=[("", "Any"), ("yes", "With an abstract"), ("no", "Without an abstract")]
        ),
    )
    trial = django_filters.CharFilter(label="Trial", help_text="A registry number, e.g. NCT00006343.")
    sort = django_filters.CharFilter(
        label="Sort by", widget=forms.Select(choices=[("", "Default"), *SORTS.items()])
    )
    page = django_filters.CharFilter(label="Page", widget=forms.HiddenInput)
    per_page = django_filters.CharFilter(
        label="Per page", widget=forms.Select(choices=[(str(n), str(n)) for n in PER_PAGE_CHOICES])
    )

    class Meta:
        model = Publication
        fields: list[str] = []
        form = SearchForm

    def filter_queryset(self, queryset):
        """The publications this search finds (up to MAX_RESULTS), for callers that want a QuerySet."""
        search = PublicationSearch(self.search_request())
        return queryset.filter(pk__in=search.ordered_ids(MAX_RESULTS))

    @property
    def notices(self) -> list[str]:
        return self.form.notices

    def search_request(self, **overrides) -> SearchRequest:
        data = self.form.cleaned_data
        values = {
            "q": data.get("q") or "",
            "drug": data.get("drug"),
            "author": data.get("author") or "",
            "journal": data.get("journal") or "",
            "year_min": data.get("year_min"),
            "year_max": data.get("year_max"),
            "types": tuple(sorted(t.name for t in data.get("type") or [])),
            "language": data.get("language") or "",
            "has_abstract": data.get("has_abstract"),
            "trial": data.get("trial") or "",
            "sort": data.get("sort") or "",
            "page": data.get("page") or 1,
            "per_page": data.get("per_page") or DEFAULT_PER_PAGE,
        }
        values.update(overrides)
        return SearchRequest(**values)

    def canonical_params(
        self, *, request: SearchRequest | None = None, page: bool = True
    ) -> list[tuple[str, str]]:
        """Known parameters only, defaults dropped, in a fixed order."""
        r = request or self.search_request()
        values: dict[str, list[str]] = {
            "q": [r.q],
            "drug": [r.drug.slug] if r.drug is not None else [],
            "author": [r.author],
            "journal": [r.journal],
            "type": list(r.types),
            "year_min": [str(r.year_min)] if r.year_min is not None else [],
            "year_max": [str(r.year_max)] if r.year_max is not None else [],
            "language": [r.language],
            "has_abstract": [] if r.has_abstract is None else ["yes" if r.has_abstract else "no"],
            "trial": [r.trial],
            "sort": [r.sort] if r.sort and r.sort != r.default_sort else [],
            "per_page": [str(r.per_page)] if r.per_page != DEFAULT_PER_PAGE else [],
            "page": [str(r.page)] if page and r.page != 1 else [],
        }
        return [(key, v) for key in ORDER for v in values[key] if v]

    def canonical_query(self) -> str:
        return urlencode(self.canonical_params())

    def link(self, *, drop: tuple[str, ...] = (), **changes) -> str:
        """The canonical query string without its page, with some parameters changed, added or dropped.

        A value of None or "" removes the parameter; a list sets a repeatable one.
        """
        params = [(k, v) for k, v in self.canonical_params(page=False) if k not in drop and k not in changes]
        for key, value in changes.items():
            if isinstance(value, list | tuple):
                params += [(key, str(v)) for v in value]
            elif value not in (None, ""):
                params.append((key, str(value)))
        params.sort(key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else len(ORDER))
        return urlencode(params)
