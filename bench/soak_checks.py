"""After the soak: is every answer the clients saw taken stored exactly once, and can every run go on?

A client's record is the truth to compare with: each answer the server acknowledged, keyed by question.
An answer whose request was cut off (a killed worker) and never re-sent before the hard stop is "in
doubt": stored or not, either is right. Anything else stored, missing or different is a problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from soak_record import normalised
from sqlalchemy import bindparam, create_engine, text

from survey_app.sms.senders import sender_hash

GOING_ON = ("asking", "paused", "support_offered", "returning")


@dataclass
class Findings:
    answers_taken: int = 0
    answers_stored: int = 0
    in_doubt: int = 0
    runs: dict[str, int] = field(default_factory=dict)  # "channel state" -> count
    finished: int = 0
    unfinished: int = 0
    resumable: int = 0
    problems: list[str] = field(default_factory=list)


def _compare(name: str, taken: dict, in_doubt: set, rows: list, findings: Findings) -> None:
    stored: dict[str, tuple[str, object]] = {}
    for row in rows:
        if row.question_id in stored:
            findings.problems.append(f"{name}: {row.question_id} stored twice")
        stored[row.question_id] = (row.status, normalised(json.loads(row.value) if row.value else None))
    findings.answers_taken += len(taken)
    findings.answers_stored += len(rows)
    for key, expected in taken.items():
        if key not in stored:
            findings.problems.append(f"{name}: {key} taken but not stored")
        elif stored[key] != expected and key not in in_doubt:
            findings.problems.append(f"{name}: {key} stored as {stored[key]}, the client gave {expected}")
    for key in stored.keys() - taken.keys():
        if key in in_doubt:
            findings.in_doubt += 1
        else:
            findings.problems.append(f"{name}: {key} stored, never taken")


def _describe(connection, runs: list) -> str:
    """Each run's state, answer count and whether it has a resume code: which one is the stray."""
    query = text(
        "SELECT run.id, run.state, run.resume_code_hash IS NOT NULL AS coded, count(answer.id) AS answers "
        "FROM run LEFT JOIN answer ON answer.run_id = run.id WHERE run.id IN :ids GROUP BY run.id"
    ).bindparams(bindparam("ids", expanding=True))
    rows = connection.execute(query, {"ids": [r.id for r in runs]}).all()
    return "; ".join(
        f"{r.state}, {r.answers} answers, {'a' if r.coded else 'no'} resume code" for r in sorted(rows)
    )


def _answers(connection, run_id: int) -> list:
    query = text("SELECT question_id, status, value FROM answer WHERE run_id = :r")
    return connection.execute(query, {"r": run_id}).all()


def check_web(connection, journeys: list, findings: Findings, resumes) -> None:
    for journey in journeys:
        runs = connection.execute(
            text("SELECT id, state FROM run WHERE channel = 'web' AND distribution = :a"), {"a": journey.area}
        ).all()
        if len(runs) > 1:
            findings.problems.append(f"web {journey.area}: {len(runs)} runs: {_describe(connection, runs)}")
            findings.problems.append(f"web {journey.area}'s last requests: " + " / ".join(journey.trail))
        if not runs:
            if journey.taken:
                findings.problems.append(f"web {journey.area}: answers taken, no run")
            continue
        run = runs[0]
        _compare(
            f"web {journey.area}", journey.taken, journey.in_doubt, _answers(connection, run.id), findings
        )
        _going_on(
            f"web {journey.area}",
            run.state,
            journey.finished,
            findings,
            lambda j=journey: bool(j.resume_code) and resumes(j.resume_code),
        )


def check_sms(connection, conversations: list, key: str, findings: Findings) -> None:
    for talk in conversations:
        hashed = sender_hash(key, talk.number)
        runs = connection.execute(
            text(
                "SELECT run.id, run.state FROM sms_sender_run JOIN run ON run.id = sms_sender_run.run_id "
                "WHERE sms_sender_run.sender_hash = :h"
            ),
            {"h": hashed},
        ).all()
        name = f"sms sender {hashed[:8]}"
        if len(runs) > 1:
            findings.problems.append(f"{name}: {len(runs)} runs: {_describe(connection, runs)}")
        if not runs:
            if talk.taken:
                findings.problems.append(f"{name}: answers taken, no run")
            continue
        run = runs[0]
        before = len(findings.problems)
        _compare(name, talk.taken, talk.in_doubt, _answers(connection, run.id), findings)
        if len(findings.problems) > before:
            findings.problems.append(f"{name}'s texts: " + talk.around_trouble())

        def carries_on(run_id: int = run.id, hashed: str = hashed) -> bool:
            query = text("SELECT state FROM sms_conversation WHERE sender_hash = :h AND run_id = :r")
            row = connection.execute(query, {"h": hashed, "r": run_id}).first()
            return row is not None and row.state in GOING_ON

        _going_on(name, run.state, talk.finished, findings, carries_on)


def _going_on(name: str, state: str, finished: bool, findings: Findings, resumes) -> None:
    if finished and state != "completed":
        findings.problems.append(f"{name}: the client saw the end, the run is {state}")
    if state == "completed":
        findings.finished += 1
    elif state == "in_progress":
        findings.unfinished += 1
        if resumes():
            findings.resumable += 1
        else:
            findings.problems.append(f"{name}: in progress but cannot be resumed")
    else:
        findings.problems.append(f"{name}: run is {state}")


def check_everything(database_url: str, web: list, sms: list, phone_key: str, resumes) -> Findings:
    findings = Findings()
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        check_web(connection, web, findings, resumes)
        check_sms(connection, sms, phone_key, findings)
        counts = connection.execute(
            text("SELECT channel, state, count(*) AS n FROM run GROUP BY channel, state")
        )
        findings.runs = {f"{row.channel} {row.state}": row.n for row in counts}
    engine.dispose()
    return findings
