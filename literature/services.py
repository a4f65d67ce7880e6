"""Multi-step writes to the literature, each atomic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from django.db import transaction

from literature.models import Author, Authorship, Publication, nlm_name, normalize_text


@dataclass(frozen=True)
class AuthorName:
    """An author as a source names them; either a person or a collective."""

    # The fields an Author row has alike (what a curator's correction of an author changes).
    NAME_FIELDS: ClassVar[tuple[str, ...]] = (
        "last_name",
        "fore_name",
        "initials",
        "suffix",
        "collective_name",
    )

    last_name: str = ""
    fore_name: str = ""
    initials: str = ""
    suffix: str = ""
    collective_name: str = ""
    orcid: str | None = None
    affiliation: str = ""

    @classmethod
    def of(cls, author: Author) -> AuthorName:
        """The name an Author row gives (no affiliation: that is the authorship's)."""
        return cls(**{f: getattr(author, f) for f in cls.NAME_FIELDS})

    @property
    def display_name(self) -> str:
        return nlm_name(self.as_cached())

    def as_cached(self) -> dict:
        """The form kept in ``Publication.author_list``."""
        if self.collective_name:
            return {"collective_name": self.collective_name}
        return {
            k: v
            for k, v in (
                ("last_name", self.last_name),
                ("fore_name", self.fore_name),
                ("initials", self.initials),
                ("suffix", self.suffix),
            )
            if v
        }


def get_or_create_author(name: AuthorName) -> Author:
    key = Author.make_key(
        last_name=name.last_name,
        fore_name=name.fore_name,
        initials=name.initials,
        collective_name=name.collective_name,
        orcid=name.orcid,
    )
    author = Author.objects.filter(key=key).first()
    if author is None:
        # A name a curator corrected: the corrected author (see AuthorAlias).
        author = Author.objects.filter(aliases__key=key).first()
    if author is None:
        author = Author(
            last_name=name.last_name,
            fore_name=name.fore_name,
            initials=name.initials,
            suffix=name.suffix,
            collective_name=name.collective_name,
            orcid=name.orcid or None,
        )
        author.save()
    return author


def author_sort_key(names: Sequence[AuthorName]) -> str:
    if not names:
        return ""
    first = names[0]
    return normalize_text(first.collective_name or f"{first.last_name} {first.initials}")[:200]


def apply_author_fields(publication: Publication, names: Sequence[AuthorName]) -> None:
    """Set the denormalized author columns on an unsaved or saved row (no query)."""
    publication.author_list = [n.as_cached() for n in names]
    publication.author_count = len(names)
    publication.first_author_key = author_sort_key(names)


@transaction.atomic
def set_authors(*, publication: Publication, names: Sequence[AuthorName], complete: bool = True) -> None:
    """Replace a publication's ordered authors and refresh the columns that mirror them."""
    authors = [get_or_create_author(n) for n in names]
    Authorship.objects.filter(publication=publication).delete()
    Authorship.objects.bulk_create(
        Authorship(publication=publication, author=a, position=i, affiliation=n.affiliation)
        for i, (a, n) in enumerate(zip(authors, names, strict=True), start=1)
    )
    apply_author_fields(publication, names)
    publication.author_list_complete = complete
    publication.save(
        update_fields=["author_list", "author_count", "first_author_key", "author_list_complete"]
    )


def refresh_author_fields(publication: Publication) -> None:
    """Recompute the mirrored author columns from the authorship rows (after an admin edit)."""
    names = [
        AuthorName.of(a.author) for a in publication.authorships.select_related("author").order_by("position")
    ]
    apply_author_fields(publication, names)
    publication.save(update_fields=["author_list", "author_count", "first_author_key"])


def refresh_authors_of(publication_ids: Sequence[int]) -> None:
    """``refresh_author_fields`` for many publications (an author renamed): two queries and one update.

    The title key is left as it was: an import finds the record by its source's names (see
    ``Publication.derive_fields``).
    """
    names: dict[int, list[AuthorName]] = {pk: [] for pk in publication_ids}
    for ship in (
        Authorship.objects.filter(publication_id__in=publication_ids)
        .select_related("author")
        .order_by("publication_id", "position")
    ):
        names[ship.publication_id].append(AuthorName.of(ship.author))
    publications = list(Publication.objects.filter(pk__in=publication_ids).only("pk"))
    for pub in publications:
        apply_author_fields(pub, names[pub.pk])
    Publication.objects.bulk_update(
        publications, ["author_list", "author_count", "first_author_key"], batch_size=500
    )


# --- Top publications: ranks are a dense 1..n sequence per drug --------------------------


@transaction.atomic
def apply_ranks(*, drug_id: int, requested: dict[int, int | None]) -> None:
    """Give the links in ``requested`` (link id -> wanted rank, or None to unpin) their ranks.

    A requested rank wins over a link that already holds it; the others move down one,
    and the whole list is renumbered 1..n, so "pin at position 1" does what a curator means.
    """
    from literature.models import PublicationDrug

    links = list(
        PublicationDrug.objects.select_for_update()
        .filter(drug_id=drug_id)
        .filter(models_q_ranked_or_requested(requested))
        .exclude(status=PublicationDrug.Status.REJECTED)
    )
    ordered: list[tuple[float, int, int]] = []
    for link in links:
        if link.pk in requested:
            wanted = requested[link.pk]
            if wanted is None:
                continue
            ordered.append((wanted - 0.5, 0, link.pk))  # before the link that holds the same rank now
        elif link.rank is not None:
            ordered.append((link.rank, 1, link.pk))
    ordered.sort()
    PublicationDrug.objects.filter(drug_id=drug_id, rank__isnull=False).update(rank=None)
    for position, (_, _, pk) in enumerate(ordered, start=1):
        PublicationDrug.objects.filter(pk=pk).update(rank=position)


@transaction.atomic
def remove_drug_links(links) -> int:
    """Remove publication-drug links as a curator means it; returns how many were kept as rejected.

    A curator's link is deleted. An automatic link is kept as rejected (hidden from readers, like
    the admin's "Reject" action): deleted, the next import naming the drug would make it again.
    """
    from django.utils import timezone

    from literature.models import PublicationDrug

    links = list(links)
    automatic = [link.pk for link in links if link.origin == PublicationDrug.Origin.AUTOMATIC]
    PublicationDrug.objects.filter(pk__in=automatic).update(
        status=PublicationDrug.Status.REJECTED, rank=None, updated_at=timezone.now()
    )
    PublicationDrug.objects.filter(pk__in=[link.pk for link in links if link.pk not in automatic]).delete()
    for drug_id in {link.drug_id for link in links if link.rank is not None}:
        apply_ranks(drug_id=drug_id, requested={})
    return len(automatic)


def models_q_ranked_or_requested(requested):
    from django.db.models import Q

    return Q(rank__isnull=False) | Q(pk__in=list(requested))


@transaction.atomic
def pin_publication(*, drug, publication: Publication, rank: int = 1, excerpt: str | None = None):
    """Put a publication into a drug's Top publications at ``rank`` (creating a curated link if needed)."""
    from literature.models import PublicationDrug

    link, created = PublicationDrug.objects.get_or_create(
        drug=drug,
        publication=publication,
        defaults={"origin": PublicationDrug.Origin.CURATOR, "status": PublicationDrug.Status.CONFIRMED},
    )
    fields = []
    if link.status != PublicationDrug.Status.CONFIRMED:
        link.status = PublicationDrug.Status.CONFIRMED
        fields.append("status")
    if excerpt is not None:
        link.excerpt = excerpt
        fields.append("excerpt")
    if fields:
        link.save(update_fields=[*fields, "updated_at"])
    apply_ranks(drug_id=drug.pk, requested={link.pk: max(1, rank)})
    if created:
        from literature.search import reindex_publications

        reindex_publications([publication.pk])
    link.refresh_from_db()
    return link
