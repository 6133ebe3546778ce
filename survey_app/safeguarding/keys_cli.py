"""``flask --app survey_app safeguarding keygen``: the safeguarding lead's key pair.

Run by the lead on their own machine. The private key file stays with them (and a backup somewhere safe);
only the printed public key goes into the app's environment as SAFEGUARDING_PUBLIC_KEY. Losing the file or
the passphrase means sealed routes back can no longer be opened: nobody, including us, can recover them.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from survey_app.safeguarding import sealing

MIN_PASSPHRASE = 12


def _read_passphrase(passphrase_file: Path | None) -> str:
    if passphrase_file is not None:
        return passphrase_file.read_text(encoding="utf-8").rstrip("\r\n")
    return click.prompt("Passphrase for the private key", hide_input=True, confirmation_prompt=True)


def _write_private(path: Path, text: str) -> None:
    """Create the file with owner-only permissions from the start, never widening them afterwards."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


@click.command("keygen")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the encrypted private key (must not exist yet).",
)
@click.option(
    "--passphrase-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the passphrase from this file instead of asking (for scripts and tests).",
)
def keygen(out: Path, passphrase_file: Path | None) -> None:
    """Make the safeguarding lead's key pair: an encrypted private key file and a public key to configure."""
    if out.exists():
        raise click.ClickException(
            f"{out} already exists: choose another path (an old key may still be needed)."
        )
    passphrase = _read_passphrase(passphrase_file)
    if len(passphrase) < MIN_PASSPHRASE:
        raise click.ClickException(f"Use a passphrase of at least {MIN_PASSPHRASE} characters.")
    pair = sealing.keygen(passphrase)
    _write_private(out, pair.encrypted_private_key)
    click.echo(f"Private key written to {out} (readable by you only). Keep it, and the passphrase, safe.")
    click.echo("Set this in the app's environment:")
    click.echo(f"SAFEGUARDING_PUBLIC_KEY={pair.public_key}")
