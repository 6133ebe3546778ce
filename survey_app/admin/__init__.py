"""The review team's side: staff sign-in, the dashboard, anonymised downloads, retention and the audit log."""

from collections.abc import Iterator, Mapping

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

    return {"current_staff": access.current_staff, "role_names": _RoleNames()}


class _RoleNames(Mapping):
    """The roles in words, translated when a page reads one: every page of the app gets this helper, and
    the young people's pages never read it, so they do not translate four staff words each time."""

    def __getitem__(self, role: str) -> str:
        from survey_app.staff import access

        return access.role_names()[role]

    def __iter__(self) -> Iterator[str]:
        from survey_app.staff import access

        return iter(access.ROLES)

    def __len__(self) -> int:
        from survey_app.staff import access

        return len(access.ROLES)


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
