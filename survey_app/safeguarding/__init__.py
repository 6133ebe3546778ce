"""Safeguarding: the detector, support for the young person, sealed concern records, the lead's queue."""

from __future__ import annotations

import logging
import os

from flask import Flask

log = logging.getLogger(__name__)


def _check_public_key(app: Flask) -> None:
    """A mistyped key would only show when a young person's contact details could not be sealed: fail now."""
    from survey_app.config import MissingSetting
    from survey_app.safeguarding import sealing

    key = app.config.get("SAFEGUARDING_PUBLIC_KEY")
    if not key:
        if app.config.get("APP_ENV") == "production":
            log.error("SAFEGUARDING_PUBLIC_KEY is not set: routes back given by young people cannot be kept")
        return
    try:
        sealing.public_key(key)
    except sealing.SealingError as error:
        raise MissingSetting(f"SAFEGUARDING_PUBLIC_KEY is not a valid key ({error}). Run keygen.") from error


def init_app(app: Flask) -> None:
    from survey_app.admin import retention

    # reading_views adds its pages to the queue's blueprint, so it loads before that registers.
    from survey_app.safeguarding import concerns, development_key, passing, queue, reading_list, reading_views
    from survey_app.safeguarding.cli import safeguarding_cli
    from survey_app.safeguarding.keys_cli import keygen
    from survey_app.safeguarding.worker import notify_worker

    # Safe to call twice (the app factory and a test may both do it): Flask refuses a second blueprint.
    if "safeguarding" in app.blueprints:
        return
    del reading_views
    development_key.ensure(app)
    _check_public_key(app)
    app.config.setdefault("SAFEGUARDING_PRIVATE_KEY_FILE", os.environ.get("SAFEGUARDING_PRIVATE_KEY_FILE"))
    app.register_blueprint(queue.bp)
    app.register_blueprint(passing.bp)
    # Concerns and the reading list are destroyed with their questionnaire at the end of the review.
    retention.register_purger(concerns.purge_questionnaire, "concerns")
    retention.register_purger(reading_list.purge_questionnaire, "reading_list")
    safeguarding_cli.add_command(keygen)
    safeguarding_cli.add_command(notify_worker)
    app.cli.add_command(safeguarding_cli)
