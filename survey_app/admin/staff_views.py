"""Admins manage the team: see accounts, change roles, disable, send a new set-up link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlmodel import select

from survey_app import db, error_summary
from survey_app.admin import bp
from survey_app.admin.staff_forms import ApprovalForm, NewStaffForm, RoleForm, SigningInForm
from survey_app.public_links import public_link
from survey_app.staff import accounts
from survey_app.staff.access import ADMIN, ROLES, current_staff, role_names, staff_required
from survey_app.staff.forms import REFUSALS
from survey_app.staff.models import StaffMember


def _member_or_404(member_id: int) -> StaffMember:
    member = db.session().get(StaffMember, member_id)
    if member is None:
        abort(404)
    return member


def _not_self(member: StaffMember) -> None:
    # An admin cannot lock themselves out; another admin (or the command line) can.
    if member.id == current_staff().id:
        abort(400)


def _staff_page(form: NewStaffForm):
    members = db.session().exec(select(StaffMember).order_by(StaffMember.email)).all()
    errors = error_summary.messages(form)
    return render_template(
        "admin/staff.html", members=members, roles=ROLES, form=form, errors=errors, has_errors=bool(errors)
    )


@bp.route("/staff")
@staff_required(ADMIN)
def staff():
    return _staff_page(NewStaffForm(formdata=None))


@bp.route("/staff/new", methods=["POST"])
@staff_required(ADMIN)
def staff_new():
    form = NewStaffForm()
    if not form.validate():
        return _staff_page(form)
    try:
        member, token = accounts.create(db.session(), form.email.data, form.role.data, current_staff().id)
    except accounts.AccountError as error:
        db.session().rollback()
        form.email.errors.append(REFUSALS[error.refusal])
        return _staff_page(form)
    return render_template("admin/staff_link.html", member=member, link=_link(token))


def _link(token: str) -> str:
    """The set-up link as the new member must open it: on the public address, not the one typed here."""
    return public_link("admin.setup", token=token)


def _flash_refusal(form: FlaskForm) -> None:
    """These forms are one button each: a problem can only be a stale page or a changed value, so say it."""
    for messages in form.errors.values():
        flash(str(messages[0]))


@bp.route("/staff/<int:member_id>/role", methods=["POST"])
@staff_required(ADMIN)
def staff_role(member_id: int):
    member = _member_or_404(member_id)
    _not_self(member)
    form = RoleForm()
    if not form.validate():
        _flash_refusal(form)
        return redirect(url_for("admin.staff"))
    if accounts.change_role(db.session(), member, form.role.data, current_staff().id):
        flash(_("%(email)s is now: %(role)s.", email=member.email, role=role_names()[member.role]))
    else:
        flash(_("Another admin must approve this role for %(email)s.", email=member.email))
    return redirect(url_for("admin.staff"))


@bp.route("/staff/<int:member_id>/approve", methods=["POST"])
@staff_required(ADMIN)
def staff_approve(member_id: int):
    """A second admin agrees to (or refuses) a role that reads the concerns queue or gives roles."""
    member = _member_or_404(member_id)
    form = ApprovalForm()
    if not form.validate():
        _flash_refusal(form)
        return redirect(url_for("admin.staff"))
    try:
        if form.approved:
            accounts.approve_role(db.session(), member, current_staff().id)
            flash(_("%(email)s is now: %(role)s.", email=member.email, role=role_names()[member.role]))
        else:
            accounts.refuse_role(db.session(), member, current_staff().id)
            flash(_("The request for %(email)s is withdrawn.", email=member.email))
    except accounts.AccountError as error:
        db.session().rollback()
        flash(str(REFUSALS[error.refusal]))
    return redirect(url_for("admin.staff"))


@bp.route("/staff/<int:member_id>/active", methods=["POST"])
@staff_required(ADMIN)
def staff_active(member_id: int):
    member = _member_or_404(member_id)
    _not_self(member)
    form = SigningInForm()
    if not form.validate():
        _flash_refusal(form)
        return redirect(url_for("admin.staff"))
    try:
        accounts.set_active(db.session(), member, form.allowed, current_staff().id)
    except accounts.AccountError as error:
        flash(str(REFUSALS[error.refusal]))
        return redirect(url_for("admin.staff"))
    if form.allowed:
        flash(_("%(email)s can sign in.", email=member.email))
    else:
        flash(_("%(email)s can no longer sign in.", email=member.email))
    return redirect(url_for("admin.staff"))


@bp.route("/staff/<int:member_id>/reset", methods=["POST"])
@staff_required(ADMIN)
def staff_reset(member_id: int):
    member = _member_or_404(member_id)
    _not_self(member)
    token = accounts.reset(db.session(), member, current_staff().id)
    return render_template("admin/staff_link.html", member=member, link=_link(token))
