"""What one text-message answer turn costs inside the app: SQL statements and CPU, and where the CPU goes.

Senders text the leaving-care survey through signed webhooks on Flask's test client (no HTTP, no load
client), on PostgreSQL (``--database-url``, migrated beforehand) or a temporary SQLite database. Prints
statements and CPU ms per answer turn, per step of the conversation (CARE, the consent replies, free text,
the last answer) and per whole conversation; with ``--profile``, the top functions by own and cumulative
time (of the plain answer turns, or with ``--profile-all`` of every turn).

    .venv/bin/python bench/sms_turn_profile.py --database-url postgresql+psycopg://HOST/DB [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sms_turns import CONVERSATION  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from survey_app import create_app  # noqa: E402

TOKEN = "bench-auth-token"
URL = "http://localhost/sms/inbound"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-all", action="store_true", help="profile every turn, not only answers")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--dump", help="also write the profile's stats to this file (for pstats)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="sms-turn-")
    url = args.database_url or f"sqlite:///{Path(folder) / 'turns.db'}"
    settings = {"SQLALCHEMY_DATABASE_URL": url, "TWILIO_AUTH_TOKEN": TOKEN, "PHONE_HASH_KEY": "k" * 32}
    app = create_app(settings | {"EXPORT_DIR": folder, "SERVER_NAME": "localhost"})
    engine = app.extensions["db_engine"]
    if url.startswith("sqlite"):
        SQLModel.metadata.create_all(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client, validator = app.test_client(), RequestValidator(TOKEN)
    profiler = cProfile.Profile(time.process_time) if args.profile or args.profile_all else None
    turns: list[tuple[float, int]] = []
    steps: list[list[tuple[float, int]]] = [[] for _ in CONVERSATION]
    for n in range(args.senders + 1):
        number = f"+4477009{secrets.randbelow(10**5):05d}"
        for index, body in enumerate(CONVERSATION):
            params = {
                "MessageSid": "SM" + secrets.token_hex(16),
                "AccountSid": "ACbench",
                "From": number,
                "To": "+447700900000",
                "Body": body,
                "NumMedia": "0",
            }
            headers = {"X-Twilio-Signature": validator.compute_signature(URL, params)}
            answer = n > 0 and index >= 5 and body.split()[0].isdigit()  # a plain numbered answer turn
            before, started = len(statements), time.process_time()
            profiled = profiler is not None and n > 0 and (answer or args.profile_all)
            if profiled:
                profiler.enable()
            response = client.post("/sms/inbound", data=params, headers=headers)
            if profiled:
                profiler.disable()
            assert response.status_code == 200, response.status_code
            cost = (time.process_time() - started, len(statements) - before)
            if answer:
                turns.append(cost)
            if n > 0:  # the first sender warms the process up
                steps[index].append(cost)
    cpu = sorted(t[0] for t in turns)
    print(f"{len(turns)} answer turns, in process, {engine.dialect.name}")
    median, mean = cpu[len(cpu) // 2] * 1000, sum(cpu) / len(cpu) * 1000
    print(f"CPU ms per answer turn: median {median:.2f}, mean {mean:.2f}")
    print(
        f"SQL statements per answer turn: {sum(t[1] for t in turns) / len(turns):.2f} "
        f"(max {max(t[1] for t in turns)})"
    )
    print("per step: median CPU ms, statements (max)")
    for body, costs in zip(CONVERSATION, steps, strict=True):
        step_cpu = sorted(c[0] for c in costs)
        print(f"  {body[:24]:<24} {step_cpu[len(step_cpu) // 2] * 1000:6.2f} {max(c[1] for c in costs):3d}")
    conversation = sum(sorted(c[0] for c in costs)[len(costs) // 2] for costs in steps) * 1000
    print(
        f"a whole conversation ({len(CONVERSATION)} texts): {conversation:.1f} CPU ms (sum of medians), "
        f"{conversation / len(CONVERSATION):.2f} per text"
    )
    if profiler:
        stats = pstats.Stats(profiler)
        if args.dump:
            stats.dump_stats(args.dump)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
