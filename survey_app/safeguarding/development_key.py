"""Out of the box: a development key pair, so a fresh ``make run`` can keep a route back.

Without SAFEGUARDING_PUBLIC_KEY a route back cannot be sealed, and a young person who asked for contact
would read "Sorry, we could not save that". Outside production the app therefore makes a throwaway key pair
in the instance folder the first time it starts, uses its public key, and logs where the private key file
and its passphrase are. Production never does this: it refuses to start without the lead's own key
(config.REQUIRED_IN_PRODUCTION), because a key the server made is a key the server could open.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Flask

from survey_app.safeguarding import sealing

log = logging.getLogger(__name__)

PUBLIC_FILE = "safeguarding-dev-public-key.txt"
PRIVATE_FILE = "safeguarding-dev-private-key.json"
PASSPHRASE_FILE = "safeguarding-dev-passphrase.txt"  # noqa: S105 - a file name, not a secret


def _write_private(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def make(folder: Path) -> str:
    """The development public key from ``folder``, making the pair there first if it is not there yet."""
    public = folder / PUBLIC_FILE
    if public.is_file():
        return public.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    passphrase = secrets.token_urlsafe(18)
    pair = sealing.keygen(passphrase)
    _write_private(folder / PASSPHRASE_FILE, passphrase + "\n")
    _write_private(folder / PRIVATE_FILE, pair.encrypted_private_key)
    public.write_text(pair.public_key + "\n", encoding="utf-8")
    return pair.public_key


def ensure(app: Flask) -> None:
    """Use (or make) the development key when no key is configured, outside production and tests."""
    if app.config.get("SAFEGUARDING_PUBLIC_KEY") or app.config.get("APP_ENV") == "production":
        return
    if app.config.get("TESTING") and not app.config.get("SAFEGUARDING_DEVELOPMENT_KEY"):
        return
    folder = Path(app.config.get("SAFEGUARDING_DEVELOPMENT_KEY_DIR") or app.instance_path)
    app.config["SAFEGUARDING_PUBLIC_KEY"] = make(folder)
    log.warning(
        "No SAFEGUARDING_PUBLIC_KEY: using a development key. Private key file: %s, passphrase in: %s. "
        "Never use it in production.",
        folder / PRIVATE_FILE,
        folder / PASSPHRASE_FILE,
    )
