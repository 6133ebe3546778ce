"""Configuration: safe defaults in development, no defaults for secrets in production."""

import pytest

from survey_app import config, create_app
from survey_app.safeguarding.sealing import keygen


def test_production_refuses_to_start_without_secrets_and_names_them(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    for name in config.REQUIRED_IN_PRODUCTION:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PHONE_HASH_KEY", "set")
    with pytest.raises(config.MissingSetting) as refused:
        create_app()
    assert "SECRET_KEY" in str(refused.value)
    assert "TWILIO_AUTH_TOKEN" in str(refused.value)
    assert "SAFEGUARDING_PUBLIC_KEY" in str(refused.value)
    assert "PHONE_HASH_KEY" not in str(refused.value)


def test_production_starts_with_secrets_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    for name in config.SECRETS:
        monkeypatch.setenv(name, f"real-{name}")
    monkeypatch.setenv("SAFEGUARDING_PUBLIC_KEY", keygen("a passphrase").public_key)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    app = create_app()
    assert app.config["SECRET_KEY"] == "real-SECRET_KEY"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SMS_CLIENT"] == "twilio"


def test_development_defaults_to_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("APP_ENV", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URL"] == f"sqlite:///{app.instance_path}/survey.db"


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_are_given_the_psycopg_driver(monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config.database_url("/x") == "postgresql+psycopg://u@h/db"
