"""DELETE (and Stop and delete on the web) takes the reading list's copies of their words, unless a concern
was raised from them: a lead may be acting on that one (DESIGN.md)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from survey_app.questionnaires import registry
from survey_app.safeguarding.models import Concern, ReadingItem
from survey_app.store import runs
from survey_app.store.models import DELETED, Answer, Run

from .texting import LEAVING_CARE

ORDINARY = "More say in where I lived, and a worker who listened"
WORRYING = "honestly i want to kill myself tonight, got the tablets ready"


@pytest.fixture
def app_config(app_config, key_pair):
    return {**app_config, "SAFEGUARDING_PUBLIC_KEY": key_pair.public_key}


def _rows(app, model) -> list:
    with Session(app.extensions["db_engine"]) as session:
        return list(session.exec(select(model)))


def _text_until(phone, question_id: str, free_text: dict[str, str]) -> None:
    """The leaving-care script up to ``question_id``, with these words for its free-text questions."""
    for body, step in LEAVING_CARE:
        if step and step[0] == question_id:
            return
        phone.send(free_text.get(step[0], body) if step else body)
    raise AssertionError(f"the script never reached {question_id}")


def test_delete_after_stop_takes_the_words_of_answers_that_raised_no_concern_off_the_reading_list(app, phone):
    _text_until(phone, "feeling", {"more_say": ORDINARY})
    assert [item.words for item in _rows(app, ReadingItem)] == [ORDINARY]
    phone.send("STOP")

    phone.send("DELETE")

    assert _rows(app, ReadingItem) == []


def test_delete_keeps_a_raised_concern_and_its_reading_item_and_takes_the_rest(app, phone):
    _text_until(phone, "rights_story", {"more_say": ORDINARY})
    phone.send(WORRYING)
    phone.send("no")  # to someone getting in touch: the survey carries on
    [concern] = _rows(app, Concern)

    phone.send("DELETE")

    assert _rows(app, Concern) == [concern]
    [kept] = _rows(app, ReadingItem)
    assert kept.concern_id == concern.id and kept.words == WORRYING
    assert [run.state for run in _rows(app, Run)] == [DELETED]


def _reading_item(run: Run, question_id: str, words: str, concern_id: int | None = None) -> ReadingItem:
    return ReadingItem(
        idempotency_key=f"{run.id}-{question_id}",
        questionnaire_id=run.questionnaire_id,
        run_id=run.id,
        question_id=question_id,
        words=words,
        channel=run.channel,
        due_at=run.last_active,
        concern_id=concern_id,
    )


def test_stop_and_delete_on_the_web_takes_unraised_words_off_the_reading_list_too(app, db):
    with app.app_context():
        questionnaire = registry().get("leaving-care")
    run = runs.start_run(db, questionnaire, channel="web")
    concern = Concern(
        idempotency_key="raised",
        questionnaire_id=run.questionnaire_id,
        run_id=run.id,
        question_id="rights_story",
        words=WORRYING,
        tier="urgent",
        category="self_harm",
        channel="web",
    )
    db.add(concern)
    db.commit()
    db.add(_reading_item(run, "more_say", ORDINARY))
    db.add(_reading_item(run, "rights_story", WORRYING, concern.id))
    db.commit()

    runs.stop(db, run, keep=False)

    assert [(item.words, item.concern_id) for item in _rows(app, ReadingItem)] == [(WORRYING, concern.id)]
    assert len(_rows(app, Concern)) == 1


def test_finishing_drops_the_reading_items_of_answers_on_branches_no_longer_taken(app, db):
    with app.app_context():
        questionnaire = registry().get("leaving-care")
    run = runs.start_run(db, questionnaire, channel="web")
    # They first said they had moved on (and wrote about having a say), then changed to still in care:
    # the moved-on question's answer is dropped at the end, and so are the reading list's words from it.
    for question_id, value in (("care_now", "in_care"), ("more_say", ORDINARY), ("one_change", "more money")):
        db.add(Answer(run_id=run.id, question_id=question_id, status="answered", value=json.dumps(value)))
    db.add(_reading_item(run, "more_say", ORDINARY))
    db.add(_reading_item(run, "one_change", "more money"))
    db.commit()

    runs.finish(db, run, questionnaire)

    assert [item.question_id for item in _rows(app, ReadingItem)] == ["one_change"]


def test_finishing_by_text_drops_reading_items_of_questions_no_answer_is_kept_for(app, phone, monkeypatch):
    from survey_app import db as database
    from survey_app.store import scrubbing

    for body, _step in LEAVING_CARE[:-1]:
        phone.send(body)
    [run] = _rows(app, Run)
    with Session(app.extensions["db_engine"]) as session:
        session.add(_reading_item(run, "a_question_since_removed", ORDINARY))
        session.commit()
    scrubbed: list[dict] = []
    monkeypatch.setattr(database, "scrub", lambda _engine, tables: scrubbed.append(tables))

    phone.send("no")

    read = sorted(item.question_id for item in _rows(app, ReadingItem))
    assert read == ["feeling_unsafe", "more_say", "one_change"]
    if app.extensions["db_engine"].dialect.name == "postgresql":  # the worker scrubs what is owed
        assert {owed.table_name for owed in _rows(app, scrubbing.ScrubOwed)} == {"reading_item"}
    else:  # SQLite scrubs at once
        assert scrubbed == [{"reading_item": False}]
