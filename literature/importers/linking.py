"""Automatic publication-drug links: a drug is linked when one of its names appears in a record.

Two kinds of text count, matched differently:

- **Running text** (title, abstract): a name's words in a row, accents folded and case and
  punctuation ignored ("Gleevec", "imatinib mesylate", "STI-571" = "STI 571" = "STI571"). The
  longest name found uses up its words ("insulin lispro" is not also "insulin"). Words are run
  together only where a name splits: at a hyphen or slash, between capitals and digits, or
  between two long words ("PEG-interferon", "STI 571", "ethinyl estradiol"; not "as a" for ASA,
  nor "at 101" for AT-101). A short name with a small letter before a capital ("tPA") must be
  written the same way ("TPA" is another substance). A name followed by "-like" is not a mention
  ("insulin-like growth factor").
- **Terms** (MeSH headings, substances, keywords): a term counts only when it *is* one of the
  names ("Imatinib Mesylate", "*Imatinib Mesylate/therapeutic use" as EndNote exports it), never
  when it merely contains one ("Reactive Oxygen Species" names no oxygen).

A name that is also an ordinary word ("Gold", "Iron") can be kept out of running text by a
curator (``DrugName.match_in_text``); it then links only as a term. A link made here is
``origin=automatic, status=pending`` with the name that matched, for a curator to confirm or
reject; an existing link of any kind, a rejected one above all, is never touched or made again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple

from django.utils import timezone

from drugs.models import DrugName
from literature.importers import bulk
from literature.models import GREEK_SPELLINGS, PublicationDrug, ascii_letters

# Names shorter than this (normalized) match too many ordinary words and abbreviations.
MIN_NAME_LENGTH = 3
# A name this short or shorter with a capital after a small letter ("tPA", "mAb") matches only as
# written ("TPA" is another substance); "Ara-C" and "L-DOPA" match in any case.
ABBREVIATION_LENGTH = 5
CAMEL = re.compile(r"[a-z][A-Z]")
# A keyword this short names no drug: authors' keywords are abbreviations of anything ("ASA" is
# also the anaesthetists' physical status score).
SHORT_KEYWORD = 5
# One salt or form after a drug's name in a substance list ('Erlotinib Hydrochloride', 'Warfarin Sodium'):
# organic anions, the common cations and hydrates, not sulfate or chloride ('Dextran Sulfate' is not
# dextran, 'Lithium Chloride' not a lithium medicine).
SALT_WORDS = frozenset(
    [
        "mesylate",
        "mesilate",
        "dimesylate",
        "hydrochloride",
        "dihydrochloride",
        "hydrobromide",
        "malate",
        "maleate",
        "tartrate",
        "bitartrate",
        "citrate",
        "succinate",
        "fumarate",
        "besylate",
        "besilate",
        "tosylate",
        "hyclate",
        "pamoate",
        "meglumine",
        "tromethamine",
        "sodium",
        "potassium",
        "calcium",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "hemihydrate",
        "sesquihydrate",
    ]
)
# Run-together names are looked for only after a word that begins like one (this many letters).
COMPACT_START = 3
# Two words of letters this long or longer may be one name written apart ('ethinyl estradiol').
LONG_PART = 4
# INNs spell the Greek letter 'alfa' (interferon alfa-2b, epoetin alfa), abstracts 'alpha' or 'α': one word here.
SAME_WORD = {"alfa": "alpha"}

WORD_RE = re.compile(r"[A-Za-z0-9]+")
# Trademark signs, and superscript digits after a word (footnote marks), stand apart from the name
# they follow: NFKD would glue them on ('Glivec™' -> 'GlivecTM', 'imatinib¹' -> 'imatinib1'). Before
# a word they are a mass number and stay ('¹⁷⁷Lu-dotatate').
_MARKS = str.maketrans(dict.fromkeys("™℠®©", " "))
_FOOTNOTE = re.compile(r"(?<=\w)[¹²³⁰⁴⁵⁶⁷⁸⁹]+(?!\w)")
# PubMed's plain text writes a mass number '(177)Lu-DOTATATE' or '[177Lu]': the bracket joins.
MASS_NUMBER_GAPS = frozenset([")", "]"])
# What joins two words into one ('PEG-interferon', 'co-trimoxazole', 'TMP/SMX'), whatever their length or case.
HYPHENS = frozenset("-/\u2010\u2011\u2012\u2013")
# European keyboards type ß for β: 'interferon-ß1b', 'IFN-ß' (elsewhere ß is German 'ss').
_ESZETT_AS_BETA = re.compile(r"(?<=[-\u2010\u2011\u2013\s(])ß|ß(?=[-\u2010\u2011\u2013\d])")
_GREEK = str.maketrans(
    {
        **{k: f" {v} " for k, v in GREEK_SPELLINGS.items()},
        **{k.upper(): f" {v} " for k, v in GREEK_SPELLINGS.items()},
    }
)


def _folded(text: str) -> str:
    """``text`` with accents folded, Greek letters spelled out and the marks above set apart (case kept)."""
    text = _FOOTNOTE.sub(" ", _ESZETT_AS_BETA.sub(" beta ", (text or "").translate(_MARKS)))
    if not text.isascii():
        text = unicodedata.normalize("NFKD", ascii_letters(text))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_GREEK)
    return text


def words(text: str) -> list[str]:
    """The words of ``text`` as written (case kept), accents folded and Greek letters spelled out."""
    return WORD_RE.findall(_folded(text))


def words_and_gaps(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` and what stands before each (the first's gap is '')."""
    folded = _folded(text)
    found, gaps, end = [], [], None
    for m in WORD_RE.finditer(folded):
        found.append(m.group(0))
        gaps.append("" if end is None else folded[end : m.start()])
        end = m.end()
    return found, gaps


def _key(word: str) -> str:
    word = word.lower()
    return SAME_WORD.get(word, word)


def _hyphen(gap: str) -> bool:
    """Is the gap between two words a hyphen or slash (spaces around it, as Greek letters leave, count)?"""
    gap = gap.strip()
    return len(gap) == 1 and gap in HYPHENS


def _apart_ok(window: list[str], gaps: list[str], name_words: tuple[str, ...]) -> bool:
    """May these words, written apart as the name writes them, be the name ('AT-101' in 'AT 101')?

    Not a short word of small letters before or after a number ('enrolled at 101 sites'), unless
    the name writes it so ('lutetium Lu 177 dotatate').
    """
    for k in range(1, len(window)):
        a, b = window[k - 1], window[k]
        if _hyphen(gaps[k]) or a[-1].isalpha() == b[0].isalpha():
            continue
        j = k - 1 if a[-1].isalpha() else k
        letters = window[j]
        if len(letters) < LONG_PART and any(c.islower() for c in letters) and letters != name_words[j]:
            return False
    return True


def _joinable(window: list[str], gaps: list[str]) -> bool:
    """May these words be one name written apart ('STI 571', 'CGP 57148B', '5 FU', 'ethinyl estradiol')?

    Words joined by a hyphen or slash may ('PEG-interferon', 'co-trimoxazole'). Otherwise, where
    letters meet digits, only if the letters are capitals: 'enrolled at 101 sites' does not name
    AT-101; and two words of letters only if both are long: 'as a' is not ASA, 'a Rac' not Ara-C.
    """
    for (a, b), gap in zip(pairwise(window), gaps[1:], strict=True):
        if _hyphen(gap) or (gap in MASS_NUMBER_GAPS and a.isdigit() and b[0].isupper()):
            continue
        if a[-1].isalpha() and b[0].isalpha():
            if min(len(a), len(b)) < LONG_PART:
                return False
            continue
        if a[-1].isalpha() and b[0].isdigit():
            letters = a
        elif a[-1].isdigit() and b[0].isalpha():
            letters = b
        else:
            return False
        if any(c.islower() for c in letters):
            return False
    return True


def _as_term(term: str) -> list[str]:
    """A heading or keyword as names are written: EndNote's '*Imatinib Mesylate/therapeutic use'
    is 'Imatinib Mesylate'; MeSH's inverted 'Interferon-beta, human' is also read the other way round."""
    term = term.strip().lstrip("*").split("/")[0].strip()
    head, comma, rest = term.partition(", ")
    return [term, f"{rest} {head}"] if comma and rest else [term]


class _Name(NamedTuple):
    drug_id: int
    name: str
    exact: str  # how an abbreviation must be written ('tPA'), or ''
    written: tuple[str, ...]  # the name's words as written

    def fits(self, written: list[str]) -> bool:
        """Are these words this name's, case included where the name is an abbreviation?"""
        return not self.exact or "".join(written) == self.exact


class DrugMatcher:
    """Every name of the chosen drugs (all drugs when ``drug_ids`` is None), loaded once per import."""

    def __init__(self, drug_ids: Iterable[int] | None = None):
        names = DrugName.objects.all()
        if drug_ids is not None:
            names = names.filter(drug_id__in=list(drug_ids))
        # By the name's words, and by its words run together ("STI-571", "STI 571" and "STI571" are
        # one name); for running text, and for whole terms.
        self.names: dict[tuple[str, ...], _Name] = {}
        self.compact: dict[str, _Name] = {}
        self.terms: dict[tuple[str, ...], _Name] = {}
        self.terms_compact: dict[str, _Name] = {}
        rows = names.order_by("drug_id", "kind", "name").values_list("name", "drug_id", "match_in_text")
        for name, drug_id, in_text in rows:
            written = words(name)
            keys = tuple(_key(w) for w in written)
            joined = "".join(keys)
            if len(joined) < MIN_NAME_LENGTH:
                continue
            # 'tPA', 'mAb': a capital after a small letter in one word makes the case part of the name.
            exact = len(joined) <= ABBREVIATION_LENGTH and any(CAMEL.search(w) for w in written)
            entry = _Name(drug_id, name, "".join(written) if exact else "", tuple(written))
            targets = [(self.terms, keys), (self.terms_compact, joined)]
            if in_text:
                targets += [(self.names, keys), (self.compact, joined)]
            for table, key in targets:
                # A name in any case wins over an abbreviation of the same letters ('Ara-C' over 'AraC').
                if key not in table or (table[key].exact and not exact):
                    table[key] = entry
        # Which window lengths to try after a first word, and the beginnings of run-together names:
        # a position tries only what could be there, however long the longest name.
        self.lengths: dict[str, list[int]] = {}
        for keys in self.names:
            self.lengths.setdefault(keys[0], []).append(len(keys))
        for lengths in self.lengths.values():
            lengths.sort(reverse=True)
        self.starts = {key[:COMPACT_START] for key in self.compact}
        self.longest_compact = max((len(k) for k in self.compact), default=0)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match(
        self, texts: Iterable[str], terms: Iterable[str] = (), keywords: Iterable[str] = ()
    ) -> dict[int, str]:
        """drug id -> the first name of that drug found in ``texts`` (running text), then in ``terms``
        (MeSH headings, substances) and ``keywords``, each of which must be a name as a whole."""
        found: dict[int, str] = {}
        for text in texts:
            self._scan(*words_and_gaps(text), found)
        for term in terms:
            self._term(term, found, keyword=False)
        for keyword in keywords:
            self._term(keyword, found, keyword=True)
        return found

    def _term(self, term: str, found: dict[int, str], *, keyword: bool) -> None:
        for variant in _as_term(term):
            written = words(variant)
            keys = tuple(_key(w) for w in written)
            hit = self._whole(written, keys)
            if hit is None and len(keys) > 1 and keys[-1] in SALT_WORDS:
                hit = self._whole(written[:-1], keys[:-1])
            # Authors' keywords abbreviate anything: a short one in capitals names no drug ('ASA').
            if hit and keyword and len("".join(keys)) <= SHORT_KEYWORD and "".join(written).isupper():
                hit = None
            if hit:
                found.setdefault(hit.drug_id, hit.name)
                return

    def _whole(self, written: list[str], keys: tuple[str, ...]) -> _Name | None:
        hit = self.terms.get(keys) or self.terms_compact.get("".join(keys))
        return hit if hit and hit.fits(written) else None

    def _scan(self, written: list[str], gaps: list[str], found: dict[int, str]) -> None:
        keys = [_key(w) for w in written]
        i = 0
        while i < len(keys):
            hit, n = self._at(written, gaps, keys, i)
            if hit is None:
                i += 1
                continue
            # The longest name found uses up its words ('insulin lispro' is not also 'insulin');
            # 'insulin-like growth factor' names a hormone's relative, not the drug.
            like = keys[i + n : i + n + 1] == ["like"] and (not gaps[i + n].strip() or _hyphen(gaps[i + n]))
            if not like:
                found.setdefault(hit.drug_id, hit.name)
            i += n

    def _at(self, written, gaps, keys, i) -> tuple[_Name | None, int]:
        """The longest name starting at word ``i``, and how many words it takes."""
        best: tuple[_Name | None, int] = (None, 0)
        for n in self.lengths.get(keys[i], ()):
            hit = self.names.get(tuple(keys[i : i + n])) if i + n <= len(keys) else None
            if (
                hit
                and hit.fits(written[i : i + n])
                and (n == 1 or _apart_ok(written[i : i + n], gaps[i : i + n], hit.written))
            ):
                best = (hit, n)
                break
        if keys[i][:COMPACT_START] in self.starts or len(keys[i]) < COMPACT_START:
            joined = ""
            for n in range(1, len(keys) - i + 1):
                joined += keys[i + n - 1]
                if len(joined) > self.longest_compact:
                    break
                if n <= best[1] or joined not in self.compact:
                    continue
                hit = self.compact[joined]
                window = written[i : i + n]
                if (n == 1 or _joinable(window, gaps[i : i + n])) and hit.fits(window):
                    best = (hit, n)
        return best


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
