"""A rules file is compiled once per process for each text it has had: a changed file is never served from
an old compile, and the same text is not compiled twice."""

from __future__ import annotations

import gc

import pytest
import yaml

from survey_app.safeguarding import rules
from survey_app.safeguarding.rules import RULES_FILE, RulesError, load_rules

PACKAGED = RULES_FILE.read_text(encoding="utf-8")


def small_rules(version: str, first_pattern: str | None = None) -> str:
    """The packaged file cut to two rules and two idioms: every section still there, quick to compile."""
    data = yaml.safe_load(PACKAGED)
    data["version"], data["rules"], data["idioms"] = version, data["rules"][:2], data["idioms"][:2]
    if first_pattern is not None:
        data["rules"][0]["patterns"] = [first_pattern]
    return yaml.safe_dump(data, allow_unicode=True)


def test_a_rules_file_changed_since_it_was_compiled_is_compiled_afresh(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(small_rules("first"), encoding="utf-8")
    first = load_rules(path)
    path.write_text(small_rules("second"), encoding="utf-8")

    assert load_rules(path).version == "second"
    path.write_text(small_rules("first"), encoding="utf-8")
    assert load_rules(path) is first


def test_the_same_rules_under_another_name_are_not_compiled_again(tmp_path):
    text = small_rules("shared")
    (tmp_path / "one.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "two.yaml").write_text(text, encoding="utf-8")

    assert load_rules(tmp_path / "one.yaml") is load_rules(tmp_path / "two.yaml")


def test_only_the_latest_few_compiled_rule_sets_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "_COMPILED", {})
    monkeypatch.setattr(rules, "KEEP_COMPILED", 2)
    for version in ("1", "2", "3"):
        (tmp_path / f"{version}.yaml").write_text(small_rules(version), encoding="utf-8")
        load_rules(tmp_path / f"{version}.yaml")

    assert [compiled.version for compiled in rules._COMPILED.values()] == ["2", "3"]


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collector_is_left_as_it_was_after_a_refused_file(tmp_path, collecting):
    path = tmp_path / "rules.yaml"
    path.write_text(small_rules("broken", first_pattern="self ((harm"), encoding="utf-8")
    if not collecting:
        gc.disable()
    try:
        with pytest.raises(RulesError, match="not valid"):
            load_rules(path)
        assert gc.isenabled() is collecting
    finally:
        gc.enable()


def test_the_words_of_the_file_are_the_words_of_its_sections_together():
    """The vocabularies are read section by section: the same words as the whole file written out."""
    data = rules._Source.parse(RULES_FILE, PACKAGED).data
    everything, without_slang = rules._vocabularies(data)

    assert everything == rules._words(yaml.safe_dump(data))
    assert without_slang == rules._words(yaml.safe_dump({k: v for k, v in data.items() if k != "slang"}))
