"""Small request helpers shared by views and middleware."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the proxy-supplied X-Forwarded-For entry we trust.

    Behind N trusted proxies (``PORTAL_TRUSTED_PROXIES``), the client is the N-th address from
    the right of X-Forwarded-For; anything further left could have been written by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = settings.PORTAL_TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= hops:
        return forwarded[-hops]
    return remote
