"""Fixtures for co-design, open and close dates and invitations: staff clients, a signed-webhook phone, and
a way to set a questionnaire's dates explicitly (the journey tests' keep_open clears them)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.admin.conftest import client_as, db, fast_password_hashing, make_staff  # noqa: F401
from tests.sms.texting import AUTH_TOKEN, PHONE_HASH_KEY, Phone, flask_poster


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PHONE_HASH_KEY": PHONE_HASH_KEY,
        "PUBLIC_URL": None,
        "WTF_CSRF_ENABLED": False,
    }


@pytest.fixture
def phone(client) -> Phone:
    return Phone(flask_poster(client))


@pytest.fixture
def set_dates(app):
    """Give a questionnaire file dates relative to today: ``set_dates("leaving-care", opens=3)``."""

    def change(questionnaire_id: str, *, opens: int | None = None, closes: int | None = None):
        today = dt.datetime.now(dt.UTC).date()
        current = app.extensions["questionnaires"].current
        current[questionnaire_id] = dataclasses.replace(
            current[questionnaire_id],
            opens=None if opens is None else today + dt.timedelta(days=opens),
            closes=None if closes is None else today + dt.timedelta(days=closes),
        )
        return current[questionnaire_id]

    return change
