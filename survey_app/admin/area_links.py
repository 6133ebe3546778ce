"""Links and QR codes for an area: what a keyworker coordinator hands out so that answers count by area.

The start page takes ``?area=CODE`` and records it as the run's distribution, which the dashboard and the
downloads break down by. A code made here is checked with the start page's own rule, so a link never
carries a code the start page would silently drop.

The QR code is drawn here (segno, pure Python) as an SVG ``data:`` image: no script, no request to a
third-party QR service (which would learn every area's link), and allowed by our CSP (``img-src data:``).
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db, distributions, questionnaire_dates
from survey_app.admin import bp
from survey_app.admin.home import questionnaire_or_404
from survey_app.codesign import links_made
from survey_app.engine import Questionnaire
from survey_app.staff import audit
from survey_app.staff.access import ADMIN, COORDINATOR, current_staff, staff_required

AREA_LIMIT = 32
# Big enough to scan from a printed card at arm's length; medium error correction survives a crease.
QR_SCALE = 6


@dataclass(frozen=True)
class AreaLink:
    area: str
    link: str
    qr_image: str
    sms_keyword: str | None
    sms_number: str | None


def check_area(raw: str | None) -> tuple[str | None, str | None]:
    """The area code as the start page will record it, or an error message saying what to change."""
    text = (raw or "").strip()
    if not text:
        return None, _("Enter an area code")
    if len(text) > AREA_LIMIT:
        return None, _("Area code must be %(limit)s characters or fewer", limit=AREA_LIMIT)
    if not all(c.isascii() and (c.isalnum() or c == "-") for c in text):
        return None, _("Area code must only include letters, numbers and dashes, with no spaces")
    code = distributions.area_code(text)
    if code is None:
        return None, _("Area code must start with a letter or a number")
    return code, None


def start_link(questionnaire: Questionnaire, area: str) -> str:
    """The full public address of the start page with the area. PUBLIC_URL, when set, is where young
    people reach the site; a coordinator may be on an internal address that would not work for them."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public + url_for("web.start", questionnaire_id=questionnaire.id, area=area)
    return url_for("web.start", questionnaire_id=questionnaire.id, area=area, _external=True)


def qr_image(link: str) -> str:
    """A QR code of ``link`` as an SVG data URI. Always a full QR code: phones' cameras do not read the
    smaller Micro QR codes that segno would otherwise choose for short text."""
    code = segno.make_qr(link, error="m")
    return code.svg_data_uri(scale=QR_SCALE, dark="#000", light="#fff")


def area_link(questionnaire: Questionnaire, area: str, language: str = "en") -> AreaLink:
    # A card in another language sends its reader to the survey in that language.
    link = start_link(questionnaire, area) + (f"&lang={language}" if language != "en" else "")
    return AreaLink(
        area=area,
        link=link,
        qr_image=qr_image(link),
        sms_keyword=questionnaire.sms_keyword,
        sms_number=current_app.config.get("TWILIO_FROM_NUMBER"),
    )


@bp.route("/q/<questionnaire_id>/links", methods=["GET", "POST"])
@staff_required(ADMIN, COORDINATOR)
def area_links(questionnaire_id: str):
    questionnaire = questionnaire_or_404(questionnaire_id)
    raw = request.form.get("area", "") if request.method == "POST" else ""
    made, errors = None, {}
    meant_for = None
    if request.method == "POST":
        area, error = check_area(raw)
        meant_for, size_error = links_made.read_meant_for(request.form.get("meant_for"))
        errors = {k: v for k, v in (("area", error), ("meant_for", size_error)) if v}
        if not errors:
            made = area_link(questionnaire, area)
            links_made.remember(db.session(), questionnaire.id, area, meant_for, current_staff().id)
            detail = f"questionnaire={questionnaire.id} area={area}"
            audit.record(db.session(), current_staff().id, "area_link.make", detail)
    return render_template(
        "admin/area_links.html",
        questionnaire=questionnaire,
        is_open=questionnaire_dates.is_open(db.session(), questionnaire),
        made=made,
        could_identify=made is not None and links_made.could_identify(meant_for),
        meant_for=request.form.get("meant_for", "").strip()[:12],
        made_links=links_made.made_links(db.session(), questionnaire.id),
        area=raw.strip(),
        errors=errors,
        has_errors=bool(errors),
    )


@bp.get("/q/<questionnaire_id>/links/card")
@staff_required(ADMIN, COORDINATOR)
def area_link_card(questionnaire_id: str):
    """A page with nothing but the card, to print: no staff navigation, nothing confidential."""
    questionnaire = questionnaire_or_404(questionnaire_id)
    area, error = check_area(request.args.get("area"))
    if error:
        return redirect(url_for("admin.area_links", questionnaire_id=questionnaire.id))
    size = "a6" if request.args.get("size") == "a6" else "a4"
    language = request.args.get("lang") if request.args.get("lang") in questionnaire.languages else "en"
    return render_template(
        "admin/area_links_card.html",
        questionnaire=questionnaire,
        made=area_link(questionnaire, area, language),
        size=size,
        language=language,
    )
