"""The partners' pages for drafting: the return at a glance, a section to edit, a question's history and
comments, and what changed since I last looked. Every page reads the signed-in member's own authority."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db
from survey_app.engine.answers import clean_text, word_count
from survey_app.engine.questionnaire import EVALUATION_SCALE
from survey_app.i18n import translate
from survey_app.partners import bp, drafting, forms, questionnaire, submission
from survey_app.partners.access import current_partner, partner_required
from survey_app.partners.models import Authority
from survey_app.partners.word import evaluation_words
from survey_app.staff import audit
from survey_app.store.models import utcnow


def _mine():
    """The signed-in member, their authority and its return (made on first look)."""
    member = current_partner()
    session = db.session()
    draft = drafting.return_for(session, member.authority_id, questionnaire())
    return member, session.get(Authority, member.authority_id), draft


def _section(section_id: str):
    section = next((s for s in questionnaire().sections if s.id == section_id), None)
    if section is None:
        abort(404)
    return section, [q for q in questionnaire().questions if q.section == section.id]


def _helpers() -> dict:
    return {
        "scale": [(v, evaluation_words(v)) for v in EVALUATION_SCALE],
        "evaluation_words": evaluation_words,
        "word_count": word_count,
        "evidence_rows": drafting.evidence_rows,
        "questionnaire": questionnaire(),
    }


@bp.route("/")
@partner_required()
def overview():
    member, authority, draft = _mine()
    answers = drafting.answers(db.session(), draft)
    today = dt.date.today()
    return render_template(
        "partners/overview.html",
        member=member,
        authority=authority,
        draft=draft,
        answered=_answered(answers),
        may_submit=submission.may_submit(draft, questionnaire(), today),
        changed=len(drafting.changes_since(db.session(), draft, member.last_looked)),
        **_helpers(),
    )


def _answered(answers) -> dict[str, tuple[int, int]]:
    counts = {}
    for s in questionnaire().sections:
        ids = [q.id for q in questionnaire().questions if q.section == s.id]
        counts[s.id] = (sum(1 for i in ids if answers[i].value), len(ids))
    return counts


@bp.route("/section/<section_id>", methods=["GET", "POST"])
@partner_required()
def section(section_id: str):
    member, authority, draft = _mine()
    section, questions = _section(section_id)
    session = db.session()
    clashes, problems, posted = {}, {}, None
    if request.method == "POST":
        if draft.state != "drafting":
            flash(
                _("This return has been submitted. It cannot be changed unless the review team reopens it.")
            )
            return redirect(url_for("partners.section", section_id=section.id))
        values, versions, problems = forms.read_section(request.form, questions)
        for question_id, value in values.items():
            clash = drafting.save(session, draft, question_id, value, versions[question_id], member.id)
            if clash:
                clashes[question_id] = clash
        audit.record(session, None, "partner.save", f"partner={member.id} section={section.id}")
        if request.headers.get("X-Autosave") == "1":
            return _autosaved(drafting.answers(session, draft), values, clashes, problems)
        if not clashes and not problems:
            flash(_("Saved."))
            return redirect(url_for("partners.section", section_id=section.id))
        posted = request.form
    errors = {f"answer-{qid}": translate(message, **params) for qid, (message, params) in problems.items()}
    for qid in clashes:
        errors[f"answer-{qid}"] = _(
            "A colleague saved this answer while you were editing it. "
            "Both versions are below: combine them and save again."
        )
    answers = drafting.answers(session, draft)
    return render_template(
        "partners/section.html",
        section=section,
        questions=questions,
        draft=draft,
        answers=answers,
        shown=_shown(questions, answers, clashes, problems, posted),
        clashes=clashes,
        errors=errors,
        has_errors=bool(errors),
        names=drafting.names(session, member.authority_id),
        **_helpers(),
    )


def _autosaved(answers, values, clashes, problems):
    """The reply to an autosave: each saved answer's new version, and which clashed or had problems."""
    versions = {qid: answers[qid].version for qid in values if qid not in clashes}
    at = utcnow().strftime("%H:%M")
    return jsonify(versions=versions, clashes=sorted(clashes), problems=sorted(problems), at=at)


def _shown(questions, answers, clashes, problems, posted) -> dict[str, tuple[str, int]]:
    """What each field shows and the version it carries: your words are never dropped from the page."""
    shown = {}
    for q in questions:
        if q.id in clashes:
            shown[q.id] = (clashes[q.id].yours, clashes[q.id].theirs.version)
        elif q.id in problems and posted is not None:
            shown[q.id] = (forms.raw_answer(posted, q), forms.posted_version(posted, q))
        else:
            shown[q.id] = (answers[q.id].value, answers[q.id].version)
    return shown


@bp.route("/question/<question_id>", methods=["GET", "POST"])
@partner_required()
def question(question_id: str):
    member, authority, draft = _mine()
    if not questionnaire().has_question(question_id):
        abort(404)
    session = db.session()
    errors = {}
    if request.method == "POST":
        text = clean_text(request.form.get("comment", ""))
        if not text:
            errors["comment"] = _("Type a comment.")
        elif len(text) > drafting.COMMENT_LIMIT:
            errors["comment"] = _("Keep a comment to 5000 characters or fewer.")
        else:
            drafting.add_comment(session, draft, question_id, text, member.id)
            audit.record(session, None, "partner.comment", f"partner={member.id} question={question_id}")
            return redirect(url_for("partners.question", question_id=question_id) + "#comments")
    return render_template(
        "partners/question.html",
        question=questionnaire().question(question_id),
        draft=draft,
        answer=drafting.answers(session, draft)[question_id],
        history=drafting.history(session, draft, question_id),
        comments=drafting.comments(session, draft, question_id),
        names=drafting.names(session, member.authority_id),
        errors=errors,
        has_errors=bool(errors),
        **_helpers(),
    )


@bp.route("/changes", methods=["GET", "POST"])
@partner_required()
def changes():
    member, authority, draft = _mine()
    session = db.session()
    if request.method == "POST":
        drafting.mark_looked(session, member)
        flash(_("Marked as read. Only changes after now will be shown."))
        return redirect(url_for("partners.changes"))
    return render_template(
        "partners/changes.html",
        since=member.last_looked,
        changes=drafting.changes_since(session, draft, member.last_looked),
        comments=drafting.comments_since(session, draft, member.last_looked),
        names=drafting.names(session, member.authority_id),
        **_helpers(),
    )
