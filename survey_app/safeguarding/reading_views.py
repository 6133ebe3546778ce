"""The reading list's pages, for the ``safeguarding`` role: ``/safeguarding/reading``.

Thin views over ``reading_list``: read the request, take one step, go back to the list (post/redirect/get,
so a refresh never repeats a step).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey_app import db
from survey_app.safeguarding import reading_list
from survey_app.safeguarding.forms import RaiseForm, ReadPageForm, StepForm
from survey_app.safeguarding.models import ReadingItem
from survey_app.safeguarding.queue import age, bp, staff_name, tier_label
from survey_app.safeguarding.queue import reasons as reason_lines
from survey_app.safeguarding.rules import CATEGORIES
from survey_app.staff import audit
from survey_app.staff.access import SAFEGUARDING, current_staff, staff_required

# The detector's categories, the harms the issue added, and "other" for whatever a person sees that no
# rule names.
HAND_CATEGORIES = tuple(
    dict.fromkeys((*CATEGORIES, "neglect", "homelessness", "missing", "mental_health_crisis", "other"))
)


def _item(item_id: int) -> ReadingItem:
    item = db.session().get(ReadingItem, item_id)
    if item is None:
        abort(404)
    return item


def _question_text(item: ReadingItem) -> str:
    from survey_app.questionnaires import registry

    questionnaire = registry().get(item.questionnaire_id)
    if questionnaire is None or not item.question_id or not questionnaire.has_question(item.question_id):
        return item.question_id or ""
    return questionnaire.question(item.question_id).text


def _helpers() -> dict:
    return {
        "age": age,
        "tier_label": tier_label,
        "reasons": reason_lines,
        "question_text": _question_text,
        "is_overdue": reading_list.is_overdue,
        "staff_name": staff_name,
    }


@bp.get("/reading", endpoint="reading")
@staff_required(SAFEGUARDING)
def show_reading():
    session = db.session()
    items = reading_list.unread(session)
    low = [item.id for item in items if item.score < reading_list.LOW_SCORE]
    audit.record(session, current_staff().id, "reading.view", f"shown={len(items)}")
    return render_template(
        "safeguarding/reading.html",
        items=items,
        low_ids=",".join(map(str, low)),
        low_count=len(low),
        summary=reading_list.summary(session),
        read=reading_list.recently_read(session),
        **_helpers(),
    )


@bp.post("/reading/<int:item_id>/read")
@staff_required(SAFEGUARDING)
def mark_read(item_id: int):
    item = _item(item_id)
    if not StepForm().validate_on_submit():
        abort(400)
    if reading_list.mark_read(db.session(), item, current_staff().id):
        flash(_("Marked as read."))
    else:
        flash(_("Someone had already marked that answer read."))
    return redirect(url_for("safeguarding.reading"), 303)


@bp.post("/reading/read-page")
@staff_required(SAFEGUARDING)
def mark_page_read():
    form = ReadPageForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        count = reading_list.mark_page_read(db.session(), form.item_ids(), current_staff().id)
    except ValueError:
        flash(_("Some of those answers scored high: read and mark them one at a time."))
    else:
        flash(_("%(count)s answers marked as read.", count=count))
    return redirect(url_for("safeguarding.reading"), 303)


@bp.route("/reading/<int:item_id>/raise", methods=["GET", "POST"])
@staff_required(SAFEGUARDING)
def raise_concern(item_id: int):
    item = _item(item_id)
    form = RaiseForm(categories=HAND_CATEGORIES)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        errors = {name: messages[0] for name, messages in form.errors.items()}
        page = render_template(
            "safeguarding/raise.html",
            item=item,
            form=form,
            errors=errors,
            has_errors=bool(errors),
            **_helpers(),
        )
        return page, status
    concern = reading_list.raise_by_hand(
        db.session(), item, current_staff().id, tier=form.tier.data, category=form.category.data
    )
    flash(_("Concern raised. It is in the queue, and the lead has been told one is waiting."))
    return redirect(url_for("safeguarding.concern", concern_id=concern.id), 303)
