"""`flask safeguarding classify` and `flask safeguarding evaluate FILE`: the detector on the command line."""

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from survey_app.safeguarding.detector import RULES_VERSION, assess
from survey_app.safeguarding.evaluation import Bars, CasesError, evaluate, format_report, load_cases

safeguarding_cli = AppGroup(
    "safeguarding",
    help="Safeguarding: run the concern detector over answers, or check it against labelled cases.",
)


# The detector needs no application context (no database, no config), so none is pushed.
@safeguarding_cli.command("classify", with_appcontext=False)
def classify_command() -> None:
    """Classify JSON lines {"id": ..., "text": ...} from standard input.

    Writes one JSON line per input line with id, concern, tier, category, score (0 to 1, higher is
    more worrying), language_unread (the detector could not read its language) and reasons. A line that
    cannot be read gets a line with its id (if known) and an "error" instead. Blank lines are skipped.
    """
    # Read bytes and decode line by line, so a line that is not UTF-8 cannot end the batch.
    for raw in sys.stdin.buffer:
        if raw.strip():
            click.echo(json.dumps(classify_line(raw), ensure_ascii=False))


def classify_line(raw: bytes) -> dict[str, Any]:
    """The output record for one input line; never raises."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return {"id": None, "error": "the line is not UTF-8 text"}
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"not valid JSON ({error.msg} at character {error.pos})"}
    if not isinstance(data, dict):
        return {"id": None, "error": 'expected a JSON object like {"id": 1, "text": "..."}'}
    record_id = data.get("id")
    if not isinstance(record_id, str | int | float | type(None)) or isinstance(record_id, bool):
        return {"id": None, "error": "id must be a string or a number"}
    if not isinstance(data.get("text"), str):
        return {"id": record_id, "error": 'needs a "text" field holding a string'}
    try:
        assessment = assess(data["text"])
    except Exception as error:  # one answer the detector trips over must not stop the rest of the batch
        return {"id": record_id, "error": f"could not be classified ({type(error).__name__})"}
    return {"id": record_id, **assessment.to_dict()}


@safeguarding_cli.command("evaluate", with_appcontext=False)
@click.argument("cases_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--min-recall", type=click.FloatRange(0, 1), default=Bars.min_recall, show_default=True)
@click.option(
    "--max-fp-rate", type=click.FloatRange(0, 1), default=Bars.max_false_positive_rate, show_default=True
)
@click.option("--list-mistakes", is_flag=True, help="Also list the missed concerns and the false alarms.")
def evaluate_command(cases_file: Path, min_recall: float, max_fp_rate: float, list_mistakes: bool) -> None:
    """Measure the detector on a labelled JSON-lines file (id, text, concern, category; optional tier and
    life_at_risk_now).

    Prints recall, precision and false-positive rate overall and per category, the ROC AUC of the score,
    and, where cases say so, how many lives at risk now were raised and raised urgent. Exits with status 1
    if recall or the false-positive rate misses its bar, or if any suicide or immediate-danger case is missed.
    """
    try:
        cases = load_cases(cases_file)
    except CasesError as error:
        raise click.UsageError(f"{cases_file}: {error}") from None
    if not cases:
        raise click.UsageError(f"{cases_file}: no cases in the file")
    bars = Bars(min_recall=min_recall, max_false_positive_rate=max_fp_rate)
    report = evaluate(cases)
    click.echo(f"Rules version {RULES_VERSION}, {len(cases)} cases from {cases_file.name}\n")
    click.echo(format_report(report, bars))
    if list_mistakes:
        for label, mistakes in (("Missed", report.misses), ("False alarm", report.false_alarms)):
            for case in mistakes:
                click.echo(f"{label}: {case.id} ({case.category}) {case.text}")
    if bars.missed(report):
        click.get_current_context().exit(1)
