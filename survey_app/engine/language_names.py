"""The languages we offer, each named in its own words, and the words that choose one by text message."""

from __future__ import annotations

OWN_NAMES = {
    "en": "English",
    "gd": "Gàidhlig",
    "pl": "Polski",
    "uk": "Українська",
    "ar": "العربية",
}
# "CARE PL" or "CARE Polski": a language's code or own name after a keyword, in lower case.
LANGUAGE_WORDS = {code: code for code in OWN_NAMES} | {name.lower(): code for code, name in OWN_NAMES.items()}
LANGUAGE_WORDS |= {"gaidhlig": "gd"}
