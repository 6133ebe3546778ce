"""The limit the web answer step is measured against: the least a Flask app on this gunicorn can do per step.

One page the size of a real question page, rendered by Jinja with a CSRF-like token and the step's address;
a POST inserts one row into SQLite and redirects (post/redirect/get, as the survey does). Nothing else: no
sessions, no languages, no safeguarding. ``bench/web_journey.py`` serves it beside the survey:

    gunicorn 'bench.bare_flask:create_app()'    (BARE_DATABASE and BARE_PAGE_BYTES from the environment)
"""

from __future__ import annotations

import os
import secrets
import sqlite3

from flask import Flask, g, redirect, render_template_string, request

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Question {{ step }} - Have your say</title></head>
<body><main><form method="post" novalidate action="/s/bare/{{ step }}">
<input type="hidden" name="csrf_token" value="{{ token }}">
<h1 data-question="q{{ step }}">{{ heading }}</h1>
{% for line in filler %}<p>{{ line }}</p>
{% endfor %}<button type="submit" name="action" value="continue">Continue</button>
</form></main></body></html>
"""
LINE = "Words of a question page, its hints and its choices, to make the page the same size. "


def create_app() -> Flask:
    app = Flask(__name__)
    database = os.environ["BARE_DATABASE"]
    size = int(os.environ.get("BARE_PAGE_BYTES", "9000"))
    filler = [LINE] * max(1, (size - len(PAGE)) // (len(LINE) + 8))
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS step (id INTEGER PRIMARY KEY, at TEXT, value TEXT)")

    def connection() -> sqlite3.Connection:
        if "bare_db" not in g:
            g.bare_db = sqlite3.connect(database, timeout=30, isolation_level=None)
        return g.bare_db

    @app.teardown_appcontext
    def _close(_error) -> None:
        found = g.pop("bare_db", None)
        if found is not None:
            found.close()

    @app.route("/s/bare/<int:step>", methods=["GET", "POST"])
    def question(step: int):
        if request.method == "POST":
            connection().execute(
                "INSERT INTO step (at, value) VALUES (datetime('now'), ?)", (request.form.get("answer"),)
            )
            return redirect(f"/s/bare/{step + 1}", 303)
        return render_template_string(
            PAGE, step=step, token=secrets.token_urlsafe(40), heading="How are you today?", filler=filler
        )

    return app
