"""Partners signing in and out: password then code, first-time set-up from the invitation link.

The only partner pages open without a session; listed as public in the access tests.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db
from survey_app.partners import access, accounts, bp
from survey_app.partners.models import Authority, PartnerMember
from survey_app.staff import audit, throttle
from survey_app.staff.models import new_epoch

CODE_STAGE, SETUP_STAGE = "code", "setup"


def _page(template: str, errors: dict[str, str], **context):
    return render_template(template, errors=errors, has_errors=bool(errors), **context)


def _code_page(errors: dict[str, str]):
    """The shared code page (accounts/code.html) in the partners' layout."""
    action = url_for("partners.code")
    return _page(
        "accounts/code.html", errors, layout="partners/layout.html", action=action, next=_next() or ""
    )


def _too_many() -> str:
    return _("There have been too many attempts to sign in. Wait 15 minutes, then try again.")


def _next() -> str | None:
    target = request.values.get("next") or ""
    return target if target.startswith("/partners/") and "\\" not in target else None


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if access.current_partner() is not None:
        return redirect(url_for("partners.overview"))
    if request.method == "GET":
        return _page("partners/sign_in.html", {}, next=request.args.get("next", ""))
    email, password = request.form.get("email", "").strip()[:254], request.form.get("password", "")[:300]
    session = db.session()
    if not email or not password:
        return _page(
            "partners/sign_in.html", {"email": _("Enter your e-mail address and password.")}, email=email
        )
    if not throttle.try_allowed(session, email):
        return _page("partners/sign_in.html", {"email": _too_many()}, email=email)
    member = accounts.by_email(session, email)
    if not accounts.check_password(member, password):
        throttle.fail(session, email)
        audit.record(session, None, "partner.login_failed", "step=password")
        error = _("The e-mail address or password is not right.")
        return _page("partners/sign_in.html", {"email": error}, email=email, next=_next() or "")
    stage = CODE_STAGE if member.totp_confirmed else SETUP_STAGE
    access.begin_pending(member, stage)
    target = "partners.code" if stage == CODE_STAGE else "partners.setup_code"
    return redirect(url_for(target, next=_next()))


def _code_error(member: PartnerMember) -> str | None:
    session = db.session()
    if not throttle.try_allowed(session, member.email):
        access.end_session()
        return _too_many()
    if accounts.check_code(session, member, request.form.get("code", "")[:20]):
        throttle.succeed(session, member.email)
        return None
    throttle.fail(session, member.email)
    audit.record(session, None, "partner.login_failed", f"partner={member.id} step=code")
    return _("The code is not right. Enter the 6 numbers your authenticator app shows now.")


@bp.route("/sign-in/code", methods=["GET", "POST"])
def code():
    member = access.pending_member(CODE_STAGE)
    if member is None:
        return redirect(url_for("partners.sign_in"))
    if request.method == "GET":
        return _code_page({})
    error = _code_error(member)
    if error:
        return _code_page({"code": error})
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
    if request.method == "GET":
        return _page("partners/setup.html", {}, member=member, authority=authority)
    password, confirm = request.form.get("password", ""), request.form.get("confirm", "")
    problem = accounts.password_problem(password, confirm, member.email)
    if problem:
        return _page("partners/setup.html", {"password": _(problem)}, member=member, authority=authority)
    accounts.set_password(session, member, password)
    access.begin_pending(member, SETUP_STAGE)
    return redirect(url_for("partners.setup_code"))


@bp.route("/setup/code", methods=["GET", "POST"])
def setup_code():
    member = access.pending_member(SETUP_STAGE)
    if member is None:
        return redirect(url_for("partners.sign_in"))
    context = {"secret": member.totp_secret, "uri": accounts.provisioning_uri(member)}
    if request.method == "GET":
        return _page("partners/setup_code.html", {}, **context)
    error = _code_error(member)
    if error:
        return _page("partners/setup_code.html", {"code": error}, **context)
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
