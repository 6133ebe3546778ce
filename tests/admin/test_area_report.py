"""The area report: an area's results beside Scotland's, with the dashboard's numbers, as HTML and a tagged
PDF that pdftotext reads in full; free text only where an analyst chose quotes, and those scrubbed."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from sqlmodel import func, select

from survey_app.admin.demo import TEXTS
from survey_app.store.models import Answer, Run
from tests.accessibility import accessibility_problems, launch_chromium


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def analyst(client_as, seed):
    seed(1000)
    return client_as("analyst")


def report(client, area="glasgow", fmt="html", quotes=""):
    return client.post("/admin/q/leaving-care/report", data={"area": area, "format": fmt, "quotes": quotes})


def _cells(page: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def _tables_by_caption(page: str) -> dict[str, list[list[str]]]:
    found = {}
    for caption, body in re.findall(r"<caption[^>]*>(.*?)</caption>(.*?)</table>", page, re.S):
        found[html.unescape(re.sub(r"<[^>]+>", "", caption)).strip()] = _cells(body)
    return found


def test_the_report_shows_the_dashboards_numbers_for_scotland_and_the_area(analyst, db):
    page = report(analyst).get_data(as_text=True)
    dashboard = analyst.get("/admin/q/leaving-care/").get_data(as_text=True)
    answers = analyst.get("/admin/q/leaving-care/answers").get_data(as_text=True)
    by_area = {row[0]: row[1] for row in _tables_by_caption(dashboard)["By area or link"] if len(row) == 2}
    headline = {row[0]: row[1:] for row in _tables_by_caption(page)["How many took part"] if len(row) == 3}
    assert headline["Took part"][0] == by_area["Glasgow City"]
    dashboard_tables = _tables_by_caption(answers)
    report_tables = _tables_by_caption(page)
    compared = 0
    for caption, rows in report_tables.items():
        number = re.fullmatch(r"Answers to question (\d+)", caption)
        if not number:
            continue
        heading = re.search(rf'<h2 id="q-[^"]+">{number.group(1)}\. (.*?)</h2>', page).group(1)
        on_dashboard = dashboard_tables[f"Answers to: {html.unescape(heading)}"]
        scotland = {row[0]: row[3] for row in rows[1:] if len(row) == 5}
        assert scotland == {
            row[0]: row[1] for row in on_dashboard[1:] if len(row) == 2 and row[0] in scotland
        }
        compared += 1
    assert compared >= 10

    # The area's own column, against counts made straight from the database.
    def glasgow(value: str) -> int:
        query = (
            select(func.count())
            .select_from(Answer)
            .join(Run, Run.id == Answer.run_id)
            .where(Run.distribution == "glasgow", Answer.question_id == "has_worker", Answer.value == value)
        )
        return db.exec(query).one()

    number = re.search(r'<h2 id="q-has_worker">(\d+)\.', page).group(1)
    rows = {row[0]: row[1] for row in report_tables[f"Answers to question {number}"][1:]}
    expected = {"Yes": glasgow('"yes"'), "No": glasgow('"no"')}
    shown = {label: count for label, count in rows.items() if label in expected and count[0].isdigit()}
    assert shown and shown == {label: f"{expected[label]:,}" for label in shown}


def test_free_text_is_left_out_unless_quotes_are_chosen_and_quotes_are_scrubbed(analyst):
    plain = report(analyst).get_data(as_text=True)
    assert [text for text in TEXTS if html.escape(text) in plain] == []
    quoted = report(
        analyst, quotes="Im Kayleigh from Dundee and the team helped\nlove from Chloe x"
    ).get_data(as_text=True)
    assert "Kayleigh" not in quoted and "Chloe" not in quoted and "Dundee and" not in quoted
    assert "Im [name] from [place] and the team helped" in quoted


def test_an_area_with_fewer_than_10_responses_gets_no_report_but_a_clear_message(analyst):
    response = report(analyst, area="shetland")
    assert response.status_code == 400
    assert "fewer than 10" in response.get_data(as_text=True)


def test_coordinators_cannot_make_reports(client_as, seed):
    seed(50)
    assert report(client_as("coordinator")).status_code == 403


def test_the_pdf_is_tagged_and_pdftotext_reads_every_heading_and_table(app, analyst, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is needed (poppler-utils): see the Makefile's test prerequisites")
    page = report(analyst).get_data(as_text=True)
    out = tmp_path / "glasgow.pdf"
    result = app.test_cli_runner().invoke(
        args=["report", "--questionnaire", "leaving-care", "--area", "glasgow", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    headings = [
        html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page, re.S)
    ]
    assert len(headings) > 10
    assert [h for h in headings if " ".join(h.split()) not in text] == []
    for caption, rows in _tables_by_caption(page).items():
        assert caption in text
        for row in rows:
            assert [cell for cell in row if cell and cell not in text] == [], (caption, row)


def test_the_html_report_and_the_cli_agree(app, analyst, tmp_path):
    out = tmp_path / "glasgow.html"
    result = app.test_cli_runner().invoke(
        args=["report", "--questionnaire", "leaving-care", "--area", "glasgow", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert _tables_by_caption(out.read_text(encoding="utf-8")) == _tables_by_caption(
        report(analyst).get_data(as_text=True)
    )


@pytest.mark.browser
def test_the_html_report_has_no_accessibility_problems_and_no_sideways_scroll(analyst):
    from playwright.sync_api import sync_playwright

    page_html = report(analyst).get_data(as_text=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 320, "height": 800})
        page.set_content(page_html)
        assert accessibility_problems(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        browser.close()
