"""The SMS report in every language: Cyrillic, Arabic and Polish letters make a text UCS-2, 70 a segment."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from survey_app.engine import load_questionnaire
from survey_app.engine.sms_cost import language_rows

QUESTION = "Do you like tea?"
# 75 Cyrillic letters and spaces: one text in English would be two in Ukrainian.
UKRAINIAN = "Чи подобається тобі чай? Скажи нам чесно, будь ласка, це важливо для нас усіх."


def _catalogue(tmp_path, code: str, strings: dict[str, str]) -> None:
    folder = tmp_path / "translations" / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale=code)
    for english, translated in strings.items():
        catalog.add(english, string=translated)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, catalog)


def test_a_ukrainian_prompt_is_measured_as_ucs2_and_costs_more_segments(write_questionnaire, tmp_path):
    questionnaire = load_questionnaire(write_questionnaire())
    _catalogue(tmp_path, "uk", {QUESTION: UKRAINIAN})
    rows, costs = language_rows([questionnaire], tmp_path / "translations", ["en", "uk"], price=0.05)
    first = {
        language: (segments, encoding) for _, language, name, _, segments, encoding in rows if name == "first"
    }
    assert first["en"] == ("1", "GSM-7")
    assert first["uk"][1] == "UCS-2"
    assert int(first["uk"][0]) >= 2
    english, ukrainian = (line for line in costs if line.startswith("test ["))
    assert english.startswith("test [en]:") and ukrainian.startswith("test [uk]:")
    assert int(ukrainian.split(": ")[1].split()[0]) > int(english.split(": ")[1].split()[0])


def test_an_untranslated_prompt_is_measured_as_the_english_that_would_be_sent(write_questionnaire, tmp_path):
    questionnaire = load_questionnaire(write_questionnaire())
    _catalogue(tmp_path, "pl", {})
    rows, _ = language_rows([questionnaire], tmp_path / "translations", ["en", "pl"], price=0.05)
    by_language = {(language, name): chars for _, language, name, chars, _, _ in rows}
    assert by_language[("pl", "first")] == by_language[("en", "first")]
