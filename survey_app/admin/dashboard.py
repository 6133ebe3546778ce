"""The dashboard's tables: how a questionnaire is going, with small counts suppressed before display."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.engine import Connection

from survey_app.admin import stats
from survey_app.engine import Questionnaire
from survey_app.exports.scottish_places import area_name
from survey_app.exports.suppression import Count, Protected, protect
from survey_app.store.models import DELETED, Run


@dataclass(frozen=True)
class CountTable:
    caption: str
    heading: str
    table: Protected


@dataclass(frozen=True)
class DropOff:
    question: str
    reached: Count
    stopped: Count


def state_names() -> dict[str, str]:
    return {
        "completed": _("Finished"),
        "stopped": _("Stopped and kept their answers"),
        "in_progress": _("Not finished yet"),
        "deleted": _("Stopped and deleted their answers"),
    }


def channel_names() -> dict[str, str]:
    return {"web": _("Web"), "sms": _("Text message"), "whatsapp": _("WhatsApp")}


def overview(connection: Connection, questionnaire: Questionnaire) -> dict:
    qid = questionnaire.id
    states = stats.states(connection, qid)
    consented = sum(states.values())
    # Every table below is of everyone who agreed. A deleted response is counted in each only as "deleted"
    # (the downloads have neither its channel nor its area), never left out: two totals that differ would
    # give the deleted count away by subtraction, however it is suppressed in the outcome table.
    deleted = (state_names()[DELETED], states[DELETED])
    channels = channel_names()
    return {
        "started": protect([("", stats.started(connection, qid))], partition=False).cells[0],
        "consented": protect([("", consented)], partition=False).cells[0],
        "tables": [
            CountTable(
                _("How far people got"), _("Outcome"), _table(states.items(), consented, state_names())
            ),
            CountTable(
                _("By channel"),
                _("Channel"),
                _run_field(connection, qid, Run.channel, consented, deleted, channels),
            ),
            CountTable(_("By area or link"), _("Area"), _by_area(connection, qid, consented, deleted)),
            CountTable(_("By day started"), _("Day"), _by_day(connection, qid, consented, deleted)),
        ],
        "drop_off": drop_off(connection, questionnaire),
    }


def _table(items, total: int, names: dict | None = None, deleted: tuple[str, int] | None = None) -> Protected:
    names = names or {}
    rows = [(names.get(key, key if key is not None else _("No area given")), count) for key, count in items]
    return protect(_and_deleted(rows, deleted), total=total)


def _and_deleted(rows: list[tuple[str, int]], deleted: tuple[str, int] | None) -> list[tuple[str, int]]:
    """The kept responses' rows, then the deleted ones' own row: the table adds up to everyone who agreed."""
    return rows + [deleted] if deleted is not None and (rows or deleted[1]) else rows


def _run_field(connection, qid: str, field, total: int, deleted, names: dict | None = None) -> Protected:
    return _table(stats.by_run_field(connection, qid, field), total, names, deleted)


def _by_area(connection, qid: str, total: int, deleted) -> Protected:
    """Areas by the names the downloads and area reports use ("Glasgow City" for the link "glasgow")."""
    rows = stats.by_run_field(connection, qid, Run.distribution)
    return _table(rows, total, {area: area_name(area) for area, _count in rows if area}, deleted)


def _by_day(connection, qid: str, total: int, deleted) -> Protected:
    rows = stats.days(stats.by_run_field(connection, qid, Run.started_on))
    return protect(_and_deleted([(day.isoformat(), count) for day, count in rows], deleted), total=total)


def drop_off(connection: Connection, questionnaire: Questionnaire) -> list[DropOff]:
    """For each question: how many reached it, and how many went no further (stopped, or not finished)."""
    reached = stats.reached(connection, questionnaire.id)
    last = stats.last_answered(connection, questionnaire)
    questions = questionnaire.questions
    reached_cells = protect([(q.id, reached.get(q.id, 0)) for q in questions], partition=False).cells
    stopped_rows = [(_("Before the first question"), last.get(None, 0))] + [
        (q.id, last.get(q.id, 0)) for q in questions
    ]
    stopped = protect(stopped_rows).cells
    rows = [DropOff(_("Before the first question"), Count("", 0, "none"), stopped[0])]
    for n, question in enumerate(questions):
        rows.append(DropOff(f"{n + 1}. {question.text}", reached_cells[n], stopped[n + 1]))
    return rows
