"""What a parser yields: plain records, no ORM.

Every parser turns one file into a stream of these. The upsert service
(``literature.importers.service``) is the only code that turns them into rows, so the
four formats share one notion of identity, one merge policy and one report.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property

from literature.models import compute_match_key, first_author_name, normalize_text
from literature.services import AuthorName, author_sort_key

DOI_RE = re.compile(r"^10\.\d{3,9}(?:\.\d+)*/\S+$")
PMCID_RE = re.compile(r"PMC\d+")
ORCID_RE = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
ISSN_RE = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")
# As abstracts write them: 'NCT01234567', 'NCT 01234567', 'NCT-01234567', 'nct01234567'.
NCT_RE = re.compile(r"\bNCT[ \t\-:#]?(\d{8})\b", re.IGNORECASE)


# A title of at least this many words (by named authors) may match a year either side.
NEIGHBOUR_WORDS = 5


def first_initial(author_list) -> str:
    """The first author's first initial in an ``author_list``, as the match key spells names ('Özlem'
    and 'O.' are both 'o'); '' for a group or none."""
    first = author_list[0] if isinstance(author_list, list) and author_list else None
    if not isinstance(first, dict) or first.get("collective_name"):
        return ""
    m = re.search(r"[a-z]", normalize_text(str(first.get("initials") or first.get("fore_name") or "")))
    return m.group(0) if m else ""


class FileFormatError(Exception):
    """The file as a whole cannot be read (not XML, truncated gzip, wrong encoding, unknown format).

    Nothing from such a file is written.
    """


# What makes a record a notice about another one (see PublicationRecord.is_notice).
NOTICE_TYPES = {"Published Erratum", "Retraction of Publication", "Expression of Concern"}
NOTICE_RELATIONS = {"ErratumFor", "RetractionOf", "ExpressionOfConcernFor"}
# Relations a record has with the article it retracts: a notice's, and a retracted and republished
# article's (NLM puts RetractedandRepublishedFrom on the new version; the one it points at is retracted).
RETRACTING_RELATIONS = {"RetractionOf", "RetractedandRepublishedFrom"}


@dataclass
class JournalRecord:
    title: str = ""
    iso_abbreviation: str = ""
    issn: str = ""
    eissn: str = ""
    nlm_id: str = ""

    def __bool__(self) -> bool:
        return bool(self.title or self.iso_abbreviation or self.issn or self.eissn or self.nlm_id)


@dataclass
class MeshRecord:
    name: str
    ui: str = ""
    is_major: bool = False
    qualifiers: list[str] = field(default_factory=list)


@dataclass
class RelationRecord:
    """A CommentsCorrections line: kind is one of ``PublicationRelation.Kind``."""

    kind: str
    ref_source: str = ""
    ref_pmid: int | None = None


@dataclass
class TrialRecord:
    identifier: str
    registry: str


@dataclass
class PublicationRecord:
    """One bibliographic record as the source gives it."""

    source: str  # a Publication.Source value
    position: int = 0  # 1-based record number in the file
    pmid: int | None = None
    doi: str | None = None
    pmcid: str | None = None
    title: str = ""
    vernacular_title: str = ""
    abstract: list[dict] = field(default_factory=list)
    other_abstracts: list[dict] = field(default_factory=list)
    copyright: str = ""
    journal: JournalRecord = field(default_factory=JournalRecord)
    volume: str = ""
    issue: str = ""
    pages: str = ""
    pub_year: int | None = None
    pub_month: int | None = None
    pub_day: int | None = None
    pub_date_text: str = ""
    language: str = ""
    authors: list[AuthorName] = field(default_factory=list)
    authors_complete: bool = True
    publication_types: list[tuple[str, str]] = field(default_factory=list)  # (name, MeSH UI)
    mesh_headings: list[MeshRecord] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    substances: list[str] = field(default_factory=list)  # chemical names, for drug linking only
    trials: list[TrialRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    revised: int | None = None  # NLM's last revision, YYYYMMDD (PubMed XML and MEDLINE only)

    @property
    def label(self) -> str:
        """How the report names the record."""
        if self.pmid:
            return f"PMID {self.pmid}"
        if self.doi:
            return f"DOI {self.doi}"
        return f"'{self.title[:60]}'"

    @property
    def first_author_key(self) -> str:
        return author_sort_key(self.authors)

    @property
    def first_author_name(self) -> str:
        """The first author's surname or group name (see ``compute_match_key``)."""
        return first_author_name([a.as_cached() for a in self.authors[:1]])

    @cached_property
    def match_key(self) -> str:
        """``literature.models.compute_match_key`` (read after ``finish()``)."""
        return compute_match_key(
            self.normalized_title, self.pub_year, self.first_author_name, normalized=True
        )

    @property
    def says_little(self) -> bool:
        """A title under NEIGHBOUR_WORDS words or no authors: such a title recurs every year in many journals."""
        return not self.authors or len(self.normalized_title.split()) < NEIGHBOUR_WORDS

    @property
    def first_author_initial(self) -> str:
        return first_initial([a.as_cached() for a in self.authors[:1]])

    @cached_property
    def neighbour_keys(self) -> tuple[str, ...]:
        """The match keys of the same title and first author a year either side (see ``service.match``)."""
        if not self.pub_year or self.says_little:
            return ()
        return tuple(
            compute_match_key(self.normalized_title, year, self.first_author_name, normalized=True)
            for year in (self.pub_year - 1, self.pub_year + 1)
        )

    @cached_property
    def normalized_title(self) -> str:
        return normalize_text(self.title)

    @property
    def is_retracted(self) -> bool:
        kinds = {r.kind for r in self.relations}
        return "Retracted Publication" in {n for n, _ in self.publication_types} or bool(
            kinds & {"RetractionIn", "RetractedandRepublishedIn"}
        )

    @property
    def has_erratum(self) -> bool:
        return any(r.kind == "ErratumIn" for r in self.relations)

    @property
    def is_notice(self) -> bool:
        """An erratum, retraction or expression-of-concern notice: often titled as the article it is about."""
        return bool({n for n, _ in self.publication_types} & NOTICE_TYPES) or any(
            r.kind in NOTICE_RELATIONS for r in self.relations
        )

    def text_for_linking(self) -> tuple[list[str], list[str], list[str]]:
        """Where a drug's name counts as a mention: the running text (title, abstract), the terms
        (MeSH headings, substances) and the keywords (RIS and BibTeX carry MeSH or Emtree terms there)."""
        texts = [self.title, self.vernacular_title, *(s.get("text", "") for s in self.abstract)]
        terms = [*(m.name for m in self.mesh_headings), *self.substances]
        return [t for t in texts if t], [t for t in terms if t], [k for k in self.keywords if k]

    def finish(self) -> PublicationRecord:
        """Derive what every format derives the same way: trial IDs named in the abstract."""
        seen = {t.identifier for t in self.trials}
        for text in [self.title, *(s.get("text", "") for s in self.abstract)]:
            for digits in NCT_RE.findall(text or ""):
                nct = f"NCT{digits}"
                if nct not in seen:
                    seen.add(nct)
                    self.trials.append(TrialRecord(nct, "ClinicalTrials.gov"))
        self.keywords = unique(self.keywords)
        # An ORCID given to two authors of one record is a publisher's slip: it identifies neither.
        orcids = [a.orcid for a in self.authors if a.orcid]
        if len(orcids) != len(set(orcids)):
            repeated = {o for o in orcids if orcids.count(o) > 1}
            self.authors = [replace(a, orcid=None) if a.orcid in repeated else a for a in self.authors]
        return self


@dataclass
class SkippedRecord:
    """A well-formed record the portal does not import (a book, a deletion notice...)."""

    position: int
    reason: str


@dataclass
class MalformedRecord:
    """A record that could not be read; the rest of the file still imports."""

    position: int
    reason: str


@dataclass
class DeletedCitation:
    """NLM's ``DeleteCitation``: reported, never applied (see the service)."""

    position: int
    pmids: list[int]


# --- small normalizers every parser uses --------------------------------------------------


def clean(text: str | None) -> str:
    """Collapse runs of whitespace (wrapped lines, tabs, non-breaking spaces) to one space; compose
    accents (NFC: a publisher's decomposed 'Mu\u0308ller' is everyone else's 'Müller')."""
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("\x00", "").split())


# Inline markup that Crossref, publishers and Zotero leave in titles and abstracts: 'vitamin
# D<sub>3</sub>', Wiley's '<scp>', JATS abstracts ('<jats:p>'), MathML. PubMed XML has the same
# titles as elements, which its reader flattens to their text; these are flattened alike.
INLINE_TAG = re.compile(
    r"</?(?:i|b|u|em|strong|sub|sup|scp|sc|span|italic|bold|small|ext-link|xref|uri|jats:[\w-]+|mml:[\w-]+|math)"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)
# Tags between paragraphs and headings (old PLOS exports: '<title>Author Summary</title><p>Many...'): a space.
BLOCK_TAG = re.compile(r"</?(?:p|br|title|sec|list|list-item|label|caption)(?:\s[^<>]*)?/?>", re.I)


def strip_markup(text: str) -> str:
    """Text without the inline HTML/JATS tags of a reference manager's field, entities decoded."""
    if "<" not in text and "&" not in text:
        return text
    stripped = BLOCK_TAG.sub(" ", INLINE_TAG.sub("", text))
    return clean(html.unescape(stripped)) if "&" in stripped else clean(stripped)


def unique(values) -> list:
    seen, out = set(), []
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


def normalize_doi(value: str | None) -> str | None:
    """'https://doi.org/10.1/ABC', 'doi:10.1/ABC' or '10.1/ABC [doi]' -> '10.1/ABC'; None if not a DOI."""
    value = clean(value)
    if not value:
        return None
    value = re.sub(r"\s*\[doi\]$", "", value, flags=re.I)
    value = re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/", "", value, flags=re.I)
    value = re.sub(r"^doi:\s*", "", value, flags=re.I)
    value = value.strip().rstrip(".")
    if "%2F" in value or "%2f" in value:
        value = value.replace("%2F", "/").replace("%2f", "/")
    if len(value) > 255 or not DOI_RE.match(value):
        return None
    return value


def normalize_pmcid(value: str | None) -> str | None:
    m = PMCID_RE.search((value or "").upper())
    return m.group(0) if m and len(m.group(0)) <= 16 else None


def normalize_pmid(value) -> int | None:
    value = clean(str(value or ""))
    if value.isdigit() and 0 < int(value) < 2**31:
        return int(value)
    return None


def normalize_orcid(value: str | None) -> str | None:
    """'https://orcid.org/0000-0002-1825-0097' or '000000021825009X' -> '0000-0002-1825-0097'.

    None unless its check digit is right (ISO 7064 11-2): an author is found by ORCID, so a
    placeholder ('0000-0000-0000-0000') or a mistyped one would make strangers one person.
    """
    m = ORCID_RE.search(value or "")
    if not m:
        return None
    digits = "".join(m.groups()).upper()
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return "-".join(m.groups()).upper() if digits[-1] == ("X" if check == 10 else str(check)) else None


def normalize_issn(value: str | None) -> str:
    m = ISSN_RE.search(value or "")
    return f"{m.group(1)}-{m.group(2).upper()}" if m else ""


def normalize_pages(pages: str) -> str:
    """'100--127', '100 – 127' (Scopus) -> '100-127', as PubMed writes a range."""
    return re.sub(r"\s*(?:--|[\u2010-\u2015\u2212])\s*", "-", clean(pages))


def split_keywords(value: str) -> list[str]:
    """Keywords in one value: split at semicolons when there are any (a keyword may hold commas:
    'Leukemia, Myelogenous, Chronic'), else at commas (Zotero's BibTeX)."""
    parts = value.split(";") if ";" in value else value.split(",")
    return [k for k in (clean(p) for p in parts) if k]


PLACEHOLDER_VALUES = {"0", "null", "n/a", "na", "none", "-"}


def placeholder(value: str) -> bool:
    """A value an exporter writes for 'none yet': ACS's in-press 'volume = {0}', Wiley's Early View 'n/a'."""
    return value.strip().lower() in PLACEHOLDER_VALUES


# A heading the publisher left at the start of an abstract ('Summary The severe...', 'ABSTRACT Raman...',
# Cochrane's 'Abstract - Background...'), and the line accepted manuscripts end with.
# 'Summary statistics...' and a 'SUMMARY:' label stay, and so do 'Abstract Meaning Representation' and
# 'Summary Statistics Canada' (two capitalized words that are no section label).
ABSTRACT_HEADING = re.compile(r"^(?i:abstract|summary)(?:\s+-)?\s+(?=[A-Z])")
SECTION_WORDS = {"background", "objective", "objectives", "introduction", "purpose", "aim", "aims", "context",
                 "methods", "rationale", "importance", "motivation", "summary"}  # fmt: skip
COPYRIGHT_TAIL = re.compile(r"\s*This article is protected by copyright\. All rights reserved\.?\s*$")


def without_heading(abstract: str) -> str:
    if m := ABSTRACT_HEADING.match(abstract):
        words = abstract[m.end() :].split(None, 2)
        named = len(words) > 1 and words[1][:1].isupper() and words[0].lower().strip(":") not in SECTION_WORDS
        if not named:
            abstract = abstract[m.end() :]
    return COPYRIGHT_TAIL.sub("", abstract)


def initials_from(fore_name: str) -> str:
    """'Joakim S' -> 'JS'; 'Jean-Pierre' -> 'JP'; 'Richard HR' -> 'RHR' (Google Scholar's run-together initials)."""
    parts = [p for p in re.split(r"[\s\-.]+", fore_name) if p and p[0].isalpha()]
    # Four capitals are initials beside a name in lower case ('João PGLM'); in a name written all in
    # capitals they are a name ('JOHN PAUL').
    longest = 3 if fore_name.isupper() else 4
    return "".join(
        p if i and len(p) <= longest and p.isalpha() and p.isupper() else p[0] for i, p in enumerate(parts)
    ).upper()[:20]


MONTHS = {m.lower(): i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}  # fmt: skip


def parse_month(value: str | None) -> int | None:
    """'Oct', 'October', 'OCT', '10' or '05' -> a month number; None otherwise."""
    value = clean(value).rstrip(".").lower()
    if value.isdigit():
        n = int(value)
        return n if 1 <= n <= 12 else None
    return MONTHS.get(value[:3]) if len(value) >= 3 and value[:3] in MONTHS else None


def parse_day(value: str | None) -> int | None:
    value = clean(value)
    if value.isdigit() and 1 <= int(value) <= 31:
        return int(value)
    return None


def revision(year: str | None, month: str | None = "", day: str | None = "") -> int | None:
    """NLM's revision date as YYYYMMDD ('2022', '01', '05' or '20220105')."""
    year, month, day = clean(year), clean(month), clean(day)
    if len(year) == 8 and year.isdigit() and not month:
        year, month, day = year[:4], year[4:6], year[6:]
    if not (year.isdigit() and len(year) == 4):
        return None
    return int(year) * 10000 + (parse_month(month) or 0) * 100 + (parse_day(day) or 0)


def parse_year(value: str | None) -> int | None:
    # '2019', '2019/05/17', 'Spring 2019', and BibTeX's '2019a' (a second paper of the year).
    m = re.search(r"(?<![0-9A-Za-z])(1[0-9]{3}|20[0-9]{2}|21[0-9]{2})(?![0-9])", value or "")
    return int(m.group(1)) if m else None


# Trial registries as PubMed names them (XML DataBankName, MEDLINE SI "DRKS/DRKS00012345"); the other
# banks are sequence or data repositories.
TRIAL_REGISTRIES = {
    "clinicaltrials.gov": "ClinicalTrials.gov",
    "isrctn": "ISRCTN",
    "eudract": "EudraCT",
    "chictr": "ChiCTR",
    "anzctr": "ANZCTR",
}
OTHER_TRIAL_REGISTRIES = {
    "ctri", "drks", "irct", "jprn", "umin-ctr", "pactr", "rebec", "rpcec", "slctr", "tctr", "ntr",
    "cris", "lbctr", "jrct", "nct", "euctr", "ctis", "actrn",
}  # fmt: skip


def trial_registry(bank: str) -> str | None:
    """The registry a PubMed data bank name stands for ('ClinicalTrials.gov', 'other'), or None if not a registry."""
    name = bank.strip().lower()
    return TRIAL_REGISTRIES.get(name) or ("other" if name in OTHER_TRIAL_REGISTRIES else None)


# A section label as PubMed writes them into one line: 'BACKGROUND', 'AIMS/HYPOTHESIS', 'PATIENT(S)'
# (Fertility and Sterility), "AUTHORS' CONCLUSIONS" (Cochrane), 'CASE STUDY 1', and 'AIM', the one
# common label of three letters (a longer list would take 'HIV: ...' or 'DNA: ...' for labels).
LABEL_RE = re.compile(
    r"(?:^|(?<=[.?!)\]\"'\u201d\u2019] ))"
    r"(AIM|[A-Z\u00c0-\u00d6\u00d8-\u00de][A-Z\u00c0-\u00d6\u00d8-\u00de0-9 ,&/\-'()\u2019]{2,60}"
    r"(?:[A-Z\u00c0-\u00d6\u00d8-\u00de)'\u2019]| \d{1,2})): "
)


def split_labelled_abstract(text: str) -> list[dict]:
    """'BACKGROUND: x. METHODS: y.' -> labelled sections; anything else -> one unlabelled section.

    Only a text that starts with a label is split, and only at upper-case labels followed by
    a colon after the end of a sentence, so 'HIV: a review' in the middle of one stays where it is.
    """
    text = clean(text)
    if not text:
        return []
    matches = list(LABEL_RE.finditer(text))
    if not matches or matches[0].start() != 0:
        return [{"label": "", "category": "", "text": text}]
    sections = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[m.end() : end].strip()
        sections.append({"label": m.group(1), "category": "", "text": body})
    return sections
