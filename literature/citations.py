"""Citations and exports of publications: one place for every style and file format.

Every function reads only the publication row, its selected ``journal`` and, for the
formats that carry them, ``publication_types`` and ``mesh_headings`` (prefetch them for
lists; see ``literature.selectors.for_export``). Authors come from the row's
``author_list``, so a citation never queries authorships.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator

from literature.models import MONTH_ABBR, Publication, nlm_name

# --- authors ------------------------------------------------------------------------------


def _initials_dotted(initials: str) -> str:
    """'JS' -> 'J. S.' (APA)."""
    return " ".join(f"{ch}." for ch in initials if ch.isalpha())


def _name_inverted(a: dict, dotted: bool) -> str:
    """'Dahlin, J. S.' and 'Wright, J. T., Jr.' (APA), 'Dahlin, JS' and 'Wright, JT, Jr' (RIS);
    collectives as they are."""
    if a.get("collective_name"):
        return a["collective_name"]
    initials = _initials_dotted(a.get("initials", "")) if dotted else a.get("initials", "")
    suffix = a.get("suffix", "").rstrip(".")
    if dotted and suffix.lower() in ("jr", "sr"):
        suffix += "."
    return ", ".join(p for p in (a.get("last_name", ""), initials, suffix) if p)


def authors_nlm(pub: Publication, limit: int = 6, keep: int | None = None) -> str:
    """'Dahlin J, Ekoff M, ..., Hagberg H, et al.' — up to ``limit`` names, else ``keep`` then et al."""
    names = [nlm_name(a) for a in pub.author_list]
    truncated = pub.authors_are_truncated
    if len(names) > limit:
        names, truncated = names[: keep or limit], True
    if not names:
        return ""
    return ", ".join(names) + (", et al." if truncated else "")


# --- pieces -------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    """End a title or name list with one full stop (none added after ? or !)."""
    text = (text or "").strip()
    if not text:
        return ""
    return text if text[-1] in ".?!" else text + "."


def journal_abbreviation(pub: Publication) -> str:
    return pub.journal.display_abbreviation if pub.journal_id else ""


def journal_title(pub: Publication) -> str:
    return pub.journal.title if pub.journal_id else ""


def source_nlm(pub: Publication) -> str:
    """'2017 Oct 19;130(16):1785-1794', or '2019 Dec 17:1352458519892914' with no volume."""
    out = pub.date_display
    volume = pub.volume + (f"({pub.issue})" if pub.issue else "")
    if volume:
        out += f";{volume}"
    if pub.pages:
        out += f":{pub.pages}"
    return out


# --- styles -------------------------------------------------------------------------------


def portal_citation_parts(pub: Publication) -> dict[str, str]:
    """The seed style's pieces, so a page can link the title: joined with spaces they are
    ``portal_citation``. Keys: authors, title, journal, source (any may be empty)."""
    source = str(pub.pub_year or "")
    if pub.volume or pub.pages:
        source += f";{pub.volume}:{pub.pages}"
    return {
        "authors": _sentence(authors_nlm(pub)),
        "title": _sentence(pub.title),
        "journal": _sentence(journal_abbreviation(pub)),
        "source": source,
    }


def portal_citation(pub: Publication) -> str:
    """The seed page's style: 'Dahlin J, ..., et al. Title. Blood. 2017;130:1785-1794'."""
    return " ".join(p for p in portal_citation_parts(pub).values() if p)


def nlm_citation(pub: Publication) -> str:
    """NLM/Vancouver as PubMed's "Cite" gives it."""
    parts = [
        _sentence(authors_nlm(pub)),
        _sentence(pub.title),
        _sentence(journal_abbreviation(pub)),
        _sentence(source_nlm(pub)),
    ]
    if pub.doi:
        parts.append(f"doi: {pub.doi}.")
    if pub.pmid:
        parts.append(f"PMID: {pub.pmid}.")
    if pub.pmcid:
        parts.append(f"PMCID: {pub.pmcid}.")
    return " ".join(p for p in parts if p)


def ama_citation(pub: Publication) -> str:
    """AMA 11th edition: up to 6 authors, else the first 3 and et al."""
    vol = pub.volume + (f"({pub.issue})" if pub.issue else "")
    source = f"{pub.pub_year or ''}" + (f";{vol}" if vol else "") + (f":{pub.pages}" if pub.pages else "")
    parts = [
        _sentence(authors_nlm(pub, limit=6, keep=3)),
        _sentence(pub.title),
        _sentence(f"{journal_abbreviation(pub)}. {source}".strip(". ")),
    ]
    if pub.doi:
        parts.append(f"doi:{pub.doi}")
    return " ".join(p for p in parts if p)


def apa_citation(pub: Publication) -> str:
    """APA 7th edition: up to 20 authors, '&' before the last."""
    names = [_name_inverted(a, dotted=True) for a in pub.author_list]
    if len(names) > 20:
        authors = ", ".join(names[:19]) + ", . . . " + names[-1]
    elif pub.authors_are_truncated and names:
        authors = ", ".join(names) + ", et al."
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = names[0] if names else ""
    year = f"({pub.pub_year})." if pub.pub_year else "(n.d.)."
    source = journal_title(pub)
    if pub.volume:
        source += f", {pub.volume}" + (f"({pub.issue})" if pub.issue else "")
    if pub.pages:
        source += f", {pub.pages.replace('-', '–')}"
    parts = [
        authors if authors.endswith(".") else (authors + "." if authors else ""),
        year,
        _sentence(pub.title),
    ]
    parts.append(_sentence(source))
    if pub.doi:
        parts.append(f"https://doi.org/{pub.doi}")
    return " ".join(p for p in parts if p)


CITATION_STYLES = {"nlm": ("NLM", nlm_citation), "apa": ("APA", apa_citation), "ama": ("AMA", ama_citation)}


# --- file formats ---------------------------------------------------------------------------


def _split_pages(pages: str) -> tuple[str, str]:
    """'1785-1794' -> ('1785', '1794'); '461-76' -> ('461', '476'); 'e146-8' -> ('e146', 'e148')."""
    m = re.fullmatch(r"\s*([A-Za-z]*)(\d+)\s*[-–]\s*([A-Za-z]*)(\d+)\s*", pages or "")
    if not m:
        return (pages or "").strip(), ""
    prefix, start, _, end = m.groups()
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return prefix + start, prefix + end


def _types(pub: Publication) -> list[str]:
    return [t.name for t in pub.publication_types.all()]


def _mesh(pub: Publication) -> list[str]:
    """MEDLINE's form: a major topic starts with '*' ('*Imatinib Mesylate/therapeutic use')."""
    out = []
    for h in pub.mesh_headings.all():
        term = ("*" if h.is_major else "") + h.term.name
        out.append("/".join([term, *h.qualifiers]))
    return out


def ris_record(pub: Publication) -> str:
    lines = [("TY", "JOUR")]
    lines += [("AU", _name_inverted(a, dotted=False)) for a in pub.author_list]
    lines.append(("TI", pub.title))
    if pub.journal_id:
        lines += [("T2", pub.journal.title), ("J2", journal_abbreviation(pub))]
        if pub.journal.issn:
            lines.append(("SN", pub.journal.issn))
    if pub.pub_year:
        lines.append(("PY", str(pub.pub_year)))
        lines.append(("DA", "/".join([f"{pub.pub_year}", f"{pub.pub_month or ''}".zfill(2) if pub.pub_month else "",
                                      f"{pub.pub_day or ''}".zfill(2) if pub.pub_day else "", ""])))  # fmt: skip
    for tag, value in (("VL", pub.volume), ("IS", pub.issue)):
        if value:
            lines.append((tag, value))
    start, end = _split_pages(pub.pages)
    if start:
        lines.append(("SP", start))
    if end:
        lines.append(("EP", end))
    if pub.abstract:
        lines.append(("AB", " ".join(pub.abstract_text.split())))
    for kw in [*pub.keywords, *_mesh(pub)]:
        lines.append(("KW", kw))
    if pub.language:
        lines.append(("LA", pub.language))
    if pub.doi:
        lines.append(("DO", pub.doi))
    if pub.pmid:
        lines.append(("AN", str(pub.pmid)))
        lines.append(("UR", pub.pubmed_url))
    if pub.pmcid:
        lines.append(("C2", pub.pmcid))
    for t in _types(pub):
        lines.append(("M3", t))
    if pub.is_retracted:
        lines.append(("N1", "Retracted publication"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in lines)


_BIBTEX_SPECIAL = str.maketrans(
    {"{": r"\{", "}": r"\}", "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#"}
)


def _bib(value: str) -> str:
    return " ".join(str(value).split()).translate(_BIBTEX_SPECIAL)


def bibtex_key(pub: Publication) -> str:
    first = pub.author_list[0] if pub.author_list else {}
    name = first.get("last_name") or first.get("collective_name") or "anon"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    word = next((w for w in re.findall(r"[A-Za-z]+", pub.title) if len(w) > 3), "paper")
    return f"{re.sub(r'[^A-Za-z]', '', ascii_name).lower() or 'anon'}{pub.pub_year or ''}{word.lower()}{pub.pk or ''}"


def bibtex_record(pub: Publication) -> str:
    authors = []
    for a in pub.author_list:
        if a.get("collective_name"):
            authors.append("{" + _bib(a["collective_name"]) + "}")
        else:
            given = a.get("fore_name") or _initials_dotted(a.get("initials", ""))
            # BibTeX's 'von Last, Jr, First' form.
            parts = (a.get("last_name", ""), a.get("suffix", ""), given)
            authors.append(", ".join(_bib(p) for p in parts if p))
    if pub.authors_are_truncated:
        authors.append("others")
    fields = [("author", " and ".join(authors)), ("title", "{" + _bib(pub.title) + "}")]
    if pub.journal_id:
        fields.append(("journal", _bib(pub.journal.title)))
    for name, value in (("year", pub.pub_year), ("volume", pub.volume), ("number", pub.issue)):
        if value:
            fields.append((name, _bib(value)))
    if pub.pub_month:
        fields.append(("month", MONTH_ABBR[pub.pub_month - 1].lower()))
    if pub.pages:
        fields.append(("pages", _bib(pub.pages.replace("-", "--"))))
    for name, value in (
        ("doi", pub.doi),
        ("pmid", pub.pmid),
        ("pmcid", pub.pmcid),
        ("language", pub.language),
    ):
        if value:
            fields.append((name, _bib(value)))
    if pub.abstract:
        fields.append(("abstract", _bib(pub.abstract_text)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{bibtex_key(pub)},\n{body}\n}}\n"


def _medline_lines(tag: str, value: str, width: int = 82) -> list[str]:
    """MEDLINE text: 4-character tag, '- ', and continuation lines indented by six spaces."""
    words, lines, line = str(value).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return [f"{tag:<4}- {lines[0]}"] + [f"      {rest}" for rest in lines[1:]]


def nbib_record(pub: Publication) -> str:
    out: list[str] = []

    def add(tag, value):
        if value not in (None, ""):
            out.extend(_medline_lines(tag, value))

    add("PMID", pub.pmid)
    add("TI", _sentence(pub.title))
    if pub.vernacular_title:
        add("TT", pub.vernacular_title)
    add("AB", pub.abstract_text)
    for a in pub.author_list:
        if a.get("collective_name"):
            add("CN", a["collective_name"])
        else:
            given = " ".join(
                p for p in (a.get("fore_name") or a.get("initials", ""), a.get("suffix", "")) if p
            )
            add("FAU", f"{a.get('last_name', '')}, {given}")
            add("AU", nlm_name(a))
    add("LA", pub.language)
    for t in _types(pub):
        add("PT", t)
    add("DP", pub.date_display)
    if pub.journal_id:
        add("TA", journal_abbreviation(pub))
        add("JT", pub.journal.title)
        # MEDLINE writes each ISSN with its medium, as readers of .nbib files expect.
        if pub.journal.issn:
            add("IS", f"{pub.journal.issn} (Print)")
        if pub.journal.eissn:
            add("IS", f"{pub.journal.eissn} (Electronic)")
    add("VI", pub.volume)
    add("IP", pub.issue)
    add("PG", pub.pages)
    if pub.doi:
        add("LID", f"{pub.doi} [doi]")
        add("AID", f"{pub.doi} [doi]")
    add("PMC", pub.pmcid)
    for term in _mesh(pub):
        add("MH", term)
    for kw in pub.keywords:
        add("OT", kw)
    for trial in pub.trials.all():
        add("SI", f"{trial.registry}/{trial.identifier}")
    add("SO", f"{journal_abbreviation(pub)}. {source_nlm(pub)}.".strip(". ") + ".")
    return "\n".join(out) + "\n"


def csl_item(pub: Publication) -> dict:
    authors = []
    for a in pub.author_list:
        if a.get("collective_name"):
            authors.append({"literal": a["collective_name"]})
        else:
            name = {"family": a.get("last_name", ""), "given": a.get("fore_name") or a.get("initials", "")}
            if a.get("suffix"):
                name["suffix"] = a["suffix"]
            authors.append(name)
    item = {
        "id": f"pmid:{pub.pmid}" if pub.pmid else f"portal:{pub.pk}",
        "type": "article-journal",
        "title": pub.title,
        "author": authors,
    }
    if pub.pub_year:
        item["issued"] = {"date-parts": [[p for p in (pub.pub_year, pub.pub_month, pub.pub_day) if p]]}
    if pub.journal_id:
        item["container-title"] = pub.journal.title
        item["container-title-short"] = journal_abbreviation(pub)
        if pub.journal.issn:
            item["ISSN"] = pub.journal.issn
    for key, value in (
        ("volume", pub.volume),
        ("issue", pub.issue),
        ("page", pub.pages),
        ("DOI", pub.doi),
        ("PMID", str(pub.pmid) if pub.pmid else ""),
        ("PMCID", pub.pmcid),
        ("language", pub.language),
        ("abstract", pub.abstract_text),
    ):
        if value:
            item[key] = value
    return item


CSV_COLUMNS = ["pmid", "doi", "pmcid", "title", "authors", "journal", "year", "volume", "issue", "pages",
               "publication_types", "retracted", "url"]  # fmt: skip


def csv_row(pub: Publication) -> list[str]:
    return [
        str(pub.pmid or ""),
        pub.doi or "",
        pub.pmcid or "",
        pub.title,
        "; ".join(pub.author_names),
        journal_abbreviation(pub),
        str(pub.pub_year or ""),
        pub.volume,
        pub.issue,
        pub.pages,
        "; ".join(_types(pub)),
        "yes" if pub.is_retracted else "no",
        pub.pubmed_url or pub.doi_url,
    ]


# --- streaming exports -----------------------------------------------------------------------

EXPORT_FORMATS = {
    # name: (content type, file extension)
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "nbib": ("application/nbib; charset=utf-8", "nbib"),
    "csljson": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def export_chunks(fmt: str, publications: Iterable[Publication]) -> Iterator[str]:
    """The file in pieces, one record at a time, for a streaming response of constant memory."""
    if fmt == "ris":
        for pub in publications:
            yield ris_record(pub) + "\n"
    elif fmt == "bibtex":
        for pub in publications:
            yield bibtex_record(pub) + "\n"
    elif fmt == "nbib":
        for pub in publications:
            yield nbib_record(pub) + "\n"
    elif fmt == "csljson":
        yield "["
        for i, pub in enumerate(publications):
            yield ("," if i else "") + "\n" + json.dumps(csl_item(pub), ensure_ascii=False)
        yield "\n]\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for pub in publications:
            writer.writerow(csv_row(pub))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
    else:
        raise ValueError(f"unknown export format {fmt!r}")
