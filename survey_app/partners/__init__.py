"""The partner self-evaluation: local authorities draft a return together and submit it once.

Two blueprints: ``partners`` (/partners/, for named professionals in local authorities) and ``returns``
(/admin/returns, for the review team, behind the staff sign-in). The questionnaire is a ``self-evaluation``
file kept in ``conversations/partners/``, out of reach of the young people's pages and text messages.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, current_app

from survey_app.engine import Questionnaire, load_questionnaire

bp = Blueprint("partners", __name__)
review_bp = Blueprint("returns", __name__)
QUESTIONNAIRE_FILE = Path("partners") / "qi-6-4-justice.yaml"


@bp.after_request
@review_bp.after_request
def _no_store(response: Response) -> Response:
    # Drafts and returns are confidential to an authority: a shared office computer must not cache them.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _template_helpers() -> dict:
    from survey_app.partners import access

    return {"current_partner": access.current_partner, "partner_deadline": questionnaire().closes}


def questionnaire() -> Questionnaire:
    return current_app.extensions["partner_questionnaire"]


def init_app(app: Flask) -> None:
    from survey_app.partners import (  # noqa: F401
        account_views,
        mail,
        return_views,
        review_views,
        signin_views,
        validation_views,
        word_views,
    )

    path = Path(
        app.config.get("PARTNER_QUESTIONNAIRE") or Path(app.config["CONVERSATIONS_DIR"]) / QUESTIONNAIRE_FILE
    )
    app.extensions["partner_questionnaire"] = load_questionnaire(path)
    app.extensions.setdefault("partner_mailer", mail.SmtpMailer(app.config))
    app.register_blueprint(bp, url_prefix="/partners")
    app.register_blueprint(review_bp, url_prefix="/admin/returns")
