"""Nothing is lost between the answer and the lead: real processes, killed with SIGKILL at the worst moment.

1. The process answering a worrying question dies the instant its transaction commits, before anything
   could be sent. After a restart, the notify worker (the real ``flask ... notify-worker --once`` command)
   sends the notice exactly once, to a loopback webhook.
2. The worker itself dies mid-send. Its notice is sent again after the hold runs out: at least once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from survey_app.safeguarding import notify, outbox, worker
from survey_app.safeguarding.models import Concern, Notice, ReadingItem
from survey_app.store.models import Answer, utcnow
from tests.safeguarding.test_notify import webhook  # noqa: F401 - the loopback receiver fixture

WORDS = "i have saved up my tablets and i am going to take them all tonight"
ROOT = Path(__file__).resolve().parents[2]

ANSWER_THEN_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import event
    from sqlmodel import Session
    from survey_app import create_app
    from survey_app.engine import Response
    from survey_app.questionnaires import registry
    from survey_app.safeguarding import detector, journey
    from survey_app.store import runs

    url, key, words = sys.argv[1:4]
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": url, "SAFEGUARDING_PUBLIC_KEY": key})
    journey.assess = lambda text: detector.Assessment(True, "urgent", "suicide", score=0.97)
    with app.test_request_context():
        questionnaire = registry().get("leaving-care")
        question = questionnaire.question("more_say")
        session = Session(app.extensions["db_engine"], expire_on_commit=False)
        run = runs.start_run(session, questionnaire, channel="web")
        # The crash: the moment the answer step's transaction has committed, before anything else runs.
        event.listen(session, "after_commit", lambda s: os.kill(os.getpid(), signal.SIGKILL))
        reading = journey.AnswerReading(run, question, "web")
        answer = Response("answered", words)
        runs.record(session, run, questionnaire, question.id, answer, before_commit=reading)
    print("not reached")
    """
)


def _environment(database_url: str, key: str, hook: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "SMTP_"))}
    environment.update(DATABASE_URL=database_url, SAFEGUARDING_PUBLIC_KEY=key, NOTIFY_WEBHOOK_URL=hook)
    environment.update(APP_ENV="development", PYTHONPATH=str(ROOT))
    return environment


def _worker(environment: dict, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "flask", "--app", "survey_app", "safeguarding", "notify-worker", *extra]
    return subprocess.Popen(
        command, env=environment, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _answer_and_die(database_url: str, key: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", ANSWER_THEN_DIE, database_url, key, WORDS]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, timeout=120, check=False)


@pytest.mark.usefixtures("sg_app")
def test_a_process_killed_right_after_the_commit_loses_no_notice_and_it_goes_out_exactly_once(
    database_url,
    db,
    key_pair,
    webhook,  # noqa: F811
):
    died = _answer_and_die(database_url, key_pair.public_key)
    assert died.returncode == -signal.SIGKILL, died.stderr.decode()[-2000:]
    assert b"not reached" not in died.stdout
    # Everything of the answer step is there: the answer, the concern, its reading-list entry, the notice.
    assert [a.withheld for a in db.exec(select(Answer)).all()] == [True]
    [concern] = db.exec(select(Concern)).all()
    assert [item.concern_id for item in db.exec(select(ReadingItem)).all()] == [concern.id]
    assert [n.sent_at for n in db.exec(select(Notice)).all()] == [None]
    db.commit()
    assert webhook.received == []

    environment = _environment(database_url, key_pair.public_key, f"http://127.0.0.1:{webhook.server_port}/")
    for _ in range(2):  # the restarted worker, then another round: still one notice
        finished = _worker(environment, "--once")
        assert finished.wait(timeout=120) == 0, finished.stderr.read().decode()[-2000:]
    assert [json.loads(body) for _, _, body in webhook.received] == [
        {"event": "concern_waiting", "tier": "urgent"}
    ]


def test_a_worker_killed_mid_send_loses_nothing(sg_app, database_url, db, key_pair, webhook):  # noqa: F811
    assert _answer_and_die(database_url, key_pair.public_key).returncode == -signal.SIGKILL
    webhook.release.clear()  # the receiver takes the request and holds it
    environment = _environment(database_url, key_pair.public_key, f"http://127.0.0.1:{webhook.server_port}/")
    sending = _worker(environment, "--once")
    try:
        assert webhook.arrived.wait(timeout=120)
    finally:
        sending.send_signal(signal.SIGKILL)
        sending.wait(timeout=30)
    webhook.release.set()
    [notice] = db.exec(select(Notice)).all()
    assert notice.sent_at is None and notice.held_until is not None
    db.commit()
    # Once the dead worker's hold has run out, the next round sends it.
    settings = notify.Settings(webhook_url=f"http://127.0.0.1:{webhook.server_port}/")
    with sg_app.app_context():
        late = utcnow() + outbox.HOLD + outbox.FIRST_RETRY
        assert outbox.drain(sg_app.extensions["db_engine"], settings, worker.compose, now=late) == 1
    db.expire_all()
    assert db.exec(select(Notice)).one().sent_at is not None
