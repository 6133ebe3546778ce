"""What one web answer step costs inside the app: SQL statements, commits and CPU time, and where it goes.

One respondent answers the leaving-care survey through Flask's test client (no HTTP, no load client), on a
temporary SQLite database (or ``--database-url``). Each step is the POST of an answer, the redirect and the
question page it leads to. Prints statements and commits per step, CPU ms per step, and with ``--profile``
the top functions by cumulative and own time.

    .venv/bin/python bench/answer_step.py [--rounds 20] [--profile] [--database-url URL]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import SQLModel  # noqa: E402

from survey_app import create_app  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
POST_FORM = re.compile(r'<form method="post"[^>]*action="([^"]+)"')
SHOWN = re.compile(r'data-question="([a-z0-9_-]+)"')


class Counter:
    def __init__(self, engine) -> None:
        self.statements = self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *_args) -> None:
        self.statements += 1

    def _commit(self, *_args) -> None:
        self.commits += 1


def follow(client, response):
    for _ in range(5):
        if response.status_code not in (301, 302, 303):
            return response
        response = client.get(response.headers["Location"])
    return response


def consent(client, questionnaire):
    page = follow(client, client.get(f"/survey/{questionnaire.id}?area=B0001"))
    html = page.text
    page = follow(client, client.post(POST_FORM.search(html)[1], data={"csrf_token": TOKEN.search(html)[1]}))
    html = page.text
    link = re.search(r'href="([^"]+/agree/[^"]+)"', html)
    if link:
        html = follow(client, client.get(link[1])).text
    for _ in range(len(questionnaire.consent) + 1):
        form = POST_FORM.search(html)[1]
        if "/agree/" not in form:
            break
        html = follow(
            client, client.post(form, data={"csrf_token": TOKEN.search(html)[1], "answer": "yes"})
        ).text
    page = follow(client, client.post(POST_FORM.search(html)[1], data={"csrf_token": TOKEN.search(html)[1]}))
    return page.request.path, page.text


def answer(questionnaire, question_id):
    question = questionnaire.question(question_id)
    if question.type in ("single_choice", "multiple_choice"):
        return [question.choices[0].value]
    if question.type == "yes_no":
        return ["no"]
    if question.type in ("scale", "number"):
        return [str(int(question.minimum))]
    return ["Fine thanks, nothing else to say."]


def one_journey(client, questionnaire, counter, profiler, timings):
    path, html = consent(client, questionnaire)
    steps = 0
    while (shown := SHOWN.search(html)) and steps < 80:
        data = {"csrf_token": TOKEN.search(html)[1], "action": "continue"}
        data["answer"] = answer(questionnaire, shown[1])
        before = (counter.statements, counter.commits)
        started = time.process_time()
        if profiler:
            profiler.enable()
        response = client.post(path, data=data)
        page = follow(client, response)
        if profiler:
            profiler.disable()
        timings.append(
            (time.process_time() - started, counter.statements - before[0], counter.commits - before[1])
        )
        path, html = page.request.path, page.text
        steps += 1
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="journeys through the survey")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'step.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URL": url, "EXPORT_DIR": folder, "APP_ENV": "development"})
        engine = app.extensions["db_engine"]
        SQLModel.metadata.create_all(engine)
        from survey_app.questionnaires import registry

        with app.app_context():
            questionnaire = registry().get("leaving-care")
        counter = Counter(engine)
        profiler = cProfile.Profile() if args.profile else None
        timings: list = []
        one_journey(app.test_client(), questionnaire, counter, None, [])  # warm up
        for _ in range(args.rounds):
            one_journey(app.test_client(), questionnaire, counter, profiler, timings)
    cpu = sorted(t[0] for t in timings)
    print(f"{len(timings)} answer steps (POST + redirect + question page), in process, {engine.dialect.name}")
    print(f"CPU ms per step: median {cpu[len(cpu) // 2] * 1000:.2f}, mean {sum(cpu) / len(cpu) * 1000:.2f}")
    print(
        f"SQL statements per step: {sum(t[1] for t in timings) / len(timings):.2f} "
        f"(max {max(t[1] for t in timings)}); "
        f"commits per step: {sum(t[2] for t in timings) / len(timings):.2f}"
    )
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(main())
