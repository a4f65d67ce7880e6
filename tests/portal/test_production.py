"""Production settings, security headers, health, limits and logs."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    """Run Python with the real settings (not the test ones) and a production environment."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "portal.example.org",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_django("from django.core.management import call_command; call_command('check', deploy=True)")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr


def test_production_cookies_are_secure_and_http_only_and_debug_is_off():
    result = run_django(
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT)"
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"], result.stderr


def test_without_a_secret_key_production_refuses_to_start():
    result = run_django("", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_healthz_answers_503_when_the_database_does_not():
    code = (
        "from django.test import Client\n"
        "r = Client().get('/healthz', HTTP_HOST='portal.example.org', secure=True)\n"
        "print(r.status_code, r.content.decode())"
    )
    result = run_django(code, DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing?connect_timeout=2")
    status_line = result.stdout.strip().splitlines()[-1]
    assert status_line.startswith("503 "), result.stdout + result.stderr
    assert "unavailable" in status_line
    # The failure is logged as one JSON line carrying the request's id.
    logged = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    error = next(entry for entry in logged if entry["logger"] == "django.request")
    assert error["status_code"] == 503 and len(error["request_id"]) >= 8


@pytest.mark.django_db
def test_healthz_answers_200_and_touches_no_session(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/drugs/", "/drugs/imatinib/", "/no-such-page/", "/admin/login/", "/healthz"]
)
def test_security_headers_are_on_every_response(client, demo, path):
    response = client.get(path, secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert len(response["X-Request-ID"]) >= 8


@pytest.fixture
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_admin_login_is_throttled_per_user_after_repeated_failures(client, clean_cache, settings):
    settings.PORTAL_LOGIN_MAX_FAILURES_PER_USER = 3
    factories.CuratorFactory(username="ana")
    for _ in range(3):
        assert "Please enter the correct username" in login(client, "ana", "wrong").content.decode()
    # Even the right password is refused now, from any address, until the window passes.
    response = login(client, "ana", "correct horse battery staple", address="198.51.100.9")
    assert response.status_code == 200
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user is not affected.
    factories.CuratorFactory(username="bo")
    assert login(client, "bo", "correct horse battery staple", address="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_admin_login_is_throttled_per_address_across_user_names(client, clean_cache, settings):
    settings.PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    factories.CuratorFactory(username="cy")
    for i in range(4):
        login(client, f"guess{i}", "wrong", address="192.0.2.50")
    response = login(client, "cy", "correct horse battery staple", address="192.0.2.50")
    assert "Too many failed logins" in response.content.decode()
    assert login(client, "cy", "correct horse battery staple", address="192.0.2.51").status_code == 302


@pytest.mark.django_db
def test_a_successful_login_clears_the_users_failures(client, clean_cache, settings):
    settings.PORTAL_LOGIN_MAX_FAILURES_PER_USER = 3
    factories.CuratorFactory(username="di")
    login(client, "di", "wrong")
    login(client, "di", "wrong")
    assert login(client, "di", "correct horse battery staple").status_code == 302
    client.logout()
    login(client, "di", "wrong")
    login(client, "di", "wrong")
    assert login(client, "di", "correct horse battery staple").status_code == 302


@pytest.mark.django_db
def test_an_oversized_request_is_refused_with_413(client, settings):
    settings.PORTAL_MAX_REQUEST_BYTES = 1000
    response = client.post(reverse("admin:login"), data="x" * 5000, content_type="text/plain")
    assert response.status_code == 413
    assert b"limit is 1,000 bytes" in response.content


@pytest.mark.django_db
def test_each_request_is_one_json_log_line_with_its_id_and_no_secrets(client, caplog, clean_cache):
    formatter = logging.getLogger().handlers[0].formatter if logging.getLogger().handlers else None
    from portal.logging import JsonFormatter, RequestIdFilter

    formatter = formatter if isinstance(formatter, JsonFormatter) else JsonFormatter()
    with caplog.at_level(logging.INFO, logger="portal.access"):
        login(client, "eve", "hunter2-secret-password")
        client.get("/healthz?token=abc123secret", HTTP_X_REQUEST_ID="trace-0123456789")
    lines = []
    for record in caplog.records:
        RequestIdFilter().filter(record)
        lines.append(formatter.format(record))
    access = [json.loads(line) for line in lines if '"logger": "portal.access"' in line]
    assert [a["path"] for a in access] == [reverse("admin:login"), "/healthz"]
    assert access[1]["status"] == 200 and access[1]["method"] == "GET"
    assert isinstance(access[1]["duration_ms"], float)
    assert access[1]["page_cache"] is False
    assert all("\n" not in line for line in lines)
    everything = "\n".join(lines)
    assert "hunter2-secret-password" not in everything and "abc123secret" not in everything


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/drugs/%00/", "/publications/?q=a%00b", "/search/?q=%00", "/?x%00=1"])
def test_nul_bytes_in_a_url_are_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_postgres_urls_turn_jit_off_and_keep_their_own_options():
    from portal.settings import database_from_url

    plain = database_from_url("postgres://u@db.example:5432/portal")
    assert plain["OPTIONS"]["options"] == "-c jit=off"
    extra = database_from_url("postgres://u@db.example/portal?options=-c%20work_mem%3D64MB&sslmode=require")
    assert extra["OPTIONS"] == {"options": "-c jit=off -c work_mem=64MB", "sslmode": "require"}


@pytest.mark.django_db
def test_postgres_sessions_run_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: set DATABASE_URL to a PostgreSQL server")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_web_workers_start_warm_without_a_database_connection():
    """gunicorn loads the application in its master and warms it up there (views, URLs, every
    template compiled); a connection opened there would be shared by every forked worker. (No
    database fixture here: pytest-django refuses any database access in this test.)"""
    import runpy

    from django.conf import settings
    from django.template import engines

    from portal.warmup import warm_up

    config = runpy.run_path(str(settings.BASE_DIR / "portal" / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    folder = settings.BASE_DIR / "templates"
    names = {path.relative_to(folder).as_posix() for path in folder.rglob("*.html")}
    assert warm_up() == len(names) > 20
    # The cached loader now holds every one: a worker forked from here compiles none of them again.
    loader = engines["django"].engine.template_loaders[0]
    assert names <= set(loader.get_template_cache)
