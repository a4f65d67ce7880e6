"""Journals, authors, publications and commentary.

Publication follows the PubMed/MEDLINE record: identifiers (PMID, DOI, PMCID, each
unique when present), a title and vernacular title, an abstract kept as labelled
sections, a partial publication date, language, publication types, MeSH headings,
keywords, trial registry IDs and the errata/retraction web.

A few columns are denormalized from child rows because list pages and searches at a
million rows must not join for them: ``author_list``/``author_count``/``first_author_key``
mirror the ordered authorships, ``date_key`` mirrors the partial date, ``match_key``
serves duplicate detection. ``literature.services.set_authors`` and ``Publication.save``
keep them in step; bulk writers call ``Publication.derive_fields`` themselves.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from drugs.models import Drug

MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


WORD_RE = re.compile(r"[a-z0-9]+")


def normalize_text(value: str) -> str:
    """Lowercase ASCII words for matching: accents folded, punctuation and brackets dropped."""
    value = value or ""
    if value.isascii():
        # Nothing to fold: the per-character pass below would change nothing (an import calls
        # this several times per record, mostly on ASCII titles and names).
        return " ".join(WORD_RE.findall(value.lower()))
    return _normalize_unicode(value)


# Letters Unicode does not decompose into a base letter and a mark (NFKD leaves 'ø' as it is),
# spelled the way PostgreSQL's unaccent and the databases that export ASCII spell them: Web of
# Science writes Sørensen as Sorensen and Małgorzata as Malgorzata. Dropping them instead made
# 'Sørensen' the key 's rensen', which no ASCII export of the same paper matches and which sorts
# 'Ødegård' under D. The search index's SQL fold (migration 0005) spells these and the Greek
# letters below the same way.
ASCII_SPELLINGS = {
    "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th",
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n",
}  # fmt: skip
_ASCII_SPELLING = str.maketrans(
    {
        **ASCII_SPELLINGS,
        **{k.upper(): v.capitalize() for k, v in ASCII_SPELLINGS.items() if not k.upper().isascii()},
        "ẞ": "Ss",
    }
)


def ascii_letters(value: str) -> str:
    """``value`` with the letters above spelled in ASCII, in either case; accents are left to NFKD."""
    return value.translate(_ASCII_SPELLING)


# Greek letters, as titles and abstracts use them ('NF-κB', 'TGF-β', 'PDGFRα', '5 µg'), spelled as
# words, the way ASCII exports and drug names write them ('NF-kappa B', 'TGF-beta', 'interferon
# beta-1a'). Lowercase, after NFKD (which turns 'µ', 'ϑ' and 'ϕ' into 'μ', 'θ' and 'φ').
GREEK_SPELLINGS = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}  # fmt: skip
_GREEK_SPELLING = str.maketrans({k: f" {v} " for k, v in GREEK_SPELLINGS.items()})


def _normalize_unicode(value: str) -> str:
    value = unicodedata.normalize("NFKD", ascii_letters(value))
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    return " ".join(WORD_RE.findall(value.translate(_GREEK_SPELLING)))


# What a publication's match key is computed from, as curated_fields names them.
MATCH_KEY_FIELDS = {"title", "pub_year", "authors"}


def compute_match_key(title: str, year: int | None, first_author: str, *, normalized: bool = False) -> str:
    """The fallback identity of a record with no PMID or DOI: its title, year and first author.

    Matched as exporters differ: the title and the first author's surname (or group name) without
    case, accents, punctuation or spaces ('NF-κB' = 'NF-kappaB' = 'NF-kappa B', 'Long-term' =
    'Longterm'), and the surname without initials (PubMed's 'Druker BJ' is Crossref's 'Brian Druker').
    ``normalized``: the title is ``normalize_text``'s already (a caller keying it for several years).
    """
    words = title if normalized else normalize_text(title)
    raw = f"{words.replace(' ', '')}|{year or ''}|{normalize_text(first_author).replace(' ', '')}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def nlm_name(entry: dict) -> str:
    """An ``author_list`` entry as PubMed cites it: 'Dahlin J', 'Wright JT Jr', or the collective name."""
    if entry.get("collective_name"):
        return entry["collective_name"]
    parts = (entry.get("last_name", ""), entry.get("initials", ""), entry.get("suffix", "").rstrip("."))
    return " ".join(p for p in parts if p)


def first_author_name(author_list) -> str:
    """The first author's surname or group name in ``Publication.author_list`` (what the match key uses)."""
    first = author_list[0] if isinstance(author_list, list) and author_list else None
    if not isinstance(first, dict):
        return ""
    return str(first.get("collective_name") or first.get("last_name") or "")


class Journal(models.Model):
    title = models.CharField(max_length=500, help_text="Full title as NLM catalogues it.")
    iso_abbreviation = models.CharField(
        "ISO abbreviation", max_length=255, blank=True, db_index=True, help_text="e.g. N Engl J Med."
    )
    issn = models.CharField("ISSN (print)", max_length=9, blank=True, db_index=True)
    eissn = models.CharField("ISSN (electronic)", max_length=9, blank=True)
    nlm_id = models.CharField("NLM ID", max_length=32, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(Lower("title"), name="journal_title_lower_idx")]

    def __str__(self):
        return self.iso_abbreviation or self.title

    @property
    def display_abbreviation(self) -> str:
        return self.iso_abbreviation or self.title


class Author(models.Model):
    """A person or a collective, as PubMed names them.

    Authors are matched on ``key``: the ORCID when known, else the exact name. Two people
    who share a name and have no ORCID share a row, as they share a name in PubMed.
    """

    last_name = models.CharField(max_length=200, blank=True)
    fore_name = models.CharField(max_length=200, blank=True)
    initials = models.CharField(max_length=20, blank=True)
    suffix = models.CharField(max_length=20, blank=True)
    collective_name = models.CharField(
        max_length=500, blank=True, help_text="A group author, e.g. 'IRIS Investigators'. Leave names empty."
    )
    orcid = models.CharField(
        "ORCID",
        max_length=19,
        null=True,
        blank=True,
        unique=True,
        validators=[
            RegexValidator(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", "An ORCID looks like 0000-0002-1825-0097.")
        ],
    )
    key = models.CharField(max_length=600, unique=True, editable=False)

    class Meta:
        ordering = ["last_name", "initials", "collective_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(last_name="") | ~models.Q(collective_name=""),
                name="author_has_a_name",
            )
        ]
        indexes = [models.Index(Lower("last_name"), name="author_last_name_lower_idx")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """Citation form: 'Dahlin J', or the collective name."""
        return nlm_name(
            {"collective_name": self.collective_name, "last_name": self.last_name,
             "initials": self.initials, "suffix": self.suffix}
        )  # fmt: skip

    @property
    def full_name(self) -> str:
        if self.collective_name:
            return self.collective_name
        return " ".join(p for p in [self.fore_name, self.last_name, self.suffix] if p)

    @staticmethod
    def make_key(*, last_name="", fore_name="", initials="", collective_name="", orcid=None) -> str:
        if orcid:
            return f"orcid:{orcid}"
        if collective_name:
            return f"c:{collective_name.strip()}"[:600]
        return f"n:{last_name.strip()}|{fore_name.strip()}|{initials.strip()}"[:600]

    def save(self, *args, **kwargs):
        self.key = self.make_key(
            last_name=self.last_name,
            fore_name=self.fore_name,
            initials=self.initials,
            collective_name=self.collective_name,
            orcid=self.orcid,
        )
        super().save(*args, **kwargs)


class AuthorAlias(models.Model):
    """A name an author was imported under before a curator corrected it in the admin.

    An import resolves authors by ``Author.key``, the exact name: without the alias, the next import
    of a record that still spells the name the old way would make the author again.
    """

    key = models.CharField(max_length=600, unique=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = "author alias"
        verbose_name_plural = "author aliases"

    def __str__(self):
        return self.key


class PublicationType(models.Model):
    name = models.CharField(
        max_length=200, unique=True, help_text="PubMed's type, e.g. 'Randomized Controlled Trial'."
    )
    ui = models.CharField("MeSH UI", max_length=16, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "publication type"

    def __str__(self):
        return self.name


class MeshTerm(models.Model):
    """A MeSH descriptor (or supplementary concept, for substances)."""

    name = models.CharField(max_length=300, unique=True)
    ui = models.CharField("MeSH UI", max_length=16, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "MeSH term"

    def __str__(self):
        return self.name


class Trial(models.Model):
    class Registry(models.TextChoices):
        CLINICALTRIALS_GOV = "ClinicalTrials.gov", "ClinicalTrials.gov"
        ISRCTN = "ISRCTN", "ISRCTN"
        EUDRACT = "EudraCT", "EudraCT"
        CHICTR = "ChiCTR", "ChiCTR"
        ANZCTR = "ANZCTR", "ANZCTR"
        OTHER = "other", "Other registry"

    registry = models.CharField(max_length=32, choices=Registry.choices, default=Registry.CLINICALTRIALS_GOV)
    identifier = models.CharField(max_length=64, unique=True, help_text="e.g. NCT00006343.")
    title = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["identifier"]

    def __str__(self):
        return self.identifier

    @property
    def url(self) -> str:
        if self.registry == self.Registry.CLINICALTRIALS_GOV:
            return f"https://clinicaltrials.gov/study/{self.identifier}"
        if self.registry == self.Registry.ISRCTN:
            return f"https://www.isrctn.com/{self.identifier}"
        return ""


class PublicationQuerySet(models.QuerySet):
    def for_listing(self):
        """What a citation line shows: the journal. Authors are denormalized on the row."""
        return self.select_related("journal")

    def retracted(self):
        return self.filter(is_retracted=True)


class Publication(models.Model):
    class Source(models.TextChoices):
        PUBMED = "pubmed", "PubMed XML"
        MEDLINE = "medline", "MEDLINE text"
        RIS = "ris", "RIS"
        BIBTEX = "bibtex", "BibTeX"
        CURATOR = "curator", "Entered by a curator"
        DEMO = "demo", "Demo data"
        GENERATED = "generated", "Generated corpus"

    pmid = models.PositiveIntegerField("PMID", null=True, blank=True, unique=True)
    doi = models.CharField(
        "DOI",
        max_length=255,
        null=True,
        blank=True,
        validators=[
            RegexValidator(
                r"^10\.\S+/\S+$", "A DOI starts with '10.' and has a '/', e.g. 10.1056/NEJMoa1609324."
            )
        ],
        help_text="Without https://doi.org/; unique, whatever its case.",
    )
    pmcid = models.CharField(
        "PMCID",
        max_length=16,
        null=True,
        blank=True,
        unique=True,
        validators=[RegexValidator(r"^PMC\d+$", "A PMCID looks like PMC1234567.")],
    )

    title = models.TextField(help_text="Translated titles stay in [brackets], as PubMed prints them.")
    vernacular_title = models.TextField(blank=True, help_text="The title in the original language.")
    abstract = models.JSONField(
        default=list,
        blank=True,
        help_text='Sections in order: [{"label": "BACKGROUND", "category": "BACKGROUND", "text": "..."}]; '
        "an unstructured abstract is one section with an empty label.",
    )
    other_abstracts = models.JSONField(
        default=list,
        blank=True,
        help_text="Abstracts from other sources or languages, kept apart from the abstract.",
    )
    copyright = models.TextField(blank=True)

    journal = models.ForeignKey(
        Journal, on_delete=models.PROTECT, null=True, blank=True, related_name="publications"
    )
    volume = models.CharField(max_length=64, blank=True)
    issue = models.CharField(max_length=64, blank=True)
    pages = models.CharField(
        max_length=100, blank=True, help_text="As printed: 1785-1794, e146-8, or an article number."
    )

    pub_year = models.PositiveSmallIntegerField(
        "year", null=True, blank=True, validators=[MinValueValidator(1000), MaxValueValidator(2200)]
    )
    pub_month = models.PositiveSmallIntegerField(
        "month", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    pub_day = models.PositiveSmallIntegerField(
        "day", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    pub_date_text = models.CharField(
        "date as printed",
        max_length=100,
        blank=True,
        help_text="A MedlineDate or season when the date is not a plain day, e.g. '2015 Oct-Dec' or 'Spring'.",
    )
    # year*10000 + month*100 + day, unknown parts 0: one integer to sort newest-first on.
    date_key = models.PositiveIntegerField(default=0, editable=False)

    language = models.CharField(
        max_length=16, blank=True, default="eng", help_text="MEDLINE code, e.g. eng, ger, chi."
    )
    publication_types = models.ManyToManyField(PublicationType, blank=True, related_name="publications")
    mesh_terms = models.ManyToManyField(
        MeshTerm, through="MeshHeading", blank=True, related_name="publications"
    )
    keywords = models.JSONField(default=list, blank=True)
    trials = models.ManyToManyField(Trial, blank=True, related_name="publications")

    is_retracted = models.BooleanField("retracted", default=False)
    has_erratum = models.BooleanField("has erratum", default=False)

    author_list = models.JSONField(
        default=list,
        editable=False,
        help_text='Authors in order, from authorships: [{"last_name", "fore_name", "initials"} or {"collective_name"}].',
    )
    author_count = models.PositiveIntegerField(default=0, editable=False)
    author_list_complete = models.BooleanField(
        default=True, help_text="Off when the source lists only the first authors ('et al.')."
    )
    first_author_key = models.CharField(max_length=200, blank=True, editable=False)
    match_key = models.CharField(max_length=40, editable=False)

    source = models.CharField(max_length=16, choices=Source.choices, default=Source.CURATOR)
    source_revised = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="NLM's last revision of the imported record (YYYYMMDD: PubMed XML's DateRevised, MEDLINE's "
        "LR). A PubMed record older than it only fills gaps, whatever its format.",
    )
    curated_fields = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Fields a curator corrected by hand; imports never overwrite them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-date_key", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("doi"),
                name="publication_doi_ci_unique",
                violation_error_message="A publication with this DOI already exists.",
            ),
            models.CheckConstraint(condition=~models.Q(doi=""), name="publication_doi_not_empty"),
            models.CheckConstraint(condition=~models.Q(pmcid=""), name="publication_pmcid_not_empty"),
            models.CheckConstraint(
                condition=models.Q(pub_month__isnull=True) | models.Q(pub_month__gte=1, pub_month__lte=12),
                name="publication_month_range",
            ),
            models.CheckConstraint(
                condition=models.Q(pub_day__isnull=True)
                | (models.Q(pub_day__gte=1, pub_day__lte=31) & models.Q(pub_month__isnull=False)),
                name="publication_day_needs_month",
            ),
        ]
        indexes = [
            # Newest-first listings and the "newest" sort.
            models.Index(models.F("date_key").desc(), models.F("id").desc(), name="pub_newest_idx"),
            # Year facets and year-range filters.
            models.Index(fields=["pub_year", "id"], name="pub_year_idx"),
            # The "first author" sort.
            models.Index(fields=["first_author_key", "id"], name="pub_first_author_idx"),
            # Retraction banners and the retracted filter touch few rows.
            models.Index(fields=["id"], condition=models.Q(is_retracted=True), name="pub_retracted_idx"),
            # An import's duplicate check (a Meta index: db_index would add a LIKE index nothing uses).
            models.Index(fields=["match_key"], name="pub_match_key_idx"),
        ]

    def __str__(self):
        return self.title[:120]

    def get_absolute_url(self):
        return reverse("literature:publication", kwargs={"pk": self.pk})

    def derive_fields(self) -> None:
        """Recompute the columns derived from this row's own fields (not from child rows)."""
        self.date_key = (self.pub_year or 0) * 10000 + (self.pub_month or 0) * 100 + (self.pub_day or 0)
        # The key an import finds a record without PMID or DOI by is its source's, and the importer sets
        # it from the source's values (literature.importers.service): a curator's edit of an imported
        # publication (a reworded title, a corrected author, a field handed back) leaves it, or the next
        # export of the same article would become a second row. A curator's own publication is keyed
        # by what the curator wrote.
        if not self.match_key or self.source == self.Source.CURATOR:
            self.match_key = compute_match_key(self.title, self.pub_year, first_author_name(self.author_list))
        if self.doi == "":
            self.doi = None
        if self.pmcid == "":
            self.pmcid = None

    def save(self, *args, **kwargs):
        self.derive_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "date_key", "match_key"}
        super().save(*args, **kwargs)

    # --- presentation helpers (no queries beyond the journal the listing selects) ---

    @property
    def abstract_text(self) -> str:
        return "\n\n".join(
            f"{s['label']}: {s['text']}" if s.get("label") else s.get("text", "") for s in self.abstract or []
        )

    @property
    def has_abstract(self) -> bool:
        return bool(self.abstract)

    @property
    def date_display(self) -> str:
        """PubMed's form: '2017 Oct 19', '2017 Oct', '2017', or the printed MedlineDate."""
        if self.pub_date_text and not self.pub_month:
            return (
                self.pub_date_text
                if not self.pub_year or str(self.pub_year) in self.pub_date_text
                else (f"{self.pub_year} {self.pub_date_text}")
            )
        parts = [str(self.pub_year)] if self.pub_year else []
        if self.pub_month:
            parts.append(MONTH_ABBR[self.pub_month - 1])
            if self.pub_day:
                parts.append(str(self.pub_day))
        return " ".join(parts)

    @property
    def author_names(self) -> list[str]:
        """Citation forms in order: 'Dahlin J', 'Wright JT Jr', or a collective name."""
        return [nlm_name(a) for a in self.author_list]

    @property
    def authors_are_truncated(self) -> bool:
        return not self.author_list_complete or self.author_count > len(self.author_list)

    @property
    def pubmed_url(self) -> str:
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pmc_url(self) -> str:
        return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{self.pmcid}/" if self.pmcid else ""


class Authorship(models.Model):
    # Looked up through authorship_position_unique, which starts with it: no index of its own.
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships", db_index=False
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveIntegerField(help_text="1 for the first author.")
    affiliation = models.TextField(blank=True)

    class Meta:
        ordering = ["publication_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "position"], name="authorship_position_unique"),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="authorship_position_positive"),
        ]

    def __str__(self):
        return f"{self.position}. {self.author}"


class MeshHeading(models.Model):
    # Looked up through meshheading_unique, which starts with it: no index of its own.
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="mesh_headings", db_index=False
    )
    term = models.ForeignKey(MeshTerm, on_delete=models.PROTECT, related_name="headings")
    is_major = models.BooleanField("major topic", default=False)
    qualifiers = models.JSONField(
        default=list, blank=True, help_text='e.g. ["drug therapy", "pharmacology"].'
    )

    class Meta:
        ordering = ["publication_id", "id"]
        verbose_name = "MeSH heading"
        constraints = [models.UniqueConstraint(fields=["publication", "term"], name="meshheading_unique")]

    def __str__(self):
        return f"{self.term}{'*' if self.is_major else ''}"


class PublicationRelation(models.Model):
    """A line of PubMed's CommentsCorrectionsList: errata, retractions, comments, updates."""

    class Kind(models.TextChoices):
        ERRATUM_IN = "ErratumIn", "Erratum in"
        ERRATUM_FOR = "ErratumFor", "Erratum for"
        RETRACTION_IN = "RetractionIn", "Retraction in"
        RETRACTION_OF = "RetractionOf", "Retraction of"
        RETRACTED_REPUBLISHED_IN = "RetractedandRepublishedIn", "Retracted and republished in"
        RETRACTED_REPUBLISHED_FROM = "RetractedandRepublishedFrom", "Retracted and republished from"
        EXPRESSION_OF_CONCERN_IN = "ExpressionOfConcernIn", "Expression of concern in"
        EXPRESSION_OF_CONCERN_FOR = "ExpressionOfConcernFor", "Expression of concern for"
        COMMENT_ON = "CommentOn", "Comment on"
        COMMENT_IN = "CommentIn", "Comment in"
        UPDATE_IN = "UpdateIn", "Update in"
        UPDATE_OF = "UpdateOf", "Update of"
        OTHER = "other", "Other"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    ref_source = models.CharField(
        "reference", max_length=500, blank=True, help_text="e.g. 'Blood. 2018;131:1234'."
    )
    ref_pmid = models.PositiveIntegerField("referenced PMID", null=True, blank=True, db_index=True)
    target = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relations_in",
        help_text="The referenced record when it is in the database.",
    )

    class Meta:
        ordering = ["publication_id", "kind", "id"]
        verbose_name = "correction or comment link"

    def __str__(self):
        return f"{self.get_kind_display()} {self.ref_source or self.ref_pmid or ''}".strip()


class PublicationDrugQuerySet(models.QuerySet):
    def visible(self):
        """Links a reader sees: curator-made or confirmed, and automatic ones not rejected."""
        return self.exclude(status=PublicationDrug.Status.REJECTED)

    def top(self):
        return self.visible().filter(rank__isnull=False).order_by("rank")


class PublicationDrug(models.Model):
    """A publication about a drug: the link a curator ranks, excerpts, confirms or rejects."""

    class Origin(models.TextChoices):
        CURATOR = "curator", "Made by a curator"
        AUTOMATIC = "automatic", "Made automatically"

    class Status(models.TextChoices):
        PENDING = "pending", "Automatic, awaiting review"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    # Each looked up through an index that starts with it (pubdrug_unique, pubdrug_drug_status_idx).
    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="drug_links", db_index=False
    )
    drug = models.ForeignKey(Drug, on_delete=models.PROTECT, related_name="publication_links", db_index=False)
    rank = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Position in the drug's Top publications (1 first); empty for the rest.",
    )
    excerpt = models.TextField(blank=True, help_text="The curator's excerpt shown under the citation.")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.CURATOR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    matched_name = models.CharField(
        max_length=200, blank=True, help_text="For automatic links: the name that matched."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationDrugQuerySet.as_manager()

    class Meta:
        ordering = ["drug_id", "rank", "id"]
        verbose_name = "publication-drug link"
        constraints = [
            models.UniqueConstraint(fields=["publication", "drug"], name="pubdrug_unique"),
            models.UniqueConstraint(
                fields=["drug", "rank"], condition=models.Q(rank__isnull=False), name="pubdrug_rank_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True) | models.Q(rank__gte=1), name="pubdrug_rank_positive"
            ),
        ]
        indexes = [
            # A drug's visible links (drug page, counts per drug).
            models.Index(fields=["drug", "status"], name="pubdrug_drug_status_idx"),
            # The admin's review queue of automatic links.
            models.Index(
                fields=["status", "drug"], condition=models.Q(status="pending"), name="pubdrug_pending_idx"
            ),
        ]

    def __str__(self):
        return f"{self.drug} – {self.publication}"


# --- Commentary -----------------------------------------------------------------------


class Contributor(models.Model):
    """A commentary author, with the bio shown as 'About the author'."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True, help_text="Plain text, shown under 'About the author'.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributor"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("literature:contributor", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("literature:tag", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    author = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="posts")
    summary = models.TextField(blank=True, help_text="One or two sentences for lists and feeds.")
    body = models.TextField(
        help_text="Markdown. Scripts, styles and event handlers are removed when rendered."
    )
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Required to publish; a future date schedules."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    drugs = models.ManyToManyField(
        Drug, blank=True, related_name="posts", help_text="Drugs the post discusses."
    )
    cited_publications = models.ManyToManyField(
        Publication, through="PostCitation", blank=True, related_name="citing_posts"
    )
    trials = models.ManyToManyField(Trial, blank=True, related_name="posts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="post_published_has_date",
            )
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="post_status_published_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("literature:post", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        # The rendered body is this row's own derived column, rendered once on write.
        from literature.markdown import render_markdown

        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class PostCitation(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="citations")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="post_citations")
    position = models.PositiveSmallIntegerField(help_text="Reference number in the post, 1 first.")

    class Meta:
        ordering = ["post_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="postcitation_position_unique"),
            models.UniqueConstraint(fields=["post", "publication"], name="postcitation_publication_unique"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="postcitation_position_positive"
            ),
        ]

    def __str__(self):
        return f"[{self.position}] {self.publication}"


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(max_length=100)
    body = models.TextField(help_text="Plain text; shown escaped.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    ip_address = models.GenericIPAddressField(
        null=True, blank=True, help_text="Kept for rate limiting and spam review."
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # A post's approved comments, oldest first.
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status_idx"),
            # "Recent comments" across the site and the moderation queue.
            models.Index(fields=["status", "-created_at"], name="comment_status_recent_idx"),
        ]

    def __str__(self):
        return f"{self.name} on {self.post}"
