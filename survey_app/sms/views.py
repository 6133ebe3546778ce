"""The Twilio endpoints: the Messaging webhook and the delivery status callback. Thin on purpose."""

from __future__ import annotations

import functools
import logging
from xml.sax.saxutils import escape, quoteattr

from flask import Response, abort, current_app, request

from survey_app.sms import bp, delivery, inbound, past_limit, replies, sender_limit
from survey_app.sms.conversation import Inbound
from survey_app.sms.senders import sender_hash
from survey_app.sms.signature import has_valid_signature, public_url

# Twilio sends a retry with this header; the MessageSid is the same too, and is what we key on first.
IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token"
DATABASE_DOWN = inbound.DATABASE_DOWN

log = logging.getLogger(__name__)


def _count(value: str | None) -> int:
    # Twilio sends at most 10 pictures. isdigit() would pass "²" (int() refuses it) and int() refuses over
    # 4,300 digits: either was a 500 on a signed text.
    return int(value) if value and len(value) <= 3 and value.isascii() and value.isdecimal() else 0


def message_from(form, headers) -> Inbound:
    """Only the parameters we use; Twilio adds new ones over time and the rest are ignored."""
    return Inbound(
        address=form.get("From", ""),
        body=form.get("Body", ""),
        media_count=_count(form.get("NumMedia")),
        opt_out_type=form.get("OptOutType") or None,
        message_key=form.get("MessageSid") or headers.get(IDEMPOTENCY_HEADER) or None,
    )


TWIML_START = '<?xml version="1.0" encoding="UTF-8"?><Response>'
NO_REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response />'
# quoteattr's escapes for a line break or tab, so an attribute value keeps them.
ATTRIBUTE_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def twiml(texts: list[str]) -> Response:
    """Every reply in this one HTTP response: no <Redirect>, no second request.

    The same TwiML twilio's MessagingResponse writes, put together as a string: every text message is
    answered with it, and building its element tree cost more than the rest of the reply."""
    if not texts:
        return Response(NO_REPLY, mimetype="application/xml")
    opening = _message_opening(public_url("/sms/status"))
    messages = "".join(f"{opening}{escape(text)}</Message>" for text in texts)
    return Response(f"{TWIML_START}{messages}</Response>", mimetype="application/xml")


@functools.lru_cache(maxsize=16)
def _message_opening(status_url: str) -> str:
    # ``action`` asks Twilio for a status callback, so an opt-out (21610) on a reply reaches us.
    return f'<Message action={quoteattr(status_url, ATTRIBUTE_ENTITIES)} method="POST">'


@bp.post("/sms/inbound")
def inbound_message() -> Response:
    if not has_valid_signature():
        abort(403)
    message = message_from(request.form, request.headers)
    if not message.address:
        return twiml([])
    hashed = sender_hash(current_app.config["PHONE_HASH_KEY"], message.address)
    refused = sender_limit.refused(hashed, message.body, message.opt_out_type)
    if refused:
        return twiml(past_limit.respond(message, hashed, refused))
    try:
        return twiml(inbound.handle(message))
    except DATABASE_DOWN as error:
        # They must send it again, and it will not be answered later (``inbound``: set aside now if the
        # database still answers, else when it waited SMS_SET_ASIDE_SECONDS). Twilio's fallback URL covers
        # the app being down. Residual risk: a redelivery of a MessageSid we had already answered, arriving
        # while the database is down, gets this apology instead of its stored reply, and the person may text
        # again what we had in fact taken. Nothing is answered twice (once the database is back the same
        # MessageSid gets its stored reply), but their new text answers the question asked next.
        log.error(
            "sms webhook: database unavailable (%s), asked the sender to text again", type(error).__name__
        )
        return twiml([replies.try_again_later()])


@bp.post("/sms/status")
def delivery_status() -> tuple[str, int]:
    if not has_valid_signature():
        abort(403)
    sid, status = request.form.get("MessageSid", ""), request.form.get("MessageStatus", "")
    if not sid or not status:
        return "", 204
    if not delivery.is_well_formed(sid, status, request.form.get("ErrorCode")):
        return "Not a status callback we can read.", 400
    recipient = request.form.get("To") or None
    hashed = sender_hash(current_app.config["PHONE_HASH_KEY"], recipient or sid)
    with inbound.locked_for(hashed) as session:
        delivery.record_status(session, sid, status, request.form.get("ErrorCode") or None, recipient)
    return "", 204
