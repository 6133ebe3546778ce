"""The reading list's edges: a failed detector, `reading: flagged`, an analyst's pass, the purge, dev keys."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from sqlmodel import select

from survey_app import create_app
from survey_app.admin import retention
from survey_app.engine import Question, parse_questionnaire
from survey_app.safeguarding import development_key, journey, reading_list, sealing
from survey_app.safeguarding.models import Concern, ReadingItem
from survey_app.staff.models import AuditEntry
from survey_app.store.models import Answer

FREE_TEXT = Question(id="more_say", type="long_text", text="Is there anything else you want to say?")


@pytest.fixture(autouse=True)
def _request(sg_app):
    with sg_app.test_request_context():
        yield


def _listed(db) -> list[ReadingItem]:
    db.expire_all()
    found = list(db.exec(select(ReadingItem)).all())
    db.commit()
    return found


def test_an_ordinary_answer_is_listed_and_reaches_nobody_else(db, make_run, store_answer):
    run = make_run()
    store_answer(run, FREE_TEXT.id, "the food was cold")
    assert journey.check_answer(db, run, FREE_TEXT, "the food was cold", "web") is None
    [item] = _listed(db)
    assert (item.words, item.tier, item.concern_id, item.state) == (
        "the food was cold",
        "none",
        None,
        "unread",
    )
    assert db.exec(select(Concern)).all() == []


def test_if_the_detector_fails_the_answer_goes_to_the_top_of_the_list(
    db, make_run, store_answer, monkeypatch
):
    def broken(text):
        raise RuntimeError("rules file unreadable")

    run = make_run()
    store_answer(run, "a", "hits me")
    journey.check_answer(db, run, FREE_TEXT, "hits me", "web")
    monkeypatch.setattr(journey, "assess", broken)
    journey.check_answer(db, make_run(), FREE_TEXT, "something the detector choked on", "web")
    top = reading_list.unread(db)[0]
    assert top.words == "something the detector choked on" and top.score == reading_list.FAILED_SCORE
    assert "detector.failed" in top.reasons


def test_an_unread_language_ranks_near_the_top_and_says_why(db, make_run, monkeypatch):
    from survey_app.safeguarding import detector

    unread = detector.Assessment(False, "none", "none", (), 0.1, language_unread=True)
    monkeypatch.setattr(journey, "assess", lambda text: unread)
    journey.check_answer(db, make_run(), FREE_TEXT, "ni mogę już tak dalej", "web")
    [item] = _listed(db)
    assert item.score == reading_list.UNREAD_LANGUAGE_SCORE
    assert "not read by the detector: language" in item.reasons


def test_a_questionnaire_that_says_reading_flagged_lists_only_what_the_detector_raised(
    sg_app, db, make_run, monkeypatch
):
    registry = sg_app.extensions["questionnaires"]
    original = registry.get("leaving-care")
    monkeypatch.setitem(registry.current, "leaving-care", dataclasses.replace(original, reading="flagged"))
    journey.check_answer(db, make_run(), FREE_TEXT, "the food was cold", "web")
    journey.check_answer(db, make_run(), FREE_TEXT, "my dad hits me", "web")
    assert [item.words for item in _listed(db)] == ["my dad hits me"]


def test_reading_and_reading_days_are_read_from_the_questionnaire_file():
    text = (
        "id: x\nversion: '1'\ntitle: T\naudience: staff\nsummary: S\ninformation_sheet: [a]\n"
        "consent: [{id: c, text: ok}]\nreading: flagged\nreading_days: 3\n"
        "sections: [{id: s, title: S, questions: [{id: q, type: long_text, text: Q}]}]\n"
    )
    questionnaire = parse_questionnaire(text, "x.yaml")
    assert (questionnaire.reading, questionnaire.reading_days) == ("flagged", 3)
    with pytest.raises(ValueError, match="reading must be all or flagged"):
        parse_questionnaire(text.replace("reading: flagged", "reading: some"), "x.yaml")


def test_an_analyst_passes_an_answer_and_sees_only_that_it_was_passed(
    sg_app, db, make_run, store_answer, client, sign_in, csrf
):
    run = make_run()
    store_answer(run, "more_say", "it was fine i suppose")
    member = sign_in("analyst")
    page = client.get("/admin/q/leaving-care/answers/more_say")
    assert b"Pass to safeguarding" in page.data
    sent = client.post(
        "/admin/q/leaving-care/answers/more_say/pass",
        data={"csrf_token": csrf(page.data), "page": "1", "answer": _pass_token(page.data, 0)},
        follow_redirects=True,
    )
    assert b"Passed to safeguarding" in sent.data and b"concern" not in sent.data.lower()
    [item] = _listed(db)
    assert item.words == "it was fine i suppose" and item.passed_at is not None
    assert item.score >= reading_list.PASSED_SCORE
    passes = db.exec(select(AuditEntry).where(AuditEntry.action == "answer.pass")).all()
    assert [(e.actor_id, e.detail) for e in passes] == [(member.id, f"reading={item.id}")]
    assert client.get("/safeguarding/reading").status_code == 403  # the outcome is not theirs to see


def test_what_the_lead_decided_about_a_passed_answer_never_shows_on_the_analysts_page(
    sg_app, db, make_run, store_answer, client, sign_in, csrf
):
    """Raising a concern withholds its answer: had the answer stayed in view until then, the analyst who
    passed it would learn the lead's decision from the page (and the download) changing."""
    for words in ("first answer here", "second answer here"):
        store_answer(make_run(), "more_say", words)
    sign_in("analyst")
    page = client.get("/admin/q/leaving-care/answers/more_say")
    for place in (0, 1):
        client.post(
            "/admin/q/leaving-care/answers/more_say/pass",
            data={"csrf_token": csrf(page.data), "page": "1", "answer": _pass_token(page.data, place)},
        )

    def seen() -> str:
        html = client.get("/admin/q/leaving-care/answers/more_say").get_data(as_text=True)
        return re.sub(r'name="csrf_token" value="[^"]+"', "", html)

    seen()  # shows the "passed" notices once
    passed = seen()
    lead = _lead(db)
    first, second = sorted(_listed(db), key=lambda item: item.words)
    reading_list.raise_by_hand(db, first, lead.id, tier="review", category="other")
    reading_list.mark_read(db, second, lead.id)
    db.commit()
    assert seen() == passed


def _lead(db):
    from survey_app.staff.models import StaffMember

    lead = StaffMember(email="lead@example.org", role="safeguarding", totp_confirmed=True)
    db.add(lead)
    db.commit()
    return lead


def _pass_token(html: bytes, place: int) -> str:
    return re.findall(rb'name="answer" value="([0-9a-f]+)"', html)[place].decode()


def test_the_pass_button_passes_the_answer_it_was_shown_beside_even_after_new_answers(
    sg_app, db, make_run, store_answer, client, sign_in, csrf
):
    for words in ("first answer here", "second answer here"):
        store_answer(make_run(), "more_say", words)
    sign_in("analyst")
    page = client.get("/admin/q/leaving-care/answers/more_say")
    token = _pass_token(page.data, 1)
    # Meanwhile the first answer is deleted (Stop and delete) and another arrives: places shift.
    first = db.exec(select(Answer).order_by(Answer.id)).first()
    db.delete(first)
    db.commit()
    store_answer(make_run(), "more_say", "third answer here")
    client.post(
        "/admin/q/leaving-care/answers/more_say/pass",
        data={"csrf_token": csrf(page.data), "page": "1", "answer": token},
    )
    assert [item.words for item in _listed(db)] == ["second answer here"]


def test_the_pass_button_refuses_an_unknown_or_malformed_answer(sg_app, client, sign_in, client_csrf_token):
    sign_in("analyst")
    token = client_csrf_token()
    missing = client.post(
        "/admin/q/leaving-care/answers/more_say/pass",
        data={"csrf_token": token, "page": "1", "answer": "0" * 32},
    )
    assert missing.status_code == 404
    odd = client.post(
        "/admin/q/leaving-care/answers/more_say/pass",
        data={"csrf_token": token, "page": "x", "answer": "<script>"},
    )
    assert odd.status_code == 400


def test_the_retention_purge_destroys_the_reading_list_with_the_responses(sg_app, db, make_run, store_answer):
    run = make_run()
    store_answer(run, FREE_TEXT.id, "my dad hits me")
    journey.check_answer(db, run, FREE_TEXT, "my dad hits me", "web")
    assert len(_listed(db)) == 1
    assert retention.purge_questionnaire(db, "leaving-care", dt.date(2020, 1, 1)) is not None
    assert _listed(db) == [] and db.exec(select(Concern)).all() == []
    assert db.exec(select(Answer)).all() == []


def test_outside_production_a_development_key_pair_is_made_once_and_opens(tmp_path, app_config, caplog):
    config = {
        **app_config,
        "SAFEGUARDING_DEVELOPMENT_KEY": True,
        "SAFEGUARDING_DEVELOPMENT_KEY_DIR": str(tmp_path),
    }
    first = create_app(config)
    public = first.config["SAFEGUARDING_PUBLIC_KEY"]
    assert public and str(tmp_path / development_key.PRIVATE_FILE) in caplog.text
    assert create_app(config).config["SAFEGUARDING_PUBLIC_KEY"] == public
    key_file = (tmp_path / development_key.PRIVATE_FILE).read_text()
    passphrase = (tmp_path / development_key.PASSPHRASE_FILE).read_text().strip()
    sealed = sealing.seal(public, "07700 900123")
    assert sealing.open_sealed(sealed, key_file, passphrase) == "07700 900123"
    assert json.loads(key_file)["format"] == sealing.KEY_FILE_FORMAT


def test_production_never_makes_a_key(tmp_path, app_config, monkeypatch):
    from survey_app.config import MissingSetting

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SAFEGUARDING_PUBLIC_KEY", raising=False)
    with pytest.raises(MissingSetting, match="SAFEGUARDING_PUBLIC_KEY"):
        create_app({**app_config, "SAFEGUARDING_DEVELOPMENT_KEY_DIR": str(tmp_path)})
    assert not (tmp_path / development_key.PRIVATE_FILE).exists()
