"""The review team's side: staff sign-in, the dashboard, anonymised downloads, retention and the audit log."""

from flask import Blueprint, Flask, Response

bp = Blueprint("admin", __name__)


@bp.after_request
def _no_store(response: Response) -> Response:
    # Staff pages show counts and free text: a shared or lost laptop must not keep them in its cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def _template_helpers() -> dict:
    from survey_app.staff import access

    return {"current_staff": access.current_staff, "role_names": access.role_names()}


def init_app(app: Flask) -> None:
    # The view modules add their routes to bp when first imported, before the blueprint is registered.
    from survey_app.admin import (  # noqa: F401
        area_links,
        cli,
        dashboard_views,
        download_views,
        home,
        log_views,
        signin,
        staff_views,
    )
    from survey_app.codesign import admin_views  # noqa: F401

    app.register_blueprint(bp, url_prefix="/admin")
    cli.init_app(app)
