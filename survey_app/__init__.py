"""The survey app: create_app() wires configuration, extensions, channels and commands. Nothing else, except
that a served app loads before its first request what that request would otherwise wait for."""

from __future__ import annotations

from flask import Flask

from survey_app import config, db, i18n, questionnaires, security
from survey_app.models import register_models


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    register_models()
    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    questionnaires.init_app(app)
    _register_channels(app)
    _register_commands(app)
    _warm_up(app)
    return app


def _register_channels(app: Flask) -> None:
    from survey_app import admin, partners, safeguarding, sms, web

    for channel in (web, sms, admin, safeguarding, partners):
        channel.init_app(app)


def _register_commands(app: Flask) -> None:
    from survey_app import commands

    commands.init_app(app)


def _warm_up(app: Flask) -> None:
    from survey_app.web import warm_up

    if warm_up.serves_visitors(app):
        warm_up.before_first_visitor(app)
