"""A synthetic, deterministic literature corpus for benchmarks and scale tests.

The corpus looks like PubMed in the ways that matter to the portal's queries: Zipf-distributed
vocabulary in titles and abstracts (so some terms are rare and some are in most records),
1–30 authors drawn from a large pool, thousands of journals, years 1950–2026 with most
records recent, publication types and MeSH terms with realistic skew, drug links where a few
drugs own tens of thousands of publications, some trials and retractions, and commentary
posts with reader comments.

Rows are written in chunks with explicit ids (COPY on PostgreSQL, executemany on SQLite), so
memory stays flat whatever the size, and the same seed always gives the same corpus.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from drugs.models import Drug, DrugName
from literature.markdown import render_markdown
from literature.models import (
    MONTH_ABBR,
    Author,
    Authorship,
    Comment,
    Contributor,
    Journal,
    MeshHeading,
    MeshTerm,
    Post,
    PostCitation,
    Publication,
    PublicationDrug,
    PublicationRelation,
    PublicationType,
    Trial,
    compute_match_key,
    normalize_text,
)

# Identifiers far above real PubMed's, so a generated record never collides with an imported one.
PMID_BASE = 90_000_000
DOI_PREFIX = "10.99999/synthetic"

COMMON_WORDS = [
    "patients",
    "treatment",
    "cells",
    "study",
    "results",
    "clinical",
    "therapy",
    "cancer",
    "expression",
    "disease",
    "patient",
    "analysis",
    "effect",
    "protein",
    "associated",
    "increased",
    "response",
    "levels",
    "risk",
    "activity",
    "data",
    "group",
    "showed",
    "cell",
    "inhibitor",
    "tumor",
    "significant",
    "compared",
    "role",
    "gene",
    "human",
    "model",
    "mice",
    "receptor",
    "signaling",
    "inhibition",
    "months",
    "years",
    "survival",
    "dose",
    "trial",
    "years",
    "effects",
    "pathway",
    "growth",
    "factor",
    "kinase",
    "mechanism",
    "function",
    "mutations",
    "resistance",
    "outcomes",
    "observed",
    "factors",
    "diagnosis",
    "induced",
    "mutation",
    "treated",
    "therapeutic",
    "targeted",
    "chronic",
    "acute",
    "novel",
    "leukemia",
    "lymphoma",
    "carcinoma",
    "stromal",
    "myeloid",
    "blood",
    "plasma",
    "serum",
    "tissue",
    "bone",
    "marrow",
    "liver",
    "kidney",
    "lung",
    "heart",
    "brain",
    "skin",
    "immune",
    "inflammatory",
    "inflammation",
    "infection",
    "vascular",
    "endothelial",
    "progression",
    "remission",
    "relapse",
    "phase",
    "randomized",
    "controlled",
    "cohort",
    "retrospective",
    "prospective",
    "molecular",
    "genetic",
    "genomic",
    "cellular",
    "tyrosine",
    "inhibitors",
    "apoptosis",
    "proliferation",
    "differentiation",
    "migration",
    "invasion",
    "metastasis",
    "angiogenesis",
    "fibrosis",
    "toxicity",
    "adverse",
    "safety",
    "efficacy",
    "tolerability",
    "pharmacokinetics",
    "concentration",
    "exposure",
    "combination",
    "monotherapy",
    "first",
    "line",
    "second",
    "line",
    "baseline",
    "median",
    "follow",
    "up",
    "hazard",
    "ratio",
    "confidence",
    "interval",
]

# Morphemes for a long tail of rare technical words (the Zipf tail).
PREFIXES = ["cardio", "neuro", "hepato", "nephro", "osteo", "myelo", "lympho", "hemato", "onco", "immuno",
            "dermato", "gastro", "pneumo", "endo", "angio", "cyto", "geno", "proteo", "metabo", "pharmaco",
            "fibro", "chondro", "myo", "adeno", "erythro", "leuko", "thrombo", "glyco", "lipo", "nucleo"]  # fmt: skip
ROOTS = ["kin", "phos", "trans", "cept", "lys", "gen", "stat", "plast", "tox", "troph", "path", "cyt", "morph",
         "phag", "tact", "vasc", "cort", "duct", "mim", "spor", "zym", "lact", "sacch", "mer", "ram"]  # fmt: skip
SUFFIXES = ["ase", "osis", "itis", "ic", "al", "ome", "omics", "ogen", "ation", "emia", "oma", "ocyte",
            "ism", "ide", "ine", "on", "ogenesis", "opathy", "ectomy", "ology"]  # fmt: skip

DRUG_STEMS = ["tinib", "mab", "ciclib", "parib", "lisib", "rafenib", "zomib", "stat", "pril", "sartan",
              "olol", "dipine", "azole", "vir", "cycline", "floxacin", "prazole", "gliptin", "gliflozin", "limus"]  # fmt: skip
SYLLABLES = ["a", "ba", "ce", "da", "de", "fi", "ga", "ima", "ka", "la", "lo", "ma", "ni", "no", "pa", "ra",
             "ri", "sa", "so", "ta", "te", "ti", "va", "ve", "xa", "za", "zo", "bro", "cri", "dro", "pla", "tra"]  # fmt: skip
LAST_SYLLABLES = ["an", "ber", "chen", "da", "de", "er", "gar", "han", "ko", "la", "li", "man", "mo", "na",
                  "ner", "o", "ra", "ri", "sen", "son", "ta", "to", "ung", "wa", "yi", "zhou", "wang", "berg",
                  "stein", "ez", "ov", "ski", "elli", "ard", "mann", "ura", "oto", "kova", "escu", "quist"]  # fmt: skip

PUBLICATION_TYPES = [
    ("Journal Article", 100), ("Review", 14), ("Case Reports", 8), ("Randomized Controlled Trial", 4),
    ("Clinical Trial", 3), ("Clinical Trial, Phase II", 1.5), ("Clinical Trial, Phase III", 1), ("Letter", 3),
    ("Comment", 3), ("Editorial", 2), ("Meta-Analysis", 1.2), ("Systematic Review", 1.2),
    ("Multicenter Study", 2), ("Observational Study", 2), ("Comparative Study", 4),
    ("Research Support, Non-U.S. Gov't", 20), ("Research Support, N.I.H., Extramural", 8),
    ("English Abstract", 2), ("Practice Guideline", 0.3), ("Published Erratum", 0.4),
]  # fmt: skip
CHECK_TAGS = ["Humans", "Animals", "Female", "Male", "Adult", "Middle Aged", "Aged", "Mice", "Child", "Rats"]
LANGUAGES = [
    ("eng", 92),
    ("chi", 2),
    ("ger", 1.5),
    ("fre", 1.2),
    ("jpn", 1),
    ("spa", 1),
    ("rus", 0.8),
    ("ita", 0.5),
]
STRUCTURED_LABELS = ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]


class ZipfSampler:
    """Draw items with probability proportional to 1 / rank**s."""

    def __init__(self, items: Sequence, s: float, rng: random.Random):
        self.items = list(items)
        self.rng = rng
        total, self.cum = 0.0, []
        for rank in range(1, len(self.items) + 1):
            total += 1.0 / rank**s
            self.cum.append(total)
        self.total = total

    def draw(self):
        return self.items[bisect.bisect_left(self.cum, self.rng.random() * self.total)]

    def sample(self, k: int) -> list:
        return [self.draw() for _ in range(k)]


class WeightedSampler:
    def __init__(self, pairs: Sequence[tuple], rng: random.Random):
        self.items = [p[0] for p in pairs]
        self.cum = list(itertools.accumulate(p[1] for p in pairs))
        self.rng = rng

    def draw(self):
        return self.items[bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])]


@dataclass
class CorpusReport:
    publications: int = 0
    authors: int = 0
    journals: int = 0
    drugs: int = 0
    links: int = 0
    authorships: int = 0
    mesh_headings: int = 0
    posts: int = 0
    comments: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def close_thread_connection() -> None:
    """Close the calling thread's own connection (``connection`` is per thread)."""
    connection.close()


class RowWriter:
    """Bulk row inserts: COPY on PostgreSQL, executemany on SQLite. Columns by model field name."""

    def __init__(self, model, columns: Sequence[str]):
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(c).column for c in columns]
        self.vendor = connection.vendor

    def write(self, rows: Iterable[Sequence]) -> None:
        rows = list(rows)
        if not rows:
            return
        if self.vendor != "postgresql":
            adapt = connection.ops.adapt_datetimefield_value
            rows = [tuple(adapt(v) if isinstance(v, dt.datetime) else v for v in row) for row in rows]
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(
                    f"COPY {connection.ops.quote_name(self.table)} ({cols}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(self.table)} ({cols}) VALUES ({marks})", rows
                )


def next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(models) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id by itself
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))",  # noqa: S608
                [table],
            )


class CorpusGenerator:
    def __init__(self, *, publications: int, drugs: int = 200, seed: int = 1, chunk: int = 5000,
                 progress: Callable[[str], None] | None = None):  # fmt: skip
        self.n = publications
        self.n_drugs = drugs
        self.seed = seed
        self.chunk = chunk
        self.rng = random.Random(seed)
        self.progress = progress or (lambda msg: None)
        self.report = CorpusReport()
        self.now = timezone.now()

    # --- vocabularies -------------------------------------------------------------------

    def build_vocabulary(self) -> None:
        rng = self.rng
        tail = {f"{p}{r}{s}" for p in PREFIXES for r in ROOTS for s in SUFFIXES}
        tail = sorted(tail)
        rng.shuffle(tail)
        common = list(dict.fromkeys(COMMON_WORDS))
        rng.shuffle(common)
        words = common + tail[:25_000]
        self.words = ZipfSampler(words, 0.95, rng)
        self.vocabulary_size = len(words)

    def make_drugs(self) -> list[tuple[int, str]]:
        """Synthetic drugs with an INN, a brand and a code name each; (id, name) in popularity order."""
        rng = self.rng
        first_id, first_name_id = next_id(Drug), next_id(DrugName)
        taken = {n.lower() for n in DrugName.objects.values_list("name", flat=True)}
        taken |= {s for s in Drug.objects.values_list("slug", flat=True)}
        drugs, names = [], []
        name_id = first_name_id
        while len(drugs) < self.n_drugs:
            inn = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))) + rng.choice(DRUG_STEMS)
            brand = ("".join(rng.choice(SYLLABLES) for _ in range(3))).capitalize() + rng.choice(
                ["x", "a", "on", "ia"]
            )
            code = "".join(rng.choice("ABCDEFGHKLMNPRSTXYZ") for _ in range(rng.randint(2, 3))) + str(
                rng.randint(100, 99999)
            )
            if {inn, brand.lower(), code.lower(), slugify(inn)} & taken:
                continue
            taken |= {inn, brand.lower(), code.lower()}
            drug_id = first_id + len(drugs)
            drugs.append((drug_id, inn.capitalize(), slugify(inn),
                          f"A synthetic {inn[-5:]} agent generated for benchmarks."))  # fmt: skip
            for name, kind in ((inn, "inn"), (brand, "brand"), (code, "code")):
                names.append((name_id, drug_id, name, kind, slugify(name)))
                name_id += 1
        now = self.now
        RowWriter(Drug, ["id", "name", "slug", "summary", "mesh_ui", "drugbank_id", "chebi_id", "atc_code",
                         "created_at", "updated_at"]).write(
            (d[0], d[1], d[2], d[3], "", "", "", "", now, now) for d in drugs
        )  # fmt: skip
        RowWriter(DrugName, ["id", "drug", "name", "kind", "slug"]).write(names)
        self.report.drugs = len(drugs)
        return [(d[0], d[1]) for d in drugs]

    def make_journals(self, count: int) -> list[tuple[int, str, str]]:
        rng = self.rng
        first = next_id(Journal)
        fields_ = sorted({w.capitalize() for w in self.words.items[40:2000]})
        patterns = [("Journal of {a} {b}", "J {a4} {b4}"), ("{a} Research", "{a4} Res"), ("Acta {a}", "Acta {a4}"),
                    ("International Journal of {a}", "Int J {a4}"), ("{a} and {b} Reports", "{a4} {b4} Rep"),
                    ("Clinical {a}", "Clin {a4}"), ("Annals of {a}", "Ann {a4}")]  # fmt: skip
        out, seen = [], set()
        while len(out) < count:
            a, b = rng.choice(fields_), rng.choice(fields_)
            full, abbr = rng.choice(patterns)
            title = full.format(a=a, b=b)
            if title in seen:
                continue
            seen.add(title)
            iso = abbr.format(a4=a[:5], b4=b[:5])
            out.append((first + len(out), title, iso, f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"))
        RowWriter(Journal, ["id", "title", "iso_abbreviation", "issn", "eissn"]).write(
            (j[0], j[1], j[2], j[3], "") for j in out
        )
        self.report.journals = len(out)
        return [(j[0], j[1], j[2]) for j in out]

    def make_authors(self, count: int) -> list[dict]:
        rng = self.rng
        first = next_id(Author)
        rows, cached = [], []
        for i in range(count):
            last = "".join(rng.choice(LAST_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            fore = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
            initials = fore[0] + (rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.4 else "")
            key = f"n:{last}|{fore}|{initials}#{first + i}"  # unique even when two generated names coincide
            rows.append((first + i, last, fore, initials, "", "", None, key))
            cached.append({"id": first + i, "last_name": last, "fore_name": fore, "initials": initials})
        for start in range(0, len(rows), 50_000):
            RowWriter(Author, ["id", "last_name", "fore_name", "initials", "suffix", "collective_name", "orcid",
                               "key"]).write(rows[start : start + 50_000])  # fmt: skip
        self.report.authors = count
        return cached

    def make_vocab_rows(self, model, names: Sequence[str]) -> dict[str, int]:
        existing = dict(model.objects.filter(name__in=names).values_list("name", "id"))
        first = next_id(model)
        new = [n for n in dict.fromkeys(names) if n not in existing]
        RowWriter(model, ["id", "name"] + (["ui"] if model is PublicationType else [])).write(
            (first + i, n, *([""] if model is PublicationType else [])) for i, n in enumerate(new)
        )
        existing.update({n: first + i for i, n in enumerate(new)})
        return existing

    # --- publications -------------------------------------------------------------------

    def sentence(self, k: int) -> str:
        return " ".join(self.words.sample(k))

    def generate(self) -> CorpusReport:
        t0 = time.monotonic()
        rng = self.rng
        self.build_vocabulary()
        with transaction.atomic():
            drugs = self.make_drugs()
            journals = self.make_journals(max(50, min(8000, self.n // 150)))
            authors = self.make_authors(max(500, min(400_000, self.n // 3)))
            type_ids = self.make_vocab_rows(PublicationType, [t for t, _ in PUBLICATION_TYPES])
            mesh_names = CHECK_TAGS + sorted(
                {w.capitalize() for w in self.words.items[:3000]} - set(CHECK_TAGS)
            )
            mesh_ids = self.make_vocab_rows(MeshTerm, mesh_names)
        self.report.seconds["vocabularies"] = time.monotonic() - t0

        type_sampler = WeightedSampler(PUBLICATION_TYPES[1:], rng)
        lang_sampler = WeightedSampler(LANGUAGES, rng)
        journal_sampler = ZipfSampler(journals, 0.8, rng)
        author_sampler = ZipfSampler(authors, 0.6, rng)
        drug_sampler = ZipfSampler(drugs, 1.0, rng)
        mesh_sampler = ZipfSampler(mesh_names[len(CHECK_TAGS) :], 1.0, rng)
        years = list(range(1950, 2027))
        year_sampler = WeightedSampler([(y, 1.06 ** (y - 1950)) for y in years], rng)
        journal_article = type_ids["Journal Article"]

        ids = {m: next_id(m) for m in (Publication, Authorship, MeshHeading, PublicationDrug, Trial,
                                       PublicationRelation)}  # fmt: skip
        pub_ids = {"publication_types": 1, "trials": 1}
        through_types = Publication.publication_types.through
        through_trials = Publication.trials.through
        pub_ids["publication_types"] = next_id(through_types)
        pub_ids["trials"] = next_id(through_trials)
        pmid_start = max(PMID_BASE, (Publication.objects.aggregate(m=Max("pmid"))["m"] or 0) + 1)
        first_pub = ids[Publication]

        pub_cols = ["id", "pmid", "doi", "pmcid", "title", "vernacular_title", "abstract", "other_abstracts",
                    "copyright", "journal", "volume", "issue", "pages", "pub_year", "pub_month", "pub_day",
                    "pub_date_text", "date_key", "language", "keywords", "is_retracted", "has_erratum",
                    "author_list", "author_count", "author_list_complete", "first_author_key", "match_key",
                    "source", "curated_fields", "created_at", "updated_at"]  # fmt: skip
        writers = {
            "pub": RowWriter(Publication, pub_cols),
            "authorship": RowWriter(Authorship, ["id", "publication", "author", "position", "affiliation"]),
            "mesh": RowWriter(MeshHeading, ["id", "publication", "term", "is_major", "qualifiers"]),
            "link": RowWriter(
                PublicationDrug,
                [
                    "id",
                    "publication",
                    "drug",
                    "rank",
                    "excerpt",
                    "origin",
                    "status",
                    "matched_name",
                    "created_at",
                    "updated_at",
                ],
            ),  # fmt: skip
            "trial": RowWriter(Trial, ["id", "registry", "identifier", "title"]),
            "relation": RowWriter(
                PublicationRelation, ["id", "publication", "kind", "ref_source", "ref_pmid", "target"]
            ),  # fmt: skip
        }
        types_writer = RowWriter(through_types, ["id", "publication", "publicationtype"])
        trials_writer = RowWriter(through_trials, ["id", "publication", "trial"])
        ranks: dict[int, int] = {}
        now = self.now

        def write_chunk(batch):
            with transaction.atomic():
                for name in ("pub", "authorship", "mesh", "link", "trial", "relation"):
                    writers[name].write(batch[name])
                trials_writer.write(batch["trials"])
                types_writer.write(batch["types"])

        # On PostgreSQL a second thread, with its own connection, writes a chunk (COPY, then the
        # deferred foreign-key checks at COMMIT) while this one draws the next: the two cores both
        # work. Not when the caller holds a transaction (a test): the other connection could not
        # see its rows.
        pipeline = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            pipeline = ThreadPoolExecutor(max_workers=1, thread_name_prefix="corpus-writer")
        pending = None
        t1 = time.monotonic()

        for start in range(0, self.n, self.chunk):
            batch = {
                k: [] for k in ("pub", "authorship", "mesh", "link", "trial", "relation", "types", "trials")
            }
            for offset in range(start, min(self.n, start + self.chunk)):
                pid = first_pub + offset
                pmid = pmid_start + offset
                year = year_sampler.draw()
                month = rng.randint(1, 12) if rng.random() < 0.85 else None
                day = rng.randint(1, 28) if month and rng.random() < 0.6 else None
                linked = []
                r = rng.random()
                if r < 0.62:
                    linked = [drug_sampler.draw()]
                    if r < 0.1:
                        linked.append(drug_sampler.draw())
                    linked = list(dict.fromkeys(linked))
                title_words = self.words.sample(rng.randint(6, 16))
                if linked:
                    title_words.insert(rng.randint(0, len(title_words)), linked[0][1].lower())
                title = " ".join(title_words).capitalize() + "."
                abstract = []
                if rng.random() < 0.85:
                    if rng.random() < 0.35:
                        for label in STRUCTURED_LABELS:
                            abstract.append(
                                {
                                    "label": label,
                                    "category": label,
                                    "text": self.sentence(rng.randint(15, 30)).capitalize() + ".",
                                }
                            )
                    else:
                        text = self.sentence(rng.randint(50, 110)).capitalize() + "."
                        abstract.append({"label": "", "category": "", "text": text})
                    for drug in linked[1:]:
                        abstract[-1]["text"] += f" We also studied {drug[1].lower()}."
                nauthors = min(30, max(1, int(rng.expovariate(1 / 5.5)) + 1))
                chosen = list({a["id"]: a for a in author_sampler.sample(nauthors)}.values())
                author_list = [{k: a[k] for k in ("last_name", "fore_name", "initials")} for a in chosen]
                first_key = normalize_text(f"{chosen[0]['last_name']} {chosen[0]['initials']}")
                types = [journal_article] + ([type_ids[type_sampler.draw()]] if rng.random() < 0.45 else [])
                retracted = rng.random() < 0.0015
                journal = journal_sampler.draw()
                volume = str(max(1, year - 1940 + rng.randint(-5, 5)))
                first_page = rng.randint(1, 3000)
                date_text = (
                    f"{year} {MONTH_ABBR[rng.randint(0, 8)]}-{MONTH_ABBR[rng.randint(9, 11)]}"
                    if month is None and rng.random() < 0.3
                    else ""
                )
                batch["pub"].append((
                    pid, pmid, f"{DOI_PREFIX}.{pmid}", f"PMC{pmid - 80_000_000}" if rng.random() < 0.2 else None,
                    title, "", json.dumps(abstract), "[]", "", journal[0], volume, str(rng.randint(1, 12)),
                    f"{first_page}-{first_page + rng.randint(2, 15)}", year, month, day, date_text,
                    year * 10000 + (month or 0) * 100 + (day or 0), lang_sampler.draw(),
                    json.dumps(self.words.sample(rng.randint(0, 5))), retracted, False, json.dumps(author_list),
                    len(author_list), True, first_key, compute_match_key(title, year, chosen[0]['last_name']), "generated", "[]",
                    now, now,
                ))  # fmt: skip
                for pos, a in enumerate(chosen, start=1):
                    batch["authorship"].append((ids[Authorship], pid, a["id"], pos, ""))
                    ids[Authorship] += 1
                terms = {mesh_ids[t] for t in mesh_sampler.sample(rng.randint(2, 9))}
                terms |= {mesh_ids[rng.choice(CHECK_TAGS[:4])]}
                for i, term in enumerate(sorted(terms)):
                    batch["mesh"].append((ids[MeshHeading], pid, term, i == 0, "[]"))
                    ids[MeshHeading] += 1
                for t in types:
                    batch["types"].append((pub_ids["publication_types"], pid, t))
                    pub_ids["publication_types"] += 1
                for drug_id, name in linked:
                    rank = None
                    if ranks.get(drug_id, 0) < 10 and rng.random() < 0.02:
                        ranks[drug_id] = rank = ranks.get(drug_id, 0) + 1
                    status = "confirmed" if rng.random() < 0.7 else "pending"
                    origin = "curator" if status == "confirmed" and rng.random() < 0.5 else "automatic"
                    batch["link"].append((ids[PublicationDrug], pid, drug_id, rank, "", origin, status,
                                          name.lower() if origin == "automatic" else "", now, now))  # fmt: skip
                    ids[PublicationDrug] += 1
                if rng.random() < 0.03:
                    # Derived from the PMID, so identifiers stay unique across runs and clear of real ones.
                    batch["trial"].append(
                        (ids[Trial], "ClinicalTrials.gov", f"NCT{pmid % 100_000_000:08d}", "")
                    )
                    batch["trials"].append((pub_ids["trials"], pid, ids[Trial]))
                    ids[Trial] += 1
                    pub_ids["trials"] += 1
                if retracted:
                    batch["relation"].append((ids[PublicationRelation], pid, "RetractionIn",
                                              f"{journal[2]}. {year + 1}", None, None))  # fmt: skip
                    ids[PublicationRelation] += 1
            if pipeline:
                if pending is not None:
                    pending.result()  # one chunk in flight at most: memory stays bounded
                pending = pipeline.submit(write_chunk, batch)
            else:
                write_chunk(batch)
            self.report.publications += len(batch["pub"])
            self.report.authorships += len(batch["authorship"])
            self.report.mesh_headings += len(batch["mesh"])
            self.report.links += len(batch["link"])
            elapsed = time.monotonic() - t1
            self.progress(f"{self.report.publications:,}/{self.n:,} publications, "
                          f"{self.report.publications / max(elapsed, 1e-9):,.0f}/s")  # fmt: skip
        if pipeline:
            try:
                if pending is not None:
                    pending.result()
            finally:
                pipeline.submit(close_thread_connection).result()
                pipeline.shutdown()
        self.report.seconds["publications"] = time.monotonic() - t1

        t2 = time.monotonic()
        with transaction.atomic():
            self.make_commentary(drugs, first_pub)
            reset_sequences([Drug, DrugName, Journal, Author, PublicationType, MeshTerm, Publication, Authorship,
                             MeshHeading, PublicationDrug, Trial, PublicationRelation, through_types, through_trials,
                             Contributor, Post, PostCitation, Comment, Post.drugs.through])  # fmt: skip
        self.report.seconds["commentary"] = time.monotonic() - t2
        return self.report

    def make_commentary(self, drugs, first_pub: int) -> None:
        rng = self.rng
        n_posts = max(5, min(500, self.n // 2000))
        contributors = [
            Contributor.objects.get_or_create(slug=f"synthetic-writer-{i}-{self.seed}",
                                              defaults={"name": f"Synthetic Writer {i}", "bio": "Generated for benchmarks."})[0]
            for i in range(max(2, n_posts // 25))
        ]  # fmt: skip
        first_post, first_comment = next_id(Post), next_id(Comment)
        posts, drug_rows, citations, comments = [], [], [], []
        drug_through = Post.drugs.through
        drug_through_id = next_id(drug_through)
        citation_id = next_id(PostCitation)
        for i in range(n_posts):
            pid = first_post + i
            drug = drugs[min(len(drugs) - 1, int(rng.expovariate(0.1)))]
            title = f"{drug[1]}: {self.sentence(rng.randint(4, 9))}".capitalize()[:290]
            body = "\n\n".join(
                self.sentence(rng.randint(40, 90)).capitalize() + "." for _ in range(rng.randint(2, 5))
            )
            published = self.now - dt.timedelta(days=rng.randint(1, 3000))
            posts.append((pid, title, f"{slugify(title)[:150]}-{pid}", contributors[i % len(contributors)].pk,
                          "", body, render_markdown(body), "published" if rng.random() < 0.95 else "draft", published,
                          published, published))  # fmt: skip
            drug_rows.append((drug_through_id, pid, drug[0]))
            drug_through_id += 1
            for pos, pub in enumerate(
                rng.sample(range(first_pub, first_pub + self.n), min(self.n, rng.randint(1, 6))), 1
            ):
                citations.append((citation_id, pid, pub, pos))
                citation_id += 1
            for _ in range(rng.randint(0, 40)):
                status = rng.choices(["approved", "pending", "spam"], [80, 12, 8])[0]
                comments.append((first_comment + len(comments), pid, f"Reader {rng.randint(1, 9999)}",
                                 self.sentence(rng.randint(5, 40)), published + dt.timedelta(hours=rng.randint(1, 500)),
                                 status, f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"))  # fmt: skip
        RowWriter(Post, ["id", "title", "slug", "author", "summary", "body", "body_html", "status", "published_at",
                         "created_at", "updated_at"]).write(posts)  # fmt: skip
        RowWriter(drug_through, ["id", "post", "drug"]).write(drug_rows)
        RowWriter(PostCitation, ["id", "post", "publication", "position"]).write(citations)
        RowWriter(Comment, ["id", "post", "name", "body", "created_at", "status", "ip_address"]).write(
            comments
        )
        self.report.posts, self.report.comments = len(posts), len(comments)
