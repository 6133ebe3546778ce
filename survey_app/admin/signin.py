"""Signing in and out: password, then a code from an authenticator app; first-time set-up from a link.

These are the only admin pages open without a session, so they are listed as public in the access test.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from survey_app import db, error_summary
from survey_app.admin import bp
from survey_app.staff import access, accounts, audit, throttle
from survey_app.staff.forms import CodeForm, NewPasswordForm, SignInForm
from survey_app.staff.models import StaffMember

CODE_STAGE, SETUP_STAGE = "code", "setup"


def _form_page(template: str, form: FlaskForm, **context):
    errors = error_summary.messages(form)
    return render_template(template, form=form, errors=errors, has_errors=bool(errors), **context)


def _code_page(form: FlaskForm):
    """The shared code page (accounts/code.html) in the review team's layout."""
    return _form_page(
        "accounts/code.html",
        form,
        layout="admin/layout.html",
        action=url_for("admin.code"),
        next=_next() or "",
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if access.current_staff() is not None:
        return redirect(url_for("admin.home"))
    form = SignInForm()
    if not form.validate_on_submit():
        return _form_page("admin/login.html", form, next=_next() or "")
    refusal = _password_refusal(form)
    if refusal:
        form.email.errors.append(refusal)
        return _form_page("admin/login.html", form, next=_next() or "")
    member = accounts.by_email(db.session(), form.email.data)
    stage = CODE_STAGE if member.totp_confirmed else SETUP_STAGE
    access.begin_pending(member, stage)
    return redirect(url_for("admin.code" if stage == CODE_STAGE else "admin.setup_code", next=_next()))


def _password_refusal(form: SignInForm) -> LazyString | None:
    """The form's message if the password may not be tried or is wrong; None if it is right."""
    session, email = db.session(), form.email.data
    if not throttle.try_allowed(session, email):
        return form.LOCKED
    member = accounts.by_email(session, email)
    if not accounts.check_password(member, form.password.data):
        locked = throttle.fail(session, email)
        audit.record(session, member.id if member else None, "login.failed", "step=password")
        if locked:
            audit.record(session, member.id if member else None, "login.locked", "step=password")
            return form.LOCKED
        return form.WRONG
    accounts.rehash_if_needed(session, member, form.password.data)
    return None


def _next() -> str | None:
    return access.safe_next(request.values.get("next"))


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    member = access.pending_member(CODE_STAGE)
    if member is None:
        return redirect(url_for("admin.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return _code_page(form)
    refusal = _code_refusal(form, member)
    if refusal:
        form.code.errors.append(refusal)
        return _code_page(form)
    throttle.succeed(db.session(), member.email)
    audit.record(db.session(), member.id, "login", f"staff={member.id} role={member.role}")
    access.begin_session(member)
    return redirect(_next() or url_for("admin.home"))


def _code_refusal(form: CodeForm, member: StaffMember) -> LazyString | None:
    session = db.session()
    if not throttle.try_allowed(session, member.email):
        access.end_session()
        return form.LOCKED
    if accounts.check_code(session, member, form.code.data or ""):
        return None
    locked = throttle.fail(session, member.email)
    audit.record(session, member.id, "login.failed", "step=code")
    if locked:
        audit.record(session, member.id, "login.locked", "step=code")
        access.end_session()
        return form.LOCKED
    return form.WRONG


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    session = db.session()
    member = accounts.by_setup_token(session, token)
    if member is None:
        return render_template("admin/setup_expired.html"), 404
    form = NewPasswordForm(email=member.email)
    if not form.validate_on_submit():
        return _form_page("admin/setup.html", form, member=member)
    accounts.set_password(session, member, form.password.data)
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
    form = CodeForm()
    if not form.validate_on_submit():
        return _form_page("admin/setup_code.html", form, **context)
    refusal = _code_refusal(form, member)
    if refusal:
        form.code.errors.append(refusal)
        return _form_page("admin/setup_code.html", form, **context)
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
