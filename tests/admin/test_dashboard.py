"""The dashboard: counts by outcome, channel, area and day; drop-off; charts with tables; free text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from survey_app.admin.demo import PLANTED
from survey_app.store.models import Answer, Run, Tally

HIDDEN = {"fewer than 10", "not shown", "-"}


def shown_counts(page: str) -> list[str]:
    cells = re.findall(r'<td class="numeric">([^<]*)</td>', page)
    cells += re.findall(r'<span class="headline__number">([^<]*)</span>', page)
    cells += re.findall(r'font-weight="bold" fill="#0b0c0c">([^<]*)</text>', page)
    return [cell.strip() for cell in cells]


def assert_no_small_count(page: str) -> None:
    counts = shown_counts(page)
    assert counts
    for count in counts:
        assert count in HIDDEN or count == "0" or int(count.replace(",", "")) >= 10, count


@pytest.mark.parametrize("responses", [0, 12, 300])
def test_dashboard_never_shows_a_count_under_ten(client_as, seed, responses):
    if responses:
        seed(responses)
    page = client_as("coordinator").get("/admin/q/leaving-care/").get_data(as_text=True)
    assert "Where people stop" in page
    if responses:
        assert_no_small_count(page)


def test_charts_and_their_tables_never_show_a_count_under_ten(app, client_as, seed):
    seed(150)
    page = client_as("analyst").get("/admin/q/leaving-care/answers").get_data(as_text=True)
    closed = [q for q in app.extensions["questionnaires"].get("leaving-care").questions if not q.is_text]
    assert page.count("<svg") == len(closed)
    assert_no_small_count(page)


def test_each_chart_shows_the_same_numbers_as_its_table(client_as, seed):
    seed(300)
    page = client_as("analyst").get("/admin/q/leaving-care/answers").get_data(as_text=True)
    for section in page.split("<section")[1:]:
        chart = re.findall(r'font-weight="bold" fill="#0b0c0c">([^<]*)</text>', section)
        body = section.split("<tbody>")[1].split("</tbody>")[0]
        table = re.findall(r'<td class="numeric">([^<]*)</td>', body)
        assert chart == table


def test_consented_count_matches_the_database(client_as, seed, db):
    seed(300)
    page = client_as("analyst").get("/admin/q/leaving-care/").get_data(as_text=True)
    headline = re.findall(r'<span class="headline__number">([^<]*)</span>', page)
    assert headline[1] == str(len(db.exec(select(Run.id)).all()))
    assert int(headline[0].replace(",", "")) >= int(headline[1])


def test_free_text_is_scrubbed_and_withheld_answers_are_not_shown(client_as, seed, db):
    seed(200)
    answer = db.exec(
        select(Answer).where(Answer.question_id == "one_change", Answer.status == "answered")
    ).first()
    answer.value, answer.withheld = '"a unique flagged sentence"', True
    db.add(answer)
    db.commit()
    client = client_as("analyst")
    pages = "".join(
        client.get(f"/admin/q/leaving-care/answers/one_change?page={n}").get_data(as_text=True)
        for n in (1, 2, 3)
    )
    assert "[withheld]" in pages and "a unique flagged sentence" not in pages
    assert not [planted for planted in PLANTED if planted in pages]
    assert "[phone]" in pages or "[name]" in pages


def test_coordinators_see_counts_but_not_answers(client_as, seed):
    seed(20)
    coordinator = client_as("coordinator")
    assert coordinator.get("/admin/q/leaving-care/").status_code == 200
    assert coordinator.get("/admin/q/leaving-care/answers").status_code == 403
    assert coordinator.get("/admin/q/leaving-care/answers/one_change").status_code == 403


def test_unknown_questionnaires_and_closed_questions_have_no_text_page(client_as):
    analyst = client_as("analyst")
    assert analyst.get("/admin/q/nope/").status_code == 404
    assert analyst.get("/admin/q/leaving-care/answers/care_now").status_code == 404


def test_demo_seed_never_dates_anything_after_today(seed, db):
    seed(300)
    today = dt.date.today()
    runs = db.exec(select(Run)).all()
    assert max(run.started_on for run in runs) <= today
    assert max(run.finished_on for run in runs if run.finished_on) <= today
    assert max(_aware(run.last_active) for run in runs) <= dt.datetime.now(dt.UTC)
    assert max(tally.day for tally in db.exec(select(Tally)).all()) <= today


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def test_question_numbers_are_the_same_on_the_counts_and_answers_pages(client_as, seed):
    seed(60)
    client = client_as("analyst")
    counts = client.get("/admin/q/leaving-care/").get_data(as_text=True)
    answers = client.get("/admin/q/leaving-care/answers").get_data(as_text=True)
    numbered = dict(re.findall(r"<h2 id=\"q-[^\"]+\">(\d+)\. ([^<]+)</h2>", answers))
    assert len(numbered) > 5
    for number, text in numbered.items():
        assert f"{number}. {text}" in counts


def test_area_and_channel_counts_leave_out_deleted_responses_as_the_downloads_do(app, seed, db):
    from survey_app.admin import dashboard
    from survey_app.store.models import DELETED

    questionnaire = seed(300)
    runs = db.exec(select(Run).order_by(Run.id)).all()
    for run in runs[:15]:  # they chose Stop and delete: the downloads have none of them
        run.state = DELETED
        db.add(run)
    db.commit()
    in_downloads = len(db.exec(select(Run.id).where(Run.state != DELETED)).all())
    db.rollback()
    assert len(runs) - in_downloads >= 15

    with app.test_request_context(), app.extensions["db_engine"].connect() as connection:
        tables = dashboard.overview(connection, questionnaire)["tables"]
    deleted = dashboard.state_names()["deleted"]
    for table in tables:  # every table has the same total; deleted ones count only as "deleted"
        assert table.table.total.value == len(runs)
        assert sum(cell.value for cell in table.table.cells) == len(runs)
        assert [cell.value for cell in table.table.cells if cell.label == deleted] == [
            len(runs) - in_downloads
        ]
        assert sum(cell.value for cell in table.table.cells if cell.label != deleted) == in_downloads


def test_no_two_tables_of_everyone_who_agreed_differ_so_subtraction_reveals_no_deleted_count(
    client_as, seed, db
):
    from survey_app.store.models import COMPLETED, DELETED

    seed(24)
    runs = db.exec(select(Run).order_by(Run.id)).all()
    first = runs[0]
    for run in runs:  # 24 agreed on one day through one link; one of them chose Stop and delete
        run.state, run.channel = (DELETED if run is first else COMPLETED), "web"
        run.distribution, run.started_on = first.distribution, first.started_on
        db.add(run)
    db.commit()

    page = client_as("analyst").get("/admin/q/leaving-care/").get_data(as_text=True)

    total = r'<tfoot><tr><th scope="row">Everyone who agreed</th><td class="numeric">([^<]*)</td>'
    totals = re.findall(total, page)
    assert len(totals) == 4 and set(totals) == {"24"}, totals
    assert_no_small_count(page)


def test_the_written_answers_page_never_starts_a_sentence_with_a_small_letter(client_as, seed):
    seed(12)  # a few written answers: their number is "fewer than 10"
    page = client_as("analyst").get("/admin/q/leaving-care/answers/one_change").get_data(as_text=True)

    assert "Answers: fewer than 10." in page
    assert "<p>fewer than 10" not in page
