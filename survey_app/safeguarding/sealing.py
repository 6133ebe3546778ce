"""Sealing a route back to the safeguarding lead, so that only the lead can open it.

The app holds the lead's *public* key only (SAFEGUARDING_PUBLIC_KEY). It seals with a NaCl SealedBox
(Curve25519 + XSalsa20-Poly1305, a fresh ephemeral key per message), which anyone can write and only the
private key can read. The private key lives with the lead, encrypted under their passphrase (argon2id
stretches the passphrase into a SecretBox key). The app never writes it: when the lead opens a sealed record
they bring the key file and the passphrase, and both are used in memory for that one response.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_FILE_FORMAT = "survey-app-safeguarding-key/1"
# 64 MiB and 3 passes: costly to guess offline if the key file is ever taken, yet small enough to run in
# a web worker when the lead opens a record. The limits are written into the key file, so keys made with
# other limits (tests use the minimum) still open.
OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MODERATE
MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


BAD_KEY_FILE = "bad_key_file"
WRONG_PASSPHRASE = "wrong_passphrase"  # noqa: S105 - a reason code, not a secret
OTHER_KEY = "other_key"
BAD_VALUE = "bad_value"


class SealingError(ValueError):
    """A key, a key file or a sealed value that cannot be used; ``reason`` says which, for the lead's page."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class KeyPair:
    public_key: str  # base64, the value of SAFEGUARDING_PUBLIC_KEY
    encrypted_private_key: str  # the key file's text (JSON)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, what: str, reason: str = BAD_VALUE) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError, AttributeError) as error:
        raise SealingError(reason, f"The {what} is not valid base64.") from error


def _passphrase_key(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt, opslimit=opslimit, memlimit=memlimit
    )


def keygen(passphrase: str, *, opslimit: int = OPSLIMIT, memlimit: int = MEMLIMIT) -> KeyPair:
    """A new key pair: the public key as base64, the private key encrypted under the passphrase."""
    if not passphrase:
        raise SealingError(WRONG_PASSPHRASE, "A passphrase is needed to protect the private key.")
    private = PrivateKey.generate()
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box = nacl.secret.SecretBox(_passphrase_key(passphrase, salt, opslimit, memlimit))
    key_file = {
        "format": KEY_FILE_FORMAT,
        "kdf": "argon2id",
        "opslimit": opslimit,
        "memlimit": memlimit,
        "salt": _b64(salt),
        "public_key": _b64(bytes(private.public_key)),
        "private_key": _b64(bytes(box.encrypt(bytes(private)))),
    }
    return KeyPair(_b64(bytes(private.public_key)), json.dumps(key_file, indent=2) + "\n")


def public_key(public_key_b64: str) -> PublicKey:
    raw = _unb64(public_key_b64, "public key")
    if len(raw) != PublicKey.SIZE:
        raise SealingError(BAD_VALUE, "The public key has the wrong length: use the value printed by keygen.")
    return PublicKey(raw)


def seal(public_key_b64: str, text: str) -> str:
    """Encrypt text so that only the holder of the private key can read it; base64 for a text column."""
    return _b64(SealedBox(public_key(public_key_b64)).encrypt(text.encode("utf-8")))


def unlock(encrypted_private_key: str, passphrase: str) -> PrivateKey:
    """The private key from its key file text. Raises SealingError on a wrong passphrase or a bad file."""
    try:
        key_file = json.loads(encrypted_private_key)
        salt = _unb64(key_file["salt"], "key file", BAD_KEY_FILE)
        ciphertext = _unb64(key_file["private_key"], "key file", BAD_KEY_FILE)
        opslimit, memlimit = int(key_file["opslimit"]), int(key_file["memlimit"])
    except (ValueError, KeyError, TypeError) as error:
        raise SealingError(BAD_KEY_FILE, "That is not a safeguarding key file made by keygen.") from error
    if key_file.get("format") != KEY_FILE_FORMAT:
        raise SealingError(BAD_KEY_FILE, "That is not a safeguarding key file made by keygen.")
    box = nacl.secret.SecretBox(_passphrase_key(passphrase, salt, opslimit, memlimit))
    try:
        return PrivateKey(box.decrypt(ciphertext))
    except nacl.exceptions.CryptoError as error:
        raise SealingError(WRONG_PASSPHRASE, "The passphrase does not open this key file.") from error


def open_with(private: PrivateKey, sealed: str) -> str:
    try:
        return SealedBox(private).decrypt(_unb64(sealed, "sealed value")).decode("utf-8")
    except nacl.exceptions.CryptoError as error:
        raise SealingError(OTHER_KEY, "This record was sealed to a different key.") from error


def open_sealed(sealed: str, encrypted_private_key: str, passphrase: str) -> str:
    """Open one sealed value with the key file and its passphrase."""
    return open_with(unlock(encrypted_private_key, passphrase), sealed)
