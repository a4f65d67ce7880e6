"""Browser tests: Playwright drives the system's Chromium against pytest-django's live server.

The portal runs on loopback with the demo data, loaded anew for each test (live-server tests are
transactional: the database is flushed after each one). Every browser context refuses to leave
loopback: a request to any other host is answered with a stub page by the test itself and recorded,
so a page that loads something from outside fails its test, and following an outside link (PubMed)
is checked by its address without any traffic leaving the machine. A script error, a console error
(a Content-Security-Policy refusal, say) or a stylesheet, script or image that fails to load fails
the test too.

Chromium is Debian's (``apt-get install chromium``); no browser is ever downloaded. Without it the
tests skip, saying so, except where they are required: in CI (``CI`` set) or with
``E2E_REQUIRE_BROWSER=1``, where a missing browser fails the run.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from tests import factories

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
# Screenshots and the accessibility report land here (ignored by git; README, "Browser tests").
ARTIFACTS_DIR = Path(__file__).resolve().parent / "screenshots"
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
ACTION_TIMEOUT_MS = 10_000

# What the accessibility audit found, by impact, for the end-of-run summary.
AXE_IMPACTS: Counter[str] = Counter()
AXE_PAGES: list[str] = []
SCREENSHOTS: list[Path] = []


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in {"", "0", "false", "no", "off"}


def browser_required() -> bool:
    return _truthy(os.environ.get("CI")) or _truthy(os.environ.get("E2E_REQUIRE_BROWSER"))


def _unavailable(reason: str):
    if browser_required():
        pytest.fail(f"{reason}, and the browser tests are required here (CI or E2E_REQUIRE_BROWSER is set).")
    pytest.skip(f"{reason}: browser tests skipped.")


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests; each test opens its own contexts in it."""
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed (apt-get install chromium chromium-driver)")
    # The folder shows the last run only.
    shutil.rmtree(ARTIFACTS_DIR, ignore_errors=True)
    # Playwright's synchronous API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this one is safe (it is: nothing else runs in it).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def demo_site(live_server):
    """The portal on loopback with the demo data; the live server's base URL."""
    call_command("load_demo", verbosity=0)
    return live_server.url


class OutsideRequests(list):
    """Addresses outside loopback that a context tried to reach (answered by a stub, never sent)."""


def watch_for_errors(context) -> list[str]:
    """What a person would not see but a page got wrong: uncaught script errors, console errors (a
    Content-Security-Policy refusal is one) and stylesheets, scripts or images that failed to load.
    A page's own status (a 404 page, say) is the test's business, not an error here."""
    errors: list[str] = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"{response.status} for {response.request.resource_type} {response.url}")

    context.on("weberror", lambda error: errors.append(f"uncaught: {error.error}"))
    context.on("console", on_console)
    context.on("response", on_response)
    return errors


@pytest.fixture
def new_context(request, browser, demo_site):
    """Open a fresh browser context (its own cookies, storage and clipboard) on the live server."""
    contexts = []

    def open_context(viewport=None, **options):
        context = browser.new_context(
            base_url=demo_site,
            viewport=viewport or DESKTOP,
            locale="en-GB",
            timezone_id="UTC",
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_site)
        outside = OutsideRequests()

        def stay_on_loopback(route, request):
            if urlsplit(request.url).hostname in LOOPBACK_HOSTS:
                route.continue_()
                return
            outside.append(request.url)
            route.fulfill(
                status=200,
                content_type="text/html",
                body="<!doctype html><title>Outside the test</title><p>Not fetched.</p>",
            )

        context.route("**/*", stay_on_loopback)
        context.outside_requests = outside
        context.page_errors = watch_for_errors(context)
        contexts.append(context)
        return context

    yield open_context
    if getattr(request.node, "e2e_failed", False):
        # What each page showed when the test failed, beside the other screenshots.
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                screenshot(page, f"failed-{request.node.name}-{i}-{j}")
    strays = [url for context in contexts for url in context.outside_requests]
    errors = [error for context in contexts for error in context.page_errors]
    for context in contexts:
        context.close()
    if strays:
        pytest.fail(f"pages requested addresses outside loopback: {strays}")
    if errors:
        pytest.fail("pages had errors:\n" + "\n".join(errors))


@pytest.fixture
def reader(new_context):
    """An anonymous reader's page at desktop width."""
    return new_context().new_page()


@pytest.fixture
def curator_user(demo_site):
    """A member of the Curators group: staff, not a superuser."""
    user = factories.CuratorFactory(username="carla")
    assert user.is_staff and not user.is_superuser
    return user


def admin_login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the admin's login form, as a person does."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def run_axe(page, name: str) -> dict:
    """axe-core (shipped inside axe-playwright-python, injected from disk) on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    for violation in violations:
        AXE_IMPACTS[violation["impact"] or "unknown"] += 1
    AXE_PAGES.append(name)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / f"axe-{name}.json").write_text(json.dumps(violations, indent=2))
    return results


def screenshot(page, name: str) -> Path:
    """The whole page as a PNG in the artifacts folder."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    SCREENSHOTS.append(path)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.e2e_failed = True
    return report


def pytest_terminal_summary(terminalreporter):
    if AXE_PAGES:
        counts = ", ".join(f"{AXE_IMPACTS[k]} {k}" for k in ("critical", "serious", "moderate", "minor"))
        terminalreporter.write_line(
            f"axe-core: {len(AXE_PAGES)} page audits, violations by impact: {counts} "
            f"(details in {ARTIFACTS_DIR})"
        )
    if SCREENSHOTS:
        terminalreporter.write_line(f"browser screenshots: {len(SCREENSHOTS)} written to {ARTIFACTS_DIR}")
