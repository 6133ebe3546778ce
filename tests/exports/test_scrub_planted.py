"""The scrubber on realistic answers: 130 answers with over 200 planted names, places, phone numbers, emails,
postcodes and addresses (some in lower case) lose every one, and ordinary answers keep their words."""

from __future__ import annotations

import difflib
import importlib
import json
import re
from pathlib import Path

import pytest

from survey_app.exports.scrub import scrub

HERE = Path(__file__).parent
PLANTED = [json.loads(line) for line in (HERE / "planted_answers.jsonl").open(encoding="utf-8")]
ORDINARY = [
    json.loads(line)["text"]
    for line in (HERE.parent / "safeguarding" / "ordinary_answers.jsonl").open(encoding="utf-8")
]


def still_there(planted: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(planted)}(?!\w)", text, re.IGNORECASE) is not None


def test_the_corpus_plants_at_least_a_hundred_details_some_in_lower_case():
    details = [item for answer in PLANTED for item in answer["planted"]]
    assert len(details) >= 100
    assert sum(1 for item in details if item.islower()) >= 20


@pytest.mark.parametrize("answer", PLANTED, ids=lambda answer: answer["text"][:40])
def test_no_planted_detail_survives_the_scrubber(answer):
    scrubbed = scrub(answer["text"])
    assert [item for item in answer["planted"] if still_there(item, scrubbed)] == [], scrubbed


def removed_words(text: str) -> int:
    before, after = text.split(), scrub(text).split()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return sum(end - start for op, start, end, _, _ in matcher.get_opcodes() if op in ("replace", "delete"))


def test_at_most_two_percent_of_the_words_of_ordinary_answers_are_removed():
    words = sum(len(text.split()) for text in ORDINARY)
    assert words > 2000
    assert sum(removed_words(text) for text in ORDINARY) / words <= 0.02


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring me on 07700 900123 - Jamie Smith", "Ring me on [phone] - [name]"),
        ("thanks, Jamie", "thanks, [name]"),
        ("love from Chloe x", "love from [name] x"),
        ("Im Kayleigh from Dundee", "Im [name] from [place]"),
        ("I live in Lochee", "I live in [place]"),
        ("im kayleigh from dundee", "im [name] from [place]"),
        ("thanks for listening, it helped", "thanks for listening, it helped"),
        ("I'm happy where I am now", "I'm happy where I am now"),
        ("thanks will help a lot", "thanks will help a lot"),
    ],
)
def test_names_and_places_are_found_by_the_words_around_them(text, expected):
    assert scrub(text) == expected


def _every_answer_we_have() -> list[str]:
    from survey_app.admin.demo import GENDER_WORDS, TEXTS

    texts = [*TEXTS, *GENDER_WORDS, *ORDINARY, *(answer["text"] for answer in PLANTED)]
    for path in sorted((HERE.parent / "safeguarding").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return texts


def test_the_quick_gates_never_change_what_the_scrubber_removes(monkeypatch):
    scrub_module = importlib.import_module("survey_app.exports.scrub")
    texts = _every_answer_we_have()
    assert len(texts) > 1000
    gated = [scrub(text) for text in texts]
    assert sum(check is not None for _rule, check in scrub_module._GATED) >= 8
    monkeypatch.setattr(scrub_module, "_GATED", tuple((rule, None) for rule in scrub_module._RULES))
    assert [scrub(text) for text in texts] == gated


def test_a_repeated_answer_is_scrubbed_once_per_export_with_the_same_result(monkeypatch):
    from survey_app.exports import table as table_module
    from survey_app.exports.table import Column, ScrubReport, Table

    calls = []
    monkeypatch.setattr(table_module, "scrub", lambda text: calls.append(text) or scrub(text))
    report = ScrubReport()
    memoised = Table((Column("comment", "Comment", kind="text"),), report=report, memo={})
    rows = [{"comment": "thanks, Jamie"}] * 3 + [{"comment": "no"}]
    assert [memoised.values(row) for row in rows] == [["thanks, [name]"]] * 3 + [["no"]]
    assert calls == ["thanks, Jamie", "no"]
    assert report.removed == {"comment": {"[name]": 3}}  # every row still counted
