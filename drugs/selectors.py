"""Reads of drugs. Name resolution lives here and nowhere else."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.text import slugify

from drugs.models import Drug, DrugName


def resolve_drug(text: str) -> Drug | None:
    """The drug a name, a name's slug or a drug's slug denotes, case-insensitively; None if none.

    ``resolve_drug("Gleevec")``, ``resolve_drug("sti571")`` and ``resolve_drug("imatinib-mesilate")``
    all return imatinib. Two queries at most.
    """
    text = (text or "").strip()
    if not text or len(text) > 200 or "\x00" in text:
        return None
    slug = slugify(text)
    drug = Drug.objects.filter(Q(slug=slug) | Q(slug=text.lower())).first() if slug else None
    if drug is not None:
        return drug
    name = (
        DrugName.objects.select_related("drug")
        .filter(Q(name__iexact=text) | Q(slug=slug) if slug else Q(name__iexact=text))
        .first()
    )
    return name.drug if name else None


def drug_names_lower(drug: Drug) -> list[str]:
    """Every name of a drug, lowercased, the canonical one first (for search expansion)."""
    names = list(
        DrugName.objects.filter(drug=drug).annotate(lname=Lower("name")).values_list("lname", flat=True)
    )
    canonical = drug.name.lower()
    return [canonical] + sorted(n for n in set(names) if n != canonical)


def drug_for_page(slug: str) -> Drug | None:
    """The drug at a canonical slug with its names, classes, targets and conditions: 5 queries."""
    return (
        Drug.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("names", queryset=DrugName.objects.order_by("kind", "name")),
            "classes",
            "targets",
            "conditions",
        )
        .first()
    )


def drugs_for_index(*, drug_class=None, target=None, condition=None) -> QuerySet[Drug]:
    """The A–Z drug index, optionally narrowed: 1 query + 1 for every drug's other names."""
    drugs = Drug.objects.order_by(Lower("name"), "id").prefetch_related(
        Prefetch("names", queryset=DrugName.objects.order_by("kind", "name"))
    )
    if drug_class is not None:
        drugs = drugs.filter(classes=drug_class)
    if target is not None:
        drugs = drugs.filter(targets=target)
    if condition is not None:
        drugs = drugs.filter(conditions=condition)
    return drugs


# Name kinds in the order a clinician reads them, with a heading for each group.
NAME_GROUPS = [
    (DrugName.Kind.INN, "International nonproprietary name"),
    (DrugName.Kind.SALT, "Salts and esters"),
    (DrugName.Kind.BRAND, "Brand names"),
    (DrugName.Kind.CODE, "Code names"),
    (DrugName.Kind.OTHER, "Other names"),
]


def names_by_kind(drug: Drug) -> list[tuple[str, list[str]]]:
    """The drug's names grouped by kind, groups in NAME_GROUPS order, empty groups left out.

    Reads ``drug.names.all()``: prefetch it (``drug_for_page`` does).
    """
    groups: dict[str, list[str]] = {kind: [] for kind, _ in NAME_GROUPS}
    for name in drug.names.all():
        groups.setdefault(name.kind, []).append(name.name)
    return [(label, groups[kind]) for kind, label in NAME_GROUPS if groups.get(kind)]
