"""Reads of drugs. Name resolution lives here and nowhere else."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from drugs.models import Drug, DrugName


def resolve_drug(text: str) -> Drug | None:
    """The drug a name, a name's slug or a drug's slug denotes, case-insensitively; None if none.

    ``resolve_drug("Gleevec")``, ``resolve_drug("sti571")`` and ``resolve_drug("imatinib-mesilate")``
    all return imatinib. Two queries at most.
    """
    text = (text or "").strip()
    if not text or len(text) > 200:
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
