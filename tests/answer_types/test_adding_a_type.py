"""Adding an answer type takes one module and one template: a made-up traffic light, through every channel.

The type (``traffic_light.py``) and its template (``templates/traffic_light.html``) live in this folder; the
app is not changed. Each test registers the type for its own length only, so no other test ever sees it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pyotp
import pyreadstat
import pytest
from jinja2 import ChoiceLoader, FileSystemLoader
from sqlmodel import Session, select

from survey_app.admin.answer_distributions import distribution
from survey_app.engine import answer_types
from survey_app.engine.answer_types import DuplicateAnswerType
from survey_app.partners import QUESTIONNAIRE_FILE
from survey_app.staff.models import StaffMember
from survey_app.store.models import Answer, Run
from tests.admin.conftest import FAST_HASHER, sign_in
from tests.fixtures import QUESTIONNAIRES
from tests.sms.texting import AUTH_TOKEN, PHONE_HASH_KEY, Phone, flask_poster
from tests.web.pages import Respondent

from .traffic_light import TrafficLight

HERE = Path(__file__).parent

QUESTIONNAIRE = """\
id: lights
version: "1"
title: How are things?
audience: young_people
summary: Three quick questions.
sms_keyword: LIGHTS
information_sheet: |
  We ask how things are going.
consent:
  - id: ok
    text: Is it OK to ask you?
sections:
  - id: now
    title: Now
    questions:
      - id: school
        type: traffic_light
        text: How is school going?
        hint: Red is bad, green is good.
      - id: home
        type: traffic_light
        text: How is home?
      - id: more
        type: yes_no
        text: Can we ask you again next year?
"""


@pytest.fixture
def traffic_light():
    with answer_types.temporarily(TrafficLight()):
        yield


@pytest.fixture
def app_config(app_config, tmp_path, traffic_light):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "lights.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return app_config | {
        "CONVERSATIONS_DIR": str(folder),
        # The partners' self-evaluation is loaded at start-up from the folder too: keep the tests' copy.
        "PARTNER_QUESTIONNAIRE": str(QUESTIONNAIRES / QUESTIONNAIRE_FILE),
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PHONE_HASH_KEY": PHONE_HASH_KEY,
        "PUBLIC_URL": None,
        "WTF_CSRF_ENABLED": False,
    }


@pytest.fixture
def app(app):
    # Where the new type's template is found: a folder the app knows nothing of.
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, FileSystemLoader(HERE / "templates")])
    return app


def _answers(app) -> dict[str, tuple[str, object]]:
    with Session(app.extensions["db_engine"]) as session:
        rows = session.exec(select(Answer)).all()
        return {row.question_id: (row.status, json.loads(row.value) if row.value else None) for row in rows}


def _runs(app) -> list[Run]:
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        return list(session.exec(select(Run)))


def test_a_type_claiming_a_taken_name_is_refused_and_the_registry_is_put_back():
    class Impostor(TrafficLight):
        name = "yes_no"

    before = answer_types.names()
    with (
        pytest.raises(DuplicateAnswerType, match="'yes_no'"),
        answer_types.temporarily(TrafficLight(), Impostor()),
    ):
        pass
    assert answer_types.names() == before
    assert not isinstance(answer_types.answer_type("yes_no"), TrafficLight)


def test_on_the_web_the_type_shows_its_own_field_refuses_a_wrong_colour_and_is_stored(app, client):
    respondent = Respondent(client)
    page = respondent.consent("lights")
    assert page.h1 == "How is school going?"
    assert "traffic-light__lamp--amber" in page.html and 'value="green"' in page.html
    assert 'aria-describedby="answer-hint"' in page.html

    refused = respondent.answer("purple")
    assert refused.title.startswith("Error: ")
    assert "Choose one answer." in refused.html
    assert respondent.answer([]).html.count("Choose red, amber or green, or skip this question.") == 2

    respondent.answer("amber")
    respondent.answer("green")
    respondent.answer("yes")
    check = respondent.page
    assert check.path.endswith("/check")
    assert "Amber" in check.html and "Green" in check.html
    respondent.submit()
    assert _answers(app) == {
        "school": ("answered", "amber"),
        "home": ("answered", "green"),
        "more": ("answered", "yes"),
    }
    assert [run.state for run in _runs(app)] == ["completed"]


def test_by_text_the_type_sends_its_own_hint_and_reads_a_colour_by_name_or_letter(app, client):
    phone = Phone(flask_poster(client))
    replies = phone.send("LIGHTS")
    assert replies[-1].endswith("Reply YES or NO")
    first = phone.send("yes")
    assert first[-1].startswith("How is school going?")
    assert first[-1].endswith("Reply RED, AMBER or GREEN")
    assert "1 Red" not in first[-1]

    assert phone.send("blue")[-1].startswith("Reply RED, AMBER or GREEN.")
    assert phone.send("Red!")[-1].startswith("How is home?")
    assert phone.send("g")[-1].startswith("Can we ask you again next year?")
    phone.send("no")
    assert _answers(app) == {
        "school": ("answered", "red"),
        "home": ("answered", "green"),
        "more": ("answered", "no"),
    }


def _analyst(app, db):
    member = StaffMember(
        email="analyst@example.org",
        role="analyst",
        password_hash=FAST_HASHER.hash("a long enough pass phrase"),
        totp_secret=pyotp.random_base32(),
        totp_confirmed=True,
    )
    db.add(member)
    db.commit()
    client = app.test_client()
    sign_in(client, member)
    return client


def _download(client, fmt: str) -> bytes:
    response = client.post(f"/admin/q/lights/download/{fmt}")
    assert response.status_code == 200, response.status_code
    data = response.get_data()
    response.close()
    return data


def test_in_a_download_the_colours_are_coded_and_labelled_in_csv_and_spss(app, db, tmp_path):
    for colours in (("red", "green"), ("amber", "amber")):
        respondent = Respondent(app.test_client())
        respondent.consent("lights")
        for answer in (*colours, "yes"):
            respondent.answer(answer)
        respondent.submit()
    analyst = _analyst(app, db)

    rows = list(csv.DictReader(io.StringIO(_download(analyst, "csv").decode("utf-8-sig"))))
    assert [(row["school"], row["home"]) for row in rows] == [("1", "3"), ("2", "2")]

    sav = tmp_path / "lights.sav"
    sav.write_bytes(_download(analyst, "sav"))
    frame, meta = pyreadstat.read_sav(str(sav))
    assert list(frame["school"]) == [1, 2]
    assert {k: v for k, v in meta.variable_value_labels["school"].items() if k > 0} == {
        1: "Red",
        2: "Amber",
        3: "Green",
    }
    assert meta.variable_measure["school"] == "ordinal"
    assert meta.column_names_to_labels["home"] == "How is home?"


def test_on_the_dashboard_each_colour_is_counted(app):
    question = app.extensions["questionnaires"].get("lights").question("school")
    stored = Counter({("answered", '"red"'): 12, ("answered", '"amber"'): 11, ("answered", '"green"'): 15})
    with app.test_request_context():
        table = distribution(question, stored + Counter({("skipped", None): 10}))
    counts = {cell.label: cell.value for cell in table.cells if cell.shown}
    assert counts == {"Red": 12, "Amber": 11, "Green": 15, "Skipped": 10, "Prefer not to say": 0}


def test_the_made_up_type_is_gone_once_the_tests_that_used_it_end():
    assert "traffic_light" not in answer_types.names()
    assert answer_types.names()[:3] == ("single_choice", "multiple_choice", "scale")
