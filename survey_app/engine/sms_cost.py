"""What the text messages cost in each language: the same prompts, translated, measured in segments.

A Polish, Ukrainian or Arabic letter outside the GSM alphabet makes the whole message UCS-2, 70 characters a
segment instead of 160, so a prompt that fits one text in English may take three. Each segment is billed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from babel.messages.pofile import read_po

from survey_app.engine.gsm import segments, sms_length
from survey_app.engine.questionnaire import Questionnaire
from survey_app.engine.sms_prompts import all_prompts


def catalogue_translator(folder: Path, language: str) -> Callable[[str], str] | None:
    """gettext from a .po file: a missing or fuzzy string is sent in English, as the live service would."""
    path = folder / language / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return None
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)

    def translate(text: str) -> str:
        message = catalog.get(text) if text else None
        return message.string if message and message.string and not message.fuzzy else text

    return translate


def language_rows(
    questionnaires: Iterable[Questionnaire], folder: Path, languages: list[str], price: float
) -> tuple[list[tuple[str, ...]], list[str]]:
    """One row per prompt per language (chars, segments, encoding), and each language's cost line."""
    rows: list[tuple[str, ...]] = []
    costs: list[str] = []
    for questionnaire in questionnaires:
        for language in languages:
            translate = (lambda text: text) if language == "en" else catalogue_translator(folder, language)
            if translate is None:
                continue
            measured = [
                (name, sms_length(text), *segments(text))
                for name, text in all_prompts(questionnaire, translate)
            ]
            rows += [(questionnaire.id, language, name, str(n), str(c), enc) for name, n, c, enc in measured]
            total = sum(count for _, _, count, _ in measured)
            costs.append(
                f"{questionnaire.id} [{language}]: {total} segments for every prompt once, "
                f"{total * price:.2f} at {price:.3f} a segment"
            )
    return rows, costs
