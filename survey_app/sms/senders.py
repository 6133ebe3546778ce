"""Who sent a message, known only as a keyed hash, and which channel it came on.

Twilio gives the sender as ``+447700900123`` for SMS and ``whatsapp:+447700900123`` for WhatsApp. We hash
the address exactly as given, so the two channels are two conversations, and never keep the address.
"""

from __future__ import annotations

import hashlib
import hmac

SMS = "sms"
WHATSAPP = "whatsapp"
WHATSAPP_PREFIX = "whatsapp:"


def sender_hash(key: str, address: str) -> str:
    """HMAC-SHA256 of the address: without the key, a list of every UK number cannot reverse it."""
    return hmac.new(key.encode(), address.strip().encode(), hashlib.sha256).hexdigest()


def channel_of(address: str) -> str:
    return WHATSAPP if address.strip().lower().startswith(WHATSAPP_PREFIX) else SMS


def address_on(channel: str, number: str) -> str:
    """A number as Twilio wants it on ``channel``: WhatsApp addresses carry the ``whatsapp:`` prefix."""
    bare = number.strip().removeprefix(WHATSAPP_PREFIX)
    return WHATSAPP_PREFIX + bare if channel == WHATSAPP else bare


def lock_key(hashed: str) -> int:
    """A signed 64-bit number from the hash, for PostgreSQL's advisory locks."""
    return int.from_bytes(bytes.fromhex(hashed[:16]), "big", signed=True)
