"""gunicorn settings for production, all from the environment (README, "Deploying")."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 (behind a proxy)
# Workers with a few threads each: pages are short database reads, and a reader's keep-alive
# connection stays with one worker, so with 2 threads a request there waited behind two slow ones
# while other workers idled (50 readers on 2 cores, bench/load.py: p95 382 ms with 4 workers x 2
# threads, 222-246 ms with 4 x 4).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The application is loaded once, in the master, and warmed up there (views, URLs, templates), so
# every worker starts ready for its first requests, a recycled one's replacement included.
preload_app = True


def when_ready(server):
    from portal.warmup import warm_up

    server.log.info("warmed up: %d templates compiled before the workers fork", warm_up())


# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Refuse absurd request lines and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Only the local proxy may tell us the scheme and client address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Django logs one JSON line per request (portal.middleware); gunicorn logs only its own errors.
accesslog = None
errorlog = "-"
