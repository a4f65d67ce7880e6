"""Reader comments: the address a comment came from, and the per-address rate limit."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from portal.http import client_ip  # noqa: F401 (the address a comment came from)


def over_rate_limit(ip: str | None) -> bool:
    """Count this submission against its address; True once it passes COMMENT_RATE_LIMIT per window.

    A fixed window in the cache (shared by all workers when the cache is Redis): the first
    submission opens it, and it closes COMMENT_RATE_WINDOW seconds later.
    """
    key = f"comments:rate:{ip or 'unknown'}"
    cache.add(key, 0, timeout=settings.COMMENT_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.COMMENT_RATE_WINDOW)
        count = 1
    return count > settings.COMMENT_RATE_LIMIT
