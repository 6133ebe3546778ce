"""The area-links page lists links made with completions; the printable card says what the survey is."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import select

from survey_app.codesign.models import LinkMade
from survey_app.store.models import COMPLETED, Run

LINKS = "/admin/q/leaving-care/links"
CARD = "/admin/q/leaving-care/links/card"


@pytest.fixture
def app_config(app_config):
    return app_config | {"TWILIO_FROM_NUMBER": "+447700900000"}


def _finished(db, area: str, count: int) -> None:
    for n in range(count):
        db.add(
            Run(
                token=f"{area}-{n}",
                questionnaire_id="leaving-care",
                questionnaire_version="2",
                channel="web",
                distribution=area,
                state=COMPLETED,
            )
        )
    db.commit()


def test_links_already_made_are_listed_with_completions_and_fewer_than_10_below_10(client_as, db):
    coordinator = client_as("coordinator")
    coordinator.post(LINKS, data={"area": "NE-12"})
    coordinator.post(LINKS, data={"area": "GLASGOW"})
    _finished(db, "NE-12", 3)
    _finished(db, "GLASGOW", 12)

    page = coordinator.get(LINKS).get_data(as_text=True)

    listed = page.split("Links already made")[-1]
    assert "<td>NE-12</td>" in listed and "<td>GLASGOW</td>" in listed
    assert "<td>fewer than 10</td>" in listed
    assert "<td>12</td>" in listed
    assert "<td>3</td>" not in listed


def test_a_link_meant_for_fewer_than_10_people_warns_that_it_could_identify_someone(client_as, db):
    coordinator = client_as("coordinator")

    small = coordinator.post(LINKS, data={"area": "ISLAND-1", "meant_for": "6"}).get_data(as_text=True)
    large = coordinator.post(LINKS, data={"area": "CITY-1", "meant_for": "40"}).get_data(as_text=True)

    assert "Warning: this link is meant for fewer than 10 people" in small
    assert "Warning" not in large
    assert db.exec(select(LinkMade).where(LinkMade.area == "ISLAND-1")).one().meant_for == 6


@pytest.mark.parametrize("raw", ["lots", "-3", "0", "1e9", "٣", "<script>"])
def test_a_bad_number_of_people_gets_a_clear_message_and_no_link(client_as, db, raw):
    page = client_as("coordinator").post(LINKS, data={"area": "NE-12", "meant_for": raw})

    assert page.status_code == 200
    assert "Enter" in page.get_data(as_text=True) and "number" in page.get_data(as_text=True)
    assert db.exec(select(LinkMade)).all() == []


@pytest.mark.parametrize("size", ["a4", "a6"])
def test_the_card_names_the_survey_who_runs_it_who_it_is_for_how_long_and_how_to_take_part(client_as, size):
    page = client_as("coordinator").get(f"{CARD}?area=NE-12&size={size}").get_data(as_text=True)

    assert f"card--{size}" in page
    assert "Leaving care survey" in page
    assert "The Care Review Team runs this survey" in page
    assert "For young people aged 16 to 26" in page
    assert "It takes about 10 minutes" in page
    assert "/survey/leaving-care?area=NE-12" in page and "data:image/svg+xml" in page
    assert "Or text CARE to +447700900000" in page


def test_the_card_comes_in_each_language_the_questionnaire_offers(app, client_as):
    current = app.extensions["questionnaires"].current
    current["leaving-care"] = dataclasses.replace(current["leaving-care"], languages=("en", "pl"))
    coordinator = client_as("coordinator")

    english = coordinator.get(f"{CARD}?area=NE-12").get_data(as_text=True)
    polish = coordinator.get(f"{CARD}?area=NE-12&lang=pl").get_data(as_text=True)

    assert 'hreflang="pl"' in english
    assert "area=NE-12&amp;lang=pl" in polish
    assert 'lang="pl"' in polish.split("<body")[0]
