"""`flask safeguarding classify` and `evaluate`, run on a bare Flask app: no app factory, no database."""

import json
from pathlib import Path

import flask
import pytest

from survey_app.safeguarding.cli import safeguarding_cli

HELDOUT = Path(__file__).parent / "heldout_cases.jsonl"


@pytest.fixture
def run():
    app = flask.Flask(__name__)
    app.cli.add_command(safeguarding_cli)
    runner = app.test_cli_runner()

    def invoke(*args: str, stdin: str | bytes | None = None):
        return runner.invoke(args=["safeguarding", *args], input=stdin)

    return invoke


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_classify_writes_one_json_line_per_answer_with_its_verdict_and_reasons(run):
    stdin = '{"id": "a1", "text": "wanna unalive myself"}\n{"id": 2, "text": "flat is damp"}\n'
    result = run("classify", stdin=stdin)
    assert result.exit_code == 0
    first, second = _lines(result.output)
    assert {key: first[key] for key in ("id", "concern", "tier", "category")} == {
        "id": "a1",
        "concern": True,
        "tier": "urgent",
        "category": "suicide",
    }
    assert first["reasons"][0]["rule"] == "suicide.intent"
    assert first["score"] > 0.5 and first["language_unread"] is False
    assert second == {
        "id": 2,
        "concern": False,
        "tier": "none",
        "category": "none",
        "score": pytest.approx(second["score"]),
        "language_unread": False,
        "reasons": [],
    }
    assert second["score"] < 0.5


@pytest.mark.parametrize(
    ("line", "expected_id", "error_mentions"),
    [
        ("this is not json", None, "not valid JSON"),
        ("[1, 2]", None, "JSON object"),
        ('{"id": 7}', 7, '"text"'),
        ('{"id": 8, "text": 42}', 8, '"text"'),
        ('{"id": {"nested": 1}, "text": "hi"}', None, "id must be"),
    ],
)
def test_a_malformed_line_gets_an_error_line_and_the_next_line_is_still_classified(
    run, line, expected_id, error_mentions
):
    result = run("classify", stdin=f'{line}\n{{"id": "next", "text": "kms"}}\n')
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    bad, good = _lines(result.output)
    assert bad["id"] == expected_id
    assert error_mentions in bad["error"]
    assert (good["id"], good["concern"]) == ("next", True)


def test_classify_reports_bytes_that_are_not_utf8_as_an_error(run):
    result = run("classify", stdin=b'{"id": 1, "text": "\xff\xfe"}\n')
    assert result.exit_code == 0
    assert _lines(result.output) == [{"id": None, "error": "the line is not UTF-8 text"}]


def test_classify_skips_blank_lines(run):
    result = run("classify", stdin='\n\n{"id": 1, "text": "all good"}\n\n')
    assert [line["id"] for line in _lines(result.output)] == [1]


def test_evaluate_prints_a_table_and_succeeds_when_the_bars_are_met(run):
    result = run("evaluate", str(HELDOUT))
    assert result.exit_code == 0, result.output
    assert "recall" in result.output and "FP rate" in result.output
    assert "suicide" in result.output
    assert "Bars met." in result.output


def test_evaluate_exits_non_zero_and_says_which_bar_was_missed(run, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "1", "text": "my worker is sound", "concern": true, "category": "suicide"}\n'
        '{"id": "2", "text": "this form is killing me", "concern": false, "category": "none"}\n'
    )
    result = run("evaluate", str(cases), "--list-mistakes")
    assert result.exit_code == 1
    assert "MISSED: recall 0.000 is below 0.95" in result.output
    assert "MISSED: 1 suicide concern(s) missed" in result.output
    assert "Missed: 1 (suicide) my worker is sound" in result.output


def test_evaluate_bars_can_be_set_on_the_command_line(run, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "1", "text": "kms", "concern": true, "category": "suicide"}\n'
        '{"id": "2", "text": "he hits me", "concern": false, "category": "none"}\n'
    )
    assert run("evaluate", str(cases)).exit_code == 1
    assert run("evaluate", str(cases), "--max-fp-rate", "1").exit_code == 0


def test_evaluate_refuses_a_malformed_file_with_the_line_number(run, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "1", "text": "hi", "concern": false, "category": "none"}\nnot json\n')
    result = run("evaluate", str(cases))
    assert result.exit_code == 2
    assert "line 2" in result.output
    assert "Traceback" not in result.output


def test_evaluate_refuses_a_missing_file(run, tmp_path):
    result = run("evaluate", str(tmp_path / "nowhere.jsonl"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
