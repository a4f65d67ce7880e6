"""Reads from a replica, writes to the primary, when DATABASE_REPLICA_URL is set.

Requests that change things (any method but GET/HEAD/OPTIONS) and the admin read from the
primary too, so a curator never sees a list that lags the edit they just saved; the
middleware below marks them.
"""

import contextvars

from django.conf import settings

REPLICA = "replica"
_use_primary: contextvars.ContextVar[bool] = contextvars.ContextVar("use_primary", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA in settings.DATABASES and not _use_primary.get():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryForWritesMiddleware:
    """Route this request's reads to the primary when it writes or is a curator's admin page."""

    SAFE = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_primary.set(request.method not in self.SAFE or request.path.startswith("/admin/"))
        try:
            return self.get_response(request)
        finally:
            _use_primary.reset(token)


class use_primary:  # noqa: N801 (used like a function: `with use_primary():`)
    """Read from the primary inside this block (services that read what they just wrote)."""

    def __enter__(self):
        self._token = _use_primary.set(True)

    def __exit__(self, *exc):
        _use_primary.reset(self._token)
