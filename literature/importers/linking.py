"""Automatic publication-drug links: a drug is linked when one of its names appears in a record.

Two kinds of text count, matched differently:

- **Running text** (title, abstract): a name's words in a row, accents folded and case and
  punctuation ignored ("Gleevec", "imatinib mesylate", "STI-571" = "STI 571" = "STI571"). The
  longest name found uses up its words ("insulin lispro" is not also "insulin"). Words are run
  together only where a name splits, between capitals and digits or two long words ("STI 571",
  "ethinyl estradiol"; not "as a" for ASA, nor "at 101" for AT-101). A short name written with
  capitals ("ASA", "tPA", "5-FU") must be written the same way ("TPA" is another substance). A
  name followed by "like" is not a mention ("insulin-like growth factor").
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
# Salts and forms after a drug's name in a substance list ('Erlotinib Hydrochloride').
SALT_WORDS = frozenset(
    [
        "mesylate",
        "mesilate",
        "hydrochloride",
        "dihydrochloride",
        "hydrobromide",
        "sulfate",
        "sulphate",
        "sodium",
        "disodium",
        "potassium",
        "calcium",
        "magnesium",
        "malate",
        "maleate",
        "tartrate",
        "bitartrate",
        "citrate",
        "acetate",
        "phosphate",
        "succinate",
        "fumarate",
        "besylate",
        "besilate",
        "tosylate",
        "bromide",
        "chloride",
        "lactate",
        "gluconate",
        "nitrate",
        "oxalate",
        "pamoate",
        "hyclate",
        "meglumine",
        "tromethamine",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "hemihydrate",
        "sesquihydrate",
        "anhydrous",
        "free",
        "base",
        "hcl",
    ]
)
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


def name_tokens(text: str) -> list[str]:
    """The words of ``text`` as names are compared: lowercase, 'alfa' = 'alpha'."""
    return [_key(w) for w in words(text)]


def _hyphen(gap: str) -> bool:
    return gap.strip() != "" and all(c in HYPHENS or c.isspace() for c in gap) and len(gap.strip()) == 1


def _apart_ok(window: list[str], gaps: list[str]) -> bool:
    """May these words, written apart as the name writes them, be the name ('AT-101' in 'AT 101')?

    Not a short word of small letters before or after a number: 'enrolled at 101 sites'.
    """
    for (a, b), gap in zip(pairwise(window), gaps[1:], strict=True):
        if _hyphen(gap) or a[-1].isalpha() == b[0].isalpha():
            continue
        letters = a if a[-1].isalpha() else b
        if len(letters) < LONG_PART and any(c.islower() for c in letters):
            return False
    return True


def _joinable(window: list[str], gaps: list[str]) -> bool:
    """May these words be one name written apart ('STI 571', 'CGP 57148B', '5 FU', 'ethinyl estradiol')?

    Words joined by a hyphen or slash may ('PEG-interferon', 'co-trimoxazole'). Otherwise, where
    letters meet digits, only if the letters are capitals: 'enrolled at 101 sites' does not name
    AT-101; and two words of letters only if both are long: 'as a' is not ASA, 'a Rac' not Ara-C.
    """
    for (a, b), gap in zip(pairwise(window), gaps[1:], strict=True):
        if _hyphen(gap):
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


class DrugMatcher:
    """Every name of the chosen drugs (all drugs when ``drug_ids`` is None), loaded once per import."""

    def __init__(self, drug_ids: Iterable[int] | None = None):
        names = DrugName.objects.all()
        if drug_ids is not None:
            names = names.filter(drug_id__in=list(drug_ids))
        # words -> (drug id, name, how an abbreviation must be written or ""); also by the words run
        # together, so "STI-571", "STI 571" and "STI571" are one name.
        self.names: dict[tuple[str, ...], tuple[int, str, str]] = {}
        self.compact: dict[str, tuple[int, str, str]] = {}
        self.terms: dict[tuple[str, ...], tuple[int, str, str]] = {}
        self.terms_compact: dict[str, tuple[int, str, str]] = {}
        rows = names.order_by("drug_id", "kind", "name").values_list("name", "drug_id", "match_in_text")
        for name, drug_id, in_text in rows:
            written = words(name)
            keys = tuple(_key(w) for w in written)
            joined = "".join(keys)
            if len(joined) < MIN_NAME_LENGTH:
                continue
            as_written = "".join(written)
            # 'tPA', 'mAb': a capital after a small letter in one word makes the case part of the name.
            abbreviation = len(joined) <= ABBREVIATION_LENGTH and any(CAMEL.search(w) for w in written)
            entry = (drug_id, name, as_written if abbreviation else "")
            self.terms.setdefault(keys, entry)
            self.terms_compact.setdefault(joined, entry)
            if in_text:
                self.names.setdefault(keys, entry)
                self.compact.setdefault(joined, entry)
        self.longest = max((len(t) for t in self.names), default=0) + 1

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
            self._term(term, found, short=True)
        for keyword in keywords:
            self._term(keyword, found, short=False)
        return found

    def _term(self, term: str, found: dict[int, str], *, short: bool) -> None:
        for variant in _as_term(term):
            written = words(variant)
            keys = tuple(_key(w) for w in written)
            while len(keys) > 1 and keys[-1] in SALT_WORDS:
                hit = self._whole(written, keys)
                if hit:
                    break
                written, keys = written[:-1], keys[:-1]
            hit = self._whole(written, keys)
            if hit and (short or len("".join(keys)) > SHORT_KEYWORD):
                found.setdefault(hit[0], hit[1])
                return

    def _whole(self, written: list[str], keys: tuple[str, ...]):
        hit = self.terms.get(keys) or self.terms_compact.get("".join(keys))
        return hit if hit and (not hit[2] or "".join(written) == hit[2]) else None

    def _scan(self, written: list[str], gaps: list[str], found: dict[int, str]) -> None:
        keys = [_key(w) for w in written]
        i = 0
        while i < len(keys):
            step = 1
            for n in range(min(self.longest, len(keys) - i), 0, -1):
                window = tuple(keys[i : i + n])
                hit = self.names.get(window)
                if hit is not None and n > 1 and not _apart_ok(written[i : i + n], gaps[i : i + n]):
                    hit = None
                if hit is None and (n == 1 or _joinable(written[i : i + n], gaps[i : i + n])):
                    hit = self.compact.get("".join(window))
                if hit is None or (hit[2] and "".join(written[i : i + n]) != hit[2]):
                    continue
                # The longest name found uses up its words ('insulin lispro' is not also 'insulin');
                # 'insulin-like growth factor' names a hormone's relative, not the drug.
                step = n
                followed_by_like = i + n < len(keys) and keys[i + n] == "like" and gaps[i + n] in ("-", " ")
                if not followed_by_like:
                    found.setdefault(hit[0], hit[1])
                break
            i += step


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
