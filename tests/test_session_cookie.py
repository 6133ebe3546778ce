"""The session cookie signed with a signer kept per key: the same cookie Flask's own interface makes."""

from __future__ import annotations

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature


def test_the_kept_signer_signs_and_reads_cookies_exactly_as_flask_does(app):
    plain = SecureCookieSessionInterface().get_signing_serializer(app)
    kept = app.session_interface.get_signing_serializer(app)
    visit = {"run": "a-token", "seen": 1700000000, "lang": "cy"}

    assert kept is app.session_interface.get_signing_serializer(app)  # built once, not per request
    assert plain.loads(kept.dumps(visit)) == visit
    assert kept.loads(plain.dumps(visit)) == visit


def test_a_new_secret_key_gets_a_new_signer_and_old_cookies_need_the_fallback(app):
    old = app.session_interface.get_signing_serializer(app).dumps({"run": "a-token"})
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = "a-new-key-for-this-test"
    rotated = app.session_interface.get_signing_serializer(app)

    assert rotated.loads(old) == {"run": "a-token"}
    app.config["SECRET_KEY_FALLBACKS"] = []
    refused = app.session_interface.get_signing_serializer(app)
    assert refused is not rotated
    with pytest.raises(BadSignature):
        refused.loads(old)
