"""Load test: a realistic mix of readers against gunicorn + PostgreSQL, bounded in time, loopback only.

    .venv/bin/python bench/load.py --publications 1000000 --connections 50 --duration 300 [--think-ms 1000]

Uses the benchmark's corpus and server set-up (bench/run.py). Each of the 50 connections is a
reader, pausing between pages as a reader does (--think-ms), walking a weighted mix: home, drug
pages, searches with filters and sorts, publication pages, feeds. Prints requests/s, p50/p95/p99 and the error count (target: 0 errors, p95 < 300 ms).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402


def mix(seed: int, size: int = 5000) -> list[str]:
    from django.db.models import Count
    from django.urls import reverse

    from drugs.models import Drug
    from literature.models import Publication
    from portal.corpus import CorpusGenerator

    rng = random.Random(seed)
    drugs = list(
        Drug.objects.annotate(n=Count("publication_links"))
        .order_by("-n")
        .values_list("slug", flat=True)[:100]
    )
    max_pk = Publication.objects.order_by("-pk").values_list("pk", flat=True).first()
    gen = CorpusGenerator(publications=1, seed=seed)
    gen.build_vocabulary()
    words = gen.words.items[:20_000]
    common_words = words[:1000]
    search = reverse("literature:search")
    weighted = [
        (10, lambda: reverse("home")),
        (3, lambda: reverse("drugs:index")),
        (20, lambda: reverse("drugs:detail", args=[rng.choice(drugs)])),
        (25, lambda: reverse("literature:publication", args=[rng.randint(1, max_pk)])),
        (15, lambda: search + "?" + urlencode({"q": rng.choice(words)})),
        (
            8,
            lambda: (
                search
                + "?"
                + urlencode(
                    {
                        "q": f"{rng.choice(words)} {rng.choice(words)}",
                        "sort": rng.choice(["newest", "oldest", "relevance", "first_author", "journal"]),
                    }
                )
            ),
        ),  # fmt: skip
        (
            6,
            lambda: (
                search
                + "?"
                + urlencode(
                    {
                        # A reader reaches page 2-5 by following "next": only searches with
                        # that many results (common words, decades of years) are paged.
                        "q": rng.choice(common_words),
                        "year_min": rng.randint(1960, 2000),
                        "year_max": 2026,
                        "page": rng.randint(1, 5),
                    }
                )
            ),
        ),  # fmt: skip
        (3, lambda: search + "?" + urlencode({"drug": rng.choice(drugs), "sort": "newest"})),
        (4, lambda: reverse("literature:search_feed") + "?" + urlencode({"q": rng.choice(words)})),
        (3, lambda: reverse("site_search") + "?" + urlencode({"q": rng.choice(drugs)})),
        (3, lambda: reverse("literature:post_list")),
    ]
    total = sum(w for w, _ in weighted)
    paths = []
    for _ in range(size):
        pick = rng.uniform(0, total)
        for weight, make in weighted:
            pick -= weight
            if pick <= 0:
                paths.append(make())
                break
    return paths


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--publications", type=int, default=1_000_000)
    p.add_argument("--engine", choices=["postgres", "sqlite"], default="postgres")
    p.add_argument("--database-url", default="")
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--duration", type=int, default=300, help="seconds (default 300)")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    p.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    p.add_argument(
        "--think-ms",
        type=int,
        default=1000,
        help="each reader's mean pause between pages, ms (default 1,000; 0: no pause, a saturation test)",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-page-cache", action="store_true", help="render every request (no page cache)")
    p.add_argument(
        "--redis-url",
        default="",
        help="cache in this Redis database, as in production (EMPTIED at the start), e.g. "
        "redis://127.0.0.1:6379/15; default: the file cache of a machine without Redis",
    )
    p.add_argument(
        "--breakdown",
        action="store_true",
        help="log every request in the server and print, per kind of page, its share of the server's time",
    )
    args = p.parse_args()
    args.requests, args.concurrency = 0, args.connections
    env = run.prepare_environment(args)
    if args.breakdown:
        env["PORTAL_ACCESS_LOG_LEVEL"] = "INFO"
    corpus = run.ensure_corpus(args, env)
    import django

    django.setup()
    paths = mix(args.seed)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths))
    port = run.free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log") if args.breakdown else None  # noqa: SIM115 (closed below)
    server = run.start_server(args, env, port, threads=args.threads, stdout=log)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s",
             "-s", str(Path(__file__).with_name("wrk_mix.lua")), f"http://127.0.0.1:{port}/"],
            capture_output=True, text=True, env={**os.environ, "PATHS_FILE": f.name, "THINK_MS": str(args.think_ms)}, check=True,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(f.name)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    seconds = r["duration_us"] / 1e6
    print(f"Corpus: {corpus['existing'] + corpus['generated']:,} generated publications; "
          f"{args.connections} readers (mean pause {args.think_ms} ms) for {seconds:.0f} s; gunicorn {args.workers} workers x {args.threads} threads; "
          f"cache: {'Redis' if args.redis_url else 'files'}")  # fmt: skip
    print(f"requests: {r['requests']:,}  req/s: {r['requests'] / seconds:,.0f}  p50: {r['p50_us'] / 1000:.0f} ms  "
          f"p95: {r['p95_us'] / 1000:.0f} ms  p99: {r['p99_us'] / 1000:.0f} ms  max: {r['max_us'] / 1000:.0f} ms  "
          f"errors: {r['errors']} (non-2xx/3xx {r['non2xx']}, timeouts {r['timeouts']})")  # fmt: skip
    if log is not None:
        log.seek(0)
        print_breakdown(log)
        log.close()


def _kind(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    if not parts:
        return "home"
    if parts[0] == "drugs":
        return "drug index" if len(parts) == 1 else "drug page"
    if parts[0] == "publications":
        if len(parts) == 1:
            return "search"
        return "publication page" if parts[1].isdigit() else "search " + parts[1]
    if parts[0] == "search":
        return "site search"
    return "/".join(parts[:2])


def print_breakdown(lines) -> None:
    """Per kind of page: requests, share served from the page cache, share of the server's time, and
    the durations inside Django of the rendered (not cached) ones."""
    kinds: dict[str, dict] = {}
    minutes: dict[str, list[float]] = {}
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("message") != "request":
            continue
        k = kinds.setdefault(_kind(entry["path"]), {"n": 0, "hits": 0, "ms": 0.0, "rendered": []})
        k["n"] += 1
        k["ms"] += entry["duration_ms"]
        minutes.setdefault(entry["time"][:16], []).append(entry["duration_ms"])
        if entry.get("page_cache"):
            k["hits"] += 1
        else:
            k["rendered"].append(entry["duration_ms"])
    total = sum(k["ms"] for k in kinds.values()) or 1
    print(
        f"{'page':18} {'requests':>8} {'cached':>7} {'time':>6}   rendered: {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    )
    for name, k in sorted(kinds.items(), key=lambda kv: -kv[1]["ms"]):
        r = sorted(k["rendered"]) or [0.0]
        print(f"{name:18} {k['n']:8,} {k['hits'] / k['n']:7.0%} {k['ms'] / total:6.1%}   "
              f"{len(k['rendered']):15,} {r[len(r) // 2]:7.0f} {r[int(len(r) * 0.95)]:7.0f} {r[-1]:7.0f}")  # fmt: skip
    # Inside Django only (the time in gunicorn's queue is not in it): where in the run the slow ones were.
    print("minute  requests  p95 ms in Django")
    for minute, durations in sorted(minutes.items()):
        d = sorted(durations)
        print(f"{minute[11:]:>6}  {len(d):8,}  {d[int(len(d) * 0.95)]:8.0f}")


if __name__ == "__main__":
    main()
