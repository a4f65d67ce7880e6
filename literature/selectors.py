"""Reads of the literature that pages, feeds and exports share, with their related rows named.

Each function returns a QuerySet (or, for aggregates, plain rows) and says what it costs. The
aggregates over a drug's literature (counts per drug, the timeline, co-mentioned drugs) are one
GROUP BY query each, behind a function of plain arguments, so they can be cached later without
touching a view.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Count, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from drugs.models import Drug
from literature.models import (
    Authorship,
    Comment,
    MeshHeading,
    Post,
    PostCitation,
    Publication,
    PublicationDrug,
    PublicationRelation,
    PublicationType,
    Trial,
)
from portal.caching import cached_result


def for_export(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    """What every citation style and export format reads: 1 query for the rows + 3 per batch of rows."""
    return queryset.select_related("journal").prefetch_related(
        "publication_types",
        "trials",
        Prefetch("mesh_headings", queryset=MeshHeading.objects.select_related("term").order_by("id")),
    )


# --- publications --------------------------------------------------------------------------


def publication_for_page(pk: int) -> QuerySet[Publication]:
    """A publication's record page: 1 query for the row and its journal + 8 prefetches.

    Everything that grows with the record (authors, MeSH, relations, links, citing posts) is
    one prefetch each, so a consortium paper with 3,000 authors costs what a letter costs.
    """
    return (
        Publication.objects.filter(pk=pk)
        .select_related("journal")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("author").order_by("position"),
            ),
            "publication_types",
            Prefetch("mesh_headings", queryset=MeshHeading.objects.select_related("term").order_by("id")),
            "trials",
            Prefetch(
                "relations",
                queryset=PublicationRelation.objects.select_related("target__journal").order_by("kind", "id"),
            ),
            Prefetch(
                "relations_in",
                queryset=PublicationRelation.objects.select_related("publication__journal").order_by(
                    "kind", "id"
                ),
            ),
            Prefetch(
                "drug_links",
                queryset=PublicationDrug.objects.visible().select_related("drug").order_by("drug__name"),
                to_attr="visible_drug_links",
            ),
            Prefetch(
                "citing_posts",
                queryset=Post.objects.published().select_related("author").order_by("-published_at"),
                to_attr="public_citing_posts",
            ),
        )
    )


def latest_publications(limit: int = 10) -> QuerySet[Publication]:
    """The newest publications by publication date (index ``pub_newest_idx``): 1 query."""
    return Publication.objects.for_listing().order_by("-date_key", "-id")[:limit]


# --- a drug's literature ----------------------------------------------------------------------


def drug_links(drug: Drug) -> QuerySet[PublicationDrug]:
    """A drug's visible publication links with the publication and journal a citation reads."""
    return PublicationDrug.objects.visible().filter(drug=drug).select_related("publication__journal")


def drug_top_links(drug: Drug, limit: int = 50) -> QuerySet[PublicationDrug]:
    """'Top publications': the curated links in curated order. 1 query."""
    return drug_links(drug).filter(rank__isnull=False).order_by("rank")[:limit]


def drug_other_links(
    drug: Drug, *, year: int | None = None, publication_type_id: int | None = None
) -> QuerySet[PublicationDrug]:
    """Every other visible link, newest publication first; a page of it costs 1 query (+1 to count)."""
    links = drug_links(drug).filter(rank__isnull=True)
    if year is not None:
        links = links.filter(publication__pub_year=year)
    if publication_type_id is not None:
        links = links.filter(publication__publication_types__id=publication_type_id)
    return links.order_by("-publication__date_key", "-publication_id")


def _read_connection():
    """The connection reads go to (the replica, when there is one), for the aggregates in plain SQL."""
    return connections[router.db_for_read(PublicationDrug)]


def _read_rows(sql: str, params: list) -> list[tuple]:
    with _read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@cached_result
def drug_publication_types(drug: Drug) -> list[dict]:
    """The publication types among a drug's visible publications, with counts: 2 queries.

    Rows are ``{"id", "name", "n"}``, most frequent first. The counts are read from the
    publication-type links of the drug's publications alone, joined from the drug's links (a drug
    links a publication at most once, so no DISTINCT), then named from the small types table.
    """
    q = _read_connection().ops.quote_name
    link, through = PublicationDrug._meta.db_table, Publication.publication_types.through._meta.db_table
    # A join from the drug's links, not "IN (its publications)": the planner then walks the type
    # links of those publications by index instead of hashing the whole table (4x faster for a
    # drug with 11,000 publications in a million).
    sql = f"""
        SELECT x.publicationtype_id, COUNT(*)
        FROM {q(link)} l JOIN {q(through)} x ON x.publication_id = l.publication_id
        WHERE l.drug_id = %s AND l.status <> %s
        GROUP BY x.publicationtype_id
    """  # noqa: S608 - table names from model metadata, values are parameters
    counts = dict(_read_rows(sql, [drug.pk, PublicationDrug.Status.REJECTED]))
    names = dict(PublicationType.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    rows = [{"id": pk, "name": names[pk], "n": n} for pk, n in counts.items() if pk in names]
    return sorted(rows, key=lambda r: (-r["n"], r["name"]))


_VISIBLE_STATUSES = [PublicationDrug.Status.CONFIRMED, PublicationDrug.Status.PENDING]

# The evidence timeline sorts each publication into the first category whose PubMed
# publication types it carries, so a year's segments add up to that year's publications
# (a record typed both "Review" and "Meta-Analysis" counts once, as a meta-analysis).
EVIDENCE_CATEGORIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("meta", "Meta-analyses and systematic reviews", ("Meta-Analysis", "Systematic Review")),
    ("rct", "Randomized controlled trials", ("Randomized Controlled Trial", "Equivalence Trial")),
    (
        "trial",
        "Other clinical trials",
        (
            "Clinical Trial",
            "Clinical Trial, Phase I",
            "Clinical Trial, Phase II",
            "Clinical Trial, Phase III",
            "Clinical Trial, Phase IV",
            "Controlled Clinical Trial",
            "Pragmatic Clinical Trial",
            "Adaptive Clinical Trial",
        ),
    ),
    ("observational", "Observational studies", ("Observational Study", "Comparative Study")),
    ("review", "Reviews", ("Review", "Scoping Review")),
    ("case", "Case reports", ("Case Reports",)),
    ("comment", "Editorials, letters and comments", ("Editorial", "Letter", "Comment")),
]
OTHER_CATEGORY = ("other", "Other or unclassified")


@cached_result
def drug_timeline(drug: Drug) -> list[dict]:
    """Publications per year and evidence category for a drug: 2 queries (the types, a GROUP BY).

    Rows are ``{"year", "category", "n"}``; publications with no year are counted with year None.
    Each link reads the first category its publication carries with one lookup in the type links
    (the lowest category rank among them), not one EXISTS per category.
    """
    rank_of_type = {}
    for pk, name in PublicationType.objects.values_list("pk", "name"):
        for rank, (_key, _label, names) in enumerate(EVIDENCE_CATEGORIES):
            if name in names:
                rank_of_type[pk] = rank
                break
    keys = [key for key, _label, _names in EVIDENCE_CATEGORIES]
    q = _read_connection().ops.quote_name
    link, pub = PublicationDrug._meta.db_table, Publication._meta.db_table
    through = Publication.publication_types.through._meta.db_table
    # Each visible link joined to its publication's evidence-typed links only (a handful of ids),
    # its lowest category rank taken, then counted per (year, rank). Plain SQL for the derived table.
    whens = " ".join(f"WHEN {int(pk)} THEN {int(rank)}" for pk, rank in rank_of_type.items())
    rank_sql = f"MIN(CASE x.publicationtype_id {whens} END)" if whens else "NULL"
    type_ids = ", ".join(str(int(pk)) for pk in rank_of_type) or "NULL"
    sql = f"""
        SELECT year, category_rank, COUNT(*) FROM (
            SELECT l.id, p.pub_year AS year, {rank_sql} AS category_rank
            FROM {q(link)} l
            JOIN {q(pub)} p ON p.id = l.publication_id
            LEFT JOIN {q(through)} x ON x.publication_id = l.publication_id AND x.publicationtype_id IN ({type_ids})
            WHERE l.drug_id = %s AND l.status <> %s
            GROUP BY l.id, p.pub_year
        ) ranked GROUP BY year, category_rank
    """  # noqa: S608 - table names from model metadata, ids are integers, values are parameters
    counts: dict[tuple, int] = {}
    for year, rank, n in _read_rows(sql, [drug.pk, PublicationDrug.Status.REJECTED]):
        key = keys[rank] if rank is not None and rank < len(keys) else OTHER_CATEGORY[0]
        counts[(year, key)] = counts.get((year, key), 0) + n
    order = {key: i for i, key in enumerate([*keys, OTHER_CATEGORY[0]])}
    return [
        {"year": year, "category": key, "n": n}
        for (year, key), n in sorted(
            counts.items(), key=lambda kv: (kv[0][0] is not None, kv[0][0] or 0, order[kv[0][1]])
        )
    ]


@cached_result
def co_mentioned_drugs(drug: Drug, limit: int = 10) -> list[dict]:
    """The drugs most often linked to the same publications as ``drug``: 1 GROUP BY query.

    Rows are ``{"name", "slug", "n"}`` with ``n`` the number of shared publications.
    """
    q = _read_connection().ops.quote_name
    link, drugs = q(PublicationDrug._meta.db_table), q(Drug._meta.db_table)
    # The other links of the drug's publications, found by index from its own links (see
    # drug_publication_types for why a join), counted per drug and named from the small drugs table.
    sql = f"""
        SELECT d.name, d.slug, COUNT(*) AS n
        FROM {link} l
        JOIN {link} o ON o.publication_id = l.publication_id
        JOIN {drugs} d ON d.id = o.drug_id
        WHERE l.drug_id = %s AND l.status <> %s AND o.drug_id <> %s AND o.status <> %s
        GROUP BY d.id, d.name, d.slug
        ORDER BY n DESC, d.name
        LIMIT %s
    """  # noqa: S608 - table names from model metadata, values are parameters
    rejected = PublicationDrug.Status.REJECTED
    rows = _read_rows(sql, [drug.pk, rejected, drug.pk, rejected, limit])
    return [{"name": name, "slug": slug, "n": n} for name, slug, n in rows]


@cached_result
def drug_trials(drug: Drug, limit: int = 50) -> list[Trial]:
    """Trials registered in the drug's visible literature or in published commentary on it: 1 query."""
    in_literature = Publication.trials.through.objects.filter(
        publication__drug_links__drug=drug,
        publication__drug_links__status__in=_VISIBLE_STATUSES,
    ).values("trial_id")
    in_commentary = Post.trials.through.objects.filter(
        post__drugs=drug,
        post__status=Post.Status.PUBLISHED,
        post__published_at__lte=timezone.now(),
    ).values("trial_id")
    return list(
        Trial.objects.filter(Q(id__in=Subquery(in_literature)) | Q(id__in=Subquery(in_commentary))).order_by(
            "identifier"
        )[:limit]
    )


@cached_result
def publication_counts_by_drug() -> dict[int, int]:
    """Visible publications per drug id, for the drug index and home: 1 GROUP BY query on
    ``pubdrug_drug_status_idx``."""
    rows = PublicationDrug.objects.visible().values("drug_id").annotate(n=Count("id")).order_by()
    return {r["drug_id"]: r["n"] for r in rows}


@cached_result
def drugs_with_most_literature(limit: int = 8) -> list[tuple[Drug, int]]:
    """The drugs with the most visible publications, most first: 2 queries (a GROUP BY, then the drugs)."""
    top = list(
        PublicationDrug.objects.visible()
        .values("drug_id")
        .annotate(n=Count("id"))
        .order_by("-n", "drug_id")[:limit]
    )
    drugs = Drug.objects.in_bulk([r["drug_id"] for r in top])
    return [(drugs[r["drug_id"]], r["n"]) for r in top if r["drug_id"] in drugs]


# --- commentary --------------------------------------------------------------------------------


def published_posts() -> QuerySet[Post]:
    """Public posts, newest first, with author and tags: 1 query per page + 1 for the tags."""
    return (
        Post.objects.published()
        .select_related("author")
        .prefetch_related("tags")
        .order_by("-published_at", "-id")
    )


def drug_posts(drug: Drug, limit: int = 10) -> QuerySet[Post]:
    """Published commentary that discusses the drug: 1 query."""
    return (
        Post.objects.published().filter(drugs=drug).select_related("author").order_by("-published_at")[:limit]
    )


def post_for_page(slug: str, *, include_drafts: bool = False) -> QuerySet[Post]:
    """A post page: 1 query for the post and author + 4 prefetches (tags, drugs, trials, references)."""
    posts = Post.objects.all() if include_drafts else Post.objects.published()
    return (
        posts.filter(slug=slug)
        .select_related("author")
        .prefetch_related(
            "tags",
            "drugs",
            "trials",
            Prefetch(
                "citations",
                queryset=PostCitation.objects.select_related("publication__journal").order_by("position"),
            ),
        )
    )


def post_comments(post: Post) -> QuerySet[Comment]:
    """A post's approved comments, oldest first (index ``comment_post_status_idx``)."""
    return Comment.objects.approved().filter(post=post).order_by("created_at", "id")


def recent_posts(limit: int = 5) -> QuerySet[Post]:
    """'Recent posts' in the commentary sidebar: 1 query."""
    return (
        Post.objects.published()
        .order_by("-published_at", "-id")
        .only("title", "slug", "published_at")[:limit]
    )


def recent_comments(limit: int = 5) -> QuerySet[Comment]:
    """'Recent comments': approved comments on public posts, newest first: 1 query."""
    return (
        Comment.objects.approved()
        .filter(post__status=Post.Status.PUBLISHED, post__published_at__lte=timezone.now())
        .select_related("post")
        .only("name", "body", "created_at", "post__title", "post__slug")
        .order_by("-created_at", "-id")[:limit]
    )
