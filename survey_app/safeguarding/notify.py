"""Telling the safeguarding lead that a concern is waiting: a webhook and/or an e-mail.

The message says only that a concern is waiting and its tier. Webhooks and e-mail pass through other
people's servers and inboxes, so no words, no questionnaire, no area, no contact details ever go in it.

Nothing here is called while a young person waits: a notice is written to the outbox in the same
transaction as the concern (``outbox``), and the notify worker sends it from there, retrying with back-off.
A failure never loses the concern (the queue shows it whatever happens here). Failures are logged by kind
only.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage

from flask_babel import force_locale, gettext

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Message:
    tier: str
    subject: str
    body: str
    event: str = "concern_waiting"

    def payload(self) -> bytes:
        return json.dumps({"event": self.event, "tier": self.tier}).encode("utf-8")


@dataclass(frozen=True)
class Settings:
    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    email_to: str | None = None
    email_from: str = "no-reply@localhost"

    @classmethod
    def from_config(cls, config: dict) -> Settings:
        return cls(
            webhook_url=config.get("NOTIFY_WEBHOOK_URL"),
            smtp_host=config.get("SMTP_HOST"),
            smtp_port=int(config.get("SMTP_PORT") or 587),
            smtp_user=config.get("SMTP_USER"),
            smtp_password=config.get("SMTP_PASSWORD"),
            email_to=config.get("NOTIFY_EMAIL_TO"),
            email_from=config.get("NOTIFY_EMAIL_FROM") or "no-reply@localhost",
        )


def message(tier: str, queue_url: str | None, locale: str = "en") -> Message:
    """The words of a notification, in the staff's language (not that of the young person's request)."""
    with force_locale(locale):
        subject = gettext("A safeguarding concern is waiting (%(tier)s)", tier=tier)
        body = gettext("A safeguarding concern is waiting in the queue. Tier: %(tier)s.", tier=tier)
        if queue_url:
            body += "\n\n" + gettext("Sign in to see it: %(url)s", url=queue_url)
    return Message(tier, subject, body + "\n")


def overdue_message(queue_url: str | None, locale: str = "en") -> Message:
    """Answers on the reading list have waited past their service level: again, no words, only that."""
    with force_locale(locale):
        subject = gettext("Answers on the safeguarding reading list are overdue")
        body = gettext("Some answers on the safeguarding reading list have waited longer than they should.")
        if queue_url:
            body += "\n\n" + gettext("Sign in to read them: %(url)s", url=queue_url)
    return Message("", subject, body + "\n", event="reading_overdue")


def post_webhook(url: str, msg: Message) -> None:
    if not url.startswith(("https://", "http://")):
        raise ValueError("NOTIFY_WEBHOOK_URL must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=msg.payload(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
        response.read()


def send_email(settings: Settings, msg: Message) -> None:
    email = EmailMessage()
    email["Subject"], email["From"], email["To"] = msg.subject, settings.email_from, settings.email_to
    email.set_content(msg.body)
    smtp_class = smtplib.SMTP_SSL if settings.smtp_port == 465 else smtplib.SMTP
    with smtp_class(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
        if settings.smtp_user:
            # Never send the password in the clear: starttls raises if the server cannot do TLS.
            if smtp_class is smtplib.SMTP:
                smtp.starttls()
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(email)


def deliver(settings: Settings, msg: Message) -> list[str]:
    """Send by every configured route; returns the routes that failed. Never raises.

    With no route configured nothing is sent and nothing failed: the queue itself still shows the concern."""
    failed = []
    routes = []
    if settings.webhook_url:
        routes.append(("webhook", lambda: post_webhook(settings.webhook_url, msg)))
    if settings.smtp_host and settings.email_to:
        routes.append(("email", lambda: send_email(settings, msg)))
    for name, send in routes:
        try:
            send()
        except Exception as error:  # noqa: BLE001 - any failure is logged and the concern stays queued
            # The kind of failure only: an exception's text could carry a server's reply or an address.
            log.warning("Concern notification by %s failed (%s)", name, type(error).__name__)
            failed.append(name)
    if not routes:
        log.warning("A concern is waiting but no notification route is set (NOTIFY_WEBHOOK_URL or SMTP_HOST)")
    return failed
