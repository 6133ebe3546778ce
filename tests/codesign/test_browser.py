"""The co-design and hand-on pages in headless Chromium: axe-core and HTML_CodeSniffer find nothing.

On the shared live server (tests/live.py). Every test has its own browser contexts, with JavaScript on:
both checkers run inside the page and wait on its timers, so a context with JavaScript off would leave
them waiting for ever (how the first version of this test hung in CI). Every wait has a timeout.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from survey_app import engine
from survey_app.codesign import previews
from survey_app.staff import access, sessions
from survey_app.staff.models import StaffMember
from tests.accessibility import accessibility_problems

pytestmark = pytest.mark.browser

BANNER = "Preview: answers are not kept"
# The draft beside the file in use, one question reworded, so the comparison has a change to show.
OLD_WORDS, NEW_WORDS = "Where do you live now?", "Where is home for you now?"
WAIT_MS = 10_000


@pytest.fixture(scope="module")
def staff_cookie(live_server):
    """A review-team admin's signed session cookie, as the sign-in pages would give (those pages have their
    own browser test), and a preview link on a newer draft of the leaving care questionnaire."""
    app = live_server.app
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        member = StaffMember(
            email="codesign.lead@example.org", role="admin", password_hash="-", totp_confirmed=True
        )
        session.add(member)
        session.commit()
        current = app.extensions["questionnaires"].get("leaving-care")
        newer = str(int(current.version) + 1)
        text = current.text.replace(OLD_WORDS, NEW_WORDS).replace(
            f'version: "{current.version}"', f'version: "{newer}"', 1
        )
        draft = engine.parse_questionnaire(text, f"leaving-care v{newer}")
        assert draft.version == newer and draft.questions != current.questions
        previews.make_link(session, previews.Draft("drafts/leaving-care-next.yaml", draft), member.id)
        session.commit()
    now = sessions.now()
    staff = {"id": member.id, "epoch": member.session_epoch, "since": now, "seen": now}
    value = app.session_interface.get_signing_serializer(app).dumps({access.SESSION_KEY: staff})
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server.url}


def _context(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context


@pytest.fixture
def reviewer(browser, staff_cookie):
    context = _context(browser)
    context.add_cookies([staff_cookie])
    yield context.new_page()
    context.close()


@pytest.fixture
def adviser(browser):
    """A young adviser on a phone-sized screen, not signed in."""
    context = _context(browser, viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


def check(page, name: str, found: list[str]) -> None:
    assert page.locator("h1").count() == 1, name
    found.extend(f"{name}: {problem}" for problem in accessibility_problems(page))


def _preview_link(reviewer, base: str, found: list[str]) -> str:
    reviewer.goto(f"{base}/admin/q/leaving-care/previews")
    check(reviewer, "preview links", found)
    reviewer.check("input[name=draft][value='leaving-care.yaml']")
    reviewer.click("button[type=submit]:has-text('Make preview link')")
    check(reviewer, "preview link made", found)
    return reviewer.inner_text("code.break").strip()


def test_preview_question_with_its_banner_feedback_form_and_error_state(live_server, reviewer, adviser):
    found: list[str] = []
    link = _preview_link(reviewer, live_server.url, found)

    adviser.goto(link)
    assert adviser.get_by_text(BANNER).count() == 1
    check(adviser, "preview start", found)
    adviser.click("text=Start the preview")
    assert adviser.get_by_text(BANNER).count() == 1
    assert adviser.get_by_role("group", name="Was this clear?").count() == 1
    check(adviser, "preview question", found)
    adviser.fill("#change", "Shorter words please")
    adviser.click("button[value=continue]")
    assert adviser.title().startswith("Error:")
    assert adviser.locator("#change").count() == 1, "the feedback form stays beside the error"
    check(adviser, "preview question with an error", found)
    adviser.check("#clear-not-really")
    adviser.click("button[value=skip]")
    check(adviser, "second preview question", found)
    assert found == []


def test_the_review_teams_feedback_and_its_printable_page(live_server, reviewer, adviser):
    found: list[str] = []
    adviser.goto(_preview_link(reviewer, live_server.url, []))
    adviser.click("text=Start the preview")
    adviser.check("#clear-not-really")
    adviser.fill("#change", "Say what 'care' means here")
    adviser.click("button[value=skip]")
    adviser.wait_for_url("**/preview/*/q/*")

    reviewer.goto(f"{live_server.url}/admin/q/leaving-care/feedback?version={_version(live_server)}")
    assert reviewer.get_by_text("Say what 'care' means here").count() >= 1
    check(reviewer, "feedback", found)
    reviewer.goto(f"{live_server.url}/admin/q/leaving-care/feedback/print")
    check(reviewer, "feedback to print", found)
    assert found == []


def _version(live_server) -> str:
    return live_server.app.extensions["questionnaires"].get("leaving-care").version


def test_the_area_links_page_listing_links_made_and_the_printable_card(live_server, reviewer):
    found: list[str] = []
    reviewer.goto(f"{live_server.url}/admin/q/leaving-care/links")
    reviewer.fill("#area", "ISLAND-1")
    reviewer.fill("#meant_for", "6")
    reviewer.click("button[type=submit]:has-text('Make link')")
    assert reviewer.get_by_text("Warning: this link is meant for fewer than 10 people").count() == 1
    check(reviewer, "links with a warning", found)
    reviewer.goto(f"{live_server.url}/admin/q/leaving-care/links")
    assert reviewer.locator("td", has_text="ISLAND-1").count() >= 1, "the links made are listed"
    check(reviewer, "links made", found)
    reviewer.fill("#meant_for", "lots")
    reviewer.click("button[type=submit]:has-text('Make link')")
    assert reviewer.title().startswith("Error:")
    check(reviewer, "links with an error", found)
    for name, size in (("card A4", "a4"), ("card A6", "a6")):
        reviewer.goto(f"{live_server.url}/admin/q/leaving-care/links/card?area=ISLAND-1&size={size}")
        check(reviewer, name, found)
    assert found == []


def test_the_version_comparison_shows_the_reworded_question(live_server, reviewer, staff_cookie):
    found: list[str] = []
    newer = str(int(_version(live_server)) + 1)
    reviewer.goto(f"{live_server.url}/admin/q/leaving-care/compare?old={_version(live_server)}&new={newer}")
    assert reviewer.locator("ins", has_text=NEW_WORDS).count() == 1
    assert reviewer.locator("del", has_text=OLD_WORDS).count() == 1
    check(reviewer, "compare versions", found)
    assert found == []


def test_the_sms_simulator_walks_a_preview_under_the_banner(live_server, reviewer, adviser):
    found: list[str] = []
    adviser.goto(_preview_link(reviewer, live_server.url, []))
    adviser.click("text=Or try it as text messages")
    assert "/sms/simulator/preview/" in adviser.url
    assert adviser.get_by_text(BANNER).count() == 1
    check(adviser, "preview by text", found)
    consent_steps = len(live_server.app.extensions["questionnaires"].get("leaving-care").consent)
    for _step in range(consent_steps):
        adviser.fill("#body", "yes")
        adviser.click("button[type=submit]:has-text('Send')")
    assert adviser.get_by_role("group", name="Was this clear?").count() == 1
    assert adviser.get_by_text(BANNER).count() == 1
    check(adviser, "preview by text, asking a question", found)
    adviser.fill("#body", "not a number at all")
    adviser.fill("#change", "Fewer words")
    adviser.click("button[type=submit]:has-text('Send')")
    check(adviser, "preview by text, after a reply it cannot take", found)
    assert found == []


@pytest.fixture
def scriptless(browser):
    """An adviser whose browser runs no JavaScript. Never give this page to the checkers: they need it."""
    context = _context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_a_preview_works_with_javascript_switched_off(live_server, reviewer, scriptless):
    adviser = scriptless
    adviser.goto(_preview_link(reviewer, live_server.url, []))
    adviser.click("text=Start the preview")
    first = adviser.url
    adviser.check("#clear-yes")
    adviser.click("button[value=skip]")
    adviser.wait_for_url(lambda url: url != first)
    assert adviser.get_by_text(BANNER).count() == 1 and adviser.locator("#change").count() == 1
