"""The review team's pages in headless Chromium with axe-core: sign-in, code set-up, dashboard, downloads.

One live server (its own SQLite database, seeded) and one browser for the module. The staff member is set
up through the real pages: set-up link, password, then a code computed from the secret shown as text.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, SQLModel

from survey_app import create_app
from survey_app.admin import demo
from survey_app.staff import accounts
from tests.accessibility import AXE_OPTIONS, accessibility_problems, axe, launch_chromium
from tests.live_server import serving

pytestmark = pytest.mark.browser

PASSWORD = "a long enough pass phrase"
ERROR_TITLE = re.compile(r"^Error:")
WAIT = 10_000  # milliseconds: the longest any page here may take to arrive


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("admin-live")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URL": f"sqlite:///{folder / 'live.db'}", "EXPORT_DIR": str(folder)}
    )
    SQLModel.metadata.create_all(app.extensions["db_engine"])
    with app.app_context():
        demo.seed(app.extensions["db_engine"], app.extensions["questionnaires"].get("leaving-care"), 300)
        with (
            Session(app.extensions["db_engine"], expire_on_commit=False) as session,
            app.test_request_context(),
        ):
            _member, token = accounts.create(session, "lead@example.org", "admin")
    with serving(app) as live:
        live.setup_token = token
        yield live
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser.new_page()
        browser.close()


@pytest.fixture(scope="module")
def problems():
    return []


def audit(page, name: str, problems: list[str]) -> None:
    for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
        targets = [node["target"] for node in violation["nodes"]]
        problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")


def test_sign_in_and_code_set_up_pages_pass_axe(server, page, problems):
    page.goto(f"{server.url}/admin/login")
    audit(page, "login", problems)
    page.fill("#email", "lead@example.org")
    page.fill("#password", "wrong but long enough")
    page.click("button[type=submit]:has-text('Continue')")
    # The click only starts the form's round trip: wait for the page it brings back, never read the old one.
    expect(page).to_have_title(ERROR_TITLE, timeout=WAIT)
    audit(page, "login with an error", problems)
    page.goto(f"{server.url}/admin/setup/{server.setup_token}")
    audit(page, "set-up: password", problems)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("button[type=submit]:has-text('Continue')")
    expect(page.locator("code.secret")).to_be_visible(timeout=WAIT)
    audit(page, "set-up: code app", problems)
    secret = re.sub(r"\s", "", page.inner_text("code.secret"))
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]:has-text('Finish set-up')")
    expect(page).to_have_url(re.compile(r"/admin/$"), timeout=WAIT)
    audit(page, "questionnaires", problems)
    assert problems == []


@pytest.mark.parametrize(
    "name, path",
    [
        ("response counts", "/admin/q/leaving-care/"),
        ("answers and charts", "/admin/q/leaving-care/answers"),
        ("written answers", "/admin/q/leaving-care/answers/one_change"),
        ("downloads", "/admin/q/leaving-care/downloads"),
        ("staff", "/admin/staff"),
        ("audit log", "/admin/audit"),
        ("destruction", "/admin/destruction"),
        ("area links", "/admin/q/leaving-care/links"),
        ("area link card", "/admin/q/leaving-care/links/card?area=NE-12"),
    ],
)
def test_review_team_pages_pass_axe(server, page, name, path):
    found: list[str] = []
    page.goto(server.url + path)
    assert not page.url.split("?")[0].endswith("/admin/login"), "sign-in test must run first"
    h1 = page.locator("h1")
    expect(h1).to_have_count(1, timeout=WAIT)
    expect(page).to_have_title(re.compile("^" + re.escape(h1.inner_text()[:20])), timeout=WAIT)
    audit(page, name, found)
    assert found == []


@pytest.mark.parametrize(
    "name, path",
    [("response counts", "/admin/q/leaving-care/"), ("answers and charts", "/admin/q/leaving-care/answers")],
)
def test_tables_that_scroll_sideways_at_320_px_can_be_scrolled_by_keyboard(server, page, name, path):
    # 320 px is a laptop at 400% zoom: a wide table scrolls inside its box, which the keyboard must reach.
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        found: list[str] = []
        page.goto(server.url + path)
        expect(page.locator("h1")).to_have_count(1, timeout=WAIT)
        audit(page, f"{name} at 320 px", found)
        assert found == []
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})


def test_area_links_with_an_error_and_with_a_link_pass_axe(server, page):
    found: list[str] = []
    page.goto(f"{server.url}/admin/q/leaving-care/links")
    page.fill("#area", "NE 12")
    page.click("button[type=submit]:has-text('Make link')")
    expect(page).to_have_title(ERROR_TITLE, timeout=WAIT)
    audit(page, "area links with an error", found)
    page.fill("#area", "NE-12")
    page.click("button[type=submit]:has-text('Make link')")
    qr = page.locator("img[src^='data:image/svg+xml']")
    expect(qr).to_have_count(1, timeout=WAIT)
    expect(qr).to_have_js_property("complete", True, timeout=WAIT)
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0, "the CSP must allow the QR code"
    audit(page, "area links with a link", found)
    assert found == []


def _create_account(server, page, email: str, role: str) -> str:
    page.goto(f"{server.url}/admin/staff")
    page.fill("#email", email)
    page.select_option("#new-role", role)
    page.click("button[type=submit]:has-text('Create account and set-up link')")
    return page.inner_text("code.break").strip()


def test_changed_staff_pages_pass_axe_and_html_codesniffer(server, page):
    found: list[str] = []
    _create_account(server, page, "second.lead@example.org", "safeguarding")
    found += [f"set-up link: {p}" for p in accessibility_problems(page)]
    page.goto(f"{server.url}/admin/staff")
    assert page.locator("text=Waiting for a second admin").count() == 1
    found += [f"staff with a request waiting: {p}" for p in accessibility_problems(page)]
    link = _create_account(server, page, "new.analyst@example.org", "analyst")
    newcomer = page.context.browser.new_context().new_page()
    newcomer.goto(link)
    newcomer.fill("#password", "lantern maple river")
    newcomer.fill("#confirm", "lantern maple river")
    newcomer.click("button[type=submit]:has-text('Continue')")
    expect(newcomer.locator("svg[role=img].qr")).to_have_count(1, timeout=WAIT)
    found += [f"code set-up with QR code: {p}" for p in accessibility_problems(newcomer)]
    newcomer.context.close()
    assert found == []


def test_code_page_passes_axe_after_signing_out(server, page):
    found: list[str] = []
    page.click("button:has-text('Sign out')")
    expect(page.locator("#email")).to_be_editable(timeout=WAIT)
    page.fill("#email", "lead@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Continue')")
    expect(page).to_have_url(re.compile(r"/admin/login/code$"), timeout=WAIT)
    audit(page, "code", found)
    assert found == []
