"""E-mail to partners (invitations, submission receipts) through the SMTP settings the notifications use.

The mailer is kept on the app so tests can put a fake in its place; nothing is sent without SMTP_HOST.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


class SmtpMailer:
    def __init__(self, config: dict) -> None:
        self.host, self.port = config.get("SMTP_HOST"), int(config.get("SMTP_PORT") or 587)
        self.user, self.password = config.get("SMTP_USER"), config.get("SMTP_PASSWORD")
        self.sender = config.get("NOTIFY_EMAIL_FROM") or "no-reply@localhost"

    def send(self, to: str, subject: str, body: str) -> bool:
        if not self.host:
            log.warning("A partner e-mail was not sent: SMTP_HOST is not set")
            return False
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        smtp_class = smtplib.SMTP_SSL if self.port == 465 else smtplib.SMTP
        try:
            with smtp_class(self.host, self.port, timeout=15) as smtp:
                if smtp_class is smtplib.SMTP and self.port != 25:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException):
            log.exception("A partner e-mail could not be sent")
            return False
        return True


def mailer():
    return current_app.extensions["partner_mailer"]


def send(to: str, subject: str, body: str) -> bool:
    return mailer().send(to, subject, body)
