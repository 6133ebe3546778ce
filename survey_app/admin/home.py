"""The review team's start page: the questionnaires, with what each role may open."""

from __future__ import annotations

from flask import abort, current_app, render_template, url_for

from survey_app.admin import bp
from survey_app.engine import Questionnaire
from survey_app.questionnaires import registry
from survey_app.staff.access import staff_required


def questionnaire_or_404(questionnaire_id: str) -> Questionnaire:
    questionnaire = registry().get(questionnaire_id)
    if questionnaire is None:
        abort(404)
    return questionnaire


def _safeguarding_queue() -> str | None:
    """The safeguarding part's start page, if it has one (it is built separately)."""
    rules = [r for r in current_app.url_map.iter_rules() if r.endpoint.startswith("safeguarding.")]
    rules = [r for r in rules if not r.arguments and "GET" in (r.methods or ())]
    if not rules:
        return None
    return url_for(min(rules, key=lambda r: len(r.rule)).endpoint)


@bp.route("/")
@staff_required()
def home():
    questionnaires = sorted(registry().current.values(), key=lambda q: q.title)
    return render_template("admin/home.html", questionnaires=questionnaires, queue_url=_safeguarding_queue())
