"""Downloads by language: a choice is the same code whatever language it was answered in, each response
says its language, and free text stays in the words and language it was written in."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from survey_app.store.models import Answer, Run

from .test_downloads import csv_rows, download


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


def test_each_choice_is_one_code_in_every_language_and_each_row_names_its_language(client_as, seed, db):
    questionnaire = seed(400)
    polish = db.exec(select(Run).where(Run.questionnaire_id == "leaving-care")).first()
    polish.language = "pl"
    db.add(polish)
    db.commit()
    rows = csv_rows(download(client_as("analyst"), "csv"))
    languages = {row["language"] for row in rows}
    assert {"en", "pl"} <= languages

    choices = [q for q in questionnaire.questions if q.type == "single_choice"]
    for question in choices:
        by_language: dict[str, set[str]] = {}
        for row in rows:
            by_language.setdefault(row["language"], set()).add(row[question.id])
        english = by_language["en"]
        for language, codes in by_language.items():
            # Same codes (or missing-value codes) as English: never a translated label in a coded column.
            assert all(code in english or code.lstrip("-").isdigit() or code == "" for code in codes), (
                question.id,
                language,
                codes - english,
            )


def test_free_text_is_exported_as_written_with_its_language(client_as, seed, db):
    seed(400)
    written = "Мені потрібна допомога з житлом"
    answer = db.exec(
        select(Answer).where(Answer.question_id == "more_say", Answer.status == "answered")
    ).first()
    run = db.get(Run, answer.run_id)
    run.language = "uk"
    answer.value = json.dumps(written)
    db.add_all([run, answer])
    db.commit()
    rows = csv_rows(download(client_as("analyst"), "csv"))
    mine = [row for row in rows if row.get("more_say") == written]
    assert len(mine) == 1 and mine[0]["language"] == "uk"
