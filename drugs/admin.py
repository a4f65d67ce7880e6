from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count

from drugs.models import Condition, Drug, DrugClass, DrugName, Target
from literature.admin import refuse_moving_automatic_link, remove_links
from literature.models import PublicationDrug
from literature.search import reindex_publications
from literature.services import apply_ranks
from portal.admin_utils import FastChangeListMixin


@admin.register(DrugClass, Target, Condition)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class DrugNameInline(admin.TabularInline):
    model = DrugName
    extra = 1
    fields = ["name", "kind", "match_in_text", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class TopPublicationForm(forms.ModelForm):
    """One row of a drug's Top publications.

    Rank collisions are resolved after saving (the new rank wins, others move down), so
    the per-row uniqueness check on rank is skipped here. Adding a publication that is
    already linked to the drug edits that link instead of failing on the duplicate.
    """

    class Meta:
        model = PublicationDrug
        fields = ["publication", "rank", "excerpt"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].required = True

    def clean_rank(self):
        rank = self.cleaned_data.get("rank")
        if rank is not None and rank < 1:
            raise forms.ValidationError("Ranks start at 1.")
        return rank

    def clean(self):
        cleaned = super().clean()
        publication = cleaned.get("publication")
        drug = getattr(self.instance, "drug", None) if self.instance.drug_id else None
        refuse_moving_automatic_link(self, ["publication"])
        if self.instance.pk is None and publication is not None and drug is not None:
            existing = PublicationDrug.objects.filter(drug=drug, publication=publication).first()
            if existing is not None:
                self.instance = existing
        return cleaned

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.add("rank")
        return exclude


class TopPublicationInline(admin.TabularInline):
    """The curated Top publications only: a drug may have tens of thousands of other links."""

    model = PublicationDrug
    form = TopPublicationForm
    fk_name = "drug"
    extra = 1
    fields = ["publication", "rank", "excerpt"]
    autocomplete_fields = ["publication"]
    verbose_name = "top publication"
    verbose_name_plural = "Top publications (curated order; a new rank moves the others down)"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(rank__isnull=False)
            .exclude(status=PublicationDrug.Status.REJECTED)
            .select_related("publication__journal")
            .order_by("rank")
        )


class PublicationCountFilter(admin.SimpleListFilter):
    title = "literature"
    parameter_name = "has_literature"

    def lookups(self, request, model_admin):
        return [("yes", "Has publications"), ("no", "No publications")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(publication_links__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(publication_links__isnull=True)
        return queryset


@admin.register(Drug)
class DrugAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "name_count", "mesh_ui", "drugbank_id", "last_reviewed"]
    list_filter = ["classes", "targets", "conditions", PublicationCountFilter]
    search_fields = ["name", "slug", "names__name", "mesh_ui", "drugbank_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["classes", "targets", "conditions"]
    inlines = [DrugNameInline, TopPublicationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "last_reviewed"]}),
        ("Classification", {"fields": ["classes", "targets", "conditions"]}),
        (
            "External identifiers",
            {"fields": ["mesh_ui", "drugbank_id", "pubchem_cid", "chebi_id", "atc_code"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_name_count=Count("names"))

    @admin.display(description="names", ordering="_name_count")
    def name_count(self, obj):
        return obj._name_count

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        drug = form.instance
        # Every drug answers to its own canonical name as well.
        if not DrugName.objects.filter(name__iexact=drug.name).exists():
            DrugName.objects.create(drug=drug, name=drug.name, kind=DrugName.Kind.INN)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        if formset.model is not PublicationDrug:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        remove_links(self, request, formset.deleted_objects)
        requested = {}
        for obj in instances:
            wanted = obj.rank
            obj.rank = None  # placed by apply_ranks, so no transient collision
            if obj.pk is None:
                obj.origin = PublicationDrug.Origin.CURATOR
            obj.status = PublicationDrug.Status.CONFIRMED
            obj.save()
            requested[obj.pk] = wanted
        formset.save_m2m()
        if requested or formset.deleted_objects:
            apply_ranks(drug_id=form.instance.pk, requested=requested)
            # The search index knows which drugs a publication is linked to.
            reindex_publications([obj.publication_id for obj in [*instances, *formset.deleted_objects]])


@admin.register(DrugName)
class DrugNameAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "drug", "match_in_text", "slug"]
    list_filter = ["kind", "match_in_text"]
    list_select_related = ["drug"]
    search_fields = ["name", "slug", "drug__name"]
    autocomplete_fields = ["drug"]
    prepopulated_fields = {"slug": ["name"]}
