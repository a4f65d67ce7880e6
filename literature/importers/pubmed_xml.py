"""PubMed/MEDLINE XML: ``PubmedArticleSet`` (efetch, the annual baseline and its updates) and
the older ``MedlineCitationSet`` (MEDLINE files up to 2016).

Parsed safely and in a stream. Before parsing, the prolog (everything before the root
element) is read and a file that declares entities is refused: that closes the
billion-laughs family and external entities (XXE) at the door, with a clear message.
Behind that, expat (the C parser of ``xml.etree``) never fetches a DTD or an external
entity (no network, no file access) and caps entity amplification itself. Each record is
cleared from memory once read, so a file of any size is read in constant memory.

Book records (``PubmedBookArticle``) are skipped with a reason: the portal keeps journal
literature, and a book has no journal, volume or pages to cite it by.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError, iterparse

from literature.importers.detect import first_undecodable
from literature.importers.records import (
    DeletedCitation,
    FileFormatError,
    JournalRecord,
    MalformedRecord,
    MeshRecord,
    PublicationRecord,
    RelationRecord,
    SkippedRecord,
    TrialRecord,
    clean,
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
    trial_registry,
    unique,
)
from literature.services import AuthorName

RELATION_KINDS = {
    "ErratumIn", "ErratumFor", "RetractionIn", "RetractionOf", "RetractedandRepublishedIn",
    "RetractedandRepublishedFrom", "ExpressionOfConcernIn", "ExpressionOfConcernFor", "CommentOn",
    "CommentIn", "UpdateIn", "UpdateOf",
}  # fmt: skip
# "Cites" lines are the reference list of old records, not corrections: not kept.
IGNORED_REF_TYPES = {"Cites"}

RECORD_TAGS = {"PubmedArticle", "MedlineCitation", "PubmedBookArticle", "DeleteCitation"}


def text_of(elem: Element | None) -> str:
    """All the text of an element, inline markup (<i>, <sup>, MathML) flattened, whitespace collapsed."""
    if elem is None:
        return ""
    if not len(elem):
        return clean(elem.text)
    return clean("".join(_texts(elem)))


MATHML = "{http://www.w3.org/1998/Math/MathML}"


WORD_START = re.compile(r"[^\W\d_]{2}")  # a word of two letters or more
SPACED_MARKUP = {"i", "b", "u"}  # not sub or sup: 'H<sub>2</sub>O', 'Ca<sup>2+</sup>'
NOT_AVAILABLE = re.compile(r"\[(?:Not Available|In Process Citation)\]\.?", re.I)


def _texts(elem: Element, in_math: bool = False) -> Iterator[str]:
    """``elem.itertext()``, read as MathML is: the indentation between its elements is no text
    ('3 He' was '3He'), and a multiscript's prescripts come before its base (the '3' of '3He')."""
    math = in_math or elem.tag.startswith(MATHML)
    if elem.text and not (math and elem.text.isspace()):
        yield elem.text
    children = list(elem)
    if elem.tag == MATHML + "mmultiscripts":
        split = next((i for i, c in enumerate(children) if c.tag == MATHML + "mprescripts"), None)
        if split is not None:
            children = children[split + 1 :] + children[:split]
    before = elem.text or ""
    for child in children:
        inner = "".join(_texts(child, math))
        tail = child.tail if child.tail and not (math and child.tail.isspace()) else ""
        if child.tag in SPACED_MARKUP and inner:
            # 'at the<i>TERT</i>gene', 'and<i>BRCA1</i>mutations': NLM's conversions lose the spaces
            # around italics; words run together would hide a drug or gene name from search and drug
            # linking. Not notation: a single italic letter ('p<i>K</i>a', '2<i>H</i>-pyran',
            # 'TNF<i>α</i>') or one letter after it ('<i>lox</i>P', '<i>Wnt</i>s').
            word = len(inner.strip()) > 1
            if word and before[-1:].isalpha() and inner[0].isalnum():
                inner = " " + inner
            if word and inner[-1].isalnum() and WORD_START.match(tail):
                inner += " "
        yield inner
        if tail:
            yield tail
        before = tail or inner


# ElementTree's find/findall run in C for a plain tag name but fall back to Python's
# ElementPath for a path with '/': these walk a path one plain tag at a time.
def kids(elem: Element, path: str) -> list[Element]:
    nodes = [elem]
    for tag in path.split("/"):
        nodes = [child for node in nodes for child in node.findall(tag)]
    return nodes


def kid(elem: Element, path: str) -> Element | None:
    for tag in path.split("/"):
        elem = elem.find(tag)
        if elem is None:
            return None
    return elem


def parse(stream: BinaryIO) -> Iterator:
    """Yield one record (or a skip/malformed/deletion notice) per top-level entry of the file."""
    root_tag = check_prolog(stream)
    position = 0
    record_tags = RECORD_TAGS
    # In MedlineCitationSet (or a file of one MedlineCitation) a MedlineCitation is a record; elsewhere
    # it sits inside a PubmedArticle.
    nested = root_tag not in ("MedlineCitationSet", "MedlineCitation")
    try:
        # expat via xml.etree: entity declarations were refused by check_prolog; no DTD or
        # external entity is ever fetched (defusedxml would force the slow pure-Python parser).
        root = None
        for event, elem in iterparse(stream, events=("start", "end")):  # noqa: S314
            if event == "start":
                if root is None:
                    root = elem
                continue
            tag = elem.tag
            if tag not in record_tags or (nested and tag == "MedlineCitation"):
                continue
            position += 1
            try:
                yield from read_entry(elem, position)
            except (ValueError, TypeError, AttributeError) as exc:
                yield MalformedRecord(position, f"unreadable record ({exc})")
            # Drop what was read, the record and its place under the root: memory stays flat
            # whatever the file size.
            root.clear()
    except ParseError as exc:
        if exc.code == INVALID_TOKEN and (where := _not_utf8(stream)):
            raise FileFormatError(f"the file is not UTF-8 text ({where}); export it again as UTF-8") from exc
        raise FileFormatError(f"the file is not well-formed XML ({exc})") from exc


INVALID_TOKEN = 4  # expat's XML_ERROR_INVALID_TOKEN: what a Latin-1 byte in a UTF-8 file is to it
DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def _not_utf8(stream: BinaryIO) -> str:
    """Where a file that says (or, saying nothing, is taken to be) UTF-8 is not: '' if it is, or if it
    says it is in another encoding (which expat then reads itself) or cannot be read again."""
    try:
        stream.seek(0)
        head = stream.read(200)
    except (OSError, ValueError):
        return ""
    declared = DECLARED_ENCODING.match(head.lstrip(b"\xef\xbb\xbf"))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8")
    ):
        return ""
    return first_undecodable(stream, "utf-8-sig")


PROLOG_LIMIT = 1024 * 1024


def root_start(head: bytes) -> int | None:
    """Offset of the root element's '<' in ``head``, past the declaration, comments and DOCTYPE."""
    i = 0
    while True:
        j = head.find(b"<", i)
        if j == -1:
            return None
        if head.startswith(b"<?", j):
            end = head.find(b"?>", j)
            i = end + 2
        elif head.startswith(b"<!--", j):
            end = head.find(b"-->", j)
            i = end + 3
        elif head.startswith(b"<!", j):  # DOCTYPE, with or without an internal subset [...]
            bracket, close = head.find(b"[", j), head.find(b">", j)
            if bracket != -1 and (close == -1 or bracket < close):
                subset_end = head.find(b"]", bracket)
                end = -1 if subset_end == -1 else head.find(b">", subset_end)
            else:
                end = close
            i = end + 1
        else:
            return j
        if end == -1:
            return None


def check_prolog(stream: BinaryIO) -> str:
    """Refuse XML that declares entities (billion laughs, XXE) before a single byte is parsed.

    PubMed's files declare none: their DOCTYPE only names the public DTD, which is never
    fetched. The prolog is read up to the root element (at most 1 MB); the stream is then
    rewound for the parser. Returns the root element's name.
    """
    head, root = b"", None
    while root is None:
        chunk = stream.read(64 * 1024)
        head += chunk
        root = root_start(head)
        if not chunk:
            break
        if root is None and len(head) > PROLOG_LIMIT:
            stream.seek(0)
            raise FileFormatError("the XML has more than 1 MB before its first element; refused")
    stream.seek(0)
    prolog = head if root is None else head[:root]
    text = prolog.decode("utf-16" if prolog[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", errors="ignore")
    if "<!entity" in text.lower():
        raise FileFormatError(
            "the XML declares entities (<!ENTITY ...>), which are refused for safety (entity-expansion "
            "bombs, external entities); PubMed files declare none"
        )
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # the root's name is read in UTF-8
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
        root = root_start(head)
    m = re.match(rb"<([A-Za-z_][\w.:-]*)", head[root:]) if root is not None else None
    return m.group(1).decode("ascii", "ignore") if m else ""


def read_entry(elem: Element, position: int) -> Iterator:
    if elem.tag == "DeleteCitation":
        pmids = [p for p in (normalize_pmid(e.text) for e in elem.findall("PMID")) if p]
        yield DeletedCitation(position, pmids)
        return
    if elem.tag == "PubmedBookArticle":
        pmid = normalize_pmid(text_of(kid(elem, "BookDocument/PMID")))
        title = text_of(kid(elem, "BookDocument/ArticleTitle")) or text_of(
            kid(elem, "BookDocument/Book/BookTitle")
        )
        yield SkippedRecord(
            position,
            f"PMID {pmid}: a book record (PubmedBookArticle, '{title[:80]}'); the portal imports journal "
            "articles only",
        )
        return
    citation = elem.find("MedlineCitation") if elem.tag == "PubmedArticle" else elem
    if citation is None:
        yield MalformedRecord(position, "a PubmedArticle without a MedlineCitation")
        return
    pubmed_data = elem.find("PubmedData") if elem.tag == "PubmedArticle" else None
    record = read_citation(citation, pubmed_data, position)
    if isinstance(record, MalformedRecord):
        yield record
    else:
        yield record.finish()


def read_citation(citation: Element, pubmed_data: Element | None, position: int):
    pmid = normalize_pmid(citation.findtext("PMID"))
    article = citation.find("Article")
    if article is None:
        return MalformedRecord(position, f"PMID {pmid or '?'}: no Article element")
    rec = PublicationRecord(source="pubmed", position=position, pmid=pmid)
    revised = citation.find("DateRevised")
    if revised is not None:
        rec.revised = revision(revised.findtext("Year"), revised.findtext("Month"), revised.findtext("Day"))

    rec.title = text_of(article.find("ArticleTitle"))
    rec.vernacular_title = text_of(article.find("VernacularTitle"))
    if not rec.title or (NOT_AVAILABLE.fullmatch(rec.title) and rec.vernacular_title):
        # NLM's placeholder for an article with no English title: its own title is the vernacular one.
        rec.title = rec.vernacular_title or text_of(kid(article, "Book/BookTitle"))
    if not rec.title:
        return MalformedRecord(position, f"PMID {pmid or '?'}: no title")

    # Identifiers: the DOI from ELocationID first (the article's own), then the ArticleIdList.
    for eloc in article.findall("ELocationID"):
        if eloc.get("EIdType") == "doi" and eloc.get("ValidYN", "Y") == "Y" and not rec.doi:
            rec.doi = normalize_doi(eloc.text)
    if pubmed_data is not None:
        for aid in kids(pubmed_data, "ArticleIdList/ArticleId"):
            kind = aid.get("IdType")
            if kind == "doi" and not rec.doi:
                rec.doi = normalize_doi(aid.text)
            elif kind in ("pmc", "pmcid") and not rec.pmcid:
                rec.pmcid = normalize_pmcid(aid.text)
            elif kind == "pubmed" and not rec.pmid:
                rec.pmid = normalize_pmid(aid.text)
    if not rec.pmcid:
        # The 2016 format has no PubmedData; PMC ids sit in OtherID ("PMC4380289 [Available on ...]").
        for other in citation.findall("OtherID"):
            if (other.text or "").strip().upper().startswith("PMC"):
                rec.pmcid = normalize_pmcid(other.text)
                break

    read_journal(article, citation, rec)
    read_abstracts(article, citation, rec)
    read_authors(article, rec)

    languages = [clean(e.text) for e in article.findall("Language") if clean(e.text)]
    rec.language = languages[0][:16] if languages else ""
    rec.publication_types = unique(
        (text_of(pt), pt.get("UI", "")) for pt in kids(article, "PublicationTypeList/PublicationType")
    )
    rec.mesh_headings = read_mesh(citation)
    rec.keywords = [text_of(k) for k in kids(citation, "KeywordList/Keyword")]
    rec.substances = [text_of(c) for c in kids(citation, "ChemicalList/Chemical/NameOfSubstance")]
    rec.substances += [text_of(s) for s in kids(citation, "SupplMeshList/SupplMeshName")]
    rec.trials = read_trials(article)
    rec.relations = read_relations(citation)
    return rec


def read_journal(article: Element, citation: Element, rec: PublicationRecord) -> None:
    journal = article.find("Journal")
    info = citation.find("MedlineJournalInfo")
    j = JournalRecord()
    if journal is not None:
        j.title = text_of(journal.find("Title"))
        j.iso_abbreviation = text_of(journal.find("ISOAbbreviation"))
        for issn in journal.findall("ISSN"):
            value = normalize_issn(issn.text)
            if issn.get("IssnType") == "Electronic":
                j.eissn = j.eissn or value
            else:
                j.issn = j.issn or value
        ji = journal.find("JournalIssue")
        if ji is not None:
            rec.volume = text_of(ji.find("Volume"))[:64]
            rec.issue = text_of(ji.find("Issue"))[:64]
            read_pub_date(ji.find("PubDate"), rec)
    if info is not None:
        j.nlm_id = text_of(info.find("NlmUniqueID"))[:32]
        if not j.iso_abbreviation:
            j.iso_abbreviation = text_of(info.find("MedlineTA"))
        if not j.issn:
            # The linking ISSN (the print one, as a rule) also when the article names only its
            # electronic ISSN: RIS and BibTeX exports of the same journal carry the print ISSN.
            linking = normalize_issn(info.findtext("ISSNLinking"))
            j.issn = linking if linking != j.eissn else ""
    if not j.title:
        j.title = j.iso_abbreviation
    rec.journal = j

    pagination = article.find("Pagination")
    if pagination is not None:
        pages = text_of(pagination.find("MedlinePgn"))
        if not pages:
            start, end = text_of(pagination.find("StartPage")), text_of(pagination.find("EndPage"))
            pages = f"{start}-{end}" if start and end and end != start else start
        rec.pages = pages[:100]


def read_pub_date(pub_date: Element | None, rec: PublicationRecord) -> None:
    """Year/Month/Day, or Year + Season ('2018 May-Jun'), or a MedlineDate ('2015 Oct-Dec')."""
    if pub_date is None:
        return
    medline_date = text_of(pub_date.find("MedlineDate"))
    if medline_date:
        rec.pub_year = parse_year(medline_date)
        rec.pub_date_text = medline_date[:100]
        return
    rec.pub_year = parse_year(pub_date.findtext("Year"))
    season = text_of(pub_date.find("Season"))
    month_text = text_of(pub_date.find("Month"))
    month = parse_month(month_text)
    if season or (month_text and month is None):
        label = season or month_text
        rec.pub_date_text = (f"{rec.pub_year} {label}" if rec.pub_year else label)[:100]
        return
    rec.pub_month = month
    if month:
        rec.pub_day = parse_day(pub_date.findtext("Day"))


def read_abstracts(article: Element, citation: Element, rec: PublicationRecord) -> None:
    abstract = article.find("Abstract")
    if abstract is not None:
        rec.abstract = read_sections(abstract)
        rec.copyright = text_of(abstract.find("CopyrightInformation"))
    for other in citation.findall("OtherAbstract"):
        sections = read_sections(other)
        if sections:
            rec.other_abstracts.append(
                {
                    "type": other.get("Type", ""),
                    "language": other.get("Language", ""),
                    "sections": sections,
                    "copyright": text_of(other.find("CopyrightInformation")),
                }
            )


def read_sections(abstract: Element) -> list[dict]:
    sections = []
    for part in abstract.findall("AbstractText"):
        text = text_of(part)
        label = clean(part.get("Label"))
        if text or label:
            sections.append({"label": label, "category": clean(part.get("NlmCategory")), "text": text})
    return sections


def read_authors(article: Element, rec: PublicationRecord) -> None:
    author_list = article.find("AuthorList")
    if author_list is None:
        return
    rec.authors_complete = author_list.get("CompleteYN", "Y") != "N"
    for author in author_list.findall("Author"):
        if author.get("ValidYN", "Y") == "N":
            continue  # PubMed keeps misspelt names flagged as invalid; it does not show them
        orcid = None
        for ident in author.findall("Identifier"):
            if (ident.get("Source") or "").upper() == "ORCID":
                orcid = normalize_orcid(ident.text)
                break
        affiliation = "; ".join(
            text_of(a) for a in kids(author, "AffiliationInfo/Affiliation") if text_of(a)
        ) or text_of(author.find("Affiliation"))
        collective = text_of(author.find("CollectiveName"))
        if collective:
            rec.authors.append(
                AuthorName(collective_name=collective[:500], orcid=orcid, affiliation=affiliation)
            )
            continue
        last = text_of(author.find("LastName"))
        fore = text_of(author.find("ForeName")) or text_of(author.find("FirstName"))
        if not last:
            if not fore:
                continue
            last, fore = fore, ""  # a mononym, as PubMed stores some
        initials = text_of(author.find("Initials")) or initials_from(fore)
        rec.authors.append(
            AuthorName(
                last_name=last[:200],
                fore_name=fore[:200],
                initials=initials[:20],
                suffix=text_of(author.find("Suffix"))[:20],
                orcid=orcid,
                affiliation=affiliation,
            )
        )
    # Before 2014 the DTD had one <Affiliation> for the article (its first author's) beside the list.
    shared = text_of(article.find("Affiliation"))
    if shared and rec.authors and not rec.authors[0].affiliation:
        rec.authors[0] = replace(rec.authors[0], affiliation=shared)


def read_mesh(citation: Element) -> list[MeshRecord]:
    headings: dict[str, MeshRecord] = {}
    for heading in kids(citation, "MeshHeadingList/MeshHeading"):
        descriptor = heading.find("DescriptorName")
        name = text_of(descriptor)
        if not name or name in headings:
            continue
        qualifiers = heading.findall("QualifierName")
        major = descriptor.get("MajorTopicYN") == "Y" or any(q.get("MajorTopicYN") == "Y" for q in qualifiers)
        headings[name] = MeshRecord(
            name=name[:300],
            ui=descriptor.get("UI", "")[:16],
            is_major=major,
            qualifiers=[text_of(q) for q in qualifiers if text_of(q)],
        )
    return list(headings.values())


def read_trials(article: Element) -> list[TrialRecord]:
    trials = []
    for bank in kids(article, "DataBankList/DataBank"):
        name = text_of(bank.find("DataBankName")).lower()
        registry = trial_registry(name)
        if registry is None:
            continue
        for acc in kids(bank, "AccessionNumberList/AccessionNumber"):
            identifier = text_of(acc)[:64]
            if identifier:
                trials.append(TrialRecord(identifier, registry))
    return trials


def read_relations(citation: Element) -> list[RelationRecord]:
    relations = []
    for cc in kids(citation, "CommentsCorrectionsList/CommentsCorrections"):
        ref_type = cc.get("RefType", "")
        if ref_type in IGNORED_REF_TYPES:
            continue
        source = text_of(cc.find("RefSource"))
        if ref_type in RELATION_KINDS:
            kind = ref_type
        else:
            kind = "other"
            # Keep what the line was ("ReprintIn", "SummaryForPatientsIn"...) where a reader sees it.
            source = f"{relation_label(ref_type)}: {source}".strip(": ")
        relations.append(
            RelationRecord(kind=kind, ref_source=source[:500], ref_pmid=normalize_pmid(cc.findtext("PMID")))
        )
    return relations


def relation_label(ref_type: str) -> str:
    """'SummaryForPatientsIn' -> 'Summary for patients in', 'CorrectedandRepublishedIn' -> 'Corrected and
    republished in': as MEDLINE text labels the same lines."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+", re.sub(r"(?<=[a-z])and(?=[A-Z])", "And", ref_type))
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else ref_type
