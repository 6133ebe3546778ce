"""Keywords: a whole message that means a command rather than an answer.

Matched on the whole message, any case, ignoring surrounding spaces and punctuation ("Stop!", " skip ").
Twilio itself opts a number out on exactly STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE and
OPTOUT, replies on our behalf and still forwards the message; phrases such as "stop please" are not
opt-outs for Twilio, but a young person who writes them means it, so they stop the survey too.
"""

from __future__ import annotations

import re

STOP = "stop"
START = "start"
HELP = "help"
SKIP = "skip"
BACK = "back"
PAUSE = "pause"
DELETE = "delete"

TWILIO_STOP_WORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"})
_WORDS = {
    START: {"start", "unstop"},
    HELP: {"help", "info"},
    SKIP: {"skip", "skip it", "skip this", "skip question"},
    BACK: {"back", "go back", "previous"},
    PAUSE: {"pause", "pause it"},
    DELETE: {"delete", "delete all", "delete it", "delete my answers", "delete everything"},
}
_STOP_EXTRA = {"opt out", "stop all"}
# Words around a stop word that do not change its meaning: "please stop", "i want to stop now".
_POLITE = (
    frozenset(
        {"please", "pls", "plz", "now", "just", "ok", "okay", "thanks", "thank", "all", "the", "survey"}
    )
    | frozenset({"i", "im", "i'm", "id", "d", "m", "want", "wanna", "would", "like", "to", "can", "could"})
    | frozenset({"you", "me", "it", "this", "send", "sending", "text", "texts", "texting", "message"})
    | frozenset({"messages", "messaging"})
)
_OPT_OUT_TYPES = {"STOP": STOP, "START": START, "HELP": HELP}


def normalise(body: str) -> str:
    """Lower case, punctuation as spaces, one space between words."""
    return " ".join(re.sub(r"[^\w\s']", " ", body.lower()).replace("'", "").split())


def is_stop_phrase(words: list[str]) -> bool:
    meaningful = [word for word in words if word not in _POLITE]
    return len(words) <= 8 and len(meaningful) == 1 and meaningful[0] in TWILIO_STOP_WORDS


def classify(body: str, opt_out_type: str | None = None) -> str | None:
    """The keyword this message is, or None when it is an answer (or anything else)."""
    if opt_out_type and opt_out_type.strip().upper() in _OPT_OUT_TYPES:
        return _OPT_OUT_TYPES[opt_out_type.strip().upper()]
    text = normalise(body)
    if text in TWILIO_STOP_WORDS or text in _STOP_EXTRA or is_stop_phrase(text.split()):
        return STOP
    return next((keyword for keyword, words in _WORDS.items() if text in words), None)


def is_twilio_opt_out(body: str, opt_out_type: str | None = None) -> bool:
    """True when Twilio has already opted the sender out and answered them itself."""
    if opt_out_type and opt_out_type.strip().upper() == "STOP":
        return True
    return body.strip().strip(".!?").lower() in TWILIO_STOP_WORDS
