"""Small request helpers shared by views and middleware."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the address the outermost of ``PORTAL_TRUSTED_PROXIES``
    reverse proxies saw (X-Forwarded-For is only trusted that far; a client can write the rest).

    None when the address is not a valid IP, so junk never reaches a GenericIPAddressField.
    """
    candidate = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
