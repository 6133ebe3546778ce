"""The sms blueprint."""

from flask import Blueprint, Flask

bp = Blueprint("sms", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
