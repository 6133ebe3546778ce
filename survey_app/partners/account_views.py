"""Colleagues (the lead invites them) and submission (the submitter confirms; the return locks)."""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from survey_app import db, error_summary
from survey_app.partners import access, accounts, bp, mail, questionnaire, submission
from survey_app.partners.access import SUBMITTER, partner_required
from survey_app.partners.account_forms import REFUSALS, InviteForm, SubmitForm
from survey_app.partners.models import PartnerMember
from survey_app.partners.return_views import _mine
from survey_app.public_links import public_link
from survey_app.staff import audit


def send_invitation(member: PartnerMember, authority_name: str, token: str) -> bool:
    link = public_link("partners.setup", token=token)
    body = _(
        "You have been invited to draft the self-evaluation of %(authority)s.\n\n"
        "Set up your account within 7 days with this link:\n%(link)s\n\n"
        "If you did not expect this, you can ignore this e-mail.",
        authority=authority_name,
        link=link,
    )
    return mail.send(member.email, _("Your invitation to the self-evaluation"), body)


@bp.route("/colleagues", methods=["GET", "POST"])
@partner_required()
def colleagues():
    member, authority, _draft = _mine()
    session = db.session()
    form = InviteForm()
    if form.is_submitted():
        if not member.lead:
            return _("Only your authority's lead can invite colleagues."), 403
        if form.validate() and _invite(form, authority, member):
            flash(_("An invitation has been sent to %(email)s.", email=form.email.data))
            return redirect(url_for("partners.colleagues"))
    errors = error_summary.messages(form)
    return render_template(
        "partners/colleagues.html",
        member=member,
        authority=authority,
        people=accounts.colleagues(session, authority.id),
        form=form,
        errors=errors,
        has_errors=bool(errors),
    )


def _invite(form: InviteForm, authority, member: PartnerMember) -> bool:
    """Invite the colleague and e-mail them; False (and the reason on the form) if the address will not do."""
    session = db.session()
    try:
        invited, token = accounts.invite(
            session, authority, form.email.data, form.role.data, by=f"by_partner={member.id}"
        )
    except accounts.AccountError as problem:
        form.email.errors.append(REFUSALS[problem.refusal])
        return False
    session.commit()
    form.email.data = invited.email
    send_invitation(invited, authority.name, token)
    return True


@bp.route("/submit", methods=["GET", "POST"])
@partner_required(SUBMITTER)
def submit():
    member, authority, draft = _mine()
    session = db.session()
    today = dt.date.today()
    if not submission.may_submit(draft, questionnaire(), today):
        return render_template("partners/submit_closed.html", draft=draft), 409
    form = SubmitForm()
    if form.validate_on_submit():
        reference = submission.submit(session, draft, questionnaire(), member.id)
        audit.record(
            session,
            None,
            "partner.submit",
            f"partner={member.id} authority={authority.id} reference={reference}",
        )
        _send_receipt(authority, reference)
        return redirect(url_for("partners.overview"))
    errors = error_summary.messages(form)
    return render_template("partners/submit.html", draft=draft, errors=errors, has_errors=bool(errors))


def _send_receipt(authority, reference: str) -> None:
    """The lead gets the reference by e-mail (and so does the submitter, if it is someone else)."""
    people = accounts.colleagues(db.session(), authority.id)
    to = {p.email for p in people if p.active and (p.lead or p.id == access.current_partner().id)}
    body = _(
        "The self-evaluation of %(authority)s has been submitted.\n\nReference number: %(reference)s\n\n"
        "Keep this e-mail. The return is now locked; the review team can reopen it if something must change.",
        authority=authority.name,
        reference=reference,
    )
    for address in sorted(to):
        if not mail.send(address, _("Self-evaluation submitted: %(reference)s", reference=reference), body):
            current_app.logger.warning("A submission receipt could not be e-mailed")
