"""Drafting a return together: saving, word limits, two colleagues at once, history, comments, changes."""

from __future__ import annotations

import re
import threading

from sqlmodel import select

from survey_app.partners import drafting
from survey_app.partners.models import AnswerChange, ReturnAnswer
from tests.partners.conftest import sign_in_partner


def _version(page: str, question_id: str) -> str:
    return re.search(rf'name="version-{question_id}" value="(\d+)"', page).group(1)


def _answer(db, question_id: str) -> ReturnAnswer:
    db.expire_all()
    return db.exec(select(ReturnAnswer).where(ReturnAnswer.question_id == question_id)).one()


def test_a_five_thousand_word_answer_saves_and_reloads_intact(partner_client, db):
    client = partner_client()
    paragraphs = [" ".join(f"word{n}-{p}" for n in range(500)) for p in range(10)]
    text = "\n\n".join(paragraphs)
    page = client.get("/partners/section/performance").get_data(as_text=True)
    response = client.post(
        "/partners/section/performance",
        data={
            "answer-performance_account": text.replace("\n", "\r\n"),
            "version-performance_account": _version(page, "performance_account"),
        },
    )
    assert response.status_code == 302
    assert _answer(db, "performance_account").value == text
    reloaded = client.get("/partners/section/performance").get_data(as_text=True)
    assert "5000 words of up to 5000" in reloaded
    assert paragraphs[-1] in reloaded


def test_an_answer_over_the_word_limit_is_refused_and_kept_on_the_page(partner_client, db):
    client = partner_client()
    text = " ".join(["many"] * 5001)
    response = client.post(
        "/partners/section/performance",
        data={"answer-performance_account": text, "version-performance_account": "0"},
    )
    page = response.get_data(as_text=True)
    assert "Error:" in page and "Your answer is 5001 words. Keep it to 5000 or fewer." in page
    assert text in page
    assert _answer(db, "performance_account").value == ""


def test_two_colleagues_saving_one_answer_from_the_same_start_lose_neither_version(
    app, make_authority, make_partner, db
):
    authority = make_authority()
    first, second = app.test_client(), app.test_client()
    sign_in_partner(first, make_partner(authority))
    colleague = make_partner(authority)
    sign_in_partner(second, colleague)
    start = first.get("/partners/section/quality").get_data(as_text=True)
    second.get("/partners/section/quality")
    version = _version(start, "quality_account")

    first.post(
        "/partners/section/quality",
        data={"answer-quality_account": "Ours: audits quarterly.", "version-quality_account": version},
    )
    clash = second.post(
        "/partners/section/quality",
        data={"answer-quality_account": "Theirs: peer review.", "version-quality_account": version},
    )
    page = clash.get_data(as_text=True)
    assert clash.status_code == 200 and "A colleague saved this answer while you were editing it" in page
    assert "Ours: audits quarterly." in page and "Theirs: peer review." in page
    assert _answer(db, "quality_account").value == "Ours: audits quarterly."
    held = db.exec(select(AnswerChange).where(AnswerChange.how == "held")).one()
    assert held.value == "Theirs: peer review." and held.member_id == colleague.id

    merged = second.post(
        "/partners/section/quality",
        data={
            "answer-quality_account": "Ours: audits quarterly. Theirs: peer review.",
            "version-quality_account": _version(page, "quality_account"),
        },
    )
    assert merged.status_code == 302
    assert _answer(db, "quality_account").value == "Ours: audits quarterly. Theirs: peer review."


def test_simultaneous_saves_from_the_same_version_store_exactly_one_and_hold_the_other(
    app, make_authority, make_partner, db
):
    authority = make_authority()
    people = [make_partner(authority), make_partner(authority)]
    questionnaire = app.extensions["partner_questionnaire"]
    with app.app_context():
        draft = drafting.return_for(db, authority.id, questionnaire)
    from sqlmodel import Session

    results, barrier = [], threading.Barrier(2)

    def save(member, text):
        barrier.wait()
        with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
            results.append(drafting.save(session, draft, "outcomes_account", text, 0, member.id))

    threads = [threading.Thread(target=save, args=(p, f"text from {p.id}")) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r is None for r in results) == [False, True]
    kept = _answer(db, "outcomes_account")
    held = db.exec(select(AnswerChange).where(AnswerChange.how == "held")).one()
    assert kept.version == 1 and {kept.value, held.value} == {f"text from {p.id}" for p in people}


def test_each_save_is_in_the_history_with_who_and_a_comment_thread_sits_beside_the_question(
    partner_client, db
):
    client = partner_client()
    client.post(
        "/partners/section/overall", data={"answer-improvement": "First go.", "version-improvement": "0"}
    )
    client.post(
        "/partners/section/overall", data={"answer-improvement": "Second go.", "version-improvement": "1"}
    )
    client.post("/partners/question/improvement", data={"comment": "Add the audit dates <script>x</script>"})
    page = client.get("/partners/question/improvement").get_data(as_text=True)
    assert "First go." in page and "Second go." in page and client.member.email in page
    assert "Add the audit dates &lt;script&gt;" in page and "<script>x" not in page


def test_what_changed_since_i_last_looked_shows_only_later_changes(partner_client, make_partner, db):
    client = partner_client()
    client.post(
        "/partners/section/overall", data={"answer-improvement": "Before.", "version-improvement": "0"}
    )
    client.post("/partners/changes")
    assert "No answers have changed." in client.get("/partners/changes").get_data(as_text=True)
    client.post(
        "/partners/section/overall", data={"answer-overall_rating": "good", "version-overall_rating": "0"}
    )
    page = client.get("/partners/changes").get_data(as_text=True)
    assert "Overall, how would you evaluate" in page and "What are your main strengths" not in page


def test_evidence_rows_and_a_rating_save_and_bad_values_get_a_message(partner_client, db):
    client = partner_client()
    response = client.post(
        "/partners/section/performance",
        data={
            "rows-performance_evidence": "2",
            "evidence-performance_evidence-0-title": '=HYPERLINK("x")',
            "evidence-performance_evidence-0-shows": "Monthly figures",
            "evidence-performance_evidence-0-held": "SharePoint",
            "version-performance_evidence": "0",
            "answer-performance_rating": "brilliant",
            "version-performance_rating": "0",
        },
    )
    page = response.get_data(as_text=True)
    assert "Choose an evaluation from excellent to unsatisfactory." in page
    assert drafting.evidence_rows(_answer(db, "performance_evidence").value)[0]["shows"] == "Monthly figures"
    assert _answer(db, "performance_rating").value == ""


def test_a_clash_on_a_rating_shows_the_colleagues_rating_and_keeps_yours_selected(
    app, make_authority, make_partner
):
    authority = make_authority()
    first, second = app.test_client(), app.test_client()
    sign_in_partner(first, make_partner(authority))
    sign_in_partner(second, make_partner(authority))
    first.post(
        "/partners/section/overall", data={"answer-overall_rating": "good", "version-overall_rating": "0"}
    )
    clash = second.post(
        "/partners/section/overall", data={"answer-overall_rating": "weak", "version-overall_rating": "0"}
    )
    page = clash.get_data(as_text=True)
    assert re.search(r'class="clash-theirs">\s*<p>Good</p>', page)
    assert re.search(r'value="weak" checked', page)
