"""Sealing a route back: only the lead's private key and passphrase open it; keygen makes the pair."""

from __future__ import annotations

import json
import stat

import pytest

from survey_app.safeguarding import sealing

PASSPHRASE = "correct horse battery staple"


def test_a_sealed_value_opens_with_the_private_key_and_passphrase(key_pair):
    sealed = sealing.seal(key_pair.public_key, "text me on 07700 900123")
    assert "07700" not in sealed
    assert (
        sealing.open_sealed(sealed, key_pair.encrypted_private_key, PASSPHRASE) == "text me on 07700 900123"
    )


def test_sealing_the_same_text_twice_gives_different_ciphertexts(key_pair):
    assert sealing.seal(key_pair.public_key, "same") != sealing.seal(key_pair.public_key, "same")


def test_a_wrong_passphrase_does_not_open_the_key_file(key_pair):
    sealed = sealing.seal(key_pair.public_key, "secret")
    with pytest.raises(sealing.SealingError) as refused:
        sealing.open_sealed(sealed, key_pair.encrypted_private_key, "not the passphrase")
    assert refused.value.reason == sealing.WRONG_PASSPHRASE


def test_another_leads_key_does_not_open_a_value_sealed_to_this_one(key_pair):
    other = sealing.keygen("another passphrase", opslimit=1, memlimit=8192)
    sealed = sealing.seal(other.public_key, "secret")
    with pytest.raises(sealing.SealingError) as refused:
        sealing.open_sealed(sealed, key_pair.encrypted_private_key, PASSPHRASE)
    assert refused.value.reason == sealing.OTHER_KEY


@pytest.mark.parametrize("key_file", ["", "not json", "{}", '{"format": "something else"}'])
def test_something_that_is_not_a_key_file_is_refused_with_a_reason(key_pair, key_file):
    sealed = sealing.seal(key_pair.public_key, "secret")
    with pytest.raises(sealing.SealingError) as refused:
        sealing.open_sealed(sealed, key_file, PASSPHRASE)
    assert refused.value.reason == sealing.BAD_KEY_FILE


def test_the_key_file_holds_no_private_key_in_the_clear(key_pair):
    key_file = json.loads(key_pair.encrypted_private_key)
    private = sealing.unlock(key_pair.encrypted_private_key, PASSPHRASE)
    assert key_file["kdf"] == "argon2id"
    assert key_file["public_key"] == key_pair.public_key
    assert sealing._b64(bytes(private)) not in key_pair.encrypted_private_key


def test_a_mistyped_public_key_is_refused():
    with pytest.raises(sealing.SealingError):
        sealing.seal("bm90IGEga2V5", "secret")


def test_keygen_writes_an_owner_only_key_file_and_prints_the_public_key(sg_app, tmp_path):
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n")
    out = tmp_path / "lead.key"
    result = sg_app.test_cli_runner().invoke(
        args=["safeguarding", "keygen", "--out", str(out), "--passphrase-file", str(passphrase_file)]
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    public = next(line for line in result.output.splitlines() if line.startswith("SAFEGUARDING_PUBLIC_KEY="))
    public = public.split("=", 1)[1]
    assert sealing.open_sealed(sealing.seal(public, "hello"), out.read_text(), PASSPHRASE) == "hello"
    assert PASSPHRASE not in result.output


def test_keygen_will_not_overwrite_an_existing_key(sg_app, tmp_path):
    out = tmp_path / "lead.key"
    out.write_text("the old key, still needed for old records")
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE)
    result = sg_app.test_cli_runner().invoke(
        args=["safeguarding", "keygen", "--out", str(out), "--passphrase-file", str(passphrase_file)]
    )
    assert result.exit_code != 0
    assert out.read_text() == "the old key, still needed for old records"


def test_keygen_asks_for_the_passphrase_twice(sg_app, tmp_path):
    out = tmp_path / "lead.key"
    typed = f"{PASSPHRASE}\n{PASSPHRASE}\n"
    result = sg_app.test_cli_runner().invoke(args=["safeguarding", "keygen", "--out", str(out)], input=typed)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["format"] == sealing.KEY_FILE_FORMAT


def test_keygen_refuses_a_short_passphrase(sg_app, tmp_path):
    out = tmp_path / "lead.key"
    result = sg_app.test_cli_runner().invoke(
        args=["safeguarding", "keygen", "--out", str(out)], input="short\nshort\n"
    )
    assert result.exit_code != 0
    assert not out.exists()
