"""The journey in headless Chromium: axe-core on every page and state, 320 px reflow, keyboard and focus,
no JavaScript, and quick exit by keys. One browser for the module; a live server in a background thread."""

from __future__ import annotations

import re

import pytest

from tests.accessibility import AXE_OPTIONS, axe, codesniffer_errors

from .test_journey import MOVED_ON

pytestmark = pytest.mark.browser

# Every one of these exists once on the page; radios are one stop per group, as browsers do it.
FOCUSABLE = "a[href], button, input:not([type=hidden]), textarea, select, [tabindex]:not([tabindex='-1'])"
TYPES = {
    "age": "number",
    "care_now": "single_choice",
    "feels_like_home": "scale",
    "more_say": "long_text",
    "doing_now": "multiple_choice",
    "has_worker": "yes_no",
    "gender_own_words": "short_text",
}
WORRYING = "i want to kill myself tonight"


class Audit:
    """Runs axe, HTML_CodeSniffer and the 320 px check on each page shown; keeps every problem found."""

    def __init__(self, page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.checked: list[str] = []

    def __call__(self, name: str) -> None:
        results = axe.run(self.page, options=AXE_OPTIONS).response
        for violation in results["violations"]:
            targets = [node["target"] for node in violation["nodes"]]
            self.problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
        self.problems.extend(f"{name}: HTML_CodeSniffer {error}" for error in codesniffer_errors(self.page))
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            self.problems.append(f"{name}: scrolls sideways by {overflow}px at 320px")
        self.checked.append(name)


STEP = re.compile(r"/s/[a-z0-9-]+/[0-9]+(\?change=1)?$")


def _question(page) -> str | None:
    """The question on screen: addresses are step numbers only, so read the form's marker."""
    if not STEP.search(page.url):
        return None
    form = page.query_selector("form[data-question]")
    return form.get_attribute("data-question") if form else None


def _fill(page, question: str, value) -> None:
    if isinstance(value, list):
        for item in value:
            page.check(f"input[name=answer][value='{item}']")
    elif page.locator("input[type=radio][name=answer]").count():
        page.check(f"input[name=answer][value='{value}']")
    else:
        page.fill("#answer", value)


def _button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def _press(page, name: str) -> None:
    """Press a button that leaves the page, and wait for the next one (never act on a half-loaded page)."""
    with page.expect_navigation():
        _button(page, name).click()


def _follow(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).click()


def _no_audit(_name: str) -> None:
    pass


def _consent(page, base: str, *, assisted: bool = False, audit=_no_audit) -> None:
    page.goto(f"{base}/survey/leaving-care?area=T1")
    audit("start")
    if assisted:
        page.check("#assisted")
    _press(page, "Start now")
    if assisted:  # the worker hands over before the information sheet: the young person consents
        audit("hand the device over")
        _follow(page, "I am the young person: read about the survey")
    audit("information")
    _follow(page, "Continue")
    while "/agree/" in page.url:
        audit(f"consent {page.url.rsplit('/', 1)[1]}")
        _press(page, "Yes, go on")
    audit("before you start (quick exit explained)")
    _press(page, "Start the questions")


def _consent_quickly(context, base: str) -> str:
    """Consent by HTTP in the browser's own cookie jar (no rendering); returns the first question URL."""
    http = context.request
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    start = http.get(f"{base}/survey/leaving-care").text()
    response = http.post(f"{base}/survey/leaving-care", form={"csrf_token": token.search(start)[1]})
    for _ in range(10):
        html = response.text()
        if STEP.search(response.url):
            return response.url
        action = re.search(r'<form method="post"[^>]*action="([^"]+)"', html)
        if action is None:
            link = re.search(r'href="([^"]+/agree/[^"]+)"', html)
            response = http.get(base + link[1])
            continue
        response = http.post(base + action[1], form={"csrf_token": token.search(html)[1], "answer": "yes"})
    raise AssertionError("consent did not reach the first question")


def _answer_all(page, audit: Audit | None = None, answers: dict = MOVED_ON) -> None:
    for _ in range(40):
        question = _question(page)
        if question is None:
            return
        if audit:
            audit(question)
            if question in TYPES:
                _press(page, "Continue")
                assert page.title().startswith("Error: ")
                assert page.evaluate("document.activeElement.classList.contains('error-summary')")
                audit(f"{question} ({TYPES[question]}) with an error")
        _answer_one(page, question, answers.get(question))


def _answer_one(page, question: str, value) -> None:
    """Fill in and continue; anything other than text or a list of choices is a skip."""
    if not isinstance(value, str | list):
        _press(page, "Skip this question")
        return
    _fill(page, question, value)
    _press(page, "Continue")


@pytest.fixture(scope="module")
def phone(browser):
    """A small phone: 320 CSS pixels wide, JavaScript on."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


def test_axe_finds_no_violations_and_nothing_scrolls_sideways_on_any_page(phone, live_server):
    base, audit = live_server.url, Audit(phone)
    for url, name in (
        ("/", "list"),
        ("/help", "help"),
        ("/nowhere", "not found"),
        ("/resume", "resume"),
    ):
        phone.goto(base + url)
        audit(name)
    phone.fill("#code", "ZZZZ-ZZZZ-ZZ")
    _press(phone, "Carry on")
    audit("resume with an error")

    _consent(phone, base, audit=audit)
    _answer_all(phone, audit)
    audit("check your answers")
    _follow(phone, "Stop, and choose what happens to your answers")
    audit("stop")
    _press(phone, "Stop now")
    audit("stop with an error")
    _follow(phone, "Go back to the questions")
    _press(phone, "Send my answers")
    audit("finish")

    _declined_stopped_handed_back_and_expired(phone, base, audit)
    _support_pages(phone, live_server, audit)
    assert audit.problems == []
    assert len(audit.checked) >= 50


def _declined_stopped_handed_back_and_expired(page, base: str, audit: Audit) -> None:
    page.goto(f"{base}/survey/leaving-care")
    _press(page, "Start now")
    _follow(page, "Continue")
    _press(page, "No, I do not want to take part")
    audit("declined")

    _consent(page, base)
    _follow(page, "Stop, and choose what happens to your answers")
    page.check("#answers-2")
    _press(page, "Stop now")
    audit("stopped")

    _consent(page, base, assisted=True)
    _answer_all(page, answers={})
    _press(page, "Send my answers")
    audit("hand back")
    _follow(page, "I am the worker: carry on")
    audit("the worker's page after the hand back")

    _consent(page, base)
    page.context.clear_cookies()
    _press(page, "Continue")
    assert "This page has expired" in page.content()
    audit("page expired")


def _give_a_worrying_answer(page) -> str:
    """From any question, answer as in the main journey up to the first free-text question, then worry.

    Returns that question's address, to give the answer again (each time opens the offer afresh)."""
    for _ in range(20):
        question = _question(page)
        if question == "more_say":
            address = page.url
            page.fill("#answer", WORRYING)
            _press(page, "Continue")
            assert page.title().startswith("Thank you for telling us")
            return address
        _answer_one(page, question, MOVED_ON[question])
    raise AssertionError("never reached the free-text question")


def _support_pages(page, server, audit: Audit) -> None:
    """The offer of contact after a concern, its error state, and each page that can follow it."""
    page.goto(_consent_quickly(page.context, server.url))
    question = _give_a_worrying_answer(page)
    audit("support offer")
    _press(page, "Continue")
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    audit("support offer with an error")
    page.check("#get_in_touch")
    _press(page, "Continue")  # the box for a way to reach them comes only after yes
    audit("support: how to reach you")
    _press(page, "Send")
    audit("support: how to reach you with an error")
    page.fill("#contact", "07700 900123")
    page.check("#safe")
    _press(page, "Send")
    assert page.title().startswith("We have kept that safely")
    audit("support: kept")
    page.goto(question)
    _give_a_worrying_answer(page)
    page.check("#get_in_touch-2")
    _press(page, "Continue")
    audit("support: no thank you")
    config = server.app.config
    key, config["SAFEGUARDING_PUBLIC_KEY"] = config["SAFEGUARDING_PUBLIC_KEY"], None
    try:
        page.goto(question)
        _give_a_worrying_answer(page)
        page.check("#get_in_touch")
        _press(page, "Continue")
        page.fill("#contact", "07700 900123")
        _press(page, "Send")
    finally:
        config["SAFEGUARDING_PUBLIC_KEY"] = key
    assert page.title().startswith("Sorry, we could not save that")
    audit("support: not kept")
    _press(page, "Carry on with the survey")
    assert _question(page) == "feeling"


def _tab_through(page, limit: int = 60) -> list[dict]:
    """Press Tab from the top of the page until focus comes round again; describe each stop."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
              return {key: e.name && e.type === 'radio' ? 'radio:' + e.name : e.outerHTML.slice(0, 120),
                      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                      shadow: s.boxShadow !== 'none', tag: e.tagName}; }"""
        )
        if stops and stop["key"] == stops[0]["key"]:
            break
        if stop["tag"] != "BODY":  # between the last control and the first, focus leaves the page
            stops.append(stop)
    return stops


def _tab_to(page, selector: str, limit: int = 60) -> None:
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _expected_stops(page) -> set[str]:
    return set(
        page.evaluate(
            f"""() => [...document.querySelectorAll("{FOCUSABLE}")].filter(e => e.checkVisibility()).map(e =>
                 e.name && e.type === 'radio' ? 'radio:' + e.name : e.outerHTML.slice(0, 120))"""
        )
    )


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    yield context.new_page()
    context.close()


def _assert_keyboard_reaches_everything(page, name: str) -> None:
    stops = _tab_through(page)
    assert {s["key"] for s in stops} == _expected_stops(page), name
    assert [s["key"] for s in stops if not (s["outline"] or s["shadow"])] == [], name


def test_keyboard_answers_questions_and_reaches_every_control_with_a_visible_focus(laptop, live_server):
    _consent(laptop, live_server.url)
    for question, answer in (("age", "20"), ("care_now", None), ("feels_like_home", None)):
        assert _question(laptop) == question
        _assert_keyboard_reaches_everything(laptop, question)
        # Answer with the keyboard only: Tab to the field, type or press Space, Tab to Continue, Enter.
        _tab_to(laptop, "#answer")
        if answer:
            laptop.keyboard.type(answer)
        else:
            laptop.keyboard.press("Space")
        _tab_to(laptop, "button[value=continue]")
        with laptop.expect_navigation():
            laptop.keyboard.press("Enter")
    assert _question(laptop) == "had_a_say"


def test_keyboard_reaches_every_control_on_every_kind_of_page(laptop, live_server):
    base = live_server.url
    for url in ("/", "/survey/leaving-care", "/resume", "/help"):
        laptop.goto(base + url)
        _assert_keyboard_reaches_everything(laptop, url)
    laptop.goto(_consent_quickly(laptop.context, base))
    seen = set()
    for _ in range(40):
        question = _question(laptop)
        if question is None:
            break
        kind = TYPES.get(question)
        if kind and kind not in seen:
            seen.add(kind)
            _assert_keyboard_reaches_everything(laptop, kind)
        _answer_one(laptop, question, MOVED_ON[question])
    assert seen == set(TYPES.values())
    _assert_keyboard_reaches_everything(laptop, "check your answers")
    _follow(laptop, "Stop, and choose what happens to your answers")
    _assert_keyboard_reaches_everything(laptop, "stop")


def test_keyboard_reaches_every_control_on_the_support_pages_and_answers_the_offer(laptop, live_server):
    laptop.goto(_consent_quickly(laptop.context, live_server.url))
    _give_a_worrying_answer(laptop)
    _assert_keyboard_reaches_everything(laptop, "support offer")
    _tab_to(laptop, "main form button")
    with laptop.expect_navigation():
        laptop.keyboard.press("Enter")
    _assert_keyboard_reaches_everything(laptop, "support offer with an error")
    _tab_to(laptop, "#get_in_touch")
    laptop.keyboard.press("Space")
    _tab_to(laptop, "main form button")
    with laptop.expect_navigation():
        laptop.keyboard.press("Enter")
    _assert_keyboard_reaches_everything(laptop, "support: how to reach you")
    _tab_to(laptop, "#contact")
    laptop.keyboard.type("07700 900123")
    _tab_to(laptop, "main form button")
    with laptop.expect_navigation():
        laptop.keyboard.press("Enter")
    assert laptop.title().startswith("We have kept that safely")
    _assert_keyboard_reaches_everything(laptop, "support: kept")


def test_the_support_offer_works_with_javascript_switched_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(_consent_quickly(context, live_server.url))
        _give_a_worrying_answer(page)
        assert "0800 1111" in page.content()
        assert page.locator("#contact").count() == 0
        page.check("#get_in_touch")
        _press(page, "Continue")
        _press(page, "Send")
        assert page.title().startswith("Error: ")
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        page.fill("#contact", "07700 900123")
        _press(page, "Send")
        assert page.title().startswith("We have kept that safely")
        _press(page, "Carry on with the survey")
        assert _question(page) == "feeling"
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_quick_exit_from_the_support_offer_leaves_nothing_to_go_back_to(browser, live_server, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(_consent_quickly(context, live_server.url))
        _give_a_worrying_answer(page)
        page.check("#get_in_touch")
        _press(page, "Quick exit")
        assert page.url.endswith("/weather")

        page.go_back()  # the offer was a page of its own (post/redirect/get): no resubmission to refuse
        page.wait_for_load_state()
        assert page.url.endswith("/weather")
        content = page.content()
        assert "Thank you for telling us" not in content and "07700" not in content
        assert WORRYING not in content
    finally:
        context.close()


def test_the_whole_journey_works_with_javascript_switched_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        _consent(page, live_server.url)
        _press(page, "Continue")
        assert page.title().startswith("Error: ")
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        _answer_all(page)
        assert page.url.endswith("/check")
        _press(page, "Send my answers")
        assert page.url.endswith("/thank-you")
        page.goto(live_server.url + "/s/leaving-care/1")
        assert page.url.endswith("/survey/leaving-care")
    finally:
        context.close()


@pytest.mark.parametrize("control", ["button", "link"])
def test_quick_exit_works_without_javascript_and_back_shows_no_answers(browser, live_server, control):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(_consent_quickly(context, live_server.url))
        page.fill("#answer", "24")
        _press(page, "Continue")
        if control == "button":
            _press(page, "Quick exit")
        else:
            _follow(page, "Quick exit: leave this site now")
        assert page.url.endswith("/weather")

        page.go_back()
        assert page.url.endswith("/weather") and 'value="24"' not in page.content()
    finally:
        context.close()


@pytest.mark.parametrize("keys", [["Escape"], ["Shift", "Shift", "Shift"], "button", "link"])
def test_quick_exit_leaves_for_the_neutral_page_and_back_shows_no_answers(browser, live_server, keys):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(_consent_quickly(context, live_server.url))
        page.fill("#answer", "24")
        _press(page, "Continue")
        page.check("input[value=moved_on]")
        if keys == "button":
            _press(page, "Quick exit")
        elif keys == "link":
            _follow(page, "Quick exit: leave this site now")
        else:
            for key in keys:
                page.keyboard.press(key)
        page.wait_for_url("**/weather")
        assert page.title() == "Weather forecast"

        page.go_back()
        page.wait_for_load_state()
        assert page.url.endswith("/weather") and 'value="24"' not in page.content()
    finally:
        context.close()
