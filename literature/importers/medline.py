"""MEDLINE text, PubMed's "PubMed format" (``.nbib``, ``.txt``).

Four-character tags (``PMID-``, ``TI  -``, ``FAU -``), continuation lines indented by six
spaces, records separated by blank lines. Authors are read in file order: ``FAU`` (full
name) with its ``AU`` (initials), ``AUID`` (ORCID) and ``AD`` (affiliations), or ``CN`` for
a group, so the order of people and groups is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from literature.importers.detect import text_lines
from literature.importers.records import (
    JournalRecord,
    MalformedRecord,
    MeshRecord,
    PublicationRecord,
    RelationRecord,
    SkippedRecord,
    TrialRecord,
    initials_from,
    normalize_doi,
    normalize_issn,
    normalize_orcid,
    normalize_pmcid,
    normalize_pmid,
    parse_day,
    parse_month,
    parse_year,
    revision,
    split_labelled_abstract,
    trial_registry,
    unique,
)
from literature.importers.tagged import RawRecord, group_records
from literature.services import AuthorName

TAG_RE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- ?(.*)$")
SUFFIXES = {"Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV", "V"}
ET_AL_RE = re.compile(r"\s*et\.? al\.?\s*", re.IGNORECASE)

# Comment/correction tags and the CommentsCorrections kind each one stands for.
RELATION_TAGS = {
    "CIN": "CommentIn", "CON": "CommentOn", "EIN": "ErratumIn", "EFR": "ErratumFor",
    "RIN": "RetractionIn", "ROF": "RetractionOf", "RRI": "RetractedandRepublishedIn",
    "RRF": "RetractedandRepublishedFrom", "ECI": "ExpressionOfConcernIn", "ECF": "ExpressionOfConcernFor",
    "UIN": "UpdateIn", "UOF": "UpdateOf",
    "CRI": "other", "CRF": "other", "RPI": "other", "RPF": "other", "SPIN": "other", "ORI": "other",
    "PRIN": "other", "PROF": "other",
}  # fmt: skip
OTHER_RELATION_LABELS = {
    "CRI": "Corrected and republished in", "CRF": "Corrected and republished from", "RPI": "Republished in",
    "RPF": "Republished from", "SPIN": "Summary for patients in", "ORI": "Original report in",
    "PRIN": "Partial retraction in", "PROF": "Partial retraction of",
}  # fmt: skip
# OtherAbstract types (the DTD's list, and the older PIP): MEDLINE text writes "OAB - Publisher: ...".
OTHER_ABSTRACT_TYPES = ("AAMC", "AIDS", "KIE", "NASA", "PIP", "Publisher", "plain-language-summary")
OAB_TYPE_RE = re.compile(rf"^({'|'.join(OTHER_ABSTRACT_TYPES)}): ")
# PubMed's initials keep a lower-case name particle: Maria de Lourdes -> 'Mde L'.
PARTICLE_INITIALS_RE = re.compile(r"[A-Z]+(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le)")


def parse(stream: BinaryIO) -> Iterator:
    records = group_records(
        text_lines(stream),
        TAG_RE,
        starts_record=lambda tag: tag == "PMID",
        ends_record=lambda tag: False,
        blank_ends=True,
    )
    for position, raw in enumerate(records, start=1):
        try:
            yield read_record(raw, position)
        except (ValueError, TypeError, IndexError) as exc:
            yield MalformedRecord(position, f"line {raw.line}: unreadable record ({exc})")


def read_record(raw: RawRecord, position: int):
    if any(f.tag == "" for f in raw.fields):
        stray = next(f for f in raw.fields if f.tag == "")
        return MalformedRecord(position, f"line {raw.line}: not a MEDLINE field: '{stray.value[:60]}'")
    pmid_text = raw.first("PMID")
    rec = PublicationRecord(source="medline", position=position, pmid=normalize_pmid(pmid_text))
    if pmid_text and rec.pmid is None:
        return MalformedRecord(position, f"line {raw.line}: PMID '{pmid_text[:20]}' is not a number")
    book = book_kind(raw)
    if book:
        title = raw.first("TI") or raw.first("BTI")
        return SkippedRecord(
            position,
            f"PMID {rec.pmid or '?'}: a book record ({book}, '{title[:80]}'); the portal imports journal "
            "articles only",
        )
    rec.revised = revision(raw.first("LR"))
    rec.title = raw.first("TI")
    rec.vernacular_title = raw.first("TT")
    if not rec.title:
        rec.title = rec.vernacular_title
    if not rec.title:
        return MalformedRecord(
            position, f"line {raw.line}: {rec.label if rec.pmid else 'record'} has no title (TI)"
        )

    rec.abstract = split_labelled_abstract(raw.first("AB"))
    rec.copyright = raw.first("CI")
    languages = raw.all("OABL")
    for i, oab in enumerate(raw.all("OAB")):
        m = OAB_TYPE_RE.match(oab.text)
        rec.other_abstracts.append(
            {
                "type": m.group(1) if m else "",
                "language": languages[i].text if i < len(languages) else "",
                "sections": split_labelled_abstract(oab.text[m.end() :] if m else oab.text),
                "copyright": "",
            }
        )

    for f in raw.all("LID", "AID"):
        value = f.text
        if value.endswith("[doi]") and not rec.doi:
            rec.doi = normalize_doi(value)
        elif value.endswith("[pmc]") and not rec.pmcid:
            rec.pmcid = normalize_pmcid(value)
    rec.pmcid = rec.pmcid or normalize_pmcid(raw.first("PMC"))

    read_journal(raw, rec)
    read_date(raw.first("DP"), rec)
    rec.authors, rec.authors_complete = read_authors(raw)
    rec.language = (raw.first("LA") or "")[:16]
    rec.publication_types = unique((t, "") for t in raw.texts("PT"))
    rec.mesh_headings = read_mesh(raw.texts("MH"))
    rec.keywords = raw.texts("OT")
    # RN: "BKJ8M8G5HI (Imatinib Mesylate)", "EC 2.7.10.2 (Protein-Tyrosine Kinases)": the name is in brackets.
    rec.substances = [m.group(1) if (m := re.search(r"\((.*)\)\s*$", s)) else s for s in raw.texts("RN")]
    rec.substances += [re.sub(r"\s*\(.*\)$", "", s) for s in raw.texts("NM")]
    for si in raw.texts("SI"):
        bank, _, acc = si.partition("/")
        registry = trial_registry(bank)
        if registry and acc.strip():
            rec.trials.append(TrialRecord(acc.strip()[:64], registry))
    for f in raw.fields:
        kind = RELATION_TAGS.get(f.tag)
        if kind:
            source = f.text
            m = re.search(r"\s*PMID:\s*(\d+)\s*$", source)
            ref_pmid = int(m.group(1)) if m else None
            source = source[: m.start()] if m else source
            if kind == "other":
                source = f"{OTHER_RELATION_LABELS[f.tag]}: {source}"
            rec.relations.append(
                RelationRecord(kind=kind, ref_source=source.strip()[:500], ref_pmid=ref_pmid)
            )
    return rec.finish()


def read_journal(raw: RawRecord, rec: PublicationRecord) -> None:
    j = JournalRecord(title=raw.first("JT"), iso_abbreviation=raw.first("TA"), nlm_id=raw.first("JID")[:32])
    for value in raw.texts("IS"):
        issn = normalize_issn(value)
        if "(Electronic)" in value:
            j.eissn = j.eissn or issn
        elif "(Linking)" not in value:
            j.issn = j.issn or issn
    if not j.issn:  # the linking ISSN, as the XML reader takes it
        linking = next((normalize_issn(v) for v in raw.texts("IS") if "(Linking)" in v), "")
        j.issn = linking if linking != j.eissn else ""
    if not j.issn and not j.eissn:
        j.issn = next((normalize_issn(v) for v in raw.texts("IS") if normalize_issn(v)), "")
    j.title = j.title or j.iso_abbreviation
    rec.journal = j
    rec.volume = raw.first("VI")[:64]
    rec.issue = raw.first("IP")[:64]
    rec.pages = raw.first("PG")[:100]


def read_date(dp: str, rec: PublicationRecord) -> None:
    """'2017 Oct 19', '2017 Oct', '2017'; anything else ('2015 Oct-Dec', '2000 Spring') is kept as text."""
    m = re.fullmatch(r"(\d{4})(?: ([A-Za-z]{3,9}))?(?: (\d{1,2}))?", dp)
    if m and (m.group(2) is None or parse_month(m.group(2))):
        rec.pub_year = int(m.group(1))
        rec.pub_month = parse_month(m.group(2)) if m.group(2) else None
        rec.pub_day = parse_day(m.group(3)) if rec.pub_month and m.group(3) else None
        return
    rec.pub_year = parse_year(dp)
    rec.pub_date_text = dp[:100]


def book_kind(raw: RawRecord) -> str:
    """'Book' or 'Book Chapter' for an NCBI Bookshelf record (StatPearls, GeneReviews...), else ''."""
    types = set(raw.texts("PT"))
    for kind in ("Book Chapter", "Book"):
        if kind in types:
            return kind
    if raw.first("BTI") or any(f.text.endswith("[bookaccession]") for f in raw.all("AID")):
        return "Book Chapter" if raw.first("TI") else "Book"
    return ""


def split_au(au: str) -> tuple[str, str, str]:
    """'Smith JA' -> ('Smith', 'JA', ''); 'Smith JA Jr' -> ('Smith', 'JA', 'Jr'); 'van der Berg H';
    'Rodrigues Mde L' -> ('Rodrigues', 'Mde L', '')."""
    parts = au.split()
    suffix = ""
    if len(parts) > 2 and parts[-1] in SUFFIXES:
        suffix = parts.pop()
    if len(parts) > 1 and parts[-1].isupper() and parts[-1].isalpha() and len(parts[-1]) <= 4:
        if len(parts) > 2 and PARTICLE_INITIALS_RE.fullmatch(parts[-2]):
            return " ".join(parts[:-2]), f"{parts[-2]} {parts[-1]}", suffix
        return " ".join(parts[:-1]), parts[-1], suffix
    return " ".join(parts), "", suffix


def initials_after(au: str, last_name: str) -> tuple[str, str] | None:
    """The initials and suffix of an AU line whose last name is known from its FAU line."""
    if not last_name or not au.startswith(last_name + " "):
        return None
    rest = au[len(last_name) :].split()
    suffix = rest.pop() if len(rest) > 1 and rest[-1] in SUFFIXES else ""
    return " ".join(rest), suffix


def read_authors(raw: RawRecord) -> tuple[list[AuthorName], bool]:
    people: list[dict] = []
    early_affiliation = ""
    last_tag = ""
    complete = True
    for f in raw.fields:
        if f.tag in ("FAU", "AU") and ET_AL_RE.fullmatch(f.text):
            # Older exports end a truncated list with 'AU  - et al.': not a person.
            complete = False
            continue
        if f.tag == "FAU":
            last, _, fore = f.text.partition(",")
            fore, _, suffix = fore.strip().partition(",")
            people.append({"last_name": last.strip(), "fore_name": fore.strip(), "suffix": suffix.strip()})
        elif f.tag == "AU":
            au_last, initials, suffix = split_au(f.text)
            if last_tag == "FAU":
                person = people[-1]
                known = initials_after(f.text.strip(), person["last_name"])
                if known:
                    initials, suffix = known
                if known or au_last == person["last_name"] or not au_last:
                    person["initials"] = initials
                    # 'FAU - Wright, Jackson T Jr' writes the suffix into the fore name; AU says it is one.
                    if suffix and person["fore_name"].endswith(" " + suffix):
                        person["fore_name"] = person["fore_name"][: -len(suffix) - 1].rstrip()
                    person["suffix"] = person["suffix"] or suffix
                else:
                    person["initials"] = initials_from(person["fore_name"])
            else:
                people.append({"last_name": au_last, "initials": initials, "suffix": suffix})
        elif f.tag == "CN":
            people.append({"collective_name": f.text})
        elif f.tag == "AUID" and people:
            orcid = normalize_orcid(f.text) if "ORCID" in f.text.upper() else None
            if orcid:
                people[-1]["orcid"] = orcid
        elif f.tag == "AD" and people:
            prior = people[-1].get("affiliation", "")
            people[-1]["affiliation"] = f"{prior}; {f.text}" if prior else f.text
        elif f.tag == "AD":  # older exports: the first author's affiliation, before the list
            early_affiliation = early_affiliation or f.text
        if f.tag in ("FAU", "AU", "CN", "AUID", "AD"):
            last_tag = f.tag if f.tag in ("FAU", "AU", "CN") else last_tag
    if early_affiliation and people and not people[0].get("affiliation"):
        people[0]["affiliation"] = early_affiliation
    names = []
    for p in people:
        if p.get("collective_name"):
            names.append(
                AuthorName(
                    collective_name=p["collective_name"][:500],
                    orcid=p.get("orcid"),
                    affiliation=p.get("affiliation", ""),
                )  # fmt: skip
            )
        elif p.get("last_name"):
            fore = p.get("fore_name", "")
            names.append(
                AuthorName(
                    last_name=p["last_name"][:200],
                    fore_name=fore[:200],
                    initials=(p.get("initials") or initials_from(fore))[:20],
                    suffix=p.get("suffix", "")[:20],
                    orcid=p.get("orcid"),
                    affiliation=p.get("affiliation", ""),
                )
            )
    return names, complete


def read_mesh(values: list[str]) -> list[MeshRecord]:
    """'*Imatinib Mesylate/therapeutic use/*adverse effects': a star marks a major topic."""
    headings: dict[str, MeshRecord] = {}
    for value in values:
        parts = [p.strip() for p in value.split("/")]
        descriptor = parts[0]
        major = descriptor.startswith("*") or any(p.startswith("*") for p in parts[1:])
        name = descriptor.lstrip("*").strip()
        if name and name not in headings:
            headings[name] = MeshRecord(
                name=name[:300],
                is_major=major,
                qualifiers=[p.lstrip("*").strip() for p in parts[1:] if p.strip("*")],
            )
    return list(headings.values())
