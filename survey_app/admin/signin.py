"""Signing in and out: password, then a code from an authenticator app; first-time set-up from a link.

These are the only admin pages open without a session, so they are listed as public in the access test.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db
from survey_app.admin import bp
from survey_app.staff import access, accounts, audit, throttle
from survey_app.staff.models import StaffMember

CODE_STAGE, SETUP_STAGE = "code", "setup"


def _form_page(template: str, errors: dict[str, str], status: int = 200, **context):
    return render_template(template, errors=errors, has_errors=bool(errors), **context), status


def _code_page(errors: dict[str, str]):
    """The shared code page (accounts/code.html) in the review team's layout."""
    action = url_for("admin.code")
    return _form_page(
        "accounts/code.html", errors, layout="admin/layout.html", action=action, next=_next() or ""
    )


def _locked_message() -> str:
    return _("There have been too many attempts to sign in. Wait a few minutes, then try again.")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if access.current_staff() is not None:
        return redirect(url_for("admin.home"))
    if request.method == "GET":
        return _form_page("admin/login.html", {}, next=_next() or "")
    email, password = request.form.get("email", "").strip(), request.form.get("password", "")
    errors = _sign_in_errors(email, password)
    if errors:
        return _form_page("admin/login.html", errors, 200, email=email, next=_next() or "")
    member = accounts.by_email(db.session(), email)
    stage = CODE_STAGE if member.totp_confirmed else SETUP_STAGE
    access.begin_pending(member, stage)
    return redirect(url_for("admin.code" if stage == CODE_STAGE else "admin.setup_code", next=_next()))


def _sign_in_errors(email: str, password: str) -> dict[str, str]:
    session = db.session()
    if not email or not password:
        return {"email": _("Enter your e-mail address and password.")}
    if not throttle.try_allowed(session, email):
        return {"email": _locked_message()}
    member = accounts.by_email(session, email)
    if not accounts.check_password(member, password):
        locked = throttle.fail(session, email)
        audit.record(session, member.id if member else None, "login.failed", "step=password")
        if locked:
            audit.record(session, member.id if member else None, "login.locked", "step=password")
            return {"email": _locked_message()}
        return {"email": _("The e-mail address or password is not right.")}
    accounts.rehash_if_needed(session, member, password)
    return {}


def _next() -> str | None:
    return access.safe_next(request.values.get("next"))


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    member = access.pending_member(CODE_STAGE)
    if member is None:
        return redirect(url_for("admin.login"))
    if request.method == "GET":
        return _code_page({})
    error = _code_error(member)
    if error:
        return _code_page({"code": error})
    throttle.succeed(db.session(), member.email)
    audit.record(db.session(), member.id, "login", f"staff={member.id} role={member.role}")
    access.begin_session(member)
    return redirect(_next() or url_for("admin.home"))


def _code_error(member: StaffMember) -> str | None:
    session = db.session()
    if not throttle.try_allowed(session, member.email):
        access.end_session()
        return _locked_message()
    if accounts.check_code(session, member, request.form.get("code", "")):
        return None
    locked = throttle.fail(session, member.email)
    audit.record(session, member.id, "login.failed", "step=code")
    if locked:
        audit.record(session, member.id, "login.locked", "step=code")
        access.end_session()
        return _locked_message()
    return _("The code is not right. Enter the 6 numbers your authenticator app shows now.")


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    session = db.session()
    member = accounts.by_setup_token(session, token)
    if member is None:
        return render_template("admin/setup_expired.html"), 404
    if request.method == "GET":
        return _form_page("admin/setup.html", {}, member=member)
    password, confirm = request.form.get("password", ""), request.form.get("confirm", "")
    problem = accounts.password_problem(password, confirm, member.email)
    if problem:
        return _form_page("admin/setup.html", {"password": _(problem)}, 200, member=member)
    accounts.set_password(session, member, password)
    access.begin_pending(member, SETUP_STAGE)
    return redirect(url_for("admin.setup_code"))


@bp.route("/setup/code", methods=["GET", "POST"])
def setup_code():
    """First sign-in: show the secret for an authenticator app, and check one code from it."""
    member = access.pending_member(SETUP_STAGE)
    if member is None:
        return redirect(url_for("admin.login"))
    session = db.session()
    accounts.ensure_totp_secret(session, member)
    uri = accounts.provisioning_uri(member)
    label = _("QR code to scan with your authenticator app")
    context = {"secret": member.totp_secret, "uri": uri, "qr": accounts.qr_svg(uri, label)}
    if request.method == "GET":
        return _form_page("admin/setup_code.html", {}, **context)
    error = _code_error(member)
    if error:
        return _form_page("admin/setup_code.html", {"code": error}, 200, **context)
    accounts.confirm_totp(session, member)
    throttle.succeed(session, member.email)
    audit.record(session, member.id, "login", f"staff={member.id} role={member.role}")
    access.begin_session(member)
    flash(_("Your account is ready. You will need a code from your app each time you sign in."))
    return redirect(url_for("admin.home"))


@bp.route("/logout", methods=["POST"])
def logout():
    member = access.current_staff()
    if member is not None:
        accounts.end_sessions(db.session(), member)
    access.end_session()
    flash(_("You have signed out."))
    return redirect(url_for("admin.login"))
