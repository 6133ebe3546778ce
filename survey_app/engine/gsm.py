"""The GSM-7 alphabet, and how many text-message segments a text costs.

A text message written only in GSM-7 characters fits 160 characters (153 per part once it is split).
One character outside GSM-7 (an emoji, a curly quote, an en dash) turns the whole message into UCS-2:
70 characters (67 per part), two to three times the cost, and on some phones a broken-looking message.
"""

from __future__ import annotations

# The 3GPP TS 23.038 default alphabet, without the escape code that introduces the extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters reached through the escape code: each costs two of the 160.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7 = "GSM-7"
UCS2 = "UCS-2"
_LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}

# Typographic characters that word processors put in, and their plain GSM-7 equivalents.
_FRIENDLY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\t", " "),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
        "\u2026": "...",
        "\u2022": "-",
    }
)


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` can be sent in GSM-7."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def non_gsm_characters(text: str) -> list[str]:
    """The characters that would force UCS-2, each once, in the order they first appear."""
    return list(dict.fromkeys(ch for ch in text if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION))


def _units(text: str, encoding: str) -> list[int]:
    """What each character costs: GSM-7 septets, or UTF-16 code units (an emoji is two)."""
    if encoding == GSM7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [len(ch.encode("utf-16-le")) // 2 for ch in text]


def encoding_of(text: str) -> str:
    return GSM7 if is_gsm7(text) else UCS2


def sms_length(text: str) -> int:
    """The length that counts against the segment limit, in the encoding the text needs."""
    return sum(_units(text, encoding_of(text)))


def segments(text: str) -> tuple[int, str]:
    """How many segments ``text`` takes, and its encoding ("GSM-7" or "UCS-2").

    An empty text is 0 segments. A split message carries a header in each part, so each part holds less;
    a two-septet extension character or a two-unit emoji is never cut across two parts.
    """
    encoding = encoding_of(text)
    units = _units(text, encoding)
    single, part = _LIMITS[encoding]
    if not units:
        return 0, encoding
    if sum(units) <= single:
        return 1, encoding
    count, used = 1, 0
    for unit in units:
        if used + unit > part:
            count, used = count + 1, 0
        used += unit
    return count, encoding


def to_gsm_friendly(text: str) -> str:
    """Replace curly quotes, dashes, ellipses and unusual spaces with their GSM-7 equivalents.

    Anything else outside GSM-7 (emoji, other alphabets) is left as it is: dropping letters would change
    what the text says, and a Polish or Arabic message has to be sent in UCS-2 anyway.
    """
    return text.replace("\r\n", "\n").translate(_FRIENDLY)
