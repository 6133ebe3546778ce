"""After an answer raised a concern: would the young person like someone to get in touch, and how?

Whatever they send here is never stored as an answer. A way to reach them is sealed to the safeguarding
lead's key at once (``safeguarding.journey``); "yes" means this number, which is sealed the same way.
"""

from __future__ import annotations

from survey_app.safeguarding import journey
from survey_app.sms import keywords, replies
from survey_app.sms.answering import ask
from survey_app.sms.models import ASKING
from survey_app.sms.turn import Turn, current

NO_THANKS = {"no", "n", "nah", "nope", "no thanks", "skip", "next", "carry on", "continue", "go on"}
THIS_NUMBER = {"yes", "y", "yeah", "yep", "ok", "okay", "please", "yes please", "this number"}


def offer_reply(turn: Turn) -> list[str]:
    if turn.keyword == keywords.HELP:
        return [replies.support(), replies.offer_contact()]
    choice = keywords.normalise(turn.body)
    turn.conversation.state = ASKING
    if choice in NO_THANKS or turn.keyword == keywords.SKIP:
        return [replies.carry_on_after_support(), *ask(turn)]
    contact = turn.address if choice in THIS_NUMBER else turn.body
    found = current(turn)
    concern = journey.concern_for_run(turn.session, found[0]) if found else None
    kept = concern is not None and journey.add_route_back(turn.session, concern, contact)
    if not kept:
        return [replies.contact_not_kept(), replies.support(), *ask(turn)]
    return [replies.contact_kept(), *ask(turn)]
