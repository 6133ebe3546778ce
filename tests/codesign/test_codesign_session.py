"""A co-design session end to end: a preview link, three advisers, feedback marked, a new version compared."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from survey_app.codesign.models import PreviewFeedback
from survey_app.safeguarding.models import ReadingItem
from survey_app.store.models import Answer, QuestionnaireVersion, Run, Tally
from tests.fixtures import QUESTIONNAIRES

OLD_WORDS = "Where do you live now?"
NEW_WORDS = "Where is home for you now?"
WORRYING = "this question made me think about how i want to kill myself tonight"


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRES, target)
    text = (target / "leaving-care.yaml").read_text(encoding="utf-8")
    version = int(re.search(r'^version: "(\d+)"', text, re.M)[1])
    draft = text.replace(OLD_WORDS, NEW_WORDS).replace(
        f'version: "{version}"', f'version: "{version + 1}"', 1
    )
    (target / "drafts").mkdir()
    (target / "drafts" / "leaving-care-next.yaml").write_text("draft: true\n" + draft, encoding="utf-8")
    return target


@pytest.fixture
def app_config(app_config, folder):
    return app_config | {"CONVERSATIONS_DIR": str(folder)}


def _make_link(coordinator, draft_name: str) -> str:
    page = coordinator.post("/admin/q/leaving-care/previews", data={"draft": draft_name})
    return re.search(r"(/preview/[A-Za-z0-9_-]+)</code>", page.get_data(as_text=True))[1]


def _adviser(app, link: str, answers: list[tuple[str, str]]) -> list[str]:
    """One adviser's browser: opens the link and answers the first questions, each with feedback."""
    adviser = app.test_client()
    start = adviser.get(link).get_data(as_text=True)
    assert "Preview: answers are not kept" in start
    address = re.search(r'href="(/preview/[^"]+/q/[^"]+)"', start)[1]
    pages = []
    for clear, change in answers:
        html = adviser.get(address).get_data(as_text=True)
        assert "Preview: answers are not kept" in html and "Was this clear?" in html
        pages.append(html)
        reply = adviser.post(address, data={"action": "skip", "clear": clear, "change": change})
        if reply.status_code == 200:  # support shown first, then the link onward
            assert "Childline" in reply.get_data(as_text=True)
            address = re.search(r'class="button" href="(/preview/[^"]+)"', reply.get_data(as_text=True))[1]
        else:
            address = reply.location
    return pages


def test_a_co_design_session_from_preview_link_to_compared_versions(app, client_as, db, monkeypatch):
    coordinator = client_as("coordinator")
    link = _make_link(coordinator, "drafts/leaving-care-next.yaml")

    _adviser(app, link, [("yes", ""), ("not_really", "Say 'home', not where you live")])
    _adviser(app, link, [("not_really", "Too long"), ("yes", "")])
    _adviser(app, link, [("yes", WORRYING)])

    # Nothing answered in a preview is a response, a count, or anything the dashboard and downloads read.
    assert db.exec(select(Run)).all() == []
    assert db.exec(select(Answer)).all() == []
    assert db.exec(select(Tally)).all() == []
    analyst = client_as("analyst")
    for page in ("/admin/q/leaving-care/", "/admin/q/leaving-care/answers"):
        shown = analyst.get(page)
        assert shown.status_code == 200
        assert "Too long" not in shown.get_data(as_text=True)
    # The worrying words reached the safeguarding reading list, ranked as worrying; kept off the review pages.
    [worrying] = db.exec(select(ReadingItem).where(ReadingItem.words == WORRYING)).all()
    assert worrying.tier != "none" and worrying.channel == "preview"
    assert len(db.exec(select(ReadingItem)).all()) == 3
    feedback_page = coordinator.get("/admin/q/leaving-care/feedback").get_data(as_text=True)
    assert "Too long" in feedback_page and "Say &#39;home&#39;" in feedback_page
    assert WORRYING not in feedback_page
    assert "passed to safeguarding" in feedback_page

    # The review team marks each point.
    points = {row.change: row for row in db.exec(select(PreviewFeedback)).all() if row.change}
    kept_without_reason = coordinator.post(
        f"/admin/q/leaving-care/feedback/{points['Too long'].id}", data={"outcome": "kept"}
    )
    assert "problem=why" in kept_without_reason.location
    coordinator.post(
        f"/admin/q/leaving-care/feedback/{points['Too long'].id}",
        data={"outcome": "kept", "note": "It is the shortest we could make it"},
    )
    home = points["Say 'home', not where you live"]
    coordinator.post(f"/admin/q/leaving-care/feedback/{home.id}", data={"outcome": "changed"})
    db.expire_all()
    assert {row.outcome for row in db.exec(select(PreviewFeedback)).all() if row.change} >= {
        "kept",
        "changed",
    }
    printed = coordinator.get("/admin/q/leaving-care/feedback/print").get_data(as_text=True)
    assert "It is the shortest we could make it" in printed and "<form" not in printed.split("<main")[1]

    # A new version is loaded; the comparison shows the change question by question.
    folder = Path(app.config["CONVERSATIONS_DIR"])
    assert app.test_cli_runner().invoke(args=["conversations", "load"]).exit_code == 0
    draft = (
        (folder / "drafts" / "leaving-care-next.yaml")
        .read_text(encoding="utf-8")
        .removeprefix("draft: true\n")
    )
    (folder / "leaving-care.yaml").write_text(draft, encoding="utf-8")
    from survey_app import engine

    app.extensions["questionnaires"].current.update(engine.load_folder(folder))
    assert app.test_cli_runner().invoke(args=["conversations", "load"]).exit_code == 0
    assert len(db.exec(select(QuestionnaireVersion)).all()) >= 2
    compare = coordinator.get("/admin/q/leaving-care/compare").get_data(as_text=True)
    assert f"<ins>Question: {NEW_WORDS}</ins>" in compare
    assert f"<del>Question: {OLD_WORDS}</del>" in compare
    assert "Reworded" in compare


def test_a_wrong_preview_token_is_not_found(client):
    assert client.get("/preview/not-a-real-token").status_code == 404


def test_a_draft_file_is_never_served_as_the_live_survey(app, client, folder):
    text = (folder / "leaving-care.yaml").read_text(encoding="utf-8")
    (folder / "leaving-care.yaml").write_text("draft: true\n" + text, encoding="utf-8")
    from survey_app import create_app

    drafted = create_app(app.config | {"CONVERSATIONS_DIR": str(folder)})
    assert drafted.test_client().get("/survey/leaving-care").status_code == 404
    drafted.extensions["db_engine"].dispose()
