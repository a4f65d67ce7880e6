"""Automatic publication-drug links: a drug is linked when one of its names appears in a record.

Names are matched as whole words on normalized text (accents folded, case and punctuation
ignored: "Gleevec", "STI-571" and "imatinib mesylate" all count), in the title, the
abstract, the MeSH headings and the substance list. A link made here is
``origin=automatic, status=pending`` with the name that matched, for a curator to confirm
or reject; an existing link of any kind, a rejected one above all, is never touched or
made again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from drugs.models import DrugName
from literature.importers import bulk
from literature.models import PublicationDrug, normalize_text

# Names shorter than this (normalized) match too many ordinary words and abbreviations.
MIN_NAME_LENGTH = 3
# INNs spell the Greek letter 'alfa' (interferon alfa-2b, epoetin alfa), abstracts 'alpha' or 'α'
# (which normalize_text spells 'alpha'): one word here.
SAME_WORD = {"alfa": "alpha"}


def name_tokens(text: str) -> list[str]:
    return [SAME_WORD.get(t, t) for t in normalize_text(text).split()]


class DrugMatcher:
    """Every name of the chosen drugs (all drugs when ``drug_ids`` is None), loaded once per import."""

    def __init__(self, drug_ids: Iterable[int] | None = None):
        names = DrugName.objects.all()
        if drug_ids is not None:
            names = names.filter(drug_id__in=list(drug_ids))
        self.names: dict[tuple[str, ...], tuple[int, str]] = {}
        # Also by the name with its separators removed: "STI-571", "STI 571" and "STI571" are one name.
        self.compact: dict[str, tuple[int, str]] = {}
        for name, drug_id in names.order_by("drug_id", "kind", "name").values_list("name", "drug_id"):
            tokens = tuple(name_tokens(name))
            if tokens and len(" ".join(tokens)) >= MIN_NAME_LENGTH:
                self.names.setdefault(tokens, (drug_id, name))
                self.compact.setdefault("".join(tokens), (drug_id, name))
        self.longest = max((len(t) for t in self.names), default=0) + 1

    def __bool__(self) -> bool:
        return bool(self.names)

    def match(self, texts: Iterable[str]) -> dict[int, str]:
        """drug id -> the first name of that drug found in ``texts`` (searched in the order given)."""
        found: dict[int, str] = {}
        if not self.names:
            return found
        for text in texts:
            tokens = name_tokens(text)
            for i in range(len(tokens)):
                for n in range(min(self.longest, len(tokens) - i), 0, -1):
                    window = tuple(tokens[i : i + n])
                    hit = self.names.get(window) or self.compact.get("".join(window))
                    if hit and hit[0] not in found:
                        found[hit[0]] = hit[1]
        return found


def create_links(matches: dict[int, dict[int, str]]) -> int:
    """Create pending automatic links (publication id -> {drug id: matched name}); returns how many.

    Pairs that already have a link (curated, confirmed, pending or rejected) are left alone.
    """
    pairs = [(pub_id, drug_id) for pub_id, drugs in matches.items() for drug_id in drugs]
    if not pairs:
        return 0
    existing = set(
        PublicationDrug.objects.filter(
            publication_id__in={p for p, _ in pairs}, drug_id__in={d for _, d in pairs}
        ).values_list("publication_id", "drug_id")
    )
    now = timezone.now()
    new = [
        (
            pub_id,
            drug_id,
            None,
            "",
            PublicationDrug.Origin.AUTOMATIC,
            PublicationDrug.Status.PENDING,
            matches[pub_id][drug_id][:200],
            now,
            now,
        )  # fmt: skip
        for pub_id, drug_id in pairs
        if (pub_id, drug_id) not in existing
    ]
    fields = [
        "publication",
        "drug",
        "rank",
        "excerpt",
        "origin",
        "status",
        "matched_name",
        "created_at",
        "updated_at",
    ]
    bulk.insert(PublicationDrug, fields, new, ignore_conflicts=True)
    return len(new)
