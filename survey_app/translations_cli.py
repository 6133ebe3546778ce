"""`flask translations ...`: what translators must translate, and how far each language has got.

Only the public side needs translating for young people and families: their pages, the web journey, the
support page, the text messages, the engine's messages and the young people's and families' questionnaires.
Staff, review-team and partner pages stay in English. ``public_strings`` lists exactly those strings, found
the way ``pybabel extract`` finds them, so ``status`` can say what is missing where it matters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po
from flask import current_app
from flask.cli import AppGroup

from survey_app.engine import load_folder
from survey_app.engine.extract import questionnaire_strings
from survey_app.engine.questionnaire import PUBLIC_AUDIENCES
from survey_app.languages import OWN_NAMES

translations_cli = AppGroup("translations", help="What translators must translate, and how far each has got.")

PACKAGE = Path(__file__).resolve().parent
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "lazy_gettext": None}
# Code whose strings young people and families read (paths inside survey_app/).
PUBLIC_CODE = ("web", "sms", "engine", "i18n.py", "languages.py")
PUBLIC_TEMPLATES = ("templates/web", "templates/base.html")
CHECKED_BY = re.compile(r"^#\s*Checked-By:[ \t]*(.*)$", re.MULTILINE)


def _files(parts: tuple[str, ...], pattern: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = PACKAGE / part
        found += sorted(path.rglob(pattern)) if path.is_dir() else [path]
    return found


def _ids(method: str, path: Path) -> list[str]:
    found = []
    for _, message, _, _ in extract_from_file(method, str(path), keywords=KEYWORDS):
        # A plural is found in a catalogue by its singular, its first form.
        found.append(message if isinstance(message, str) else message[0])
    return found


def public_strings(conversations: Path) -> list[str]:
    """Every string young people and families may read, once each, in a stable order."""
    found = [s for path in _files(PUBLIC_CODE, "*.py") for s in _ids("python", path)]
    found += [
        s for path in _files(PUBLIC_TEMPLATES, "*.html") for s in _ids("jinja2.ext:babel_extract", path)
    ]
    for questionnaire in load_folder(conversations).values():
        if questionnaire.audience in PUBLIC_AUDIENCES:
            found += questionnaire_strings(questionnaire)
    return list(dict.fromkeys(s for s in found if s))


@dataclass
class Progress:
    code: str
    translated: int
    fuzzy: int
    missing: int
    public_missing: int
    public_total: int
    checked_by: str


def catalogue_path(folder: Path, code: str) -> Path:
    return folder / code / "LC_MESSAGES" / "messages.po"


def read_catalogue(folder: Path, code: str) -> Catalog:
    with catalogue_path(folder, code).open("rb") as file:
        return read_po(file, locale=code)


def is_done(catalog: Catalog, text: str) -> bool:
    """Translated and not fuzzy: a fuzzy guess is never shown to anyone, so it counts as missing."""
    message = catalog.get(text)
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def progress(folder: Path, code: str, public: list[str]) -> Progress:
    catalog = read_catalogue(folder, code)
    entries = [m for m in catalog if m.id]
    fuzzy = sum(m.fuzzy for m in entries)
    translated = sum(is_done(catalog, m.id) for m in entries)
    checked = CHECKED_BY.search(catalogue_path(folder, code).read_text(encoding="utf-8"))
    return Progress(
        code=code,
        translated=translated,
        fuzzy=fuzzy,
        missing=len(entries) - translated - fuzzy,
        public_missing=sum(not is_done(catalog, text) for text in public),
        public_total=len(public),
        checked_by=checked.group(1).strip() if checked else "",
    )


def _folders() -> tuple[Path, Path]:
    return Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]), Path(
        current_app.config["CONVERSATIONS_DIR"]
    )


def _languages(folder: Path) -> list[str]:
    return [code for code in OWN_NAMES if code != "en" and catalogue_path(folder, code).is_file()]


@translations_cli.command("status")
def status() -> None:
    """Per language: translated, fuzzy and missing strings (all, and the public ones), and who checked it."""
    folder, conversations = _folders()
    public = public_strings(conversations)
    click.echo(
        f"{'language':<10}{'translated':>11}{'fuzzy':>7}{'missing':>9}{'public missing':>16}  checked by"
    )
    for code in _languages(folder):
        p = progress(folder, code, public)
        checked = p.checked_by or "nobody yet: DRAFT"
        click.echo(
            f"{code:<10}{p.translated:>11}{p.fuzzy:>7}{p.missing:>9}"
            f"{f'{p.public_missing} of {p.public_total}':>16}  {checked}"
        )


@translations_cli.command("public-strings")
@click.argument("code", required=False)
def public_strings_command(code: str | None) -> None:
    """List the strings young people and families see; with a language code, only those it still lacks."""
    folder, conversations = _folders()
    public = public_strings(conversations)
    if code:
        if not catalogue_path(folder, code).is_file():
            raise click.UsageError(f"there is no catalogue for '{code}' in {folder}")
        catalog = read_catalogue(folder, code)
        public = [text for text in public if not is_done(catalog, text)]
    for text in public:
        click.echo(text)
