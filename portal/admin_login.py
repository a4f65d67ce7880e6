"""Admin login with a throttle on repeated failures, per user name and per address."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from portal.http import client_ip


def _key(kind: str, value: str) -> str:
    return f"login-fail:{kind}:{value.lower()[:150]}"


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """After too many failures for a user name or from an address, refuse without checking the password.

    Counters live in the cache (Redis in production, shared by all workers) and expire
    ``PORTAL_LOGIN_WINDOW_SECONDS`` after the first failure; a successful login clears the user's.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed logins. Please wait %(minutes)d minutes before trying again.",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = (client_ip(self.request) if self.request else None) or ""
        keys = [_key("user", username)] if username else []
        if address:
            keys.append(_key("addr", address))
        limits = {
            "user": settings.PORTAL_LOGIN_MAX_FAILURES_PER_USER,
            "addr": settings.PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS,
        }
        for key in keys:
            if (cache.get(key) or 0) >= limits[key.split(":")[1]]:
                raise ValidationError(
                    self.error_messages["throttled"],
                    code="throttled",
                    params={"minutes": max(1, settings.PORTAL_LOGIN_WINDOW_SECONDS // 60)},
                )
        try:
            cleaned = super().clean()
        except ValidationError:
            for key in keys:
                if cache.add(key, 1, settings.PORTAL_LOGIN_WINDOW_SECONDS) is False:
                    try:
                        cache.incr(key)
                    except ValueError:  # expired between add and incr
                        cache.add(key, 1, settings.PORTAL_LOGIN_WINDOW_SECONDS)
            raise
        if username:
            cache.delete(_key("user", username))
        return cleaned
