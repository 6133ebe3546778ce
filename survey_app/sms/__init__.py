"""The text-message channel: the Twilio webhook for SMS and WhatsApp, the outbound client, the simulator."""

from flask import Blueprint, Flask

bp = Blueprint("sms", __name__, static_folder="static", static_url_path="/sms/static")


def init_app(app: Flask) -> None:
    from survey_app.security import csrf
    from survey_app.sms import cli, outbound, sender_limit, simulator, views

    # Twilio cannot send a CSRF token; its requests carry a signature instead, checked in each view.
    csrf.exempt(views.inbound_message)
    csrf.exempt(views.delivery_status)
    app.extensions["sms_client"] = outbound.make_client(app.config)
    sender_limit.init_app(app)
    app.register_blueprint(bp)
    if app.config["APP_ENV"] != "production":  # in production the simulator is not there at all...
        simulator.register(app)
    simulator.register_preview(app)  # ...but for walking a draft by a preview link, which stores nothing
    app.cli.add_command(cli.sms_cli)
