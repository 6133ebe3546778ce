"""Partners signing in and out: password then code, first-time set-up from the invitation link.

The only partner pages open without a session; listed as public in the access tests.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from survey_app import db, error_summary
from survey_app.partners import access, accounts, bp
from survey_app.partners.account_forms import CodeForm, SignInForm
from survey_app.partners.models import Authority, PartnerMember
from survey_app.staff import audit, throttle
from survey_app.staff.forms import NewPasswordForm
from survey_app.staff.models import new_epoch

CODE_STAGE, SETUP_STAGE = "code", "setup"


def _page(template: str, form: FlaskForm, **context):
    errors = error_summary.messages(form)
    return render_template(template, form=form, errors=errors, has_errors=bool(errors), **context)


def _next() -> str | None:
    target = request.values.get("next") or ""
    return target if target.startswith("/partners/") and "\\" not in target else None


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if access.current_partner() is not None:
        return redirect(url_for("partners.overview"))
    form = SignInForm()
    if not form.validate_on_submit():
        return _page("partners/sign_in.html", form, next=_next() or "")
    session, email = db.session(), form.email.data
    if not throttle.try_allowed(session, email):
        form.email.errors.append(form.LOCKED)
        return _page("partners/sign_in.html", form, next=_next() or "")
    member = accounts.by_email(session, email)
    if not accounts.check_password(member, form.password.data):
        throttle.fail(session, email)
        audit.record(session, None, "partner.login_failed", "step=password")
        form.email.errors.append(form.WRONG)
        return _page("partners/sign_in.html", form, next=_next() or "")
    stage = CODE_STAGE if member.totp_confirmed else SETUP_STAGE
    access.begin_pending(member, stage)
    target = "partners.code" if stage == CODE_STAGE else "partners.setup_code"
    return redirect(url_for(target, next=_next()))


def _code_accepted(form: CodeForm, member: PartnerMember) -> bool:
    """True if the code is right; otherwise the form carries the reason."""
    session = db.session()
    if not throttle.try_allowed(session, member.email):
        access.end_session()
        form.code.errors.append(form.LOCKED)
        return False
    if accounts.check_code(session, member, form.code.data or ""):
        throttle.succeed(session, member.email)
        return True
    throttle.fail(session, member.email)
    audit.record(session, None, "partner.login_failed", f"partner={member.id} step=code")
    form.code.errors.append(form.WRONG)
    return False


@bp.route("/sign-in/code", methods=["GET", "POST"])
def code():
    member = access.pending_member(CODE_STAGE)
    if member is None:
        return redirect(url_for("partners.sign_in"))
    form = CodeForm()
    if not form.validate_on_submit() or not _code_accepted(form, member):
        return _page(
            "accounts/code.html",
            form,
            layout="partners/layout.html",
            action=url_for("partners.code"),
            next=_next() or "",
        )
    audit.record(db.session(), None, "partner.login", f"partner={member.id} authority={member.authority_id}")
    access.begin_session(member)
    return redirect(_next() or url_for("partners.overview"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    session = db.session()
    member = accounts.by_setup_token(session, token[:100])
    if member is None:
        return render_template("partners/setup_expired.html"), 404
    authority = session.get(Authority, member.authority_id)
    form = NewPasswordForm(email=member.email)
    if not form.validate_on_submit():
        return _page("partners/setup.html", form, member=member, authority=authority)
    accounts.set_password(session, member, form.password.data)
    access.begin_pending(member, SETUP_STAGE)
    return redirect(url_for("partners.setup_code"))


@bp.route("/setup/code", methods=["GET", "POST"])
def setup_code():
    member = access.pending_member(SETUP_STAGE)
    if member is None:
        return redirect(url_for("partners.sign_in"))
    context = {"secret": member.totp_secret, "uri": accounts.provisioning_uri(member)}
    form = CodeForm()
    if not form.validate_on_submit() or not _code_accepted(form, member):
        return _page("partners/setup_code.html", form, **context)
    session = db.session()
    accounts.confirm_totp(session, member)
    access.begin_session(member)
    flash(_("Your account is ready. You will need a code from your app each time you sign in."))
    return redirect(url_for("partners.overview"))


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    member = access.current_partner()
    if member is not None:
        member.session_epoch = new_epoch()
        db.session().add(member)
        audit.record(db.session(), None, "partner.logout", f"partner={member.id}")
    access.end_session()
    flash(_("You have signed out."))
    return redirect(url_for("partners.sign_in"))
