"""The run service: each step stores exactly what was given, once."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from survey_app.engine import PREFER_NOT_TO_SAY, SKIPPED, Response, load_questionnaire
from survey_app.store import runs
from survey_app.store.models import Answer, Run

SAMPLE = Path(__file__).parent.parent / "engine" / "sample.yaml"


@pytest.fixture
def questionnaire():
    return load_questionnaire(SAMPLE)


@pytest.fixture
def run(db, questionnaire):
    return runs.start_run(db, questionnaire, channel="web", distribution="north")


def stored(db, run):
    return {
        a.question_id: (a.status, a.value) for a in db.exec(select(Answer).where(Answer.run_id == run.id))
    }


def test_starting_a_run_puts_the_person_on_the_first_question(run):
    assert run.position == "where"
    assert run.state == runs.IN_PROGRESS


def test_answering_the_same_question_twice_keeps_one_answer(db, run, questionnaire):
    runs.record(db, run, questionnaire, "where", Response("answered", "own"))
    runs.record(db, run, questionnaire, "where", Response("answered", "own"))
    assert stored(db, run) == {"where": ("answered", '"own"')}


def test_branching_follows_the_answer_given(db, run, questionnaire):
    assert runs.record(db, run, questionnaire, "where", Response("answered", "own")).id == "own_ok"
    assert runs.record(db, run, questionnaire, "where", Response("answered", "care")).id == "worries"


def test_back_steps_to_the_previous_question_on_this_persons_path(db, run, questionnaire):
    runs.record(db, run, questionnaire, "where", Response("answered", "care"))
    assert run.position == "worries"
    assert runs.go_back(db, run, questionnaire).id == "where"


def test_finishing_drops_answers_left_on_a_branch_no_longer_taken(db, run, questionnaire):
    runs.record(db, run, questionnaire, "where", Response("answered", "own"))
    runs.record(db, run, questionnaire, "own_ok", Response("answered", "yes"))
    runs.record(db, run, questionnaire, "where", Response("answered", "care"))
    runs.record(db, run, questionnaire, "worries", Response(SKIPPED))
    runs.record(db, run, questionnaire, "mood", Response(PREFER_NOT_TO_SAY))
    runs.finish(db, run, questionnaire)
    assert set(stored(db, run)) == {"where", "worries", "mood"}
    assert db.get(Run, run.id).state == runs.COMPLETED


def test_stop_and_delete_leaves_no_answer_of_that_run(db, run, questionnaire):
    runs.record(db, run, questionnaire, "where", Response("answered", "own"))
    runs.stop(db, run, keep=False)
    assert stored(db, run) == {}
    assert db.get(Run, run.id).state == runs.DELETED


def test_stop_and_keep_keeps_what_was_given(db, run, questionnaire):
    runs.record(db, run, questionnaire, "where", Response("answered", "own"))
    runs.stop(db, run, keep=True)
    assert stored(db, run) == {"where": ("answered", '"own"')}
    assert db.get(Run, run.id).state == runs.STOPPED


def test_a_resume_code_finds_the_run_and_only_its_hash_is_stored(db, run):
    code = runs.issue_resume_code(db, run, "secret")
    assert code not in (db.get(Run, run.id).resume_code_hash or "")
    assert runs.find_by_resume_code(db, code.lower().replace("-", " "), "secret", days=7).id == run.id
    assert runs.find_by_resume_code(db, "AAA-AAA", "secret", days=7) is None


def test_a_resume_code_expires_after_the_allowed_days(db, run):
    code = runs.issue_resume_code(db, run, "secret")
    run.last_active = run.last_active - dt.timedelta(days=8)
    db.add(run)
    db.commit()
    assert runs.find_by_resume_code(db, code, "secret", days=7) is None


def test_a_change_link_cannot_jump_to_a_question_off_the_path(db, run, questionnaire):
    runs.record(db, run, questionnaire, "where", Response("answered", "care"))
    assert runs.go_to(db, run, questionnaire, "own_ok") is False
    assert runs.go_to(db, run, questionnaire, "where") is True
