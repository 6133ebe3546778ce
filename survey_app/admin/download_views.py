"""Download pages: CSV streams straight out; Excel and SPSS are built in a private folder, sent, then deleted.

Downloads are POSTed forms with a CSRF token, so another site cannot make a signed-in browser fetch one.
"""

from __future__ import annotations

import secrets

from flask import Response, abort, render_template, send_file, stream_with_context

from survey_app import db
from survey_app.admin import bp
from survey_app.admin.home import questionnaire_or_404
from survey_app.engine import Questionnaire
from survey_app.exports import downloads
from survey_app.exports.models import StoredExport
from survey_app.staff.access import ADMIN, ANALYST, current_staff, staff_required


@bp.route("/q/<questionnaire_id>/downloads")
@staff_required(ADMIN, ANALYST)
def downloads_page(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    return render_template("admin/downloads.html", questionnaire=questionnaire)


@bp.route("/q/<questionnaire_id>/download/<fmt>", methods=["POST"])
@staff_required(ADMIN, ANALYST)
def download(questionnaire_id: str, fmt: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    if fmt not in downloads.FORMATS:
        abort(404)
    prepared = downloads.prepare(questionnaire)
    downloads.log_download(db.session(), current_staff().id, questionnaire, fmt, prepared.rows)
    name = downloads.file_name(questionnaire, fmt)
    if fmt == "csv":
        pieces = stream_with_context(downloads.csv_pieces(prepared))
        response = Response(pieces, mimetype=downloads.MEDIA_TYPES[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return _send_built_file(prepared, questionnaire, fmt, name)


def _send_built_file(prepared, questionnaire: Questionnaire, fmt: str, name: str) -> Response:
    """Build the file, then unlink it before sending from the open handle: nothing is left on disk after
    the download, even if the connection drops. The record (marked removed) shows it existed; if the
    server dies before the unlink, the record lets the retention purge find the file."""
    path = downloads.export_folder() / f"{secrets.token_hex(8)}{downloads.FORMATS[fmt]}"
    session = db.session()
    record = StoredExport(
        questionnaire_id=questionnaire.id, format=fmt, path=str(path), actor_id=current_staff().id
    )
    session.add(record)
    session.commit()
    downloads.write(prepared, fmt, path)
    handle = open(path, "rb")  # noqa: SIM115 - closed by the server once sent
    path.unlink()
    record.removed = True
    session.add(record)
    session.commit()
    return send_file(handle, mimetype=downloads.MEDIA_TYPES[fmt], as_attachment=True, download_name=name)
