"""The whole self-evaluation in headless Chromium, checked by axe-core and HTML_CodeSniffer on every partner
page: the review team invites a lead, the lead invites a colleague, both draft, the colleague uploads a Word
file and accepts its matched answers, the lead submits and gets a reference; the return is locked; the
review team downloads it as Word and in the all-authorities file.

One live server (its own SQLite database), a fake mailer to read the invitation links from, and a separate
browser context (its own cookies) for each person. No JavaScript is needed by any of these pages.
"""

from __future__ import annotations

import re

import docx
import pyotp
import pytest
from sqlmodel import Session, SQLModel

from survey_app import create_app
from survey_app.partners import word
from survey_app.staff import accounts
from survey_app.staff.models import StaffMember
from tests.accessibility import accessibility_problems, launch_chromium
from tests.live_server import serving
from tests.partners.conftest import FakeMailer

pytestmark = pytest.mark.browser

PASSWORD = "a long enough pass phrase"
LONG = " ".join(f"evidence{n}" for n in range(5000))


# What sticks out past a 320 px screen, named so a failure says where to look.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 321).slice(0, 8)
  .map(e => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`)"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partners-live")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URL": f"sqlite:///{folder / 'live.db'}", "EXPORT_DIR": str(folder)}
    )
    SQLModel.metadata.create_all(app.extensions["db_engine"])
    app.extensions["partner_mailer"] = FakeMailer()
    with Session(app.extensions["db_engine"]) as session:
        staff = StaffMember(
            email="reviewer@gov.example",
            role="admin",
            password_hash=accounts._hasher.hash(PASSWORD),
            totp_secret=pyotp.random_base32(),
            totp_confirmed=True,
        )
        session.add(staff)
        session.commit()
        app.staff_secret = staff.totp_secret
    with serving(app) as live:
        yield live
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def check(page, name: str, problems: list[str]) -> None:
    h1 = page.locator("h1")
    assert h1.count() == 1, name
    problems.extend(f"{name}: {p}" for p in accessibility_problems(page))


def invitation_link(server, email: str) -> str:
    (_, body), *_ = server.app.extensions["partner_mailer"].to(email)
    return re.search(r"/partners/setup/\S+", body).group(0)


def set_up(page, server, email: str, problems: list[str]) -> None:
    page.goto(server.url + invitation_link(server, email))
    check(page, "set-up: password", problems)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("button[type=submit]:has-text('Continue')")
    check(page, "set-up: code app", problems)
    secret = re.sub(r"\s", "", page.inner_text("code.secret"))
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]:has-text('Finish set-up')")
    assert page.url.endswith("/partners/")


def save_section(page, server, section: str, question: str, text: str) -> None:
    page.goto(f"{server.url}/partners/section/{section}")
    page.fill(f"#answer-{question}", text)
    page.click("button[type=submit]:has-text('Save')")
    assert page.locator(".notice", has_text="Saved.").count() == 1


def test_invite_draft_upload_submit_and_download_with_no_accessibility_problems(server, browser, tmp_path):
    problems: list[str] = []
    reviewer, lead, colleague = (browser.new_context(accept_downloads=True).new_page() for _ in range(3))

    reviewer.goto(f"{server.url}/admin/login")
    reviewer.fill("#email", "reviewer@gov.example")
    reviewer.fill("#password", PASSWORD)
    reviewer.click("button[type=submit]:has-text('Continue')")
    reviewer.fill("#code", pyotp.TOTP(server.app.staff_secret).now())
    reviewer.click("button[type=submit]:has-text('Sign in')")
    reviewer.click("a:has-text('Self-evaluations')")
    check(reviewer, "review: all authorities (empty)", problems)
    reviewer.fill("#authority", "Clackmannanshire Council")
    reviewer.fill("#email", "lead@clacks.example")
    reviewer.click("button[type=submit]:has-text('Send invitation')")

    lead.goto(f"{server.url}/partners/sign-in")
    check(lead, "sign in", problems)
    set_up(lead, server, "lead@clacks.example", problems)
    check(lead, "overview", problems)
    lead.click("nav >> text=Colleagues")
    check(lead, "colleagues", problems)
    lead.fill("#email", "colleague@clacks.example")
    lead.click("button[type=submit]:has-text('Send invitation')")
    set_up(colleague, server, "colleague@clacks.example", problems)

    save_section(lead, server, "performance", "performance_account", LONG)
    lead.set_viewport_size({"width": 320, "height": 800})
    wide = lead.evaluate(WIDE)
    assert lead.evaluate("document.documentElement.scrollWidth") <= 320, f"sideways scroll at 320 px: {wide}"
    lead.set_viewport_size({"width": 1280, "height": 800})
    assert lead.input_value("#answer-performance_account") == LONG
    check(lead, "section with a 5,000-word answer", problems)
    save_section(
        colleague, server, "quality", "quality_account", "We audit two files per worker each quarter."
    )
    colleague.goto(f"{server.url}/partners/question/quality_account")
    colleague.fill("#comment", "Lead: can you add the audit dates?")
    colleague.click("button[type=submit]:has-text('Add comment')")
    check(colleague, "history and comments", problems)
    lead.goto(f"{server.url}/partners/changes")
    assert "colleague@clacks.example" in lead.content()
    check(lead, "what changed", problems)

    questionnaire = server.app.extensions["partner_questionnaire"]
    upload = tmp_path / "completed.docx"
    upload.write_bytes(
        word.write_return(
            questionnaire,
            {"outcomes_account": "Most people finish their orders.", "outcomes_rating": "adequate"},
            "Clackmannanshire",
        )
    )
    colleague.goto(f"{server.url}/partners/upload")
    check(colleague, "upload", problems)
    colleague.set_input_files("#document", str(upload))
    colleague.click("button[type=submit]:has-text('Upload and check')")
    assert "Most people finish their orders." in colleague.content()
    check(colleague, "upload: check matched answers", problems)
    colleague.click("button[type=submit]:has-text('Put the ticked answers in the draft')")
    assert "2 answers from the Word file are now in the draft." in colleague.content()

    lead.goto(f"{server.url}/partners/")
    lead.click("a:has-text('Check and submit the return')")
    lead.click("button[type=submit]:has-text('Submit the return')")
    assert lead.title().startswith("Error:")
    check(lead, "submit with an error", problems)
    lead.check("#confirm")
    lead.click("button[type=submit]:has-text('Submit the return')")
    reference = lead.inner_text("strong.reference")
    assert re.fullmatch(r"QI64-\w{4}-\w{4}", reference)
    check(lead, "overview after submitting", problems)
    colleague.goto(f"{server.url}/partners/section/outcomes")
    assert colleague.locator("button:has-text('Save')").count() == 0
    assert colleague.locator("#answer-outcomes_account").get_attribute("readonly") is not None
    assert any(
        reference in body for _, body in server.app.extensions["partner_mailer"].to("lead@clacks.example")
    )

    reviewer.goto(f"{server.url}/admin/returns/")
    assert "Submitted" in reviewer.content() and reference in reviewer.content()
    reviewer.click("a:has-text('Clackmannanshire Council')")
    check(reviewer, "review: one return", problems)
    with reviewer.expect_download() as got:
        reviewer.click("a:has-text('Download this return (.docx)')")
    texts = [p.text for p in docx.Document(got.value.path()).paragraphs]
    assert (
        "Most people finish their orders." in texts
        and LONG in texts
        and f"Reference number: {reference}" in texts
    )
    reviewer.goto(f"{server.url}/admin/returns/")
    with reviewer.expect_download() as got:
        reviewer.click("a:has-text('Download all returns')")
    table = got.value.path().read_text(encoding="utf-8-sig")
    assert reference in table and "Most people finish their orders." in table
    reviewer.click("a:has-text('Ratings across authorities')")
    assert "Clackmannanshire" not in reviewer.content()
    check(reviewer, "review: ratings for publication", problems)
    assert problems == [], "\n".join(problems)


def test_with_javascript_an_answer_saves_itself_after_typing_stops(server, browser):
    from survey_app.partners.models import Authority, PartnerMember

    with Session(server.app.extensions["db_engine"], expire_on_commit=False) as session:
        authority = Authority(name="Autosave Council")
        session.add(authority)
        session.flush()
        member = PartnerMember(
            authority_id=authority.id,
            email="typist@auto.example",
            role="contributor",
            password_hash=accounts._hasher.hash(PASSWORD),
            totp_secret=pyotp.random_base32(),
            totp_confirmed=True,
        )
        session.add(member)
        session.commit()
    page = browser.new_context().new_page()
    page.goto(f"{server.url}/partners/sign-in")
    page.fill("#email", "typist@auto.example")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Continue')")
    page.fill("#code", pyotp.TOTP(member.totp_secret).now())
    page.click("button[type=submit]:has-text('Sign in')")
    page.goto(f"{server.url}/partners/section/overall")
    page.type("#answer-improvement", "Typed, never saved by hand.")
    page.wait_for_selector("#autosave-status:has-text('Saved automatically at')")
    page.type("#answer-improvement", " Then more.")
    page.wait_for_function("() => document.querySelector('input[name=version-improvement]').value === '2'")
    page.reload()
    assert page.input_value("#answer-improvement") == "Typed, never saved by hand. Then more."
