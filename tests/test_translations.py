"""Every user-facing string goes through gettext, questionnaire text included; the catalogue is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations" / "messages.pot"


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }


def test_the_catalogue_template_holds_every_string_in_the_code_templates_and_questionnaires(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "pyproject.toml",
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    missing = _msgids(fresh) - _msgids(CATALOGUE)
    assert not missing, (
        f"run `make translations`: {len(missing)} strings not in the catalogue, e.g. {sorted(missing)[:3]}"
    )


def test_questionnaire_text_is_in_the_catalogue():
    ids = _msgids(CATALOGUE)
    assert "Is anything making you feel unsafe right now?" in ids
