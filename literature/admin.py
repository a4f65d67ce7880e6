import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator, capfirst

from literature.models import (
    Author,
    AuthorAlias,
    Authorship,
    Comment,
    Contributor,
    Journal,
    MeshHeading,
    MeshTerm,
    Post,
    PostCitation,
    Publication,
    PublicationDrug,
    PublicationRelation,
    PublicationType,
    Tag,
    Trial,
)
from literature.search import reindex_publications
from literature.services import (
    apply_ranks,
    refresh_author_fields,
    refresh_authors_of,
    remove_drug_links,
)
from portal.admin_utils import FastChangeListMixin, boolean_icon, log_bulk_change
from portal.caching import cached

# A rename of a journal, MeSH term, type or trial reindexes its publications in the request up to
# this many; beyond, the curator is asked to run ``manage.py rebuild_search_index``.
REINDEX_IN_REQUEST = 10_000
# Admin full-text search lists the newest matches, at most this many.
ADMIN_SEARCH_LIMIT = 1_000


class ReindexOnRenameMixin:
    """Keep the search index in step when a value publications are indexed under changes."""

    indexed_fields: tuple[str, ...] = ()
    publications_lookup = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & set(self.indexed_fields):
            ids = list(
                Publication.objects.filter(**{self.publications_lookup: obj}).values_list("pk", flat=True)[
                    : REINDEX_IN_REQUEST + 1
                ]
            )
            if len(ids) > REINDEX_IN_REQUEST:
                self.message_user(
                    request,
                    "Many publications use this value: run “manage.py rebuild_search_index” "
                    "so that searches find them under the new one.",
                    messages.WARNING,
                )
            else:
                reindex_publications(ids)


# --- vocabularies -----------------------------------------------------------------------


@admin.register(Journal)
class JournalAdmin(ReindexOnRenameMixin, FastChangeListMixin, admin.ModelAdmin):
    indexed_fields = ("title", "iso_abbreviation", "issn", "eissn")
    publications_lookup = "journal"
    list_display = ["title", "iso_abbreviation", "issn", "eissn", "nlm_id"]
    search_fields = ["title", "iso_abbreviation", "=issn", "=eissn", "=nlm_id"]


# What Author.key is made of: a change to any of them renames the author for imports.
AUTHOR_KEY_FIELDS = ["last_name", "fore_name", "initials", "collective_name", "orcid"]


class AuthorForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["last_name", "fore_name", "initials", "suffix", "collective_name", "orcid"]

    def clean(self):
        cleaned = super().clean()
        key = Author.make_key(**{f: cleaned.get(f) or "" for f in AUTHOR_KEY_FIELDS})
        other = Author.objects.filter(key=key).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(
                f"Another author is already called this: {other} (#{other.pk}). Correct that one's "
                "publications instead, or give this one its ORCID."
            )
        return cleaned


@admin.register(Author)
class AuthorAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["__str__", "fore_name", "orcid"]
    search_fields = ["last_name", "fore_name", "collective_name", "=orcid"]
    form = AuthorForm
    fields = ["last_name", "fore_name", "initials", "suffix", "collective_name", "orcid"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        old_key = Author.objects.filter(pk=obj.pk).values_list("key", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        # A name given to an author in the admin is that author's, even if it was another's alias.
        AuthorAlias.objects.filter(key=obj.key).delete()
        if not change or not set(form.changed_data) & {*AUTHOR_KEY_FIELDS, "suffix"}:
            return
        if old_key and old_key != obj.key:
            # Records that still spell the old name find this author (an import matches exact names).
            AuthorAlias.objects.update_or_create(key=old_key, defaults={"author": obj})
        # Each publication lists its authors' names in a column of its own: the correction reaches them.
        ids = list(
            Publication.objects.filter(authorships__author=obj).values_list("pk", flat=True).distinct()
        )
        refresh_authors_of(ids)
        reindex_publications(ids)


@admin.register(PublicationType)
class PublicationTypeAdmin(ReindexOnRenameMixin, admin.ModelAdmin):
    indexed_fields = ("name",)
    publications_lookup = "publication_types"
    list_display = ["name", "ui"]
    search_fields = ["name"]


@admin.register(MeshTerm)
class MeshTermAdmin(ReindexOnRenameMixin, FastChangeListMixin, admin.ModelAdmin):
    indexed_fields = ("name",)
    publications_lookup = "mesh_terms"
    list_display = ["name", "ui"]
    search_fields = ["name", "=ui"]


@admin.register(Trial)
class TrialAdmin(ReindexOnRenameMixin, FastChangeListMixin, admin.ModelAdmin):
    indexed_fields = ("identifier",)
    publications_lookup = "trials"
    list_display = ["identifier", "registry", "title"]
    list_filter = ["registry"]
    search_fields = ["identifier", "title"]


# --- publications -----------------------------------------------------------------------


class SearchIdsPaginator(Paginator):
    """Pages the ids a search found: counted without a query; when the list is in the search's own
    order, a page reads only its own rows (``rows``: the list's queryset, filtered and ordered, before
    the search; its filters only repeat the search's, and a single type id joins one row at most)."""

    def __init__(self, queryset, ids, rows, *args):
        super().__init__(queryset, *args)
        self.ids = ids
        self.rows = rows

    @cached_property
    def count(self):
        return len(self.ids)

    def page(self, number):
        page = super().page(number)  # Django's page bounds (orphans included); its rows are not read
        if self.rows is not None:
            page.object_list = self.rows.filter(
                pk__in=self.ids[max(page.start_index() - 1, 0) : page.end_index()]
            )
        return page


class PublicationSearchMixin:
    """Admin search that uses indexes: a PMID, DOI or PMCID is looked up exactly; anything else goes
    through the full-text search (the portal's query language), newest matches first.

    The search lists at most ``ADMIN_SEARCH_LIMIT`` matches. The list filters the index knows (decade,
    language, publication type) go into the search itself, so the cap applies to what the curator
    asked for: "imatinib" in the 1990s lists the newest 1990s matches, not the 1990s rows among the
    newest matches of every decade. The other filters (retracted, erratum, source...) narrow those
    matches, and the page says so when the cap was reached.
    """

    # Query-string keys of the changelist that are not filters.
    _not_filters = frozenset(
        {"q", "o", "p", "all", "e", "_popup", "_to_field", "_facets", "_changelist_filters"}
    )

    def get_search_results(self, request, queryset, search_term):
        from literature.search.service import QueryError

        term = search_term.strip()
        if not term:
            return queryset, False
        if re.fullmatch(r"\d{1,10}", term):
            return queryset.filter(pmid=int(term)), False
        if re.fullmatch(r"(?i)PMC\d+", term):
            return queryset.filter(pmcid=term.upper()), False
        if term.lower().startswith("10.") and "/" in term:
            return queryset.filter(doi__iexact=term), False
        searched, others = self._search_filters(request)
        if searched is None:  # a filter value that matches nothing (an unknown type id)
            return queryset.none(), False
        try:
            ids = self._matching_ids(term, searched)
        except QueryError as error:
            self.message_user(request, str(error), messages.WARNING)
            return queryset.none(), False
        if len(ids) >= ADMIN_SEARCH_LIMIT and self._is_changelist(request):
            narrowed_by = f" The filters {', '.join(others)} apply within them." if others else ""
            self.message_user(
                request,
                f"The search lists the {ADMIN_SEARCH_LIMIT:,} newest matches.{narrowed_by} "
                "Add words, a decade, a language or a type to narrow it.",
                messages.INFO,
            )
        if not others:
            # Every active filter went into the search: its ids are the whole answer, already counted
            # and in the list's default order (see get_paginator).
            request.publication_search = (ids, queryset)
        return queryset.filter(pk__in=ids), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        search = getattr(request, "publication_search", None)
        if search is None:
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        ids, rows = search
        # The search's ids are in the model's own order (newest first): in that order, which is the
        # list's default, a page reads its own ids only, not the whole IN list to sort it.
        in_search_order = list(queryset.query.order_by) == list(self.model._meta.ordering)
        return SearchIdsPaginator(
            queryset, ids, rows if in_search_order else None, per_page, orphans, allow_empty_first_page
        )

    def _search_filters(self, request) -> tuple[dict | None, list[str]]:
        """(the search's own filters, the names of the active filters it cannot apply)."""
        searched: dict = {}
        others: list[str] = []
        for key, value in request.GET.items():
            if key in self._not_filters or value == "":
                continue
            if key == "decade" and value.isdigit():
                searched.update(year_min=int(value), year_max=int(value) + 9)
            elif key == "language":
                searched["language"] = value
            elif key == "publication_types__id__exact" and value.isdigit():
                name = PublicationType.objects.filter(pk=int(value)).values_list("name", flat=True).first()
                if name is None:
                    return None, []
                searched["types"] = (name,)
            else:
                others.append(key.split("__")[0].replace("_", " "))
        return searched, others

    @staticmethod
    def _matching_ids(term: str, searched: dict) -> list[int]:
        from literature.search.service import PublicationSearch, SearchRequest

        # Read once per content version: a curator pages and sorts the same matches, and each of
        # those requests would otherwise search the index again. A change is a new version.
        return cached(
            f"admin-publication-search:{ADMIN_SEARCH_LIMIT}:{term}:{sorted(searched.items())!r}",
            lambda: PublicationSearch(SearchRequest(q=term, sort="newest", **searched)).ordered_ids(
                ADMIN_SEARCH_LIMIT
            ),
        )

    def _is_changelist(self, request) -> bool:
        match = request.resolver_match
        return (
            match is not None and match.url_name == f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        )


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    fields = ["position", "author", "affiliation"]
    autocomplete_fields = ["author"]
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class MeshHeadingInline(admin.TabularInline):
    model = MeshHeading
    extra = 0
    fields = ["term", "is_major", "qualifiers"]
    autocomplete_fields = ["term"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("term")


class RelationInline(admin.TabularInline):
    model = PublicationRelation
    fk_name = "publication"
    extra = 0
    fields = ["kind", "ref_source", "ref_pmid", "target"]
    autocomplete_fields = ["target"]


def remove_links(modeladmin, request, links) -> int:
    """``remove_drug_links`` from an admin page, saying which links were kept as rejected; returns how many."""
    if kept := remove_drug_links(links):
        modeladmin.message_user(
            request,
            f"{kept} automatic drug link(s) kept as rejected rather than deleted, so that a later import does "
            "not make them again.",
            messages.WARNING,
        )
    return kept


def refuse_moving_automatic_link(form, fields) -> None:
    """An automatic link moved to another drug or publication would be made again by the next import
    naming the drug: the curator rejects it and adds the right one."""
    moved = [f for f in fields if f in form.changed_data]
    if moved and form.instance.pk and form.instance.origin == PublicationDrug.Origin.AUTOMATIC:
        raise forms.ValidationError(
            f"An automatic link's {' and '.join(moved)} cannot be changed: reject this link (so a later "
            "import does not make it again) and add the right one."
        )


class DrugLinkForm(forms.ModelForm):
    class Meta:
        model = PublicationDrug
        fields = ["drug", "rank", "excerpt", "origin", "status"]

    def clean_rank(self):
        rank = self.cleaned_data.get("rank")
        if rank is not None and rank < 1:
            raise forms.ValidationError("Ranks start at 1.")
        return rank

    def clean(self):
        cleaned = super().clean()
        refuse_moving_automatic_link(self, ["drug", "publication"])
        return cleaned

    def _get_validation_exclusions(self):
        # A rank already held by another publication moves that one down (see save_formset).
        exclude = super()._get_validation_exclusions()
        exclude.add("rank")
        return exclude


class DrugLinkInline(admin.TabularInline):
    model = PublicationDrug
    form = DrugLinkForm
    fk_name = "publication"
    extra = 0
    fields = ["drug", "rank", "excerpt", "origin", "status"]
    autocomplete_fields = ["drug"]
    verbose_name = "drug link"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("drug")


class DecadeFilter(admin.SimpleListFilter):
    title = "decade"
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        this_decade = timezone.now().year // 10 * 10
        return [(str(d), f"{d}s") for d in range(this_decade, 1940, -10)] + [("none", "No year")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(pub_year__isnull=True)
        if value and value.isdigit():
            start = int(value)
            return queryset.filter(pub_year__gte=start, pub_year__lt=start + 10)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """The languages in use, read once per content version: Django's default filter runs a
    SELECT DISTINCT over the whole table (a million rows) on every changelist page."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = cached(
            "admin:publication-languages",
            # order_by(): without it the model's ordering columns join the DISTINCT, one row per publication.
            lambda: list(
                Publication.objects.exclude(language="")
                .order_by("language")
                .values_list("language", flat=True)
                .distinct()
            ),
        )
        return [(code, code) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


# Names in curated_fields that are not the form's own fields: child sets edited in the inlines.
CURATED_SET_LABELS = {"authors": "Authors", "mesh_headings": "MeSH headings", "relations": "Relations"}


class PublicationForm(forms.ModelForm):
    """The publication form, with the fields a curator corrected, to hand back to the source one by one."""

    release = forms.MultipleChoiceField(
        label="Let imports update again",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Fields corrected by hand are kept from every import. Tick one to let the next import of "
        "the record set it from the source again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {f.name: capfirst(f.verbose_name) for f in Publication._meta.fields} | CURATED_SET_LABELS
        self.fields["release"].choices = [
            (name, labels.get(name, name)) for name in (self.instance.curated_fields or [])
        ]


@admin.register(Publication)
class PublicationAdmin(PublicationSearchMixin, FastChangeListMixin, admin.ModelAdmin):
    list_display = ["short_title", "pmid", "journal", "pub_year", "retracted", "erratum", "source"]
    list_select_related = ["journal"]
    list_filter = ["is_retracted", "has_erratum", "source", DecadeFilter, LanguageFilter, "publication_types"]
    search_fields = ["title"]
    autocomplete_fields = ["journal", "publication_types", "trials"]
    form = PublicationForm
    readonly_fields = ["author_summary", "curated_fields", "created_at", "updated_at"]
    inlines = [AuthorshipInline, DrugLinkInline, MeshHeadingInline, RelationInline]
    fieldsets = [
        ("Identifiers", {"fields": ["pmid", "doi", "pmcid"]}),
        (None, {"fields": ["title", "vernacular_title", "author_summary", "author_list_complete"]}),
        ("Source", {"fields": ["journal", ("volume", "issue", "pages"), ("pub_year", "pub_month", "pub_day"),
                               "pub_date_text", "language"]}),
        ("Content", {"fields": ["abstract", "other_abstracts", "copyright", "keywords", "publication_types",
                                "trials"]}),
        ("Status", {"fields": ["is_retracted", "has_erratum"]}),
        ("Provenance", {"fields": ["source", "curated_fields", "created_at", "updated_at"],
                        "classes": ["collapse"]}),
    ]  # fmt: skip

    # What the list shows (and sorts by); everything else stays in the database on a list page.
    list_columns = ["title", "pmid", "journal", "pub_year", "is_retracted", "has_erratum", "source"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_changelist(request):
            # Not the abstract, author list, keywords and the rest: kilobytes of JSON per row that the
            # list would decode and, for a search, sort along with the matches to pick its page.
            queryset = queryset.only(*self.list_columns)
        return queryset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.curated_fields:
            # Shown open, above the collapsed provenance: what an import will not touch.
            fieldsets = [*fieldsets[:-1], ("Corrected by a curator", {"fields": ["release"]}), fieldsets[-1]]
        return fieldsets

    def get_urls(self):
        from literature.admin_import import import_urls

        return import_urls(self) + super().get_urls()

    def get_form(self, request, obj=None, **kwargs):
        kwargs["widgets"] = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "vernacular_title": forms.Textarea(attrs={"rows": 2}),
        }
        return super().get_form(request, obj, **kwargs)

    @admin.display(description="title", ordering="title")
    def short_title(self, obj):
        return Truncator(obj.title).chars(90)

    @admin.display(description="retracted", ordering="is_retracted")
    def retracted(self, obj):
        return boolean_icon(obj.is_retracted)

    @admin.display(description="has erratum", ordering="has_erratum")
    def erratum(self, obj):
        return boolean_icon(obj.has_erratum)

    @admin.display(description="authors")
    def author_summary(self, obj):
        return ", ".join(obj.author_names) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            # What a curator corrected by hand is never overwritten by a later import, unless handed back.
            released = set(form.cleaned_data.get("release") or [])
            edited = set(form.changed_data) - {"release"}
            obj.curated_fields = sorted((set(obj.curated_fields or []) - released) | edited)
        elif obj.source == Publication.Source.CURATOR:
            obj.curated_fields = sorted(form.changed_data)
        super().save_model(request, obj, form, change)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        publication = form.instance
        if formset.model is PublicationDrug:
            instances = formset.save(commit=False)
            remove_links(self, request, formset.deleted_objects)
            requested_by_drug: dict[int, dict[int, int | None]] = {}
            for obj in instances:
                wanted = obj.rank
                obj.rank = None
                obj.save()
                requested_by_drug.setdefault(obj.drug_id, {})[obj.pk] = wanted
            formset.save_m2m()
            for drug_id, requested in requested_by_drug.items():
                apply_ranks(drug_id=drug_id, requested=requested)
            return
        super().save_formset(request, form, formset, change)
        if formset.model is Authorship and formset.has_changed():
            refresh_author_fields(publication)
            self._mark_curated(publication, "authors")
        elif formset.model is MeshHeading and formset.has_changed():
            self._mark_curated(publication, "mesh_headings")
        elif formset.model is PublicationRelation and formset.has_changed():
            self._mark_curated(publication, "relations")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The row, its authors, MeSH headings, types, trials and drug links are all saved now.
        reindex_publications([form.instance.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        reindex_publications([pk])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        reindex_publications(ids)

    @staticmethod
    def _mark_curated(publication, name):
        if name not in publication.curated_fields:
            publication.curated_fields = sorted({*publication.curated_fields, name})
            publication.save(update_fields=["curated_fields"])


def delete_or_reject_selected(modeladmin, request, queryset):
    """Django's "Delete selected" for drug links, saying what it did: automatic links are kept as
    rejected (see remove_drug_links), so "Successfully deleted" would not be true of them."""
    if not request.POST.get("post"):
        return delete_selected(modeladmin, request, queryset)  # the confirmation page
    _, _, perms_needed, protected = modeladmin.get_deleted_objects(queryset, request)
    if perms_needed or protected:
        return delete_selected(modeladmin, request, queryset)  # Django's page says why not
    links = list(queryset)
    modeladmin.log_deletions(request, links)
    kept = remove_links(modeladmin, request, links)
    reindex_publications([link.publication_id for link in links])
    if deleted := len(links) - kept:
        modeladmin.message_user(request, f"Deleted {deleted} drug link(s).", messages.SUCCESS)
    return None


@admin.register(PublicationDrug)
class PublicationDrugAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["publication_title", "drug", "rank", "origin", "status", "matched_name"]
    list_filter = ["status", "origin", ("rank", admin.EmptyFieldListFilter), "drug"]
    list_select_related = ["publication", "drug"]
    search_fields = ["drug__name", "=publication__pmid"]
    autocomplete_fields = ["publication", "drug"]
    actions = ["confirm_links", "reject_links", "unpin_links"]
    form = DrugLinkForm
    fields = ["publication", "drug", "rank", "excerpt", "origin", "status", "matched_name"]
    readonly_fields = ["matched_name"]

    @admin.display(description="publication", ordering="publication__title")
    def publication_title(self, obj):
        return Truncator(obj.publication.title).chars(80)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_or_reject_selected, name, description)
        return actions

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        wanted = obj.rank
        obj.rank = None
        previous = PublicationDrug.objects.filter(pk=obj.pk).values_list("publication_id", flat=True).first()
        super().save_model(request, obj, form, change)
        apply_ranks(drug_id=obj.drug_id, requested={obj.pk: wanted})
        # A link (or its status) decides which drug a publication is found under.
        reindex_publications({obj.publication_id, previous} - {None})

    def log_deletions(self, request, queryset):
        # An automatic link is rejected, not deleted (see remove_drug_links): its history says so.
        links = list(queryset)
        automatic = [link for link in links if link.origin == PublicationDrug.Origin.AUTOMATIC]
        log_bulk_change(
            request, automatic, "Rejected the link: an automatic link is kept from re-import, not deleted."
        )
        others = [link for link in links if link.origin != PublicationDrug.Origin.AUTOMATIC]
        return super().log_deletions(request, others) if others else []

    def delete_model(self, request, obj):
        # Kept as rejected, the link is not "deleted successfully" (see response_delete).
        request.drug_links_kept = remove_links(self, request, [obj])
        reindex_publications([obj.publication_id])

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "drug_links_kept", 0):
            return HttpResponseRedirect(reverse("admin:literature_publicationdrug_changelist"))
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("publication_id", flat=True))
        remove_links(self, request, queryset)
        reindex_publications(ids)

    @admin.action(description="Confirm selected links", permissions=["change"])
    @transaction.atomic
    def confirm_links(self, request, queryset):
        log_bulk_change(request, queryset, "Confirmed the link.")
        ids = list(queryset.values_list("publication_id", flat=True))
        n = queryset.update(status=PublicationDrug.Status.CONFIRMED, updated_at=timezone.now())
        reindex_publications(ids)
        self.message_user(request, f"Confirmed {n} link(s).", messages.SUCCESS)

    @admin.action(
        description="Reject selected links (hidden from readers, kept from re-import)", permissions=["change"]
    )
    @transaction.atomic
    def reject_links(self, request, queryset):
        drug_ids = set(queryset.filter(rank__isnull=False).values_list("drug_id", flat=True))
        log_bulk_change(request, queryset, "Rejected the link.")
        publication_ids = list(queryset.values_list("publication_id", flat=True))
        n = queryset.update(status=PublicationDrug.Status.REJECTED, rank=None, updated_at=timezone.now())
        for drug_id in drug_ids:
            apply_ranks(drug_id=drug_id, requested={})
        reindex_publications(publication_ids)
        self.message_user(request, f"Rejected {n} link(s).", messages.SUCCESS)

    @admin.action(description="Remove selected links from Top publications", permissions=["change"])
    @transaction.atomic
    def unpin_links(self, request, queryset):
        drug_ids = set(queryset.values_list("drug_id", flat=True))
        log_bulk_change(request, queryset.filter(rank__isnull=False), "Removed from Top publications.")
        n = queryset.update(rank=None, updated_at=timezone.now())
        for drug_id in drug_ids:
            apply_ranks(drug_id=drug_id, requested={})
        self.message_user(request, f"Unpinned {n} link(s).", messages.SUCCESS)


# --- commentary -------------------------------------------------------------------------


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PostCitationInline(admin.TabularInline):
    model = PostCitation
    extra = 1
    fields = ["position", "publication"]
    autocomplete_fields = ["publication"]
    ordering = ["position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("publication")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at"]
    list_filter = ["status", "author", "tags"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "tags", "drugs", "trials"]
    date_hierarchy = "published_at"
    inlines = [PostCitationInline]
    actions = ["publish_posts", "unpublish_posts"]
    fields = [
        "title",
        "slug",
        "author",
        "status",
        "published_at",
        "summary",
        "body",
        "tags",
        "drugs",
        "trials",
    ]

    @admin.action(description="Publish selected posts (now, unless a date is set)", permissions=["change"])
    @transaction.atomic
    def publish_posts(self, request, queryset):
        now = timezone.now()
        log_bulk_change(request, queryset, "Published.")
        queryset.filter(published_at__isnull=True).update(published_at=now)
        n = queryset.update(status=Post.Status.PUBLISHED, updated_at=now)
        self.message_user(request, f"Published {n} post(s).", messages.SUCCESS)

    @admin.action(description="Return selected posts to draft", permissions=["change"])
    @transaction.atomic
    def unpublish_posts(self, request, queryset):
        log_bulk_change(request, queryset, "Returned to draft.")
        n = queryset.update(status=Post.Status.DRAFT, updated_at=timezone.now())
        self.message_user(request, f"{n} post(s) returned to draft.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if obj.status == Post.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Comment)
class CommentAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "post", "short_body", "created_at", "status", "ip_address"]
    list_filter = ["status", "created_at"]
    list_select_related = ["post"]
    search_fields = ["name", "body", "=ip_address"]
    autocomplete_fields = ["post"]
    actions = ["approve_comments", "mark_spam"]
    readonly_fields = ["ip_address", "created_at"]

    @admin.display(description="comment")
    def short_body(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.action(description="Approve selected comments", permissions=["change"])
    @transaction.atomic
    def approve_comments(self, request, queryset):
        log_bulk_change(request, queryset, "Approved.")
        n = queryset.update(status=Comment.Status.APPROVED)
        self.message_user(request, f"Approved {n} comment(s).", messages.SUCCESS)

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    @transaction.atomic
    def mark_spam(self, request, queryset):
        log_bulk_change(request, queryset, "Marked as spam.")
        n = queryset.update(status=Comment.Status.SPAM)
        self.message_user(request, f"Marked {n} comment(s) as spam.", messages.SUCCESS)
