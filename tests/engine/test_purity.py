"""The engine stays pure Python: no web framework, no database, no SMS provider (except its CLI)."""

from __future__ import annotations

import ast
from pathlib import Path

import survey_app.engine

FORBIDDEN = {"flask", "flask_babel", "flask_wtf", "sqlalchemy", "sqlmodel", "alembic", "twilio"}
ENGINE = Path(survey_app.engine.__file__).parent


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_engine_module_but_the_cli_imports_flask_a_database_or_twilio():
    # Every module, the answer types' package included.
    modules = sorted(p for p in ENGINE.rglob("*.py") if p.name != "cli.py")
    assert len(modules) >= 10
    offending = {p.name: imported_packages(p) & FORBIDDEN for p in modules}
    assert {name: found for name, found in offending.items() if found} == {}


def test_the_import_walk_would_notice_a_forbidden_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "def f():\n    from flask import current_app\n    import twilio.rest\n", encoding="utf-8"
    )
    assert imported_packages(module) & FORBIDDEN == {"flask", "twilio"}
