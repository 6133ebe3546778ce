"""A phone-shaped page that texts the chatbot through the real webhook, signature and all.

For development, and for staff previewing a questionnaire with young advisers. Each message is posted to
``/sms/inbound`` as Twilio would post it: the same parameters, signed with RequestValidator for the URL
the webhook checks, through the app's own WSGI stack. So what the page shows is what a phone would get.
Answers given here are stored like any others. The transcript lives in the page's own form, not on the
server.

Opened from a preview link, the same page walks a draft instead (``codesign.sms_preview``): nothing goes
through the webhook, so no conversation, run or answer is written; only the advisers' feedback is kept.
"""

from __future__ import annotations

import json
import secrets
from xml.etree import ElementTree

from flask import Flask, abort, current_app, render_template, request, session
from flask_babel import gettext as _

from survey_app import db
from survey_app.codesign import feedback, previews, sms_preview
from survey_app.engine.gsm import segments
from survey_app.sms import replies
from survey_app.sms.senders import WHATSAPP, address_on
from survey_app.sms.signature import public_url, sign

# Ofcom keeps 07700 900000-900999 for drama: a simulated sender can never be a real phone.
SIMULATED_PREFIX = "+447700900"
OUR_NUMBER = "+447700900000"
MAX_TRANSCRIPT = 80
PREVIEW = "sms_preview"


def _available() -> None:
    if current_app.config["APP_ENV"] == "production":
        abort(404)


def _new_sender() -> str:
    return f"{SIMULATED_PREFIX}{secrets.randbelow(900) + 100}"


def _transcript(raw: str | None) -> list[dict]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return []
    return [i for i in items if isinstance(i, dict) and isinstance(i.get("text"), str)][-MAX_TRANSCRIPT:]


def _cost(text: str) -> str:
    count, encoding = segments(text)
    return _("%(count)s text, %(encoding)s", count=count, encoding=encoding)


def post_to_webhook(sender: str, body: str) -> list[str]:
    """Post ``body`` from ``sender`` to the webhook exactly as Twilio would; the texts it replied with."""
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": "ACsimulator",
        "From": sender,
        "To": address_on("whatsapp" if sender.startswith("whatsapp:") else "sms", OUR_NUMBER),
        "Body": body,
        "NumMedia": "0",
    }
    signature = sign(public_url("/sms/inbound"), params)
    response = current_app.test_client().post(
        "/sms/inbound", data=params, headers={"X-Twilio-Signature": signature}, base_url=request.host_url
    )
    if response.status_code != 200:
        return [_("The webhook answered %(status)s.", status=response.status_code)]
    # Our own TwiML, from the line above: not untrusted input.
    root = ElementTree.fromstring(response.get_data())  # noqa: S314
    return [message.text or "" for message in root.iter("Message")]


def register(app: Flask) -> None:
    """Add the simulator's page; sms.init_app calls this only outside production, where it does not exist."""
    app.add_url_rule("/sms/simulator", "sms.simulator", simulator, methods=["GET", "POST"])


def register_preview(app: Flask) -> None:
    """Add the simulator's preview mode, in production too: co-design sessions run on the live service, and
    this mode never posts to the webhook and opens only with a preview link's token."""
    app.add_url_rule(
        "/sms/simulator/preview/<token>", "sms.simulator_preview", preview, methods=["GET", "POST"]
    )


def _bubble(who: str, text: str) -> dict:
    return {"who": who, "text": text, "cost": _cost(text)} if who == "us" else {"who": who, "text": text}


def preview(token: str) -> str:
    """A draft by text: opening the page starts a conversation, each send is one turn. Nothing is stored
    but feedback, which reaches the safeguarding reading list as it does from the web preview."""
    link = previews.find(db.session(), token)
    if link is None:
        abort(404)
    questionnaire = previews.questionnaire_of(link)
    state, notice = session.get(PREVIEW), None
    if request.method == "GET" or not state or state.get("link") != link.token_hash:
        state, texts = sms_preview.opening(questionnaire)
        state["link"] = link.token_hash
        transcript = [_bubble("us", text) for text in texts]
    else:
        transcript = _transcript(request.form.get("transcript"))
        body = (request.form.get("body") or "")[:1600]
        asked = sms_preview.waiting(questionnaire, state)
        clear, change = request.form.get("clear"), request.form.get("change")
        worrying = asked is not None and feedback.give(db.session(), questionnaire, asked, clear, change)
        texts = [replies.support_now(), replies.support()] if worrying else []
        if body.strip():
            transcript.append(_bubble("you", body))
            texts += sms_preview.reply(questionnaire, state, body)
        elif asked is not None and (clear or change):
            notice = _("Thank you. We have your comment on this question.")
        transcript += [_bubble("us", text) for text in texts]
    session[PREVIEW] = state
    return render_template(
        "sms/simulator.html",
        preview_banner=True,
        questionnaire=questionnaire,
        action=request.path,
        notice=notice,
        asking=sms_preview.waiting(questionnaire, state) is not None,
        ended=state["stage"] == sms_preview.ENDED,
        sender=None,
        channel="sms",
        transcript=transcript,
        transcript_json=json.dumps(transcript[-MAX_TRANSCRIPT:]),
        keywords=[],
    )


def simulator() -> str:
    _available()
    channel = request.form.get("channel", "sms")
    sender = request.form.get("sender") or address_on(channel, _new_sender())
    transcript = _transcript(request.form.get("transcript")) if request.method == "POST" else []
    body = request.form.get("body", "")
    if request.method == "POST" and request.form.get("action") == "send":
        transcript.append({"who": "you", "text": body})
        transcript += [
            {"who": "us", "text": text, "cost": _cost(text)} for text in post_to_webhook(sender, body)
        ]
    return render_template(
        "sms/simulator.html",
        action=request.path,
        sender=sender,
        channel=WHATSAPP if sender.startswith("whatsapp:") else "sms",
        transcript=transcript,
        transcript_json=json.dumps(transcript[-MAX_TRANSCRIPT:]),
        keywords=sorted(
            q.sms_keyword
            for q in current_app.extensions["questionnaires"].open_ones(db.session())
            if q.sms_keyword
        ),
    )
