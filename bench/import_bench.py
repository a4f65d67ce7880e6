"""Benchmark of the literature import: records/s and peak memory on SQLite and PostgreSQL.

A script, not a test: it generates a PubMed XML file of N realistic records (100,000 by
default: structured abstracts, 1-9 authors from a pool with affiliations and ORCIDs,
MeSH headings with qualifiers, keywords, publication types, DOIs, PMC ids, trial numbers,
erratum links), then imports it into a fresh database of each kind, in a fresh process
each time so the peak memory is the import's own, and imports it a second time to time a
re-import where every record is unchanged.

    python bench/import_bench.py                        # SQLite only, 100,000 records
    python bench/import_bench.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    python bench/import_bench.py --records 20000 --keep /tmp/bench.xml

For PostgreSQL, the URL names a server and a maintenance database; the script creates a
database ``portal_import_bench`` there and drops it afterwards. Targets: at least 2,000
records/s on PostgreSQL on a 2-core machine, and under 300 MB of memory. A machine reference
(two fixed workloads) is printed before and after, to compare runs on machines of other speeds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "portal_import_bench"

WORDS = [
    "imatinib",
    "kinase",
    "inhibitor",
    "chronic",
    "myeloid",
    "leukemia",
    "response",
    "survival",
    "trial",
    "patients",
    "therapy",
    "mutation",
    "resistance",
    "cohort",
    "randomized",
    "dose",
    "safety",
    "efficacy",
    "molecular",
    "cytogenetic",
    "remission",
    "tyrosine",
    "bcr",
    "abl",
    "gastrointestinal",
    "stromal",
    "tumor",
    "outcome",
    "analysis",
    "treatment",
    "clinical",
    "phase",
    "study",
    "adverse",
    "events",
    "toxicity",
    "pharmacokinetics",
    "plasma",
    "concentration",
    "discontinuation",
    "relapse",
    "free",
    "follow",
    "up",
    "years",
    "median",
    "months",
    "hazard",
    "ratio",
    "confidence",
    "interval",
    "significant",
    "baseline",
    "model",
]
LAST = ["Smith", "García", "Müller", "Nguyen", "Kowalski", "Öztürk", "Rossi", "Dahlin", "Hughes", "Sato",
        "Larsen", "Novák", "Silva", "Chen", "Okafor", "Ivanova", "Dubois", "O'Brien", "Jensen", "Kim"]  # fmt: skip
FORE = ["Anna", "José", "Björn", "Li", "Fatima", "Jean-Pierre", "Søren", "Maria", "Kenji", "Olga",
        "Ahmed", "Chloé", "Pavel", "Grace", "Tomás", "Ingrid", "Ravi", "Zoë", "Lukas", "Amara"]  # fmt: skip
TYPES = ["Journal Article", "Randomized Controlled Trial", "Review", "Clinical Trial, Phase III",
         "Multicenter Study", "Research Support, Non-U.S. Gov't", "Comparative Study", "Case Reports"]  # fmt: skip
QUALIFIERS = ["therapeutic use", "adverse effects", "pharmacology", "drug therapy", "genetics",
              "metabolism", "pathology", "administration & dosage", "blood", "mortality"]  # fmt: skip
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def orcid_of(digits: str) -> str:
    """An ORCID from its first 15 digits, with the check digit ORCID computes (ISO 7064 11-2)."""
    total = 0
    for ch in digits:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return esc(" ".join(words).capitalize() + ".")


def record(rng: random.Random, i: int) -> str:
    pmid = 10_000_000 + i
    year = rng.randint(1995, 2024)
    month = MONTHS[rng.randrange(12)]
    journal = rng.randrange(2000)
    authors = []
    for a in range(rng.randint(1, 9)):
        person = rng.randrange(60_000)
        last = f"{LAST[person % len(LAST)]}{person // 400}"
        fore = FORE[(person // 20) % len(FORE)]
        orcid = (
            f'<Identifier Source="ORCID">{orcid_of(f"00000002{person % 10000:04d}{(person // 7) % 1000:03d}")}</Identifier>'
            if person % 9 == 0
            else ""
        )
        authors.append(
            f'<Author ValidYN="Y"><LastName>{esc(last)}</LastName><ForeName>{fore}</ForeName>'
            f"<Initials>{fore[0]}</Initials>{orcid}<AffiliationInfo><Affiliation>Department {a % 7} of "
            f"Haematology, University {person % 300}, City.</Affiliation></AffiliationInfo></Author>"
        )
    if i % 97 == 0:
        authors.append("<Author><CollectiveName>Imatinib Study Group</CollectiveName></Author>")
    mesh = []
    for t in rng.sample(range(5000), rng.randint(3, 10)):
        quals = "".join(
            f'<QualifierName UI="Q{q:06d}" MajorTopicYN="{"Y" if q == 0 else "N"}">{esc(QUALIFIERS[q])}</QualifierName>'
            for q in rng.sample(range(len(QUALIFIERS)), rng.randint(0, 2))
        )
        mesh.append(
            f'<MeshHeading><DescriptorName UI="D{t:06d}" MajorTopicYN="N">Term {t}</DescriptorName>{quals}</MeshHeading>'
        )
    sections = "".join(
        f'<AbstractText Label="{label}" NlmCategory="{label}">{sentence(rng, rng.randint(15, 45))}</AbstractText>'
        for label in ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS")
    )
    nct = f" Registered as NCT{pmid:08d}." if i % 10 == 0 else ""
    comments = (
        f'<CommentsCorrectionsList><CommentsCorrections RefType="ErratumIn"><RefSource>J Test {journal}. '
        f'{year};1:1</RefSource><PMID Version="1">{pmid + 1}</PMID></CommentsCorrections></CommentsCorrectionsList>'
        if i % 50 == 0
        else ""
    )
    types = "".join(
        f'<PublicationType UI="D{k:06d}">{esc(TYPES[k])}</PublicationType>'
        for k in sorted({0, rng.randrange(8)})
    )
    keywords = "".join(f'<Keyword MajorTopicYN="N">{w}</Keyword>' for w in rng.sample(WORDS, 4))
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Print">{1000 + journal:04d}-{journal % 1000:03d}X</ISSN>'
        f'<JournalIssue CitedMedium="Internet"><Volume>{rng.randint(1, 140)}</Volume><Issue>{rng.randint(1, 12)}</Issue>'
        f"<PubDate><Year>{year}</Year><Month>{month}</Month></PubDate></JournalIssue>"
        f"<Title>Journal of Generated Medicine {journal}</Title><ISOAbbreviation>J Gen Med {journal}</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{sentence(rng, rng.randint(8, 18))[:-1]} ({i}).</ArticleTitle>"
        f"<Pagination><MedlinePgn>{rng.randint(1, 900)}-{rng.randint(1, 99)}</MedlinePgn></Pagination>"
        f'<ELocationID EIdType="doi" ValidYN="Y">10.5555/gen.{pmid}</ELocationID>'
        f"<Abstract>{sections[:-15]}{nct}</AbstractText></Abstract>"
        f'<AuthorList CompleteYN="Y">{"".join(authors)}</AuthorList><Language>eng</Language>'
        f"<PublicationTypeList>{types}</PublicationTypeList></Article>"
        f"<MedlineJournalInfo><Country>England</Country><MedlineTA>J Gen Med {journal}</MedlineTA>"
        f"<NlmUniqueID>{9_000_000 + journal}</NlmUniqueID></MedlineJournalInfo>"
        f'<ChemicalList><Chemical><RegistryNumber>0</RegistryNumber><NameOfSubstance UI="D000970">Antineoplastic Agents'
        f"</NameOfSubstance></Chemical></ChemicalList>{comments}<MeshHeadingList>{''.join(mesh)}</MeshHeadingList>"
        f'<KeywordList Owner="NOTNLM">{keywords}</KeywordList></MedlineCitation>'
        f'<PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId>'
        f'<ArticleId IdType="doi">10.5555/gen.{pmid}</ArticleId><ArticleId IdType="pmc">PMC{pmid}</ArticleId>'
        f"</ArticleIdList></PubmedData></PubmedArticle>\n"
    )


def generate(path: Path, n: int, seed: int = 20240101) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" '
            '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n'
        )
        for i in range(n):
            out.write(record(rng, i))
        out.write("</PubmedArticleSet>\n")


# --- one measured import, in its own process ------------------------------------------------


def run_one(database_url: str, path: str) -> None:
    import resource

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from literature.importers import ImportSource, import_files

    call_command("migrate", verbosity=0)
    results = []
    for label in ("first import", "re-import"):
        cpu_before = cpu_seconds()
        with open(path, "rb") as f:
            started = time.perf_counter()
            # As the command does: a large file is parsed in a second process while this one writes.
            report = import_files(
                sources=[ImportSource(path, f, os.path.getsize(path))], background_parse_from=0
            )
            seconds = time.perf_counter() - started
        r = report.files[0]
        if r.error:
            raise SystemExit(f"import failed: {r.error}")
        results.append(
            {
                "run": label,
                "records": r.records,
                "created": r.created,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "failed": len(r.failed),
                "seconds": round(seconds, 1),
                "records_per_s": round(r.records / seconds),
                "cpu": {k: round(v - cpu_before[k], 1) for k, v in cpu_seconds().items() if k in cpu_before},
            }
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    parser_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {"results": results, "peak_rss_mb": round(peak_mb, 1), "parser_rss_mb": round(parser_mb, 1)}
        )
    )


def cpu_seconds() -> dict[str, float]:
    """CPU seconds so far of this process, of its finished children (the parser) and, when the
    server runs on this machine, of this connection's PostgreSQL backend. Their sum over the
    machine's cores is the least time an import can take however well the three overlap."""
    import resource

    from django.db import connection

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"import": own.ru_utime + own.ru_stime, "parser": children.ru_utime + children.ru_stime}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            # Fields 14 and 15 of /proc/<pid>/stat: user and system time, in clock ticks.
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out["database"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass  # a server on another machine (or one this user cannot read): not counted
    return out


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


def measure(label: str, database_url: str, path: Path) -> dict:
    out = subprocess.run(  # noqa: S603 - this script re-running itself
        [sys.executable, __file__, "--run-one", database_url, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(f"{label}: the import process failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    for r in result["results"]:
        print(
            f"{label:<11} {r['run']:<13} {r['records']:>8,} records in {r['seconds']:>6.1f} s = "
            f"{r['records_per_s']:>6,} records/s  (created {r['created']:,}, updated {r['updated']:,}, "
            f"unchanged {r['unchanged']:,}, failed {r['failed']:,})"
        )
        cpu = r["cpu"]
        cores = os.cpu_count() or 1
        print(
            f"{'':<11} {'':<13} CPU: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in cpu.items())
            + f"; all together {sum(cpu.values()):.1f} s, at least {sum(cpu.values()) / cores:.1f} s"
            f" of wall time on {cores} cores"
        )
    print(
        f"{label:<11} peak memory (RSS): import process {result['peak_rss_mb']:.0f} MB, "
        f"parser process {result['parser_rss_mb']:.0f} MB"
    )
    return result


# The machine's own speed drifts (shared cores: the same import has taken 1.3x longer an hour later)
# and differs from machine to machine by more than most changes to the importer gain, so the figures
# come with a reference: two fixed workloads like the import's two halves, timed before and after.
REFERENCE_RECORDS = 5_000
REFERENCE_SQL = (
    "SELECT sum(length(to_tsvector('english', repeat('Imatinib inhibits the BCR-ABL tyrosine kinase "
    "in chronic myeloid leukaemia; cytogenetic responses were durable. ', 12) || g))) "
    "FROM generate_series(1, 5000) g"
)


def python_reference(path: Path) -> tuple[float, int]:
    """Seconds to read the first REFERENCE_RECORDS records of the file with ElementTree (the parser's core), and how many."""
    from xml.etree.ElementTree import iterparse

    started, records = time.perf_counter(), 0
    with open(path, "rb") as f:
        for _, elem in iterparse(f):  # noqa: S314 - the file this script generated
            if elem.tag == "AbstractText":
                "".join(elem.itertext())  # its text gathered, as the parser does
            elif elem.tag == "PubmedArticle":
                records += 1
                elem.clear()
                if records >= REFERENCE_RECORDS:
                    break
    return time.perf_counter() - started, records


def postgres_reference(url: str) -> float:
    """Seconds the server takes to turn 5,000 short texts into search vectors (its share of an import)."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute(REFERENCE_SQL).fetchall()
        return time.perf_counter() - started


def reference(label: str, path: Path, postgres_url: str | None) -> None:
    python, records = min(python_reference(path) for _ in range(3))
    line = f"machine reference ({label}, lower is faster): Python reading {records:,} records {python:.2f} s"
    if postgres_url:
        line += f", PostgreSQL search vectors {min(postgres_reference(postgres_url) for _ in range(3)):.2f} s"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL", help="postgres://user@host:port/maintenance_db")
    parser.add_argument("--no-sqlite", action="store_true", help="Skip the SQLite run.")
    parser.add_argument("--keep", metavar="PATH", help="Write the generated XML here and keep it.")
    parser.add_argument("--run-one", nargs=2, metavar=("DATABASE_URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        run_one(*args.run_one)
        return

    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "pubmed_bench.xml"
        started = time.perf_counter()
        generate(path, args.records)
        size_mb = path.stat().st_size / 1e6
        print(
            f"generated {args.records:,} PubMed records: {size_mb:.0f} MB in {time.perf_counter() - started:.0f} s"
        )
        reference("before", path, args.postgres)
        if not args.no_sqlite:
            measure("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", path)
        if args.postgres:
            postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB}")
            postgres_admin(args.postgres, f"CREATE DATABASE {BENCH_DB}")
            try:
                measure("PostgreSQL", with_database(args.postgres, BENCH_DB), path)
            finally:
                postgres_admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        reference("after", path, args.postgres)


if __name__ == "__main__":
    main()
