"""The review team's pages in headless Chromium with axe-core: sign-in, code set-up, dashboard, downloads.

One live server (its own SQLite database, seeded) and one browser for the module. The staff member is set
up through the real pages: set-up link, password, then a code computed from the secret shown as text.
"""

from __future__ import annotations

import re
import threading

import pyotp
import pytest
from sqlmodel import Session, SQLModel
from werkzeug.serving import WSGIRequestHandler, make_server

from survey_app import create_app
from survey_app.admin import demo
from survey_app.staff import accounts
from tests.accessibility import AXE_OPTIONS, accessibility_problems, axe, launch_chromium

pytestmark = pytest.mark.browser

PASSWORD = "a long enough pass phrase"


class _Quiet(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_request(self, *args, **kwargs) -> None:
        pass


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
    assert page.title().startswith("Error:")
    audit(page, "login with an error", problems)
    page.goto(f"{server.url}/admin/setup/{server.setup_token}")
    audit(page, "set-up: password", problems)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("button[type=submit]:has-text('Continue')")
    audit(page, "set-up: code app", problems)
    secret = re.sub(r"\s", "", page.inner_text("code.secret"))
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]:has-text('Finish set-up')")
    assert page.url.endswith("/admin/")
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
    assert h1.count() == 1 and page.title().startswith(h1.inner_text()[:20])
    audit(page, name, found)
    assert found == []


def test_area_links_with_an_error_and_with_a_link_pass_axe(server, page):
    found: list[str] = []
    page.goto(f"{server.url}/admin/q/leaving-care/links")
    page.fill("#area", "NE 12")
    page.click("button[type=submit]:has-text('Make link')")
    assert page.title().startswith("Error:")
    audit(page, "area links with an error", found)
    page.fill("#area", "NE-12")
    page.click("button[type=submit]:has-text('Make link')")
    qr = page.locator("img[src^='data:image/svg+xml']")
    assert qr.count() == 1
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
    assert newcomer.locator("svg[role=img].qr").count() == 1
    found += [f"code set-up with QR code: {p}" for p in accessibility_problems(newcomer)]
    newcomer.context.close()
    assert found == []


def test_code_page_passes_axe_after_signing_out(server, page):
    found: list[str] = []
    page.click("button:has-text('Sign out')")
    page.fill("#email", "lead@example.org")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Continue')")
    assert page.url.endswith("/admin/login/code")
    audit(page, "code", found)
    assert found == []
