"""The co-design and hand-on pages in headless Chromium: axe-core and HTML_CodeSniffer find nothing.

One live server (its own SQLite database) and one browser for the module. A coordinator-admin signs in
through the real set-up pages, makes a preview link, an adviser walks the preview with feedback, and the
review team's feedback, comparison, links, card, invitation and dates pages are checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading

import pyotp
import pytest
from sqlmodel import Session, SQLModel
from werkzeug.serving import WSGIRequestHandler, make_server

from survey_app import create_app
from survey_app.admin import accounts
from tests.accessibility import accessibility_problems, launch_chromium

pytestmark = pytest.mark.browser

PASSWORD = "a long enough pass phrase"


class _Quiet(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("codesign-live")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URL": f"sqlite:///{folder / 'live.db'}",
            "EXPORT_DIR": str(folder),
            "TWILIO_FROM_NUMBER": "+447700900000",
        }
    )
    SQLModel.metadata.create_all(app.extensions["db_engine"])
    current = app.extensions["questionnaires"].current
    current["leaving-care"] = dataclasses.replace(current["leaving-care"], languages=("en", "pl"))
    staff = current["leaving-care-staff"]
    current["leaving-care-staff"] = dataclasses.replace(staff, opens=dt.date.today() + dt.timedelta(days=5))
    with (
        app.app_context(),
        Session(app.extensions["db_engine"], expire_on_commit=False) as session,
        app.test_request_context(),
    ):
        _member, token = accounts.create(session, "lead@example.org", "admin")
    httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url, httpd.setup_token = f"http://127.0.0.1:{httpd.server_port}", token
    yield httpd
    httpd.shutdown()
    thread.join(timeout=5)
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.goto(f"{server.url}/admin/setup/{server.setup_token}")
        page.fill("#password", PASSWORD)
        page.fill("#confirm", PASSWORD)
        page.click("button[type=submit]:has-text('Continue')")
        secret = re.sub(r"\s", "", page.inner_text("code.secret"))
        page.fill("#code", pyotp.TOTP(secret).now())
        page.click("button[type=submit]:has-text('Finish set-up')")
        yield page
        browser.close()


def _check(page, name: str, found: list[str]) -> None:
    h1 = page.locator("h1")
    assert h1.count() == 1, name
    found += [f"{name}: {problem}" for problem in accessibility_problems(page)]


def test_preview_and_feedback_pages_have_no_accessibility_problems(server, page):
    found: list[str] = []
    page.goto(f"{server.url}/admin/q/leaving-care/previews")
    _check(page, "preview links", found)
    page.click("button[type=submit]:has-text('Make preview link')")
    _check(page, "preview link made", found)
    link = page.inner_text("code.break").strip()
    adviser = page.context.browser.new_context(java_script_enabled=False).new_page()
    adviser.set_viewport_size({"width": 320, "height": 640})
    adviser.goto(link)
    assert adviser.locator("text=Preview: answers are not kept").count() == 1
    _check(adviser, "preview start", found)
    adviser.click("text=Start the preview")
    _check(adviser, "preview question", found)
    assert adviser.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scroll"
    adviser.check("#clear-not-really")
    adviser.fill("#change", "Shorter words please")
    adviser.click("button[value=skip]")
    _check(adviser, "second preview question", found)
    adviser.goto(re.sub(r"/preview/([^/]+).*", r"/preview/\1/end", adviser.url))
    _check(adviser, "preview end", found)
    adviser.goto(link + "/text")
    _check(adviser, "preview by text", found)
    adviser.fill("#body", "SKIP")
    adviser.click("button[type=submit]:has-text('Send')")
    _check(adviser, "preview by text after a reply", found)
    adviser.context.close()
    for name, path in (
        ("feedback", "/admin/q/leaving-care/feedback"),
        ("feedback to print", "/admin/q/leaving-care/feedback/print"),
        ("compare versions", "/admin/q/leaving-care/compare"),
    ):
        page.goto(server.url + path)
        _check(page, name, found)
    assert found == []


def test_links_card_invitation_and_dates_pages_have_no_accessibility_problems(server, page):
    found: list[str] = []
    page.goto(f"{server.url}/admin/q/leaving-care/links")
    page.fill("#area", "ISLAND-1")
    page.fill("#meant_for", "6")
    page.click("button[type=submit]:has-text('Make link')")
    assert page.locator("text=Warning: this link is meant for fewer than 10 people").count() == 1
    _check(page, "links with a warning and links made", found)
    page.fill("#meant_for", "lots")
    page.click("button[type=submit]:has-text('Make link')")
    _check(page, "links with an error", found)
    for name, path in (
        ("card A4", "/admin/q/leaving-care/links/card?area=ISLAND-1"),
        ("card A6", "/admin/q/leaving-care/links/card?area=ISLAND-1&size=a6"),
        ("card in Polish", "/admin/q/leaving-care/links/card?area=ISLAND-1&lang=pl"),
        ("invitation", "/admin/q/leaving-care/invite?area=ISLAND-1"),
        ("dates", "/admin/q/leaving-care/dates"),
        ("not open yet", "/survey/leaving-care-staff"),
    ):
        page.goto(server.url + path)
        _check(page, name, found)
    page.goto(f"{server.url}/admin/q/leaving-care/invite?area=ISLAND-1")
    page.fill("#number", "12345")
    page.click("button[type=submit]:has-text('Send the text')")
    _check(page, "invitation with an error", found)
    assert found == []
