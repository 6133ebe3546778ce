"""The house's floor plan, read from the import graph: which rooms may reach into which.

Every ``import`` in survey_app, lazy ones inside functions included, is read with ``ast``: an import hidden in
a function still ties two modules together, it only hides the tie from a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import survey_app

PACKAGE = Path(survey_app.__file__).parent
FRAMEWORKS = {"flask", "flask_babel", "flask_wtf", "sqlalchemy", "sqlmodel", "alembic", "twilio"}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package: Path = PACKAGE) -> set[str]:
    """Every module name a file imports, with ``from a import b`` giving both ``a`` and ``a.b``."""
    here = module_name(path, package).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    return {module_name(path, package): imports_of(path, package) for path in sorted(package.rglob("*.py"))}


def room(module: str) -> str | None:
    """The package a module is in (``survey_app.admin.home`` is in ``admin``); None for top-level modules."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else None


def reaches(graph: dict[str, set[str]], source: str, targets: set[str]) -> list[str]:
    """'module imports name' for every import from a module in room ``source`` into one of ``targets``."""
    return sorted(
        f"{module} imports {name}"
        for module, names in graph.items()
        if room(module) == source
        for name in names
        if name.startswith("survey_app.") and room(name) in targets
    )


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_review_teams_views_never_reach_into_the_website_or_the_text_messages(graph):
    assert reaches(graph, "admin", {"web", "sms"}) == []


def test_the_engine_imports_nothing_from_the_rest_of_the_app(graph):
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} - {"engine"}
    assert reaches(graph, "engine", rooms) == []
    # Nor from the top-level modules (config, db, models ...), which know about Flask and the database.
    top = [
        f"{module} imports {name}"
        for module, names in graph.items()
        if room(module) == "engine"
        for name in names
        if name.startswith("survey_app.") and room(name) is None and name != "survey_app"
    ]
    assert top == []


def test_the_engine_imports_no_web_framework_or_database(graph):
    found = {
        f"{module} imports {name}"
        for module, names in graph.items()
        if room(module) == "engine"
        for name in names
        if name.split(".")[0] in FRAMEWORKS
    }
    assert found == set()


def test_staff_accounts_know_nothing_of_the_pages_that_use_them(graph):
    assert reaches(graph, "staff", {"admin", "partners", "web", "sms"}) == []


def test_no_module_imports_another_rooms_views(graph):
    """Views are where a request ends: a constant or helper another room needs lives beside the domain code
    (safeguarding's pass button once reached into the review team's page for its page size). Only a
    package's ``__init__``, which registers views on the app, may name them."""
    wiring = {module for module in graph if module.count(".") <= 1}
    found = [
        f"{module} imports {name}"
        for module, names in graph.items()
        if module not in wiring
        for name in names
        if name.startswith("survey_app.")
        and name.rsplit(".", 1)[-1].endswith("_views")
        and room(name) != room(module)
    ]
    assert found == []


def test_the_rules_notice_a_forbidden_import_even_inside_a_function(tmp_path):
    package = tmp_path / "survey_app"
    for folder in ("admin", "engine", "web"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "admin" / "page.py").write_text(
        "def f():\n    from survey_app.web import entry\n    from ..web.visit import area\n", encoding="utf-8"
    )
    (package / "engine" / "core.py").write_text("import flask\nfrom .. import admin\n", encoding="utf-8")
    graph = import_graph(package)
    assert graph["survey_app.admin.page"] >= {"survey_app.web.entry", "survey_app.web.visit.area"}
    assert graph["survey_app.engine.core"] >= {"flask", "survey_app.admin"}
    assert reaches(graph, "admin", {"web"}) == [
        "survey_app.admin.page imports survey_app.web",
        "survey_app.admin.page imports survey_app.web.entry",
        "survey_app.admin.page imports survey_app.web.visit",
        "survey_app.admin.page imports survey_app.web.visit.area",
    ]
