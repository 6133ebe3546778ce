"""The signed session cookie, its signer built once per key rather than twice a request.

Flask's own interface builds a new signing serializer each time it opens or saves a session: a third of the
cost of reading the cookie on every page of the journey. The cookie it signs and accepts is the same; a new
secret key (or new fallbacks) gets a new signer.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SignerKeptSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._signers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signer = self._signers.get(keys)
        if signer is None:
            # Built afresh for a key not seen before; a race between two threads builds it twice, harmlessly.
            signer = self._signers[keys] = super().get_signing_serializer(app)
        return signer


def init_app(app: Flask) -> None:
    app.session_interface = SignerKeptSessionInterface()
