"""Reader comments: the address a comment came from, and the per-address rate limit."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str | None:
    """The reader's address: REMOTE_ADDR, or the address the outermost of ``PORTAL_TRUSTED_PROXIES``
    reverse proxies saw (X-Forwarded-For is only trusted that far; a client can write the rest)."""
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


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
