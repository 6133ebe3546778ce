"""``flask --app survey_app demo seed --questionnaire Q --responses N``: synthetic responses.

Realistic enough to exercise the dashboard and downloads: mixed channels, areas (some rare), languages,
partial and deleted responses, branching followed as the engine would, and free text with planted phone
numbers, e-mail addresses, postcodes, addresses, names and spreadsheet formulas that must never leave in a
download. Written in bulk (thousands of rows per statement) so 100,000 responses take seconds, not hours.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
from collections import Counter
from collections.abc import Iterator

import click
from flask.cli import with_appcontext
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from survey_app import db
from survey_app.engine import Question, Questionnaire, Response
from survey_app.engine.path import is_visible
from survey_app.questionnaires import registry
from survey_app.store.models import Answer, Run, Tally

BATCH = 2000
CHANNELS = {"web": 60, "sms": 30, "whatsapp": 10}
# A few big areas and some small ones, so that banding has something to do.
AREAS = {
    "glasgow": 30,
    "edinburgh": 22,
    "fife": 14,
    "highland": 10,
    "dundee": 9,
    "aberdeen": 8,
    "borders": 4,
    "argyll": 2,
    "orkney": 0.6,
    "shetland": 0.4,
    None: 3,
}
LANGUAGES = {"en": 92, "pl": 3, "uk": 2, "gd": 2, "ar": 1}
STATES = {"completed": 64, "in_progress": 16, "stopped": 12, "deleted": 8}
# Planted identifiers: a download that contains any of these has leaked. Tests look for them.
PLANTED = (
    "07700 900123",
    "+44 7700 900456",
    "0141 496 0123",
    "jo.bloggs@example.com",
    "G1 1AA",
    "EH1 2NG",
    "12 Acacia Avenue",
    "Sarah",
    "Priya Shah",
    "Kyle",
    "@jamie_b_2008",
    "https://example.com/me",
)
FORMULAS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.com","click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1+1)",
)
TEXTS = (
    "My worker Sarah never calls back, ring me on 07700 900123",
    "Jo from the team said email jo.bloggs@example.com",
    "I live at 12 Acacia Avenue, G1 1AA now and it is ok",
    "text me +44 7700 900456 or 0141 496 0123",
    "my social worker is called Priya Shah and she is great",
    "find me on insta @jamie_b_2008 or https://example.com/me",
    "postcode EH1 2NG, my mate Kyle lives near",
    *FORMULAS,
    "More help with money and somewhere to live that feels like home.",
    "Being listened to. Nobody asks what I want.",
    "It was ok mostly.",
    "Help finding a job and learning to drive.",
    "Having the same worker for more than a few months.",
)
GENDER_WORDS = (
    "agender",
    "genderfluid",
    "Genderfluid ",
    "questioning",
    "trans masc, call me on 07700 900123",
)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _answer(rng: random.Random, question: Question) -> tuple[str, object]:
    roll = rng.random()
    if roll < 0.05:
        return "skipped", None
    if roll < 0.08:
        return "prefer_not_to_say", None
    answer_type = question.answer_type
    if answer_type.several:
        exclusive = [c.value for c in question.choices if c.exclusive]
        if exclusive and rng.random() < 0.1:
            return "answered", exclusive[:1]
        plain = [c.value for c in question.choices if not c.exclusive]
        chosen = set(rng.sample(plain, rng.randint(1, min(3, len(plain)))))
        return "answered", [v for v in plain if v in chosen]
    if answer_type.values(question):
        return "answered", rng.choice(answer_type.values(question))
    if answer_type.numeric:
        low, high = int(question.minimum or 0), int(question.maximum or 30)
        return "answered", rng.randint(low, high)
    if question.identifies:
        return "answered", rng.choice(GENDER_WORDS)
    return "answered", rng.choice(TEXTS)


def _answers(rng: random.Random, questionnaire: Questionnaire, state: str) -> list[tuple[str, str, object]]:
    """Walk the questions in order as the engine would, stopping part-way for runs that were not finished."""
    if state == "deleted":
        return []
    questions = questionnaire.questions
    stop_at = len(questions) if state == "completed" else rng.randint(0, len(questions) - 1)
    given: dict = {}
    rows = []
    for question in questions[:stop_at]:
        if not is_visible(question, given):
            continue
        status, value = _answer(rng, question)
        given[question.id] = Response(status, value)
        rows.append((question.id, status, value))
    return rows


def _run(rng: random.Random, questionnaire: Questionnaire, first_day: dt.date, days: int) -> dict:
    state = _pick(rng, STATES)
    today = dt.date.today()
    started = first_day + dt.timedelta(days=rng.randrange(days))
    # Nothing is dated after today: a run started yesterday cannot have finished tomorrow.
    finished = started + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2))) if state != "in_progress" else None
    finished = min(finished, today) if finished else None
    return {
        "token": secrets.token_urlsafe(18),
        "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "channel": _pick(rng, CHANNELS),
        "language": _pick(rng, LANGUAGES),
        "distribution": _pick(rng, AREAS),
        "assisted": rng.random() < 0.15,
        "state": state,
        "position": None,
        "started_on": started,
        "finished_on": finished,
        "last_active": min(
            dt.datetime.combine(finished or started, dt.time(12, tzinfo=dt.UTC)), dt.datetime.now(dt.UTC)
        ),
    }


def _batches(total: int) -> Iterator[int]:
    while total > 0:
        yield min(BATCH, total)
        total -= BATCH


def _insert_batch(
    connection: Connection, rng, questionnaire, size: int, first_day, days, tally: Counter
) -> int:
    runs = [_run(rng, questionnaire, first_day, days) for _ in range(size)]
    returning = insert(Run).returning(Run.id, sort_by_parameter_order=True)
    ids = connection.execute(returning, runs).scalars().all()
    answers = []
    for run_id, run in zip(ids, runs, strict=True):
        tally[(run["started_on"], run["channel"])] += 1
        for question_id, status, value in _answers(rng, questionnaire, run["state"]):
            text = status == "answered" and isinstance(value, str) and value in TEXTS
            answers.append(
                {
                    "run_id": run_id,
                    "question_id": question_id,
                    "status": status,
                    "value": json.dumps(value, ensure_ascii=False) if status == "answered" else None,
                    # About one free-text answer in a hundred is flagged by safeguarding and withheld.
                    "withheld": text and rng.random() < 0.01,
                }
            )
    if answers:
        connection.execute(insert(Answer), answers)
    return len(answers)


def _add_tallies(connection: Connection, questionnaire_id: str, tally: Counter, rng: random.Random) -> None:
    """ "started" counts everyone who opened the questionnaire: those who consented and some who did not."""
    existing = {
        (row.day, row.channel): row
        for row in connection.execute(
            select(Tally).where(Tally.questionnaire_id == questionnaire_id, Tally.event == "started")
        )
    }
    for (day, channel), count in tally.items():
        opened = count + int(count * rng.uniform(0.1, 0.4))
        if (day, channel) in existing:
            row = existing[(day, channel)]
            connection.execute(
                Tally.__table__.update().where(Tally.id == row.id).values(count=row.count + opened)
            )
        else:
            connection.execute(
                insert(Tally).values(
                    questionnaire_id=questionnaire_id, day=day, channel=channel, event="started", count=opened
                )
            )


def seed(engine: Engine, questionnaire: Questionnaire, responses: int, rng_seed: int = 1) -> int:
    """Add ``responses`` synthetic runs; returns how many answers were written."""
    rng = random.Random(rng_seed)
    days = 42
    today = dt.date.today()
    first_day = min(questionnaire.opens or today - dt.timedelta(days=days), today)
    days = max(1, min(days, (today - first_day).days + 1))  # a questionnaire that opened recently
    tally: Counter = Counter()
    written = 0
    for size in _batches(responses):
        with engine.begin() as connection:
            written += _insert_batch(connection, rng, questionnaire, size, first_day, days, tally)
    with engine.begin() as connection:
        _add_tallies(connection, questionnaire.id, tally, rng)
    with Session(engine) as session:
        registry().remember(session, questionnaire)
    return written


@click.group("demo", help="Synthetic data for development and benchmarks.")
def demo_cli() -> None:
    pass


@demo_cli.command("seed")
@click.option("--questionnaire", "questionnaire_id", required=True)
@click.option("--responses", default=1000, show_default=True, type=click.IntRange(1))
@click.option("--seed", "rng_seed", default=1, show_default=True, help="Same seed, same data.")
@with_appcontext
def seed_command(questionnaire_id: str, responses: int, rng_seed: int) -> None:
    """Add synthetic responses (with planted identifiers that downloads must remove)."""
    questionnaire = registry().get(questionnaire_id)
    if questionnaire is None:
        raise click.ClickException(f"There is no questionnaire '{questionnaire_id}'.")
    answers = seed(db.engine(), questionnaire, responses, rng_seed)
    click.echo(f"Added {responses} responses ({answers} answers) to {questionnaire_id}.")
