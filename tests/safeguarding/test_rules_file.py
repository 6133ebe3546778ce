"""A broken safeguarding rules file is refused with the file, the line and the rule, in its editors' words."""

from __future__ import annotations

import re

import pytest

from survey_app.safeguarding.rules import RULES_FILE, RulesError, load_rules

TEXT = RULES_FILE.read_text(encoding="utf-8")


def refusal(tmp_path, old: str, new: str) -> str:
    assert old in TEXT
    changed = TEXT.replace(old, new, 1)
    path = tmp_path / "rules.yaml"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    return str(caught.value)


def line_of(text: str) -> int:
    """The line of the first place ``text`` is in the shipped file."""
    return TEXT[: TEXT.index(text)].count("\n") + 1


def test_a_misspelt_field_in_a_rule_names_the_file_line_rule_and_the_name_meant(tmp_path):
    message = refusal(tmp_path, "    tier: urgent\n", "    teir: urgent\n")
    line = line_of("    tier: urgent\n")
    assert message == (
        f"rules.yaml: line {line} (rule suicide.intent, teir): unknown field 'teir': did you mean 'tier'?"
    )


def test_an_unknown_category_names_its_line_and_the_categories_there_are(tmp_path):
    message = refusal(tmp_path, "category: suicide\n", "category: sadness\n")
    assert re.match(
        r"rules\.yaml: line \d+ \(rule suicide\.intent, category\): category must be one of: ", message
    )
    assert "self_harm" in message


def test_a_broken_pattern_names_the_line_of_the_pattern(tmp_path):
    message = refusal(tmp_path, "'self (harm|", "'self ((harm|")
    line = line_of("'self (harm|")
    assert message.startswith(f"rules.yaml: line {line} (rule self_harm.named, patterns[0]): pattern ")
    assert "is not valid" in message


def test_a_context_window_that_is_not_a_number_says_so_at_its_line(tmp_path):
    message = refusal(tmp_path, "    window: 5", "    window: five")
    where = f"line {line_of('    window: 5')} (context.negation.window)"
    assert message == f"rules.yaml: {where}: 'window' must be a whole number"


def test_a_word_given_twice_in_the_slang_table_is_refused_with_its_line(tmp_path):
    message = refusal(tmp_path, "  kms: kill myself\n", "  kms: kill myself\n  kms: kill me\n")
    assert message == f"rules.yaml: line {line_of('  kms: kill myself') + 1}: 'kms' is given twice"
