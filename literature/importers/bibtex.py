"""BibTeX (and BibLaTeX) entries, with LaTeX accents and escapes decoded to Unicode.

Read entry by entry from the text stream: an entry runs from ``@type{`` to its matching
brace, so a file of any length is read in pieces. ``@string`` macros and the month macros
are expanded, ``#`` concatenations joined; ``@comment`` and ``@preamble`` are skipped.
Names are split on ``and`` outside braces *before* decoding, then read the BibTeX way
("von Last, Jr, First", "von Last, First" or "First von Last"); a name wholly in braces
(``{IRIS Investigators}``) is a group author, and ``and others`` marks the list incomplete.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from pylatexenc.latex2text import LatexNodes2Text

from literature.importers.detect import text_lines
from literature.importers.records import (
    JournalRecord,
    MalformedRecord,
    PublicationRecord,
    SkippedRecord,
    clean,
    initials_from,
    normalize_doi,
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
from literature.importers.ris import (
    DOI_LINK,
    M3_TYPES,
    PMC_LINK,
    PUBMED_LINK,
    language_code,
    read_issns,
    read_noted_ids,
)
from literature.services import AuthorName

ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*([{(])")
SKIPPED_TYPES = {"comment", "preamble", "set"}  # BibLaTeX's @set only groups other entries
MONTH_MACROS = {m: str(i) for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip

_latex = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def _letter(group: str) -> str:
    """A letter, or a dotless i or j (\\i, \\j), under an accent."""
    return rf"(?P<{group}>\\[ij](?![A-Za-z])|[A-Za-z])"


# The markup that fills real BibTeX exports (accented names, escaped symbols, dashes, grouping
# braces) is decoded here in one regular-expression pass; anything else (math, \emph, TeX quotes)
# goes to pylatexenc. pylatexenc builds a class for every call it makes, and those classes are
# cyclic garbage that only a full collection frees: on a file of names it made memory climb with
# the number of records.
_LATEX_TOKEN = re.compile(
    rf"\\(?P<acc>[`'^\"~=.])\s*(?:\{{\s*{_letter('a1')}\s*\}}|{_letter('a2')})"
    rf"|\\(?P<lacc>[uvHckrdb])(?:\s*\{{\s*{_letter('b1')}\s*\}}|\s+{_letter('b2')})"
    r"|\\(?P<letter>ss|ae|AE|oe|OE|aa|AA|[ijoOlL])(?![A-Za-z])\s*"
    r"|\\(?P<escape>[&%$#_{}])"
    r"|(?P<brace>[{}])"
    r"|(?P<dash>---?)"
    r"|(?P<tilde>~)"
)
_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_LETTERS = {
    "i": "\u0131", "j": "\u0237", "o": "\u00f8", "O": "\u00d8", "l": "\u0142", "L": "\u0141",
    "ss": "\u00df", "ae": "\u00e6", "AE": "\u00c6", "oe": "\u0153", "OE": "\u0152",
    "aa": "\u00e5", "AA": "\u00c5",
}  # fmt: skip


def _replace(m: re.Match) -> str:
    if m["acc"] or m["lacc"]:
        base = m["a1"] or m["a2"] or m["b1"] or m["b2"]
        # An accent over a dotless i or j (\"\i, as BibTeX styles write it) is an accent over i or j.
        return base[-1] + _COMBINING[m["acc"] or m["lacc"]]
    if m["letter"]:
        return _LETTERS[m["letter"]]
    if m["escape"]:
        return m["escape"]
    if m["dash"]:
        return "\u2014" if len(m["dash"]) == 3 else "\u2013"
    if m["tilde"]:
        return "\u00a0"
    return ""  # a grouping brace


# Text-mode symbols pylatexenc does not know (it drops them): Zotero writes every '<', '>' and '|'
# of an abstract this way ('P {\\textless} .001').
_TEXT_SYMBOLS = {
    "textless": "<", "textgreater": ">", "textbar": "|", "textquotedbl": '"', "textunderscore": "_",
    "textminus": "\u2212", "hyphen": "-", "textasciicircum": "^", "textperiodcentered": "\u00b7",
    # textgreek's letters: 'interferon \textbeta-1a' (pylatexenc drops them: '-1a').
    **{f"text{name}": chr(0x3B1 + i) for i, name in enumerate(
        ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
         "nu", "xi", "omicron", "pi", "rho", "finalsigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"])},
    **{f"text{name}": chr(0x391 + i) for i, name in enumerate(
        ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu",
         "Nu", "Xi", "Omicron", "Pi", "Rho", "", "Sigma", "Tau", "Upsilon", "Phi", "Chi", "Psi", "Omega"]) if name},
}  # fmt: skip
_TEXT_SYMBOL = re.compile(rf"\\({'|'.join(_TEXT_SYMBOLS)})(?![A-Za-z])(?:\{{\}}|\s*)")

_SCRIPT = re.compile(r"\$\s*[_^]\s*(?:\{([^{}$\\]{1,20})\}|([^{}$\\\s]))\s*\$")


def decode(value: str) -> str:
    """LaTeX to plain Unicode text: accents, escapes, dashes and grouping braces."""
    if "\\" not in value and "{" not in value and "$" not in value and "~" not in value and "--" not in value:
        return clean(value)
    if "\\text" in value or "\\hyphen" in value:
        value = _TEXT_SYMBOL.sub(lambda m: _TEXT_SYMBOLS[m.group(1)], value)
    if "$" in value:
        # 'vitamin {D}$_3$', 'Ca$^{2+}$': a sub- or superscript is its text, as PubMed XML flattens <sub>3</sub>.
        value = _SCRIPT.sub(r"\1\2", value)
    leftover = _LATEX_TOKEN.sub("", value)
    if "\\" not in leftover and "$" not in leftover and "``" not in leftover and "''" not in leftover:
        return clean(unicodedata.normalize("NFC", _LATEX_TOKEN.sub(_replace, value)))
    try:
        # A bare % is a per cent sign in a field value (pylatexenc would take it for a comment and drop
        # the rest of the value).
        return clean(_latex.latex_to_text(re.sub(r"(?<!\\)%", r"\\%", value)))
    except Exception:  # noqa: BLE001 - pylatexenc raises assorted errors on broken markup
        return clean(re.sub(r"[{}\\]", "", value))


FIELD_START = re.compile(r"\s*([A-Za-z][\w\-:.+]*)\s*=\s*")


class BibtexSyntaxError(ValueError):
    pass


def declared_encoding(stream: BinaryIO) -> str | None:
    """The encoding a JabRef file names in its first lines ('% Encoding: windows-1252'), if Python knows it."""
    head = stream.read(1024)
    stream.seek(0)
    m = re.search(rb"^[ \t]*%[ \t]*Encoding:[ \t]*([A-Za-z0-9_.:\-]+)", head, re.M)
    if not m:
        return None
    try:
        declared = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    # A file an editor saved again as UTF-8 keeps its old declaration: UTF-8 text is read as UTF-8.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return None
    except UnicodeDecodeError:
        return declared
    finally:
        stream.seek(0)


def parse(stream: BinaryIO) -> Iterator:
    macros = dict(MONTH_MACROS)
    position = 0
    for start_line, kind, text, problem in entries(text_lines(stream, declared_encoding(stream))):
        if kind.lower() in SKIPPED_TYPES:
            continue  # as the bibtex program does, an entry inside a @comment is read
        if kind.lower() == "string":
            try:
                fields = parse_fields(text, macros, has_key=False)
                macros.update(fields)
            except BibtexSyntaxError:
                pass
            continue
        position += 1
        if problem is not None:
            yield MalformedRecord(position, f"line {start_line}: @{kind} entry {problem}")
            continue
        try:
            fields = parse_fields(text, macros, has_key=True)
        except BibtexSyntaxError as exc:
            yield MalformedRecord(position, f"line {start_line}: @{kind} entry: {exc}")
            continue
        record = read_entry(kind.lower(), fields, position)
        if isinstance(record, MalformedRecord):
            record.reason = f"line {start_line}: {record.reason}"
        yield record


NOT_CLOSED = "is not closed (unbalanced braces)"
CLOSED_EARLY = "is closed by a '}' too many before its end"


def entries(lines) -> Iterator[tuple[int, str, str, str | None]]:
    """(first line, entry type, body between the outer delimiters, what is wrong or None) per entry.

    An entry closed by '},' waits for the next line: if that line is a field ('Author = {...}'), a
    brace too many closed the entry early ('Title = {A {B}}},'); a hand-joined file's '},' between
    entries is harmless.
    """
    current: list[str] | None = None
    held: tuple[int, str, str] | None = None
    kind, start_line, depth, closer = "", 0, 0, "}"
    for number, line in lines:
        if held is not None and line.strip():
            yield *held, CLOSED_EARLY if FIELD_START.match(line) and not ENTRY_START.match(line) else None
            held = None
        if current is not None and ENTRY_START.match(line):
            # A new entry starts while the previous one is still open: that one was never closed.
            yield start_line, kind, "\n".join(current), NOT_CLOSED
            current = None
        while line:  # Crossref writes one entry per line, and a line may hold several
            if current is None:
                m = ENTRY_START.match(line)
                if not m:
                    break
                kind, start_line = m.group(1), number
                closer = "}" if m.group(2) == "{" else ")"
                current, depth = [], 1
                line = line[m.end() :]
            end = scan(line, depth, closer)
            if end is None:
                current.append(line)
                depth += depth_delta(line, closer)
                break
            current.append(line[:end])
            entry, rest = (start_line, kind, "\n".join(current)), line[end + 1 :]
            current, depth, line = None, 0, rest
            if rest.lstrip().startswith(","):
                after = rest.lstrip()[1:]
                if after.strip():
                    yield *entry, CLOSED_EARLY if FIELD_START.match(after) else None
                else:
                    held = entry
                line = after
            else:
                yield *entry, None
    if held is not None:
        yield *held, None
    if current is not None:
        yield start_line, kind, "\n".join(current), NOT_CLOSED


def _delta(ch: str, closer: str) -> int:
    if ch == "{" or (closer == ")" and ch == "("):
        return 1
    if ch == "}" or (closer == ")" and ch == ")"):
        return -1
    return 0


def scan(line: str, depth: int, closer: str) -> int | None:
    """Index where the entry closes in this line, or None if it stays open."""
    escaped = False
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            continue
        depth += _delta(ch, closer)
        if depth == 0:
            return i
    return None


def depth_delta(line: str, closer: str) -> int:
    total, escaped = 0, False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            total += _delta(ch, closer)
    return total


def parse_fields(body: str, macros: dict[str, str], has_key: bool) -> dict[str, str]:
    i, n = 0, len(body)
    if has_key and not FIELD_START.match(body):  # old SpringerLink and EndNote exports write no key
        comma = body.find(",")
        if comma == -1:
            key = body.strip()
            if not key or "=" in key:
                raise BibtexSyntaxError("no citation key")
            return {}
        i = comma + 1
    fields: dict[str, str] = {}
    while i < n:
        while i < n and body[i] in " \t\r\n,":
            i += 1
        if i >= n:
            break
        if (
            body[i] == "%"
        ):  # a field commented out between fields ('%  title = {Old title},'), as biber reads it
            i = n if (end := body.find("\n", i)) == -1 else end + 1
            continue
        m = FIELD_START.match(body, i)
        if not m:
            raise BibtexSyntaxError(f"expected 'name = value' near '{body[i : i + 30].strip()}'")
        name = m.group(1).lower()
        i = m.end()
        parts = []
        while True:
            value, i = read_value(body, i, macros)
            parts.append(value)
            while i < n and body[i] in " \t\r\n":
                i += 1
            if i < n and body[i] == "#":
                i += 1
                while i < n and body[i] in " \t\r\n":
                    i += 1
                continue
            break
        fields[name] = "".join(parts)
        if i < n and body[i] not in ",":
            raise BibtexSyntaxError(f"expected ',' after field '{name}'")
    return fields


def read_value(body: str, i: int, macros: dict[str, str]) -> tuple[str, int]:
    n = len(body)
    if i >= n:
        raise BibtexSyntaxError("a field has no value")
    ch = body[i]
    if ch == "{":
        depth, j, escaped = 0, i, False
        while j < n:
            c = body[j]
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return body[i + 1 : j], j + 1
            j += 1
        raise BibtexSyntaxError("unbalanced braces in a value")
    if ch == '"':
        depth, j, escaped = 0, i + 1, False
        while j < n:
            c = body[j]
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == '"' and depth == 0:
                return body[i + 1 : j], j + 1
            j += 1
        raise BibtexSyntaxError("unterminated quoted value")
    m = re.compile(r"[\w\-:.+/]+").match(body, i)
    if not m:
        raise BibtexSyntaxError(f"unexpected '{ch}' in a value")
    word = m.group(0)
    return (word if word.isdigit() else macros.get(word.lower(), word)), m.end()


INITIALS = re.compile(r"(?:[A-Z]\.?\s?-?){1,4}")


def cochrane_names(name: str) -> list[str]:
    """Cochrane Library's 'Huey, SL, Mehta, NH, and Mehta, S': 'Surname, Initials' pairs joined by commas,
    with 'and' before the last (so the pieces between the 'and's end in a comma)."""
    parts = [p.strip() for p in split_top(name.rstrip(", "), ",")]
    if len(parts) >= 4 and len(parts) % 2 == 0 and all(INITIALS.fullmatch(p) for p in parts[1::2]):
        return [f"{last}, {initials}" for last, initials in zip(parts[::2], parts[1::2], strict=True)]
    return [name.rstrip(", ")]


def split_names(value: str) -> list[str]:
    """Split an author field on ' and ' at brace depth 0."""
    value = " ".join(value.split())
    names, depth, start, i = [], 0, 0, 0
    lowered = value.lower()
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and lowered.startswith(" and ", i):
            names.append(value[start:i])
            i += 5
            start = i
            continue
        i += 1
    names.append(value[start:])
    return [part for n in names if clean(n) for part in cochrane_names(clean(n))]


def split_top(value: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return [p.strip() for p in parts]


AFFILIATION_MARK = re.compile(r"^((?:[A-Z]\.-?)+)[a-z]{1,2}$")  # not 'A. de' (a particle)


def parse_name(raw: str) -> AuthorName:
    raw = raw.strip()
    if raw.startswith("{") and raw.endswith("}") and depth_ok(raw):
        return AuthorName(collective_name=decode(raw[1:-1])[:500])
    parts = split_top(raw, ",")
    if len(parts) >= 3:
        last, suffix, given = parts[0], parts[1], ",".join(parts[2:])
    elif len(parts) == 2:
        last, suffix, given = parts[0], "", parts[1]
    else:
        words = split_top(raw, " ")
        words = [w for w in words if w]
        if len(words) == 1:
            last, suffix, given = words[0], "", ""
        else:
            # 'First von Last': the surname starts at the first lower-case (von) word, else is the last word.
            k = next((i for i, w in enumerate(words[:-1]) if i > 0 and w[:1].islower()), len(words) - 1)
            last, suffix, given = " ".join(words[k:]), "", " ".join(words[:k])
    last, given, suffix = decode(last), decode(given), decode(suffix)
    given = AFFILIATION_MARK.sub(r"\1", given)  # Scopus: 'Guler, A.T.a' (the letter of an affiliation)
    compact = re.sub(r"[\s.\-]", "", given)
    # 'TJ', 'D. G.': initials; a four-letter capitalized word is a name ('SMITH, JOHN'), as in RIS.
    if (
        compact
        and compact.isupper()
        and compact.isalpha()
        and (len(compact) <= 3 or len(compact) == 4 != len(given))
    ):
        fore, initials = "", compact
    else:
        fore = " ".join(re.sub(r"(?<=\b[A-Z])\.", "", given).split())
        initials = initials_from(fore)
    return AuthorName(last_name=last[:200], fore_name=fore[:200], initials=initials[:20], suffix=suffix[:20])


def depth_ok(raw: str) -> bool:
    """True when the opening brace of ``raw`` closes at its very end (one group, not '{A} and {B}')."""
    depth = 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and i != len(raw) - 1:
                return False
    return True


# Entry types that are not publications the portal lists, unless they name a journal (RIS's are
# skipped the same way). Books and their chapters are imported: PubMed indexes book series (Methods
# Mol Biol, Adv Exp Med Biol) as journals; a whole volume of proceedings is not a paper.
NOT_ARTICLES = {
    **dict.fromkeys(["proceedings", "mvproceedings"], "a volume of proceedings"),
    **dict.fromkeys(["phdthesis", "mastersthesis", "thesis"], "a thesis"),
    "patent": "a patent", "manual": "a manual", "software": "a computer program",
}  # fmt: skip
CHAPTERS = {"incollection", "inbook", "bookinbook", "suppbook", "suppcollection", "inreference"}
ARTICLE_NUMBER_FIELDS = ("art_number", "article-number", "article_number", "articleno", "eid", "elocation-id")
LATEX_ESCAPE = re.compile(r"\{?\\([_&%#])\}?")
TEXMED_DOI = re.compile(r"\[DOI:\s*\\href\{[^}]*\}\{(10\.[^}\s]+)\}\]", re.I)
TEXMED_PMID = re.compile(r"\[PubMed:\s*\\href\{[^}]*\}\{(\d{1,9})\}\]", re.I)


def read_entry(kind: str, fields: dict[str, str], position: int):
    rec = PublicationRecord(source="bibtex", position=position)
    rec.title = strip_markup(decode(fields.get("title", "")))
    if not rec.title:
        return MalformedRecord(position, f"@{kind} entry has no title")
    # (A hand-written '@proceedings' with authors and pages is a paper typed with the wrong entry type.)
    paper = (
        fields.get("journal") or fields.get("journaltitle") or (fields.get("author") and fields.get("pages"))
    )
    if kind in NOT_ARTICLES and not paper:
        return SkippedRecord(
            position,
            f"@{kind} entry '{rec.title[:80]}': {NOT_ARTICLES[kind]}; the portal imports journal articles only",
        )
    if subtitle := strip_markup(decode(fields.get("subtitle", ""))):  # BibLaTeX
        rec.title = f"{rec.title.rstrip(':. ')}: {subtitle}"
    authors = split_names(fields.get("author", ""))
    for name in authors:
        if re.fullmatch(r"(?i)others|et\.? al\.?", name):
            rec.authors_complete = False
        else:
            rec.authors.append(parse_name(name))

    eprint, eprint_type = decode(fields.get("eprint", "")), decode(fields.get("eprinttype", "")).lower()
    # Mendeley escapes a URL's underscores ('10.1007/978-3-662-46803-6{\_}26').
    links = [LATEX_ESCAPE.sub(r"\1", fields.get("url", "")), eprint if "doi" in eprint else ""]
    rec.doi = normalize_doi(decode(fields.get("doi", "")) or (eprint if eprint_type == "doi" else ""))
    # BibLaTeX (Zotero's Better BibTeX): 'eprint = {31429694}, eprinttype = {pmid}'.
    rec.pmid = normalize_pmid(fields.get("pmid", "") or (eprint if eprint_type in ("pmid", "pubmed") else ""))
    rec.pmcid = normalize_pmcid(
        fields.get("pmcid", "")
        or fields.get("pmc", "")
        or (eprint if eprint_type in ("pmcid", "pmc") else "")
    )
    # Scopus: 'pubmed_id = {26837842}'; MDPI: 'PubMedID = {36679517}'.
    rec.pmid = rec.pmid or normalize_pmid(fields.get("pubmed_id", "") or fields.get("pubmedid", ""))
    # TeXMed (PubMed to BibTeX): 'Note = {[DOI:\href{...}{10.1007/x}] [PubMed:\href{...}{31025164}]}'.
    note = fields.get("note", "")
    if not rec.doi and (m := TEXMED_DOI.search(note)):
        rec.doi = normalize_doi(m.group(1))
    if not rec.pmid and (m := TEXMED_PMID.search(note)):
        rec.pmid = normalize_pmid(m.group(1))
    for link in links:
        if not rec.doi and (m := DOI_LINK.search(link)):
            rec.doi = normalize_doi(m.group(1))
        if not rec.pmid and (m := PUBMED_LINK.search(link)):
            rec.pmid = normalize_pmid(m.group(1))
        if not rec.pmcid and (m := PMC_LINK.search(link)):
            rec.pmcid = normalize_pmcid(m.group(1))
    # Zotero writes a record's 'Extra' lines (PubMed's 'PMID: 31429694', 'PMCID: PMC6543210') to note.
    read_noted_ids(rec, fields.get("note", ""), fields.get("annote", ""))

    journal_title = decode(
        fields.get("journal")
        or fields.get("journaltitle")
        or (fields.get("series") if kind in CHAPTERS else "")  # 'series = {Methods in Molecular Biology}'
        or fields.get("booktitle")
        or ""
    )
    rec.journal = JournalRecord(
        title=journal_title[:500],
        iso_abbreviation=decode(fields.get("shortjournal") or fields.get("abbrev_source_title") or "")[:255],
    )
    # Paperpile: 'issn = "1745-6916, 1745-6924"', print then electronic; EndNote labels them as RIS does.
    rec.journal.issn, rec.journal.eissn = read_issns([decode(fields.get("issn", ""))])
    # ACS's articles in press ('volume = {0}, pages = {null}') and Wiley's Early View ('n/a') have none yet.
    volume, issue, pages = (
        "" if placeholder(v) else v
        for v in (decode(fields.get("volume", "")), decode(fields.get("number") or fields.get("issue") or ""),
                  decode(fields.get("pages", "")))
    )  # fmt: skip
    if not issue and (m := re.fullmatch(r"(\d+) (\d+)", volume)):
        volume, issue = m.groups()  # Semantic Scholar: 'volume={104 2}'
    # Web of Science: 'Month = {{SEP}}'; 'month = mar # "~15"' is March 15.
    month_text, _, day_text = decode(fields.get("month", "")).replace("\u00a0", " ").strip().partition(" ")
    month = parse_month(month_text)
    if issue and not issue[:1].isdigit() and parse_month(issue):
        month, issue = month or parse_month(issue), ""  # Mendeley: 'number = {April}'
    rec.volume, rec.issue = volume[:64], issue[:64]
    # An online journal's article number when there are no pages: Scopus, MDPI and Web of Science,
    # ACM, BibLaTeX, bioRxiv.
    number = next((fields[f] for f in ARTICLE_NUMBER_FIELDS if fields.get(f)), "")
    rec.pages = normalize_pages(decode(pages or number))[:100]
    # Scopus: 'document_type = {Review}'; Web of Science: 'Type = {Article}'.
    if (
        name := M3_TYPES.get(decode(fields.get("document_type") or fields.get("type") or "").lower())
    ) is not None:
        rec.publication_types = [(name, "")]

    date = fields.get("date") or fields.get("pub_date") or ""  # BibLaTeX, eLife: 2019-05-17
    rec.pub_year = parse_year(fields.get("year", "")) or parse_year(date)
    day = parse_day(decode(fields.get("day", ""))) or (parse_day(day_text) if month else None)
    if date and (m := re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", date.strip())):
        month = month or parse_month(m.group(2))
        day = day or (parse_day(m.group(3)) if m.group(3) else None)
    if rec.pub_year and month:
        rec.pub_month, rec.pub_day = month, day
    rec.abstract = split_labelled_abstract(without_heading(strip_markup(decode(fields.get("abstract", "")))))
    rec.keywords = split_keywords(decode(fields.get("keywords") or fields.get("author_keywords") or ""))
    rec.language = language_code(decode(fields.get("language") or fields.get("langid") or ""))
    return rec.finish()
