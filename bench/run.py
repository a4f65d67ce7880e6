"""The portal benchmark: one command, one table.

    .venv/bin/python bench/run.py --publications 1000000            # PostgreSQL (default)
    .venv/bin/python bench/run.py --publications 100000 --engine sqlite

It generates (or reuses) a corpus of the size asked, starts the portal under gunicorn on loopback,
drives every page with a fixed number of requests at a fixed concurrency with wrk, and prints
p50/p95/p99 latency and requests/s per page, each row's p95 as a multiple of the two floors (a
constant view; a page that reads one publication by primary key and renders it), and for search
rows the time of the same page's SQL run directly on the database.

Needs wrk (`apt-get install wrk`). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"


@dataclass
class Row:
    name: str
    path: str
    group: str = "page"
    requests: int | None = None  # overrides the default count (exports are heavy)
    cookie: bool = False
    concurrency: int | None = None  # overrides the default connections
    result: dict = field(default_factory=dict)
    sql_ms: float | None = None


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--publications", type=int, default=100_000, help="corpus size (default 100,000)")
    p.add_argument("--engine", choices=["postgres", "sqlite"], default="postgres")
    p.add_argument(
        "--database-url", default="", help=f"default: {DEFAULT_PG_URL} or a SQLite file in .bench/"
    )
    p.add_argument("--requests", type=int, default=1000, help="requests per row (default 1,000)")
    p.add_argument("--concurrency", type=int, default=16, help="open connections (default 16)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", default="", help="comma-separated substrings of row names to run")
    p.add_argument("--port", type=int, default=0, help="default: a free port")
    p.add_argument(
        "--no-page-cache",
        action="store_true",
        help="render every request (PORTAL_PAGE_CACHE_SECONDS=0): the cost of pages nobody has asked for yet",
    )
    return p.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, check=True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=check, **kwargs)


def ensure_database(args, env) -> None:
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1].split("?")[0]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v0")
    # The demo data goes into an empty database, before the corpus; a corpus generated on its own
    # (generate_corpus) has its own drugs, imatinib among them, and is used as it is.
    empty = manage(
        env, "shell", "-c", "from literature.models import Publication; print(Publication.objects.exists())",
        capture_output=True, text=True,
    ).stdout.strip() == "False"  # fmt: skip
    if empty:
        manage(env, "load_demo", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")


def ensure_corpus(args, env) -> dict:
    """Generate what is missing; report generation time and the generator's peak memory."""
    import django

    django.setup()
    from literature.models import Publication

    have = Publication.objects.filter(source="generated").count()
    info = {"existing": have, "generated": 0, "seconds": 0.0, "peak_mb": 0.0}
    if have < args.publications:
        missing = args.publications - have
        print(f"Generating {missing:,} publications (have {have:,})...", flush=True)
        started = time.monotonic()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        manage(env, "generate_corpus", f"--publications={missing}", f"--seed={args.seed + have}")
        info.update(generated=missing, seconds=time.monotonic() - started)
        info["peak_mb"] = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return info


def build_rows(args) -> list[Row]:
    """Pick the targets from the data itself: the largest drug, a mid-table publication, search terms."""
    from django.db.models import Count
    from django.urls import reverse

    from drugs.models import Drug
    from literature.models import Publication, PublicationType
    from portal.corpus import CorpusGenerator

    largest = Drug.objects.annotate(n=Count("publication_links")).order_by("-n").first()
    ids = Publication.objects.order_by("pk").values_list("pk", flat=True)
    middle = ids[ids.count() // 2]
    gen = CorpusGenerator(publications=1, seed=args.seed)
    gen.build_vocabulary()
    words = gen.words.items
    ubiquitous, common, rare = words[0], words[25], words[min(len(words) - 1, 15_000)]
    review = PublicationType.objects.filter(name="Review").exists()

    def search(**params):
        return reverse("literature:search") + "?" + urlencode(params, doseq=True)

    rows = [
        Row("floor: constant view", "/bench/constant", "floor"),
        Row("floor: one row by pk", f"/bench/row/{middle}", "floor"),
        Row("home", reverse("home")),
        Row("drug index", reverse("drugs:index")),
        Row(f"drug page (largest: {largest.n:,} pubs)", largest.get_absolute_url()),
        Row("publication page", reverse("literature:publication", args=[middle])),
        Row(f"search rare term ({rare})", search(q=rare), "search"),
        Row(f"search common term ({common})", search(q=common), "search"),
        Row(f"search ubiquitous term ({ubiquitous})", search(q=ubiquitous), "search"),
        Row("search phrase", search(q=f'"{ubiquitous} {common}"'), "search"),
        Row("search prefix", search(q="cardio*"), "search"),
        Row("search field tag [ti]", search(q=f"{common}[ti]"), "search"),
        Row(
            "search filters + facets",
            search(q=common, year_min=2000, year_max=2020, **({"type": "Review"} if review else {})),
            "search",
        ),
        Row("search no query (newest)", search(), "search"),
    ]
    for sort in ["relevance", "newest", "oldest", "first_author", "journal"]:
        rows.append(Row(f"search sort={sort}", search(q=common, sort=sort), "search"))
    rows += [
        Row("search page 50", search(q=common, page=50), "search"),
        Row(
            "site-wide search",
            reverse("site_search") + "?" + urlencode({"q": largest.name, "all": "1"}),  # all: no redirect
            "search",
        ),
        Row("feed: search", reverse("literature:search_feed") + "?" + urlencode({"q": common}), "feed"),
        Row(
            "admin publication changelist",
            reverse("admin:literature_publication_changelist"),
            "admin",
            cookie=True,
        ),
        Row(
            "admin publication search",
            reverse("admin:literature_publication_changelist") + "?" + urlencode({"q": rare}),
            "admin",
            cookie=True,
        ),
    ]
    for name, path in feed_paths(largest):
        rows.append(Row(f"feed: {name}", path, "feed"))
    # Last, so the exports still queued when wrk stops cannot slow the rows after them; one per worker,
    # so the row measures an export, not a queue of them.
    rows.append(
        Row(
            "export 10,000 records (RIS)",
            reverse("literature:export") + "?" + urlencode({"q": ubiquitous, "format": "ris"}),
            "export",
            requests=10,
            concurrency=2,
        )
    )
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    return [r for r in rows if r.group == "floor" or not only or any(s in r.name for s in only)]


def feed_paths(drug) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    out = []
    for name, view, kwargs in [
        ("commentary", "literature:post_list_feed", {}),
        ("drug", "drugs:feed", {"slug": drug.slug}),
    ]:
        try:
            out.append((name, reverse(view, kwargs=kwargs)))
        except NoReverseMatch:
            print(f"(no feed named {view}; row skipped)")
    return out


def admin_cookie() -> str:
    """A logged-in superuser's session, for the admin rows."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"sessionid={session.session_key}"


def start_server(args, env, port, threads: int = 1, stdout=None) -> subprocess.Popen:
    server_env = {**env, "WEB_CONCURRENCY": str(args.workers), "GUNICORN_THREADS": str(threads), "PORT": str(port),
                  "HOST": "127.0.0.1"}  # fmt: skip
    proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), "portal.wsgi", "-c", "portal/gunicorn.conf.py"],
                            cwd=ROOT, env=server_env, stdout=stdout)  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return proc
        except OSError:  # refused while binding, or a worker still booting (a timeout)
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def worker_peak_mb(server: subprocess.Popen) -> float:
    """The largest peak resident size among gunicorn's workers (VmHWM), in MB."""
    peak = 0
    for child in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def drive(row: Row, args, port: int, cookie: str) -> dict:
    url = f"http://127.0.0.1:{port}{row.path}"
    headers = {"Cookie": cookie} if row.cookie else {}
    request = urllib.request.Request(url, headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # warm-up, and the status must be 200
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    # The first request renders the page with the caches empty for it (the run starts with an empty
    # cache folder): what the first reader of a page waits after a curator's change.
    first_ms = (time.perf_counter() - started) * 1000
    if status != 200:
        return {"error": f"HTTP {status}"}
    total = row.requests or args.requests
    concurrency = min(row.concurrency or args.concurrency, total)
    # One wrk thread (it drives far more requests/s than two workers serve): the script counts the
    # requests it sends and ends the run when the row's count (plus the ones in flight) is sent.
    wrk_env = {
        **os.environ,
        "REQUESTS_PER_THREAD": str(total + concurrency),
        "COOKIE": cookie if row.cookie else "",
    }
    out = subprocess.run(
        ["wrk", "-t1", f"-c{concurrency}", "-d600s", "--timeout", "60s", "-s", str(WRK_SCRIPT), url],
        capture_output=True, text=True, env=wrk_env, check=True,
    )  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["first_ms"] = first_ms
    return result


def time_sql(row: Row, repeats: int = 5) -> float | None:
    """Run the page in-process, capture its SQL, and time those statements run directly (median total, ms)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # the page's own statements, not a cached copy of it

    with CaptureQueriesContext(connection) as captured:
        Client().get(row.path)
    statements = []
    for q in captured.captured_queries:
        sql = q["sql"]
        if sql.startswith(("SAVEPOINT", "RELEASE", "FETCH", "CLOSE")):
            continue
        if sql.startswith("DECLARE"):  # a streamed (server-side cursor) query: time the query itself
            sql = re.split(r"\bCURSOR\b.*?\bFOR\b", sql, maxsplit=1, flags=re.S)[1]
        statements.append(sql)
    if not statements:
        return None
    totals = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
            totals.append((time.perf_counter() - started) * 1000)
    return statistics.median(totals)


def _run_cache_dir() -> str:
    path = tempfile.mkdtemp(prefix="portal-bench-cache-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def prepare_environment(args) -> dict:
    """The environment every process of the run shares; the database created, migrated and demo-loaded."""
    (ROOT / ".bench").mkdir(exist_ok=True)
    url = args.database_url or (
        DEFAULT_PG_URL if args.engine == "postgres" else f"sqlite:///{ROOT / '.bench' / 'bench.sqlite3'}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "PORTAL_BENCHMARK_VIEWS": "1",
        "PORTAL_ACCESS_LOG_LEVEL": "WARNING",
        "DJANGO_LOG_LEVEL": "WARNING",
        # A cache of the run's own, empty at the start, shared by the server's workers.
        "PORTAL_CACHE_DIR": _run_cache_dir(),
        "PORTAL_PAGE_CACHE_SECONDS": "0" if getattr(args, "no_page_cache", False) else "3600",
    }
    env.pop("REDIS_URL", None)
    redis_url = getattr(args, "redis_url", "")
    if redis_url:
        # The production set-up: the cache in Redis, in a database of the run's own, emptied first.
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env["REDIS_URL"] = redis_url
    os.environ.update(env)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    ensure_database(args, env)
    return env


def main():
    args = parse_args()
    env = prepare_environment(args)
    corpus = ensure_corpus(args, env)
    import django

    django.setup()
    rows = build_rows(args)
    cookie = admin_cookie()
    port = args.port or free_port()
    server = start_server(args, env, port)
    try:
        for row in rows:
            before = worker_peak_mb(server)
            row.result = drive(row, args, port, cookie)
            row.result["worker_peak_mb"] = worker_peak_mb(server)
            row.result["worker_peak_before_mb"] = before
            if row.group == "search" and "error" not in row.result:
                row.sql_ms = time_sql(row)
            r = row.result
            if "error" in r:
                print(f"  {row.name}: {r['error']}", flush=True)
            else:
                print(f"  {row.name}: p95 {r['p95_us'] / 1000:.1f} ms, {r['rps']:.1f} req/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, corpus, rows, env["DATABASE_URL"])


def report(args, corpus, rows, url):
    from django.db import connection

    floors = {r.name: r.result for r in rows if r.group == "floor" and "error" not in r.result}
    const = floors.get("floor: constant view", {}).get("p95_us")
    one_row = floors.get("floor: one row by pk", {}).get("p95_us")
    from literature.models import Publication

    print()
    print(f"Engine: {connection.vendor}  corpus: {Publication.objects.count():,} publications  "
          f"requests/row: {args.requests}  connections: {args.concurrency}  gunicorn sync workers: {args.workers}")  # fmt: skip
    if corpus["generated"]:
        print(f"Corpus generation: {corpus['generated']:,} publications in {corpus['seconds']:.0f} s "
              f"(peak memory {corpus['peak_mb']:.0f} MB)")  # fmt: skip
    print("Page cache: " + ("off (every request renders)" if args.no_page_cache else
          "on (1st ms: the first request, rendered with empty caches; the rest may be served from the cache)"))  # fmt: skip
    header = f"{'page':<44} {'1st ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'x const':>8} {'x row':>7} {'SQL ms':>8} {'err':>4}"
    print(header)
    print("-" * len(header))
    for row in rows:
        r = row.result
        if "error" in r:
            print(f"{row.name[:44]:<44} {r['error']}")
            continue
        p95 = r["p95_us"]
        print(
            f"{row.name[:44]:<44} {r['first_ms']:>8.1f} {r['p50_us'] / 1000:>8.1f} {p95 / 1000:>8.1f} {r['p99_us'] / 1000:>8.1f} "
            f"{r['rps']:>8.{0 if r['rps'] >= 10 else 1}f} {p95 / const if const else 0:>8.1f} {p95 / one_row if one_row else 0:>7.1f} "
            f"{'' if row.sql_ms is None else f'{row.sql_ms:.1f}':>8} {r['errors']:>4}"
        )
    export = next((r for r in rows if r.group == "export" and "error" not in r.result), None)
    if export:
        print(f"Export: gunicorn worker peak memory {export.result['worker_peak_mb']:.0f} MB "
              f"(before the export rows: {export.result['worker_peak_before_mb']:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
