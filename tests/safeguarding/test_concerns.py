"""Concerns: raised exactly once, words withheld from the review team, route back sealed, kept on Stop."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from survey_app.admin import retention
from survey_app.admin.models import DestructionEntry
from survey_app.engine import Question
from survey_app.safeguarding import concerns, detector, journey
from survey_app.safeguarding.models import ACTION_RECORDED, CLOSED, Concern, ConcernAction, Notice
from survey_app.staff.models import AuditEntry
from survey_app.store import runs
from survey_app.store.models import Answer, Run

WORDS = "my dad hits me when he drinks"
URGENT_WORDS = "i want to kill myself tonight"
CONTACT = "zebra-contact-0131 496 0000"
PASSPHRASE = "correct horse battery staple"
FREE_TEXT = Question(id="feeling_unsafe", type="long_text", text="Is anything making you feel unsafe?")


@pytest.fixture(autouse=True)
def _app_context(sg_app):
    """journey reads the lead's public key and the notifier from the app, as it does in a request."""
    with sg_app.app_context():
        yield


@pytest.fixture
def check(sg_app, db):
    """Call the journey hook as a channel would, inside a request."""

    def call(run: Run, words: str, *, question: Question = FREE_TEXT, channel: str = "web", phone=None):
        with sg_app.test_request_context():
            return journey.check_answer(db, run, question, words, channel, phone=phone)

    return call


def _concerns(db) -> list[Concern]:
    return list(db.exec(select(Concern)).all())


def test_a_concerning_answer_raises_one_concern_with_what_the_lead_needs(check, db, make_run, store_answer):
    run = make_run(distribution="north")
    store_answer(run, FREE_TEXT.id, WORDS)
    assessment = check(run, WORDS)
    assert assessment.tier == "review"
    [concern] = _concerns(db)
    assert (concern.words, concern.tier, concern.category) == (WORDS, "review", "abuse")
    assert (concern.questionnaire_id, concern.distribution, concern.channel) == (
        "leaving-care",
        "north",
        "web",
    )
    assert json.loads(concern.reasons) == [{"rule": "abuse.physical", "words": "hits me"}]
    assert concern.state == "new" and concern.created_at is not None


def test_the_same_answer_submitted_twice_creates_exactly_one_concern(check, db, make_run, store_answer):
    run = make_run()
    store_answer(run, FREE_TEXT.id, URGENT_WORDS)
    assert check(run, URGENT_WORDS) is not None
    assert check(run, URGENT_WORDS) is not None  # a double-click, a retried webhook
    assert len(_concerns(db)) == 1


def test_two_copies_arriving_at_the_same_moment_create_one_concern(sg_app, db, make_run, monkeypatch):
    run = make_run()
    assessment = journey.assess(URGENT_WORDS)
    arguments = dict(
        run=run,
        questionnaire_id="leaving-care",
        question_id=FREE_TEXT.id,
        text=URGENT_WORDS,
        assessment=assessment,
        channel="sms",
        distribution=None,
    )
    first = concerns.raise_concern(db, **arguments)
    # The second copy looked before the first had committed, so it did not see it.
    real_existing = concerns._existing
    calls = iter([None])
    monkeypatch.setattr(concerns, "_existing", lambda s, k: next(calls, None) or real_existing(s, k))
    second = concerns.raise_concern(db, **arguments)
    assert second.id == first.id
    assert len(_concerns(db)) == 1
    assert len(db.exec(select(Notice)).all()) == 1


def test_the_flagged_answer_is_withheld_from_the_review_team(check, db, make_run, store_answer):
    run = make_run()
    answer = store_answer(run, FREE_TEXT.id, WORDS)
    other = store_answer(run, "best_thing", "my worker is kind")
    check(run, WORDS)
    db.refresh(answer)
    db.refresh(other)
    assert answer.withheld is True
    assert other.withheld is False


def test_an_ordinary_answer_raises_nothing(check, db, make_run, store_answer):
    run = make_run()
    store_answer(run, FREE_TEXT.id, "my flat is damp and this form is long")
    assert check(run, "my flat is damp and this form is long") is None
    assert _concerns(db) == []


def test_questions_that_are_not_free_text_or_opted_out_are_not_read(check, db, make_run):
    run = make_run()
    choice = Question(id="home", type="single_choice", text="Where do you live?")
    opted_out = Question(id="films", type="short_text", text="Favourite film?", safeguarding=False)
    assert check(run, URGENT_WORDS, question=choice) is None
    assert check(run, URGENT_WORDS, question=opted_out) is None
    assert check(run, "   ") is None
    assert _concerns(db) == []


def test_changed_words_for_the_same_question_are_a_new_concern(check, db, make_run):
    run = make_run()
    check(run, WORDS)
    check(run, URGENT_WORDS)
    assert sorted(c.tier for c in _concerns(db)) == ["review", "urgent"]


def test_stop_and_delete_removes_the_answers_but_keeps_the_concern(check, db, make_run, store_answer):
    run = make_run()
    store_answer(run, FREE_TEXT.id, WORDS)
    check(run, WORDS)
    runs.stop(db, run, keep=False)
    assert db.exec(select(Answer).where(Answer.run_id == run.id)).all() == []
    [concern] = _concerns(db)
    assert concern.words == WORDS


def test_a_concern_outlives_its_run_row(check, db, make_run):
    run = make_run()
    check(run, WORDS)
    db.delete(run)
    db.commit()
    [concern] = _concerns(db)
    db.refresh(concern)
    assert concern.run_id is None


def test_the_retention_purge_destroys_a_questionnaires_concerns(check, sg_app, db, make_run):
    run = make_run()
    check(run, WORDS)
    concern = journey.concern_for_run(db, run)
    concerns.acknowledge(db, concern, actor_id=None)
    concerns.record_action(db, concern, None, told="duty team", why="physical abuse disclosed")
    other = Run(token="other", questionnaire_id="staff-survey", questionnaire_version="1", channel="web")
    db.add(other)
    db.commit()
    check(other, URGENT_WORDS)
    entry = retention.purge_questionnaire(db, "leaving-care", dt.date(2020, 1, 1))
    db.commit()
    assert [c.questionnaire_id for c in _concerns(db)] == ["staff-survey"]
    assert db.exec(select(ConcernAction)).all() == []
    assert "concerns=1" in db.get(DestructionEntry, entry.id).other


def _database_text(sg_app, db) -> bytes:
    """Everything a database dump would show: the SQLite files' bytes, or every row of every table."""
    url = sg_app.config["SQLALCHEMY_DATABASE_URL"]
    if url.startswith("sqlite:///"):
        db.close()
        sg_app.extensions["db_engine"].dispose()
        path = Path(url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    tables = [t for t in db.exec(text("SELECT tablename FROM pg_tables WHERE schemaname='public'")).scalars()]
    return "".join(str(db.exec(text(f'SELECT * FROM "{t}"')).all()) for t in tables).encode()


def test_a_sealed_route_back_cannot_be_read_from_the_database(check, sg_app, db, make_run, key_pair):
    run = make_run(channel="sms")
    check(run, URGENT_WORDS, channel="sms", phone="+447700900777")
    concern = journey.concern_for_run(db, run)
    assert journey.add_route_back(db, concern, CONTACT) is True
    dumped = _database_text(sg_app, db)
    assert URGENT_WORDS.encode() in dumped  # the search does see what is stored in the clear
    assert b"zebra-contact" not in dumped and b"0131 496" not in dumped
    assert b"447700900777" not in dumped and b"7700 900777" not in dumped


def test_with_the_key_and_passphrase_the_route_back_opens_and_the_opening_is_audited(
    check, db, make_run, key_pair, make_staff
):
    lead = make_staff("safeguarding")
    run = make_run(channel="sms")
    check(run, URGENT_WORDS, channel="sms", phone="+447700900777")
    concern = journey.concern_for_run(db, run)
    journey.add_route_back(db, concern, CONTACT)
    opened = concerns.open_route_back(
        db, concern, lead.id, key_file=key_pair.encrypted_private_key, passphrase=PASSPHRASE
    )
    assert opened == {"contact": CONTACT, "phone": "+447700900777"}
    [entry] = db.exec(select(AuditEntry).where(AuditEntry.action == "concern.open")).all()
    assert entry.actor_id == lead.id and f"concern={concern.id}" in entry.detail
    assert "zebra" not in entry.detail and "7700" not in entry.detail


def test_a_refused_opening_is_audited_too(check, db, make_run, key_pair, make_staff):
    lead = make_staff("safeguarding")
    run = make_run()
    check(run, WORDS)
    concern = journey.concern_for_run(db, run)
    journey.add_route_back(db, concern, CONTACT)
    with pytest.raises(Exception, match="passphrase"):
        concerns.open_route_back(
            db, concern, lead.id, key_file=key_pair.encrypted_private_key, passphrase="x"
        )
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "concern.open_refused")).one()


def test_an_sms_phone_number_is_sealed_only_for_an_urgent_concern(check, db, make_run):
    urgent_run, review_run = make_run(channel="sms"), make_run(channel="sms")
    check(urgent_run, URGENT_WORDS, channel="sms", phone="+447700900777")
    check(review_run, WORDS, channel="sms", phone="+447700900888")
    assert journey.concern_for_run(db, urgent_run).sealed_phone is not None
    assert journey.concern_for_run(db, review_run).sealed_phone is None


def test_without_the_leads_public_key_no_route_back_is_kept(check, sg_app, db, make_run):
    sg_app.config["SAFEGUARDING_PUBLIC_KEY"] = None
    run = make_run(channel="sms")
    check(run, URGENT_WORDS, channel="sms", phone="+447700900777")
    concern = journey.concern_for_run(db, run)
    assert journey.add_route_back(db, concern, CONTACT) is False
    db.refresh(concern)
    assert concern.sealed_contact is None and concern.sealed_phone is None


def test_the_leads_steps_go_in_order_and_are_audited(check, db, make_run, make_staff):
    lead = make_staff("safeguarding")
    run = make_run()
    check(run, WORDS)
    concern = journey.concern_for_run(db, run)
    with pytest.raises(concerns.TransitionError):
        concerns.close(db, concern, lead.id)
    with pytest.raises(concerns.TransitionError):
        concerns.record_action(db, concern, lead.id, told="duty team", why="abuse")
    concerns.acknowledge(db, concern, lead.id)
    with pytest.raises(concerns.TransitionError):
        concerns.record_action(db, concern, lead.id, told=" ", why="abuse")
    concerns.record_action(db, concern, lead.id, told="duty team", why="abuse disclosed")
    concerns.record_action(db, concern, lead.id, told="the young person's worker", why="follow-up")
    assert concern.state == ACTION_RECORDED
    concerns.close(db, concern, lead.id)
    assert concern.state == CLOSED and concern.closed_by == lead.id
    actions = [e.action for e in db.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]
    assert actions == ["concern.acknowledge", "concern.action", "concern.action", "concern.close"]
    assert [a.told for a in concerns.actions(db, concern)] == ["duty team", "the young person's worker"]


def test_with_the_real_detector_a_concern_is_raised_and_an_idiom_is_not(check, db, make_run, monkeypatch):
    monkeypatch.setattr(journey, "assess", detector.assess)
    run = make_run()
    assert check(run, "this form is killing me lol") is None
    assessment = check(run, "i wanna unalive myself")
    assert assessment.tier == "urgent"
    [concern] = _concerns(db)
    assert concern.category == assessment.category
    assert json.loads(concern.reasons)[0]["rule"] == assessment.reasons[0].rule


def test_if_the_detector_fails_a_person_reads_the_answer(check, db, make_run, monkeypatch, caplog):
    def broken(text):
        raise RuntimeError(f"cannot read {text}")

    monkeypatch.setattr(journey, "assess", broken)
    run = make_run()
    assessment = check(run, "something the rules choke on")
    assert assessment.concern and assessment.tier == "review"
    [concern] = _concerns(db)
    assert concern.words == "something the rules choke on"
    assert "detector failed (RuntimeError)" in caplog.text and "choke" not in caplog.text
