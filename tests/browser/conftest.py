"""Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's
live server. Never `playwright install`: the browser comes from apt (make test)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def _migrationsdaten(django_db_setup):
    """The data of the migrations (catalogue, phases, roles) as Django serialised it for
    serialized rollback. Read before Playwright starts its event loop in this thread: from
    then on Django hands out new connection objects (asgiref treats the thread as async),
    which lack the serialised data, so `page` restores it itself."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def browser(_migrationsdaten):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself (fixtures, assertions) are still synchronous and safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium fehlt unter {CHROMIUM} (apt-get install chromium; make test tut das)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, _migrationsdaten):
    # Transactional tests flush the database afterwards; serialized rollback restores the
    # catalogue, phases and roles from the migrations for every browser test.
    from django.db import connection

    if _migrationsdaten and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _migrationsdaten
        connection.creation.deserialize_db_from_string(_migrationsdaten)
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    unterwegs = set()
    context.on("request", lambda anfrage: unterwegs.add(anfrage))
    context.on("requestfinished", lambda anfrage: unterwegs.discard(anfrage))
    context.on("requestfailed", lambda anfrage: unterwegs.discard(anfrage))
    yield page
    # A request still on its way (an autosave after the last keystroke) would reach the
    # server while the database is flushed: wait until the page is quiet, then close.
    ruhig = 0
    for _ in range(100):  # at most ~5 s
        ruhig = ruhig + 1 if not unterwegs else 0
        if ruhig >= 6:
            break
        page.wait_for_timeout(50)
    context.close()
