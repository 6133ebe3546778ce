"""A first text with a survey's keyword ("CARE", "CARE PL"), in the fast lane: the conversation starts at
the first consent step, as ``consent.begin`` starts it, in one write.

Nothing about the person is kept before consent: the conversation row holds only the keyed hash of their
number, and the day's count of starts has nothing personal in it. A keyword no survey has, a survey that is
closed or whose dates a coordinator changed, and anything but a plain text go the slower way
(``conversation.respond``), which says how to start or that the survey is closed.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from survey_app import questionnaire_dates, sms_languages
from survey_app.questionnaires import registry
from survey_app.sms import keywords, replies, writes
from survey_app.sms.arrival import DATES, Pending
from survey_app.sms.models import KEEP_TEXTS, clock
from survey_app.sms.prepared import Prepared
from survey_app.sms.senders import channel_of
from survey_app.store.models import utcnow
from survey_app.store.tallies import STARTED

_CHANGED = Prepared(select(DATES.c.id).where(DATES.c.questionnaire_id == bindparam("p_questionnaire")))


def is_first(state) -> bool:
    """No conversation yet for this sender."""
    return state is not None and state.conversation_id is None


def begin(connection: Connection, state, message: Pending, address: str, hashed: str) -> list[str] | None:
    keyword, language = sms_languages.split(keywords.normalise(message.body))
    questionnaire = registry().by_keyword(keyword)
    if questionnaire is None or not questionnaire.sms_keyword:
        return None
    # A coordinator's change of dates: the slower way checks them in full (``questionnaire_dates.is_open``).
    changed = _CHANGED.first(connection, {"p_questionnaire": questionnaire.id}) is not None
    if not questionnaire_dates.plainly_open(questionnaire, changed_by_coordinator=changed):
        return None
    chosen = sms_languages.chosen(questionnaire, language)
    with replies.in_language(chosen):
        texts = replies.introduction(questionnaire)
    channel = channel_of(address)
    values = {
        "p_hash": hashed,
        "p_channel": channel,
        "p_questionnaire": questionnaire.id,
        "p_language": chosen,
        "p_at": message.arrived_at,
        "p_tally_questionnaire": questionnaire.id,
        "p_tally_day": utcnow().date(),
        "p_tally_channel": channel,
        "p_tally_event": STARTED,
        "p_cutoff": clock() - KEEP_TEXTS,
        "p_message": message.id,
        "p_replies": writes.replies_json(texts),
    }
    writes.run(connection, ("begin", "count", "prune", "answered"), values)
    return texts
