"""On a 360 px phone in Chromium: Back after an error, Back after quick exit, a shared device left idle, and
addresses that say nothing about the answers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from survey_app.web import visit
from tests.accessibility import accessibility_problems

from .test_browser import STEP, Audit, _answer_all, _consent, _consent_quickly, _follow, _press, _question
from .test_journey import MOVED_ON

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# Pages everybody passes through whatever they answer; questions and the support offer are /s/<q>/<n>.
SAME_FOR_EVERYONE = re.compile(
    r"^/(survey/leaving-care(/(information|agree/[a-z0-9_-]+|before-you-start|check|thank-you))?|s/leaving-care/\d+)$"
)


@pytest.fixture(params=[True, False], ids=["javascript", "no javascript"])
def phone(request, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=request.param)
    yield context.new_page()
    context.close()


def test_back_after_an_error_shows_the_question_not_a_resubmission_page(phone, live_server):
    phone.goto(_consent_quickly(phone.context, live_server.url))
    first = phone.url
    phone.fill("#answer", "lots")
    _press(phone, "Continue")
    assert phone.title().startswith("Error: ") and phone.url == first
    phone.reload()  # a refresh sends nothing again: it is a GET
    assert _question(phone) == "age" and not phone.title().startswith("Error: ")

    phone.fill("#answer", "lots")
    _press(phone, "Continue")
    phone.fill("#answer", "19 years")
    _press(phone, "Continue")
    assert _question(phone) == "care_now"
    phone.go_back()
    phone.wait_for_load_state()

    assert not phone.url.startswith("chrome-error") and _question(phone) == "age"
    assert "Confirm Form Resubmission" not in phone.content() and "ERR_CACHE_MISS" not in phone.content()


def test_back_after_quick_exit_does_not_show_the_survey(phone, live_server):
    phone.goto(_consent_quickly(phone.context, live_server.url))
    phone.fill("#answer", "24")
    _press(phone, "Continue")
    _press(phone, "Quick exit")
    assert phone.title() == "Weather forecast"

    for _ in range(2):
        phone.go_back()
        phone.wait_for_load_state()
        page = phone.content()
        assert urlsplit(phone.url).port != urlsplit(live_server.url).port or "/s/" not in phone.url
        assert "Have your say" not in page and 'value="24"' not in page and "How old" not in page


def test_the_quick_exit_button_stays_on_screen_at_the_bottom_of_check_answers(live_server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(_consent_quickly(context, live_server.url))
        for _ in range(40):
            if _question(page) is None:
                break
            _press(page, "Skip this question")
        assert page.url.endswith("/check")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        box = page.get_by_role("button", name="Quick exit", exact=True).bounding_box()
        assert box is not None and 0 <= box["y"] < PHONE["height"]
    finally:
        context.close()


def test_a_shared_device_idle_past_the_limit_warns_then_shows_nothing_of_the_answers(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.install()
    limit = int(live_server.app.config["VISIT_IDLE_MINUTES"] * 60 * 1000)
    try:
        page.goto(_consent_quickly(context, live_server.url))
        page.fill("#answer", "24")
        _press(page, "Continue")
        page.check("input[value=moved_on]")
        page.clock.run_for(limit - 110_000)
        assert page.locator("#idle-warning").is_visible()
        with page.expect_navigation():
            page.clock.run_for(120_000)
        assert page.title().startswith("This visit has ended")

        page.go_back()
        page.wait_for_load_state()
        shown = page.content()
        assert 'value="24"' not in shown and "checked" not in shown and _question(page) is None
    finally:
        context.close()


def test_the_idle_warning_takes_focus_is_announced_works_by_keyboard_and_has_no_problems(
    browser, live_server, monkeypatch
):
    # A short limit for this test only: the warning comes after 30 seconds of the browser's own clock.
    monkeypatch.setitem(live_server.app.config, "VISIT_IDLE_MINUTES", 1)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.install()
    try:
        page.goto(_consent_quickly(context, live_server.url))
        page.fill("#answer", "24")  # typed, not yet sent: staying must keep it
        warning = page.locator("#idle-warning")
        page.clock.run_for(29_000)
        assert warning.is_hidden()

        page.clock.run_for(2_000)
        expect(warning).to_be_focused(timeout=5_000)
        expect(page.get_by_role("alertdialog", name="Are you still there?")).to_be_visible(timeout=5_000)
        assert "this visit will end in 1 minute." in warning.inner_text()
        assert accessibility_problems(page) == []

        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "I am still here"
        with page.expect_response(lambda reply: reply.url.endswith("/still-here"), timeout=5_000) as reply:
            page.keyboard.press("Enter")
        assert reply.value.status == 204
        expect(warning).to_be_hidden(timeout=5_000)
        expect(page.locator("#answer")).to_be_focused(timeout=5_000)
        assert page.input_value("#answer") == "24"

        page.clock.run_for(45_000)  # past where the visit would have ended: staying started it again
        assert _question(page) == "age"
        with page.expect_navigation(timeout=5_000):
            page.clock.run_for(20_000)
        assert page.title().startswith("This visit has ended")
    finally:
        context.close()


def test_a_shared_device_idle_past_the_limit_without_javascript_shows_nothing(
    browser, live_server, monkeypatch
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(_consent_quickly(context, live_server.url))
        page.fill("#answer", "24")
        _press(page, "Continue")
        later = visit.clock() + live_server.app.config["VISIT_IDLE_MINUTES"] * 60 + 1
        monkeypatch.setattr(visit, "clock", lambda: later)

        page.go_back()
        page.wait_for_load_state()

        assert 'value="24"' not in page.content() and _question(page) is None
    finally:
        context.close()


def _through_the_support_offer(page) -> None:
    """Every stage of the offer: a missed choice, yes, Back, yes again, a way to reach them, carry on."""
    _press(page, "Continue")
    assert page.title().startswith("Error: Thank you for telling us")
    page.check("#get_in_touch")
    _press(page, "Continue")
    with page.expect_navigation():
        page.get_by_role("button", name="Back").click()  # its name starts with the arrow drawn by CSS
    page.check("#get_in_touch")
    _press(page, "Continue")
    page.fill("#contact", "07700 900123")
    _press(page, "Send")
    assert page.title().startswith("We have kept that safely")
    _press(page, "Carry on with the survey")


def _journey_addresses(page, base: str, answers: dict) -> list[str]:
    seen: list[str] = []
    page.on("framenavigated", lambda frame: seen.append(urlsplit(frame.url).path))
    _consent(page, base)
    for _ in range(40):
        question = _question(page)
        if question is None:
            break
        value = answers.get(question)
        if isinstance(value, list):
            for item in value:
                page.check(f"input[name=answer][value='{item}']")
        elif isinstance(value, str) and page.locator("input[type=radio][name=answer]").count():
            page.check(f"input[name=answer][value='{value}']")
        elif isinstance(value, str):
            page.fill("#answer", value)
        _press(page, "Continue" if isinstance(value, str | list) else "Skip this question")
        if page.title().startswith("Thank you for telling us"):
            seen.append("(offered)")
            _through_the_support_offer(page)
    _press(page, "Send my answers")
    return seen


def _shape(path: str) -> str:
    return re.sub(r"/\d+$", "/<n>", path)


def test_no_address_visited_in_the_journey_depends_on_an_answer(browser, live_server):
    # Skipping everything opens no branch; these answers open several, and one raises a concern whose
    # support offer is walked through every stage: errors, yes, Back, a way to reach them, carry on.
    branching = MOVED_ON | {"more_say": "I want to kill myself tonight"}
    addresses = []
    for answers in ({}, branching):
        context = browser.new_context(viewport=PHONE)
        try:
            addresses.append(_journey_addresses(context.new_page(), live_server.url, answers))
        finally:
            context.close()

    plain, branching_seen = addresses
    assert "(offered)" in branching_seen and "(offered)" not in plain  # the offer was there to give away
    branching_seen.remove("(offered)")
    assert {_shape(path) for path in plain} == {_shape(path) for path in branching_seen}
    for seen in addresses:
        unusual = [path for path in seen if not SAME_FOR_EVERYONE.match(path)]
        assert unusual == []
        assert not any(
            word in path for path in seen for word in ("gender", "support", "more_say", "question")
        )
    steps = [sorted({int(p.rsplit("/", 1)[1]) for p in seen if STEP.search(p)}) for seen in addresses]
    for numbers in steps:
        assert numbers == list(range(1, len(numbers) + 1))  # 1, 2, 3...: a count, never a name


def test_new_pages_have_no_accessibility_problems_at_360px(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    audit = Audit(page)
    try:
        page.goto(_consent_quickly(context, live_server.url))
        page.get_by_role("link", name="Finish later: get a code to come back").click()
        page.wait_for_load_state()
        audit("finish later")
        page.get_by_role("link", name="Back to the questions").first.click()
        page.wait_for_load_state()
        page.fill("#answer", "lots")
        _press(page, "Continue")
        audit("question with an error after the redirect")
        page.goto(live_server.url + "/visit-ended")
        audit("visit ended")
        page.goto(live_server.url + "/resume")
        for _ in range(11):  # the limit is per client, and earlier tests on this server count too
            if not page.locator("#code").count():
                break
            page.fill("#code", "AAAA-AAAA-AA")
            _press(page, "Carry on")
        assert page.title().startswith("You have tried too many codes")
        audit("too many codes")
    finally:
        context.close()
    assert audit.problems == []


def test_a_workers_device_is_handed_back_and_back_from_the_workers_page_shows_nothing(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    audit = Audit(page)
    written = ("Being asked before a move", "moved without being told", "help with money", "my own words")
    try:
        _consent(page, live_server.url, assisted=True)  # the worker sets up and hands over
        assert _question(page) == "age" and page.locator(".code").count() == 0  # no code: a worker is by
        _answer_all(page, answers=MOVED_ON)
        assert all(words in page.content() for words in written)  # check your answers shows them all
        _press(page, "Send my answers")

        assert page.title().startswith("Please pass the device back to your worker")
        audit("hand back")
        _follow(page, "I am the worker: carry on")
        assert page.title().startswith("Thank you for helping")
        audit("the worker's page")
        for _ in range(2):  # Back to the hand-back page, then Back again towards the questions
            page.go_back()
            page.wait_for_load_state()
            shown = page.content()
            assert [words for words in written if words in shown] == []
            assert "checked" not in shown and page.locator(".code").count() == 0 and _question(page) is None
        assert page.url.endswith(("/hand-back", "/survey/leaving-care"))
    finally:
        context.close()
    assert audit.problems == []


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no javascript"])
def test_finish_later_on_a_workers_device_gives_it_back_and_back_or_reload_shows_nothing(
    browser, live_server, javascript
):
    # 320 px: the narrowest phone the pages are checked at (the checkers need the page's JavaScript).
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=javascript)
    page = context.new_page()
    audit = Audit(page) if javascript else lambda _name: None
    try:
        _consent(page, live_server.url, assisted=True)  # the worker sets up and hands over
        page.fill("#answer", "24")
        _press(page, "Continue")
        _follow(page, "Finish later: get a code to come back")
        code = page.locator(".code").inner_text()
        audit("finish later on a worker's device")

        _press(page, "I have my code: give the device back")
        assert page.title().startswith("Please pass the device back to your worker")
        assert "Your answers so far are saved." in page.content()
        audit("hand back after pausing")
        _follow(page, "I am the worker: carry on")
        assert page.title().startswith("Thank you for helping")
        assert "They paused the survey" in page.content()
        audit("the worker's page after a pause")

        for _ in range(4):  # the hand back, Finish later, then the two questions
            page.go_back()
            page.wait_for_load_state()
            for _shown in range(2):
                shown = page.content()
                assert code not in shown and 'value="24"' not in shown and page.locator(".code").count() == 0
                assert _question(page) is None
                page.reload()
        assert page.url.endswith(("/hand-back", "/survey/leaving-care"))
        for address in ("/survey/leaving-care/later", "/carry-on"):  # opening the survey again
            page.goto(live_server.url + address)
            assert code not in page.content() and _question(page) is None
    finally:
        context.close()
    if javascript:
        assert audit.problems == []
