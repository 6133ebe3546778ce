"""Choosing a language: in its own name on every page, kept for the visit, switched mid-survey without losing
answers, the browser's Accept-Language first, Arabic right to left, and every run records its language."""

from __future__ import annotations

import dataclasses
import re

import pytest

from .pages import Respondent
from .test_journey import MOVED_ON

ALL = ["en", "gd", "pl", "uk", "ar"]


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LANGUAGES_OFFERED": ALL}


def _html_tag(page) -> str:
    return re.search(r"<html[^>]*>", page.html)[0]


def _menu(page) -> dict[str, str]:
    """The language menu's links: the name a reader sees and where it goes."""
    nav = re.search(r'<nav class="container language-menu".*?</nav>', page.html, re.S)
    return {
        name: href.replace("&amp;", "&")
        for href, name in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav[0])
    }


def test_the_start_page_offers_every_other_language_in_its_own_name(respondent):
    page = respondent.open("/")
    assert set(_menu(page)) == {"Gàidhlig", "Polski", "Українська", "العربية"}
    assert 'lang="ar" hreflang="ar" dir="rtl">العربية' in page.html
    assert 'aria-label="Language"' in page.html


def test_the_browsers_first_language_is_the_default(client):
    page = Respondent(client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "uk-UA,uk;q=0.9,en;q=0.5"
    assert _html_tag(page.open("/")) == '<html lang="uk" dir="ltr">'


def test_a_language_nobody_offers_is_not_chosen_from_the_browser(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr, de;q=0.8"
    assert _html_tag(Respondent(client).open("/")) == '<html lang="en" dir="ltr">'


def test_arabic_pages_are_right_to_left_and_the_choice_lasts_the_visit(respondent):
    respondent.open(_menu(respondent.open("/"))["العربية"])
    assert _html_tag(respondent.page) == '<html lang="ar" dir="rtl">'
    assert _html_tag(respondent.open("/help")) == '<html lang="ar" dir="rtl">'
    assert "English" in _menu(respondent.page)


def test_switching_language_mid_survey_comes_back_to_the_same_question_with_the_answers_kept(
    respondent, stored
):
    respondent.consent()
    respondent.answer(MOVED_ON[respondent.page.question_id])
    respondent.answer(MOVED_ON[respondent.page.question_id])
    where, question = respondent.page.path, respondent.page.question_id
    before = stored.answers()
    assert len(before) == 2

    respondent.open(_menu(respondent.page)["Polski"])

    assert respondent.page.path == where and respondent.page.question_id == question
    assert _html_tag(respondent.page) == '<html lang="pl" dir="ltr">'
    assert stored.answers() == before
    respondent.answer(MOVED_ON[question])
    assert len(stored.answers()) == 3


def test_every_run_records_the_language_it_started_in(respondent, stored):
    respondent.open("/survey/leaving-care")
    respondent.submit()
    respondent.open(respondent.page.link("Continue"))
    while "/agree/" in respondent.page.path:
        respondent.submit({"answer": "yes"})
    assert respondent.page.path.endswith("/before-you-start")
    respondent.open(_menu(respondent.page)["Gàidhlig"])  # back to the same page, now in Gaelic
    assert respondent.page.path.endswith("/before-you-start")
    respondent.submit()
    assert [run.language for run in stored.runs()] == ["gd"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_the_switch_only_ever_returns_to_a_page_of_this_site(client, target):
    response = client.get("/language/pl", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_an_unknown_language_changes_nothing(respondent):
    respondent.open("/language/xx?next=/help")
    assert respondent.page.path == "/help"
    assert _html_tag(respondent.page) == '<html lang="en" dir="ltr">'


def test_by_default_only_languages_a_questionnaire_lists_are_offered(app, client):
    app.config.pop("LANGUAGES_OFFERED")
    current = app.extensions["questionnaires"].current
    for key, questionnaire in current.items():
        current[key] = dataclasses.replace(questionnaire, languages=("en",))
    page = Respondent(client).open("/")
    assert 'class="container language-menu"' not in page.html


def test_pressing_start_keeps_the_language_chosen_on_the_start_page(respondent):
    respondent.open(_menu(respondent.open("/survey/leaving-care"))["Polski"])
    assert _html_tag(respondent.page) == '<html lang="pl" dir="ltr">'
    respondent.submit()  # Start: the visit begins afresh, but the reader's language stays
    assert "/survey/leaving-care/" in respondent.page.path
    assert _html_tag(respondent.page) == '<html lang="pl" dir="ltr">'
