"""Support contacts: one list for every channel and every person.

Everybody sees the same contacts, on every page and at the end of every text conversation, so being shown
them reveals nothing about what someone said. The web pages, the text-message replies and the safeguarding
response all read this list; change a number here and it changes everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from survey_app.i18n import translate

CALL = "call"
TEXT = "text"


def N_(text: str) -> str:
    """Mark text for the translation catalogue (Babel's default keywords); it is translated when shown."""
    return text


@dataclass(frozen=True)
class SupportContact:
    key: str  # stable name for code and tests: emergency, childline, samaritans, shout, breathing_space
    label: str  # English, marked with N_; ``name`` gives it in the reader's language
    channel: str  # CALL or TEXT
    number: str  # as people read it aloud, with spaces: "0800 1111"
    about: str  # English, marked with N_: who it is for and when it is open; ``details`` translates it
    message: str | None = None  # the word to text, for text services

    @property
    def name(self) -> str:
        return translate(self.label)

    @property
    def details(self) -> str:
        return translate(self.about)

    @property
    def href(self) -> str:
        """A ``tel:`` or ``sms:`` link, so one tap on a phone starts the call or the message."""
        digits = self.number.replace(" ", "")
        if self.channel == TEXT:
            return f"sms:{digits}" + (f"?body={self.message}" if self.message else "")
        return f"tel:{digits}"

    @property
    def action(self) -> str:
        """What to do, in words: "Call 0800 1111" or "Text SHOUT to 85258"."""
        if self.channel == TEXT and self.message:
            return gettext("Text %(word)s to %(number)s", word=self.message, number=self.number)
        if self.channel == TEXT:
            return gettext("Text %(number)s", number=self.number)
        return gettext("Call %(number)s", number=self.number)

    def one_line(self) -> str:
        """A short plain line for a text message: "Childline: call 0800 1111. For under 19s. Free, any time."

        Plain GSM-7 punctuation only, so a text message of these lines stays cheap.
        """
        return f"{self.name}: {self.action[0].lower()}{self.action[1:]}. {self.details}"


CONTACTS: tuple[SupportContact, ...] = (
    SupportContact("emergency", N_("Emergency"), CALL, "999", N_("If you or someone else is in danger now.")),
    SupportContact("childline", N_("Childline"), CALL, "0800 1111", N_("For under 19s. Free, any time.")),
    SupportContact("samaritans", N_("Samaritans"), CALL, "116 123", N_("For anyone. Free, any time.")),
    SupportContact("shout", N_("Shout"), TEXT, "85258", N_("Free text support, any time."), message="SHOUT"),
    SupportContact(
        "breathing_space",
        N_("Breathing Space"),
        CALL,
        "0800 83 85 87",
        N_("In Scotland. Free. Weekday evenings and all weekend."),
    ),
)


def support_contacts() -> tuple[SupportContact, ...]:
    """Every support contact, the emergency number first."""
    return CONTACTS


def contact(key: str) -> SupportContact:
    return next(c for c in CONTACTS if c.key == key)


def as_text_lines() -> list[str]:
    """The contacts as short lines, for a text message or a plain-text email (translated for this request)."""
    return [c.one_line() for c in CONTACTS]
