"""The area report from the dashboard (admin and analyst): pick an area, get HTML or a PDF."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _

from survey_app import db
from survey_app.admin import area_report, bp
from survey_app.admin.dashboard_views import hidden_words
from survey_app.admin.home import questionnaire_or_404
from survey_app.admin.report_pdf import PdfFailed, html_to_pdf
from survey_app.engine import Questionnaire
from survey_app.exports.reading import reading
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, ANALYST, current_staff, staff_required

MAX_QUOTES = 12


def render_report(questionnaire: Questionnaire, area: str, quotes: tuple[str, ...] = ()) -> str:
    """The report page's HTML. Raises TooFewResponses for an area with fewer than 10 responses."""
    with reading() as connection:
        report = area_report.build(connection, questionnaire, area, quotes)
    return render_template("admin/area_report.html", report=report, words=hidden_words())


def pdf_bytes(html: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.pdf"
        html_to_pdf(html, out, current_app.config.get("REPORT_CHROMIUM", "/usr/bin/chromium"))
        return out.read_bytes()


@bp.route("/q/<questionnaire_id>/report", methods=["POST"])
@staff_required(ADMIN, ANALYST)
def area_report_download(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    area = request.form.get("area", "").strip()
    fmt = request.form.get("format", "html")
    if not area or fmt not in ("html", "pdf"):
        abort(400)
    quotes = tuple(line for line in request.form.get("quotes", "").splitlines() if line.strip())[:MAX_QUOTES]
    try:
        html = render_report(questionnaire, area, quotes)
    except area_report.TooFewResponses:
        return Response(
            _("That area has fewer than 10 responses, so it has no report."), 400, mimetype="text/plain"
        )
    detail = f"questionnaire={questionnaire.id} area_report format={fmt} quotes={len(quotes)}"
    audit.record(db.session(), current_staff().id, "report.download", detail)
    name = f"{questionnaire.id}-{area}-report.{fmt}"
    if fmt == "html":
        body, mimetype = html, "text/html; charset=utf-8"
    else:
        try:
            body, mimetype = pdf_bytes(html), "application/pdf"
        except PdfFailed:
            return Response(
                _("The PDF could not be made. Try the HTML report and print it."), 503, mimetype="text/plain"
            )
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
