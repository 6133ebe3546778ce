"""Configuration from the environment, over defaults that are safe to publish.

Development gets throwaway secrets so `make run` works on a fresh machine. Production (APP_ENV=production)
gets none: the app refuses to start and says which setting is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

from survey_app import trusted_proxies

ROOT = Path(__file__).resolve().parent.parent
SECRETS = ("SECRET_KEY", "PHONE_HASH_KEY", "TWILIO_AUTH_TOKEN")
# Not secret, but without it a young person's route back could not be sealed to the safeguarding lead.
REQUIRED_IN_PRODUCTION = (*SECRETS, "SAFEGUARDING_PUBLIC_KEY")
DEVELOPMENT_SECRET = "development-only-not-secret"  # noqa: S105 - refused in production below


class MissingSetting(RuntimeError):
    pass


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'survey.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def from_environment(instance_path: str) -> dict:
    production = os.environ.get("APP_ENV", "development") == "production"
    missing = [name for name in REQUIRED_IN_PRODUCTION if production and not os.environ.get(name)]
    if missing:
        raise MissingSetting(
            "Refusing to start in production without: "
            + ", ".join(missing)
            + ". Set them in the environment."
        )
    config = {name: os.environ.get(name, DEVELOPMENT_SECRET) for name in SECRETS}
    config.update(
        APP_ENV="production" if production else "development",
        SQLALCHEMY_DATABASE_URL=database_url(instance_path),
        CONVERSATIONS_DIR=os.environ.get("CONVERSATIONS_DIR", str(ROOT / "conversations")),
        PUBLIC_URL=os.environ.get("PUBLIC_URL", "").rstrip("/") or None,
        TWILIO_ACCOUNT_SID=os.environ.get("TWILIO_ACCOUNT_SID"),
        TWILIO_FROM_NUMBER=os.environ.get("TWILIO_FROM_NUMBER"),
        # WhatsApp senders are often a different number from SMS; defaults to TWILIO_FROM_NUMBER.
        TWILIO_WHATSAPP_FROM=os.environ.get("TWILIO_WHATSAPP_FROM"),
        SMS_CLIENT="twilio" if production else os.environ.get("SMS_CLIENT", "fake"),
        RESUME_DAYS=_int("RESUME_DAYS", 7),
        SMS_INACTIVITY_DAYS=_int("SMS_INACTIVITY_DAYS", 7),
        CLOSE_GRACE_DAYS=_int("CLOSE_GRACE_DAYS", 7),
        # Texts this close to a free-text answer are the rest of it (a long answer split over texts).
        SMS_JOIN_SECONDS=_int("SMS_JOIN_SECONDS", 5),
        # A text still waiting this long after it arrived lost its webhook (it was told "text it again"):
        # it is set aside, never answered late as the answer to a question asked since.
        SMS_SET_ASIDE_SECONDS=_int("SMS_SET_ASIDE_SECONDS", 5),
        EXPORT_K=_int("EXPORT_K", 5),
        EXPORT_DIR=os.environ.get("EXPORT_DIR", str(Path(instance_path) / "exports")),
        REPORT_CHROMIUM=os.environ.get("REPORT_CHROMIUM", "/usr/bin/chromium"),  # prints area reports to PDF
        STAFF_IDLE_MINUTES=_int("STAFF_IDLE_MINUTES", 30),
        NOTIFY_WEBHOOK_URL=os.environ.get("NOTIFY_WEBHOOK_URL"),
        SMTP_HOST=os.environ.get("SMTP_HOST"),
        SMTP_PORT=_int("SMTP_PORT", 587),
        SMTP_USER=os.environ.get("SMTP_USER"),
        SMTP_PASSWORD=os.environ.get("SMTP_PASSWORD"),
        NOTIFY_EMAIL_TO=os.environ.get("NOTIFY_EMAIL_TO"),
        NOTIFY_EMAIL_FROM=os.environ.get("NOTIFY_EMAIL_FROM", "no-reply@localhost"),
        SAFEGUARDING_PUBLIC_KEY=os.environ.get("SAFEGUARDING_PUBLIC_KEY"),
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=_int("SESSION_MINUTES", 60) * 60,
        MAX_CONTENT_LENGTH=256 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        # The strict HTTPS check needs a Referer, which our no-referrer policy never sends: it would refuse
        # every form behind the TLS proxy. security.SameOriginCSRF checks the origin instead.
        WTF_CSRF_SSL_STRICT=False,
        BABEL_DEFAULT_LOCALE="en",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        TRUST_PROXY_HOPS=_int("TRUST_PROXY_HOPS", 1),
        # X-Forwarded-* count only from a peer in these networks (survey_app/trusted_proxies.py).
        TRUSTED_PROXIES=os.environ.get("TRUSTED_PROXIES", trusted_proxies.DEFAULT),
        # Resume-code guesses are counted here, shared by every worker and server (redis:// in production).
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        RATELIMIT_KEY_PREFIX=os.environ.get("RATELIMIT_KEY_PREFIX", "survey"),
        RESUME_ATTEMPTS=os.environ.get("RESUME_ATTEMPTS", "10 per hour"),
        RESUME_ATTEMPTS_OVERALL=os.environ.get("RESUME_ATTEMPTS_OVERALL", "1000 per hour"),
        # Texts one sender may have answered (each answer is a paid text out): sms/sender_limit.py.
        SMS_SENDER_LIMIT=os.environ.get("SMS_SENDER_LIMIT", "40 per 10 minutes;400 per day"),
        # A shared device: a visit with nothing done for this long ends, with a warning first.
        VISIT_IDLE_MINUTES=float(os.environ.get("VISIT_IDLE_MINUTES", 20)),
        # Where quick exit goes: a neutral site elsewhere, so the survey is not in the tab any more.
        QUICK_EXIT_URL=os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather"),
    )
    return config
