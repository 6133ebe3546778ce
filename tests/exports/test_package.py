"""The export library stays pure: only the four modules that gather a download from the database may use
Flask or the database; the file formats, scrubbing, banding and coding know nothing of either. And clear
errors for bad column names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import survey_app.exports
from survey_app.exports.table import Column, Table

FORBIDDEN = (
    "flask",
    "sqlmodel",
    "sqlalchemy",
    "psycopg",
    "survey_app.db",
    "survey_app.models",
    "survey_app.web",
)


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


# Where a download is gathered: the table of stored files, the rows read from the database, the read-only
# connection they come through, and the assembly that audits and writes the file.
GATHERING = {"models.py", "source.py", "reading.py", "downloads.py"}


def test_no_export_module_but_the_gathering_ones_imports_flask_or_the_database():
    package = Path(survey_app.exports.__file__).parent
    for path in package.glob("*.py"):
        if path.name in GATHERING:
            continue
        for module in _imported_modules(path):
            assert not module.startswith(FORBIDDEN), f"{path.name} imports {module}"


@pytest.mark.parametrize("name", ["1q", "q 1", "q1.", "q-1", "x" * 65, "with", "", "@q1"])
def test_a_column_name_spss_would_refuse_is_refused_for_every_format(name):
    with pytest.raises(ValueError):
        Column(name, "A label")


def test_column_names_differing_only_in_case_are_refused():
    with pytest.raises(ValueError, match="used twice"):
        Table([Column("Q1", "First"), Column("q1", "Second")])


def test_free_text_columns_cannot_have_value_labels():
    with pytest.raises(ValueError, match="free text"):
        Column("comment", "Comment", kind="text", value_labels={"1": "Yes"})


def test_a_column_kind_must_be_code_or_text():
    with pytest.raises(ValueError, match="kind"):
        Column("q1", "Q1", kind="number")  # type: ignore[arg-type]
