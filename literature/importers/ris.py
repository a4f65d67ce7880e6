"""RIS, as PubMed, EndNote, Zotero, Mendeley, Embase, Scopus, Web of Science and Rayyan write it.

``TY  - `` opens a record and ``ER  -`` closes it. The flavours differ in which tag holds
what, so each value is looked for in the tags the exporters actually use:

- title: ``TI``, ``T1``, else the short title ``ST``; journal: ``JF``/``JO``/``T2``, its
  abbreviation ``J2``/``JA``/``JI``/``J1``/``J9``; abstract: ``AB`` or ``N2`` (Embase);
- authors: ``AU``/``A1`` ("Last, First M." or Embase's "Liu R."; ``A2``-``A4`` are editors
  and translators, not authors); "et al." marks the list incomplete;
- date: ``PY``/``Y1`` for the year, ``DA`` for month and day when it agrees with the year
  ("2012/07/03", "2019///", "Jun", "SEP");
- PMID: a PubMed link in ``UR``/``L1``/``L2``/``LK``, ``AN`` when the record comes from
  PubMed (``DP``/``DB`` says NLM, PubMed or MEDLINE), ``C2`` in Scopus exports; PMCID from
  ``C2`` or a PMC link; DOI from ``DO`` or a doi.org link.

Untagged lines continue the previous value: Rayyan and EndNote put one keyword per line
after a single ``KW``, so continuation lines of ``KW`` are keywords of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from literature.importers.detect import text_lines
from literature.importers.records import (
    JournalRecord,
    MalformedRecord,
    PublicationRecord,
    SkippedRecord,
    clean,
    initials_from,
    normalize_doi,
    normalize_issn,
    normalize_pages,
    normalize_pmcid,
    normalize_pmid,
    parse_day,
    parse_month,
    parse_year,
    placeholder,
    split_keywords,
    split_labelled_abstract,
    strip_markup,
    without_heading,
)
from literature.importers.tagged import RawRecord, group_records
from literature.services import AuthorName

# Two spaces before the dash, as the specification has it; some writers put one (readers such as
# Zotero's accept both, and so does the format detection).
# APA PsycNet writes longer tags too ('PMID  - 33355555', 'DESCRIPTORS  - ...'), always with two spaces.
TAG_RE = re.compile(r"^\ufeff?([A-Z][A-Z0-9]|[A-Z]{3,12}(?=  - ))[ \t]{1,2}-(?:[ \t](.*))?$")  # or a tab

LANGUAGES = {
    "english": "eng", "en": "eng", "german": "ger", "de": "ger", "deutsch": "ger", "french": "fre",
    "fr": "fre", "spanish": "spa", "es": "spa", "italian": "ita", "it": "ita", "russian": "rus",
    "ru": "rus", "chinese": "chi", "zh": "chi", "japanese": "jpn", "ja": "jpn", "portuguese": "por",
    "pt": "por", "dutch": "dut", "nl": "dut", "polish": "pol", "pl": "pol", "norwegian": "nor",
    "no": "nor", "swedish": "swe", "sv": "swe", "danish": "dan", "da": "dan", "korean": "kor",
    "ko": "kor", "turkish": "tur", "tr": "tur", "czech": "cze", "cs": "cze", "hungarian": "hun",
    "hu": "hun", "finnish": "fin", "fi": "fin", "greek": "gre", "el": "gre", "hebrew": "heb",
    "arabic": "ara", "persian": "per", "croatian": "hrv", "serbian": "srp", "romanian": "rum",
    "ukrainian": "ukr", "slovak": "slo", "slovenian": "slv", "lithuanian": "lit", "bulgarian": "bul",
    # BibLaTeX's langid (babel names)
    "american": "eng", "british": "eng", "usenglish": "eng", "ukenglish": "eng", "ngerman": "ger",
    "austrian": "ger", "naustrian": "ger", "brazilian": "por", "portuges": "por", "brazil": "por",
}  # fmt: skip

COLLECTIVE_WORDS = re.compile(
    r"\b(group|consortium|investigators|committee|collaborat\w*|society|association|network|panel|"
    r"team|trialists|organi[sz]ation|council|task force|working party|study|initiative|alliance|"
    r"agency|administration|institutes?|ministry|department|cent(?:er|re)s?|office|foundation|"
    r"commission|board|federation|college|university|hospital|services?|program(?:me)?|authority)\b",
    re.I,
)
EDITOR_MARK = re.compile(r"\s+\(?eds?\.?\)?$")  # lower case: "John Ed" is a name
EMPTY_GIVEN_NAMES = {"null", "n/a", "none", "unknown"}  # not 'NA': those are initials
# In lower case only: 'Thi Le', 'Xiao Da' are given names, 'B. K. van' ends in a particle.
TRAILING_PARTICLE = re.compile(r"\s((?:van|von|de|der|den|del|della|ten|ter)(?:\s+(?:der|den|de|la))?)$")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
# A name without a comma that joins words this way is an organization ('Food and Drug Administration',
# 'Ministry of Health'): Zotero writes its one-field (institutional) creators without a comma.
ORGANIZATION_JOINERS = re.compile(r"\s(?:and|of|for|&)\s", re.I)
# Lines some exporters put before each record or the whole file (Cochrane Library, Silverchair), or
# between records (Ovid numbers its records '1.' and follows each with a link to its full text).
HEADER_LINE = re.compile(
    r"(?:Record #\d+ of \d+|Provider:|Content:|Database:|Copyright|\d+\.?\s*$|Link to the Ovid Full Text)",
    re.I,
)
PUBMED_LINK = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/|europepmc\.org/(?:abstract|article)/MED/)(\d+)",
    re.I,
)
PMC_LINK = re.compile(
    r"(?:/pmc/articles/|europepmc\.org/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/)(PMC\d+)", re.I
)
DOI_LINK = re.compile(r"doi\.org/(10\.\S+)", re.I)
BARE_DOI = re.compile(r"(?:doi:\s*)?(10\.\d{4,9}/\S+)", re.I)
# Ovid links to a record by database and accession number; in its MEDLINE databases ('medl',
# 'medp' ahead of print, 'prem' in process, 'mesz'...) the accession number is the PMID, in
# Embase ('emed', 'emez') it is not.
OVID_LINK = re.compile(r"ovid\.com/ovidweb\.cgi\?\S*?\bD=(?:med|prem|mes)\w*\S*?\bAN=(\d{1,9})\b", re.I)
# Dimensions writes its identifiers in user fields with their kind after them: '35957633 [PMID]'.
LABELLED_ID = re.compile(r"\s*((?:PMC)?\d{1,9})\s*\[(PMID|PMCID)\]\s*", re.I)

# IEEE's 'Proteins,Linear programming': a comma between words, not a chemical's locants ('1,2,3,6-...').
BARE_COMMA = re.compile(r"(?<=[A-Za-z]{2}),(?=[A-Za-z]{2})")
OVID_SECTION_JOIN = re.compile(r"\.,\s+(?=[A-Z][A-Z ,&/\-]{2,60}:\s)")
# An ISBN-13 (978/979) or ISBN-10, hyphenated or not; never across an ISSN's 'NNNN-NNNN'.
ISBN = re.compile(r"(?<![\dX-])(?:97[89]-?(?:\d-?){9}\d|(?:\d-?){9}[\dX])(?![\dX-])")
NLM_ID_AND_CODEN = re.compile(r"\d{7,9}R?,\s*[a-z0-9]{2,4}|[a-z0-9]{2,4},\s*\d{7,9}R?")

# RIS types that are not publications the portal lists, when the record names no periodical either.
# Books and chapters are imported (PubMed indexes book series as journals); not CASE either: Rayyan
# writes it for a journal's case study.
NOT_ARTICLES = {
    "THES": "a thesis", "PAT": "a patent", "COMP": "a computer program", "MAP": "a map", "ART": "a work of art",
    "SOUND": "a sound recording", "VIDEO": "a video", "MPCT": "a film", "MUSIC": "a score", "BILL": "a bill",
    "HEAR": "a hearing", "STAT": "a statute", "UNBILL": "a bill", "LEGAL": "a legal rule",
}  # fmt: skip

# Document types that mean the same as PubMed's publication types.
M3_TYPES = {"article": "Journal Article", "journal article": "Journal Article", "review": "Review",
            "letter": "Letter", "editorial": "Editorial", "erratum": "Published Erratum",
            "comment": "Comment", "case reports": "Case Reports", "clinical trial": "Clinical Trial",
            "randomized controlled trial": "Randomized Controlled Trial", "meta-analysis": "Meta-Analysis",
            "systematic review": "Systematic Review", "retracted publication": "Retracted Publication"}  # fmt: skip


def parse(stream: BinaryIO) -> Iterator:
    records = group_records(
        text_lines(stream),
        TAG_RE,
        starts_record=lambda tag: tag == "TY",
        ends_record=lambda tag: tag == "ER",
    )
    position = 0
    for raw in records:
        if is_header(raw):
            continue
        position += 1
        try:
            yield read_record(raw, position)
        except (ValueError, TypeError, IndexError) as exc:
            yield MalformedRecord(position, f"line {raw.line}: unreadable record ({exc})")


def is_header(raw: RawRecord) -> bool:
    """Untagged lines between records that are an exporter's header, not a record."""
    return all(f.tag == "" for f in raw.fields) and all(
        HEADER_LINE.match(line) for f in raw.fields for line in f.lines
    )


def language_code(value: str) -> str:
    """'English', 'en', 'en-US', 'eng', 'ngerman' -> a MEDLINE language code ('eng'), or ''."""
    language = value.split(";")[0].split(",")[0].strip().lower()
    language = LANGUAGES.get(language) or LANGUAGES.get(re.split(r"[-_]", language)[0]) or language
    return (language if len(language) == 3 and language.isalpha() else "")[:16]


def read_record(raw: RawRecord, position: int):
    if not raw.fields or raw.fields[0].tag != "TY":
        first = raw.fields[0] if raw.fields else None
        what = (
            f"'{first.tag}  - {first.value[:40]}'"
            if first and first.tag
            else f"'{first.value[:60]}'"
            if first
            else "nothing"
        )
        return MalformedRecord(position, f"line {raw.line}: a record must start with 'TY  - ', found {what}")
    if raw.unclosed_at_end:
        return MalformedRecord(
            position, f"line {raw.line}: the file ends inside this record, before its 'ER  -' line (cut off?)"
        )
    rec = PublicationRecord(source="ris", position=position)
    rec.title = strip_markup(raw.first("TI", "T1", "CT", "BT") or raw.first("ST"))
    if not rec.title:
        return MalformedRecord(position, f"line {raw.line}: the record has no title (TI, T1 or ST)")
    if (kind := raw.first("TY").upper()) in NOT_ARTICLES and not raw.first("JF", "JO", "JA", "J2"):
        # Not journal literature, and read as an article a patent's number would be its volume.
        return SkippedRecord(
            position,
            f"line {raw.line}: {NOT_ARTICLES[kind]} (TY {kind}, '{rec.title[:80]}'); the portal imports "
            "journal articles only",
        )

    links = [v for f in raw.all("UR", "L1", "L2", "L3", "LK", "DO") for v in f.lines]
    read_identifiers(raw, rec, links)
    read_journal(raw, rec)
    read_date(raw, rec)
    rec.authors, rec.authors_complete = read_authors(raw.all("AU", "A1"))

    abstract = raw.first("AB", "N2")
    if "ovid" in database_of(raw):
        # Ovid joins the sections of a labelled abstract with '.,': 'OBJECTIVE: To x., METHODS: We y.'
        abstract = OVID_SECTION_JOIN.sub(". ", abstract)
    rec.abstract = split_labelled_abstract(without_heading(strip_markup(abstract)))
    keywords = []
    for f in raw.all("KW"):
        for line in f.lines:  # one keyword per continuation line (EndNote, Rayyan)
            if ";" in line:
                keywords.extend(split_keywords(line))  # 'a; b; c' (Scopus)
            elif len(BARE_COMMA.findall(line)) >= 2:
                keywords.extend(k.strip() for k in BARE_COMMA.split(line) if k.strip())  # IEEE: 'a,b,c'
            else:
                keywords.append(line)  # 'Leukemia, Myeloid' is one term
    rec.keywords = [k[:200] for k in keywords]
    rec.language = language_code(raw.first("LA"))
    types = []
    for value in raw.texts("M3"):
        name = M3_TYPES.get(value.lower())
        if name and (name, "") not in types:
            types.append((name, ""))
    rec.publication_types = types
    return rec.finish()


def database_of(raw: RawRecord) -> str:
    """The database and provider a record names (DB, DP), in lower case: 'ovid medline(r) ovid technologies'."""
    return " ".join(raw.texts("DB", "DP")).lower()


def read_identifiers(raw: RawRecord, rec: PublicationRecord, links: list[str]) -> None:
    rec.doi = normalize_doi(raw.first("DO"))
    for m3 in raw.texts("M3"):  # EndNote's exports put the DOI in M3
        if not rec.doi and re.match(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/", m3, re.I):
            rec.doi = normalize_doi(m3)
    for link in links:
        if not rec.doi and (m := DOI_LINK.search(link) or BARE_DOI.fullmatch(link)):
            rec.doi = normalize_doi(m.group(1))  # EBSCOhost writes the bare DOI in L3
        if not rec.pmid and (m := OVID_LINK.search(link)):
            rec.pmid = normalize_pmid(m.group(1))
        if not rec.pmid and (m := PUBMED_LINK.search(link)):
            rec.pmid = normalize_pmid(m.group(1))
        if not rec.pmcid and (m := PMC_LINK.search(link)):
            rec.pmcid = normalize_pmcid(m.group(1))
    rec.pmid = rec.pmid or normalize_pmid(raw.first("PMID"))  # APA PsycNet
    # HighWire (Science, PNAS, old Oxford journals): 'N1  - doi: 10.1126/science.1219083'.
    for note in raw.texts("N1"):
        if not rec.doi and (m := BARE_DOI.fullmatch(note)):
            rec.doi = normalize_doi(m.group(1))
    database = database_of(raw)
    an = raw.first("AN")
    if any(w in database for w in ("nlm", "pubmed", "medline")):
        # PubMed's own accession number; Ovid MEDLINE's unique identifier ('ID') is the PMID too.
        # (EndNote writes its own record number as ID, and keeps Ovid's DB: '369' is no PMID.)
        ovid_id = raw.first("ID") if "ovid" in database and len(raw.first("ID")) >= 7 else ""
        for value in (an, ovid_id):
            if not rec.pmid and value.isdigit():
                rec.pmid = normalize_pmid(value)
    for value in raw.texts("U1", "U2", "U3", "U4", "U5", "M1", "N1"):
        if m := LABELLED_ID.fullmatch(value):
            if m.group(2).upper() == "PMID" and m.group(1).isdigit():
                rec.pmid = rec.pmid or normalize_pmid(m.group(1))
            elif m.group(2).upper() == "PMCID":
                rec.pmcid = rec.pmcid or normalize_pmcid(m.group(1))
    for c2 in raw.texts("C2"):
        if c2.upper().startswith("PMC"):
            rec.pmcid = rec.pmcid or normalize_pmcid(c2)
        elif c2.isdigit() and "scopus" in database and not rec.pmid:
            rec.pmid = normalize_pmid(c2)  # Scopus writes the PubMed ID in C2
    read_noted_ids(rec, *raw.texts("N1", "M2"))
    c5 = raw.first("C5")
    if not rec.pmid and c5.isdigit() and "embase" in database:
        rec.pmid = normalize_pmid(c5)  # Embase (Elsevier) writes the MEDLINE PMID in C5


# A note that only states the record's own identifiers, as Zotero writes its 'Extra' field
# ('PMID: 31429694', 'PMID: 31429694 PMCID: PMC6543210'); a note that cites another paper
# ('Comment on: N Engl J Med. 2020;382:100. PMID: 31000001') names that paper's PMID, not this one's.
NOTED_IDS = re.compile(r"\s*(?:(?:PMID|PMCID):[ \t]*(?:PMC)?\d{1,9}[\s;,]*)+", re.IGNORECASE)
NOTED_PMID = re.compile(r"\bPMID:[ \t]*(\d{1,9})", re.IGNORECASE)
NOTED_PMCID = re.compile(r"\bPMCID:[ \t]*(PMC\d+)", re.IGNORECASE)


def read_noted_ids(rec: PublicationRecord, *notes: str) -> None:
    """The PMID or PMCID of a note that states nothing else, where the record has none of its own."""
    for note in notes:
        if not note or not NOTED_IDS.fullmatch(note):
            continue
        if not rec.pmid and (m := NOTED_PMID.search(note)):
            rec.pmid = normalize_pmid(m.group(1))
        if not rec.pmcid and (m := NOTED_PMCID.search(note)):
            rec.pmcid = normalize_pmcid(m.group(1))


def read_journal(raw: RawRecord, rec: PublicationRecord) -> None:
    j = JournalRecord()
    # A chapter's T2 is its book; its series (T3: 'Methods in Molecular Biology') is what PubMed calls its journal.
    chapter = raw.first("TY").upper() in ("CHAP", "ECHAP")
    j.title = raw.first("JF", "JO", "T3") if chapter else raw.first("JF", "JO", "T2")
    j.iso_abbreviation = raw.first("J2", "JA", "JI", "J1", "J9")
    if not j.iso_abbreviation and raw.first("JF", "T2") and raw.first("JO") != j.title:
        j.iso_abbreviation = raw.first("JO")  # beside a full title, JO is the abbreviation (AIP, Ovid)
    if not j.title:
        j.title = j.iso_abbreviation
    if j.iso_abbreviation == j.title:
        j.iso_abbreviation = "" if len(j.title) > 60 else j.iso_abbreviation
    j.issn, j.eissn = read_issns(raw.texts("SN"))
    j.title, j.iso_abbreviation = j.title[:500], j.iso_abbreviation[:255]
    rec.journal = j
    rec.volume, rec.issue = (
        "" if placeholder(v) else v[:64] for v in (raw.first("VL", "VO"), raw.first("IS", "CP"))
    )
    if NLM_ID_AND_CODEN.fullmatch(rec.issue):
        rec.issue = ""  # Ovid MEDLINE's IS holds the journal's NLM ID and CODEN ('eag, 7805975')
    start, end = normalize_pages(raw.first("SP")), raw.first("EP")
    if f"{start} {end}".strip().lower() in ("no specified", "not specified") or placeholder(start):
        start = end = ""  # Ovid writes "SP - No" / "EP - Specified" when there are no pages, Wiley 'n/a'
    if start and end and end != start and "-" not in start:
        rec.pages = f"{start}-{end}"
    else:
        rec.pages = start or raw.first("C7")  # C7: article number (Scopus, Web of Science)
    rec.pages = normalize_pages(rec.pages)[:100]


def _is_year(part: str) -> bool:
    return part.isdigit() and len(part) == 4


def read_issns(values: list[str]) -> tuple[str, str]:
    """(print ISSN, electronic ISSN) of ISSN fields, by their labels where they have them, else in order."""
    issns, labelled = [], {}
    for value in values:
        value = ISBN.sub(" ", value)  # a book's ISBN holds groups shaped like an ISSN ('978-1-4822-5326-9')
        # PubMed's and EndNote's 'SN  - 1533-4406 (Electronic); 0028-4793 (Linking)' say which is which.
        for m in re.finditer(r"\b(\d{4}-?\d{3}[\dXx])\b(?:\s*\((print|electronic|linking)\))?", value, re.I):
            issn = normalize_issn(m.group(1))
            if issn and issn not in issns:
                issns.append(issn)
            if issn and m.group(2):
                labelled.setdefault(m.group(2).lower(), issn)
    if labelled:
        issn = labelled.get("print") or labelled.get("linking") or ""
        eissn = labelled.get("electronic", "")
        if not issn and eissn and len(issns) > 1:
            issn = next((i for i in issns if i != eissn), "")
        return issn, eissn
    return (issns + ["", ""])[0], (issns + ["", ""])[1]


def read_date(raw: RawRecord, rec: PublicationRecord) -> None:
    py = raw.first("PY", "Y1")
    rec.pub_year = parse_year(py)
    # PY may hold only the year where DA, or else Y1, has the whole date (Cell Press: 'Y1  - 2016/10/19').
    for tag, candidate in [("PY", py), ("DA", raw.first("DA")), ("Y1", raw.first("Y1"))]:
        candidate = re.sub(r"T\d\d:\d\d\S*", "", candidate)  # Ingenta: '2015-01-01T00:00:00///'
        parts = [p.strip() for p in re.split(r"[/\-\s]+", candidate) if p.strip()]
        if not parts:
            continue
        if len(parts) == 3 and parts[0].isdigit() and _is_year(parts[2]) and parse_month(parts[1]):
            parts = [parts[2], parts[1], parts[0]]  # '15 Mar 2019'
        elif len(parts) > 1 and _is_year(parts[-1]) and not _is_year(parts[0]):
            # IEEE Xplore: 'Mar. 2017', a conference's '4-8 Aug. 2020': the month (a range of days is no day).
            year = parse_year(parts[-1])
            month = next((parse_month(p) for p in parts[:-1] if not p.isdigit() and parse_month(p)), None)
            if month and year is not None and rec.pub_year in (None, year):
                # 'March 15, 2019' has a day; a range of days ('4-8 Aug. 2020') has none.
                day = parse_day(parts[1].rstrip(",")) if len(parts) == 3 and parse_month(parts[0]) else None
                rec.pub_year, rec.pub_month, rec.pub_day = year, month, day
                break
        year = parse_year(parts[0]) if _is_year(parts[0]) else None
        if year is not None:
            if rec.pub_year is None:
                rec.pub_year = year
            if year != rec.pub_year:
                continue
            parts = parts[1:]
        elif tag != "DA":
            continue  # a year field without its year first ('Spring 2018' is read by parse_year alone)
        month = parse_month(parts[0]) if parts else None
        if month:
            rec.pub_month = month
            rec.pub_day = parse_day(parts[1].rstrip(",")) if len(parts) > 1 else None  # 'Jun 15,'
            break
    if rec.pub_year is None:
        rec.pub_month = rec.pub_day = None


def read_authors(fields) -> tuple[list[AuthorName], bool]:
    names: list[AuthorName] = []
    complete = True
    for f in fields:
        for value in f.lines:
            value = clean(value).strip(";").replace("/'", "'")  # nature.com: "D/'Orso"
            if not value:
                continue
            if re.fullmatch(r"(?i)et\.? al\.?|others|\.\.\.", value):
                complete = False
                continue
            names.append(parse_person(value))
    return names, complete


def parse_person(value: str) -> AuthorName:
    """'Basinska, Malgorzata A.' / 'Luke, TJ' / 'Liu R.' / 'Adler D.G.' / 'IRIS Investigators'."""
    if "," in value:
        last, _, given = value.partition(",")
        given, _, suffix = given.partition(",")
        last, given, suffix = last.strip(), given.strip(), suffix.strip()
        given = EDITOR_MARK.sub("", given).strip()  # ProQuest: 'Takada, Mitsuo eds'
        if given.lower() in EMPTY_GIVEN_NAMES:
            given = ""  # Lens: 'Sneha, null'
        if m := TRAILING_PARTICLE.search(given):
            # Publish or Perish: 'Wesenbeeck, B. K. van' is van Wesenbeeck.
            last, given = f"{m.group(1).strip()} {last}", given[: m.start()].strip()
        # 'Nature Conservancy, Carlton Victoria Australia Program' (AGRIS): no one's given name says Program.
        if (not given and COLLECTIVE_WORDS.search(last)) or COLLECTIVE_WORDS.search(given):
            return AuthorName(collective_name=value[:500])
        return person(last, given, suffix)
    tokens = value.split()
    if len(tokens) == 2 and all(CJK.fullmatch(t) for t in tokens):
        return person(tokens[0], tokens[1], "")  # '熊 玮': the family name comes first
    if COLLECTIVE_WORDS.search(value) or ORGANIZATION_JOINERS.search(value) or len(tokens) > 5:
        return AuthorName(collective_name=value[:500])
    # 'Liu R.' / 'Adler D.G.' (Embase) / 'Smith J A': trailing initials; 'John Smith': last word is the surname.
    initials = 0
    while initials < len(tokens) - 1 and re.fullmatch(r"(?:[A-Z]\.?-?){1,4}", tokens[-1 - initials]):
        initials += 1
    if initials:
        return person(" ".join(tokens[:-initials]), " ".join(tokens[-initials:]), "")
    if len(tokens) > 1:
        return person(tokens[-1], " ".join(tokens[:-1]), "")
    return person(value, "", "")


def person(last: str, given: str, suffix: str) -> AuthorName:
    compact = re.sub(r"[\s.\-]", "", given)
    # 'TJ', 'D.G.', 'J. A. M. S.': initials; a four-letter capitalized word is a name ('SMITH, JOHN').
    if (
        compact
        and compact.isupper()
        and compact.isalpha()
        and (len(compact) <= 3 or len(compact) == 4 != len(given))
    ):
        fore, initials = "", compact  # 'TJ', 'D.G.': initials only
    else:
        fore = re.sub(r"(?<=\b[A-Z])\.", "", given).strip()  # 'Malgorzata A.' -> 'Malgorzata A'
        fore = " ".join(fore.split())
        initials = initials_from(fore)
    return AuthorName(last_name=last[:200], fore_name=fore[:200], initials=initials[:20], suffix=suffix[:20])
