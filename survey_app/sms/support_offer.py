"""After an answer raised a concern: would the young person like someone to get in touch, and how?

Replies are understood the way people write them: "yes pls", "yeah thats fine", "yes please call me" mean
yes, on this number; "no thank you", "im ok thanks" mean no. A message with a phone number or an e-mail
address in it is a way to reach them. Anything else is asked about once more, and never taken for contact
details: it is more often the rest of their answer, so it goes to the safeguarding reading list instead.

Whatever they send here is never stored as an answer. A way to reach them is sealed to the safeguarding
lead's key at once (``safeguarding.journey``). When an urgent concern has already kept their number sealed,
a "no" is told plainly what is kept and why, and the lead's page says the same.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from survey_app.safeguarding import journey
from survey_app.safeguarding.models import Concern
from survey_app.sms import keywords, replies
from survey_app.sms.answering import ask
from survey_app.sms.models import ASKING
from survey_app.sms.turn import Turn, current

YES, NO, CONTACT, UNCLEAR = "yes", "no", "contact", "unclear"
YES_WORDS = {
    "yes", "y", "yeah", "yea", "yeh", "ye", "yep", "yup", "ya", "aye", "ok", "okay", "k", "kk", "sure",
    "please", "pls", "plz", "fine", "alright", "aight", "definitely", "go",
}  # fmt: skip
NO_WORDS = {"no", "n", "nah", "naw", "na", "nope", "nae", "skip", "next", "continue"}
NO_PHRASES = (
    "im ok", "i am ok", "im okay", "im fine", "i am fine", "im good", "im alright", "carry on", "go on",
    "leave it", "no thanks", "no thank you", "not now", "rather not", "id rather not",
)  # fmt: skip
PHONE = re.compile(r"(?:\+|\b)\d[\d\s\-()]{8,}\d\b")
EMAIL = re.compile(r"\S+@\S+\.\w+")


def understand(body: str) -> str:
    """YES (this number), NO, CONTACT (they wrote a way to reach them) or UNCLEAR."""
    words = keywords.normalise(body)
    if words.startswith(NO_PHRASES):
        return NO
    if PHONE.search(body) or EMAIL.search(body):
        return CONTACT
    if not words:
        return UNCLEAR
    first = words.split()[0]
    if first in NO_WORDS:
        return NO
    if first in YES_WORDS or words.startswith(("this number", "call me", "text me", "ring me", "phone me")):
        return YES
    return UNCLEAR


def ask_again() -> str:
    return _(
        "Sorry, I did not understand. Reply YES if someone can get in touch on this number, "
        "or NO to carry on."
    )


def kept_although_no() -> str:
    return _(
        "OK. What you told us sounded like you could be in danger, so we have kept your number locked "
        "away for our safeguarding lead only, to reach you if they must."
    )


def offer_reply(turn: Turn) -> list[str]:
    if turn.keyword == keywords.HELP:
        return [replies.support(), replies.offer_contact()]
    found = current(turn)
    concern = journey.concern_for_run(turn.session, found[0]) if found else None
    meaning = NO if turn.keyword == keywords.SKIP else understand(turn.body)
    if meaning == UNCLEAR and turn.conversation.invalid_count == 0:
        turn.conversation.invalid_count = 1
        _read_as_more_of_their_answer(turn, found, concern)
        return [ask_again()]
    turn.conversation.state, turn.conversation.invalid_count = ASKING, 0
    if meaning in (NO, UNCLEAR):
        if meaning == UNCLEAR:
            _read_as_more_of_their_answer(turn, found, concern)
        return [*_said_no(turn, concern), *ask(turn)]
    contact = turn.address if meaning == YES else turn.body
    kept = concern is not None and journey.add_route_back(turn.session, concern, contact)
    if not kept:
        return [replies.contact_not_kept(), replies.support(), *ask(turn)]
    return [replies.contact_kept(), *ask(turn)]


def _said_no(turn: Turn, concern: Concern | None) -> list[str]:
    if concern is None:
        return [replies.carry_on_after_support()]
    journey.record_declined(turn.session, concern)
    if concern.sealed_phone:
        return [kept_although_no(), replies.carry_on_after_support()]
    return [replies.carry_on_after_support()]


def _read_as_more_of_their_answer(turn: Turn, found, concern: Concern | None) -> None:
    """A text that is neither yes, no nor contact details is most likely the rest of their answer: a person
    reads it on the safeguarding list (and the detector looks at it), but it is never taken for contact."""
    if found is None or concern is None or not turn.body.strip():
        return
    journey.read_follow_on(turn.session, found[0], concern, turn.body, turn.conversation.channel)
