"""Languages and Easy Read in headless Chromium: Arabic mirrored right to left, each finished language walked
with nothing left in English, the disabled children's questionnaire by keyboard only and with JavaScript off,
its Easy Read pages before and after the questions through both checkers, and the picture scale in the
accessibility tree as a radio group of worded options."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.engine.pictures import FACES
from survey_app.languages import OWN_NAMES, direction
from survey_app.translations_cli import is_done, public_strings, read_catalogue
from tests.accessibility import AXE_OPTIONS, axe, codesniffer_errors
from tests.fixtures import QUESTIONNAIRES

from .test_browser import _consent_quickly, _press, _question, _tab_to
from .test_easy_read import ANSWERS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def _complete_languages() -> list[str]:
    """English, and every language whose catalogue has all the public strings: the translators' finished work
    joins the walk below by itself."""
    public = public_strings(QUESTIONNAIRES)
    done = ["en"]
    for code in (c for c in OWN_NAMES if c != "en"):
        if (ROOT / "translations" / code / "LC_MESSAGES" / "messages.po").is_file():
            catalog = read_catalogue(ROOT / "translations", code)
            done += [code] if all(is_done(catalog, text) for text in public) else []
    return done


@pytest.fixture
def every_language(live_server):
    config = live_server.app.config
    config["LANGUAGES_OFFERED"] = list(OWN_NAMES)
    yield
    config.pop("LANGUAGES_OFFERED", None)


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    yield context.new_page()
    context.close()


def _problems(page, name: str) -> list[str]:
    found = [f"{name}: {v['id']}" for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    found += [f"{name}: HTML_CodeSniffer {e}" for e in codesniffer_errors(page)]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return found + ([f"{name}: scrolls sideways by {overflow}px"] if overflow > 0 else [])


def _choose(page, base: str, code: str) -> None:
    page.goto(f"{base}/language/{code}?next=/")


def _by_selector(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def _x_middle(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    return box["x"] + box["width"] / 2


def test_arabic_mirrors_the_layout_the_back_link_and_quick_exit_change_sides(
    browser, live_server, every_language
):
    base, width, sides = live_server.url, 1024, {}
    for code in ("en", "ar"):
        context = browser.new_context(viewport={"width": width, "height": 768})
        page = context.new_page()
        _choose(page, base, code)
        page.goto(_consent_quickly(context, base))
        page.locator("input[name=answer]").first.fill("19")
        _by_selector(page, "button[value=continue]")
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
            code,
            direction(code),
        ]
        sides[code] = (_x_middle(page, ".back-link"), _x_middle(page, ".quick-exit__button"))
        problems = _problems(page, code)
        context.close()
        assert problems == []
    assert sides["en"][0] < width / 2 < sides["ar"][0], sides
    assert sides["en"][1] > width / 2 > sides["ar"][1], sides


@pytest.mark.parametrize("code", _complete_languages())
def test_a_finished_language_walks_the_journey_with_nothing_left_in_english(
    browser, live_server, every_language, code
):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    english = [s for s in public_strings(QUESTIONNAIRES) if len(s.split()) >= 4]
    _choose(page, live_server.url, code)
    page.goto(_consent_quickly(context, live_server.url))
    problems: list[str] = []
    for _ in range(40):
        if _question(page) is None:
            break
        lang = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
        problems += [f"{page.url}: {lang}"] if lang != [code, direction(code)] else []
        if code != "en":
            text = page.inner_text("body")
            problems += [f"{page.url}: English '{s}'" for s in english if s in text]
        problems += _problems(page, page.url)
        _by_selector(page, "button[value=skip]")  # button words differ by language; their values do not
    context.close()
    assert problems == []


def test_the_disabled_childrens_questionnaire_by_keyboard_only(laptop, live_server):
    _start_disabled_children(laptop, live_server.url)
    asked = []
    for _ in range(20):
        question = _question(laptop)
        if question is None:
            break
        asked.append(question)
        _tab_to(laptop, "#answer")
        if question == "one_thing":
            laptop.keyboard.type(ANSWERS[question])
        else:
            laptop.keyboard.press("Space")  # the first option: a radio or a box, chosen by key
        _tab_to(laptop, "button[value=continue]")
        with laptop.expect_navigation():
            laptop.keyboard.press("Enter")
    assert asked == list(ANSWERS)
    assert laptop.url.endswith("/survey/disabled-children/check")


def test_the_disabled_childrens_questionnaire_with_javascript_off_hides_listen(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    _start_disabled_children(page, live_server.url)
    assert page.locator("[data-listen]").is_hidden()
    asked = []
    for _ in range(20):
        question = _question(page)
        if question is None:
            break
        asked.append(question)
        value = ANSWERS[question]
        if question == "one_thing":
            page.fill("#answer", value)
        else:
            page.check(f"input[name=answer][value='{value}']")
        _press(page, "Continue")
    context.close()
    assert asked == list(ANSWERS)


def test_listen_shows_where_the_browser_can_speak_and_every_picture_has_words(laptop, live_server):
    _start_disabled_children(laptop, live_server.url)
    has_speech = laptop.evaluate("'speechSynthesis' in window")
    assert laptop.locator("[data-listen]").is_visible() == has_speech
    assert laptop.evaluate("[...document.images].every(i => i.alt.trim().length > 0)")
    assert _problems(laptop, "helper") == []


def test_the_picture_scale_is_a_radio_group_of_worded_options_in_the_accessibility_tree(laptop, live_server):
    _start_disabled_children(laptop, live_server.url)
    laptop.check("input[name=answer][value='nobody']")
    _press(laptop, "Continue")
    assert _question(laptop) == "listened_to"
    tree = laptop.locator("fieldset").aria_snapshot()
    assert tree.startswith("- group ") and "Do grown-ups listen to you?" in tree.splitlines()[0], tree
    for _, words, _ in FACES:
        assert f'- radio "{words}"' in tree, tree
    assert _problems(laptop, "picture scale") == []


@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_easy_read_pages_around_the_questions_pass_both_checkers_on_a_small_phone(
    browser, live_server, every_language, code
):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page, base, problems = context.new_page(), live_server.url, []
    _choose(page, base, code)
    page.goto(f"{base}/survey/disabled-children")
    _by_selector(page, "button.button--start")
    _by_selector(page, "main a.button")  # the information sheet's Continue
    problems += _problems(page, "consent")
    _by_selector(page, "button[value=yes]")
    assert page.locator("img.easy-idea__picture").count() == 5
    problems += _problems(page, "before you start")
    _by_selector(page, "main form button")
    problems += _problems(page, "a question, with the code to come back")
    _by_selector(page, ".leave-options a[href$='/later']")
    problems += _problems(page, "finish later")
    _by_selector(page, ".back-link")
    _by_selector(page, ".leave-options a[href$='/stop']")
    problems += _problems(page, "stop")
    _by_selector(page, "main form button")  # Stop now, with nothing chosen
    problems += _problems(page, "stop with an error")
    page.goto(f"{base}/survey/disabled-children")
    _by_selector(page, "button.button--start")
    _by_selector(page, "main a.button")
    _by_selector(page, "button[value=no]")
    problems += _problems(page, "declined")
    context.close()
    assert problems == []


def _start_disabled_children(page, base: str) -> None:
    page.goto(f"{base}/survey/disabled-children")
    _press(page, "Start now")
    page.get_by_role("link", name="Continue").click()
    page.wait_for_load_state()
    while "/agree/" in page.url:
        _press(page, "Yes, go on")
    _press(page, "Start the questions")
