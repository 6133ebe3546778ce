"""Every message handed to gettext in the code is a literal, so Babel extracts it and a translator sees it.

``_(str(error))`` or ``gettext(label)`` looks translated but never is: the text only exists at run time, so
it is in no catalogue. Text that comes from data (a questionnaire file, an engine message marked with
``N_``) goes through ``i18n.translate`` instead, which says so by its name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import survey_app

PACKAGE = Path(survey_app.__file__).parent
# The names the code uses for gettext, and how many leading arguments of each are message text.
MESSAGE_ARGUMENTS = {"_": 1, "_l": 1, "gettext": 1, "lazy_gettext": 1, "ngettext": 2, "lazy_ngettext": 2}


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):  # flask_babel.gettext(...)
        return call.func.attr
    return None


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def non_literal_calls(source: str, filename: str = "<code>") -> list[str]:
    """Each gettext call in ``source`` whose message is not a string literal, as "line: code"."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not isinstance(node, ast.Call):
            continue
        count = MESSAGE_ARGUMENTS.get(_called_name(node))
        if count is None:
            continue
        messages = node.args[:count]
        if len(messages) < count or not all(_is_literal(arg) for arg in messages):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_gettext_call_in_the_app_is_given_anything_but_a_literal():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 100
    problems = {
        str(path.relative_to(PACKAGE)): calls
        for path in modules
        if (calls := non_literal_calls(path.read_text(encoding="utf-8"), str(path)))
    }
    assert problems == {}


def test_the_scan_finds_runtime_text_and_passes_literals():
    source = """
_(str(error))
gettext(self.label)
_l(f"Hello {name}")
_(message, **params)
ngettext("one answer", plural, n)
flask_babel.gettext(text)
_("A literal, %(n)s", n=3)
_l("Two literals " "joined by Python")
ngettext("%(num)d answer", "%(num)d answers", n)
translate(question.text)
"""
    found = non_literal_calls(source)
    assert [line.split(":")[0] for line in found] == ["2", "3", "4", "5", "6", "7"]
