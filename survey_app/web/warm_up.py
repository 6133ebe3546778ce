"""What a new worker's first visitors would otherwise wait for, loaded when the app starts.

gunicorn creates the app once, in its master, and forks every worker from it (``preload_app``; without it,
each worker creates its own). Left to the first requests, the first free-text answer a worker receives would
wait about a third of a second while the safeguarding detector reads its lexicons and learned layer (and the
full garbage collection that all those new objects set off would land on the same answer), the first view
of each page for its template to compile, and the first page in each language for its catalogue. Done here,
that is paid at start-up, where nobody waits, and once for all the workers.

Tests and commands (``flask db upgrade``) serve no visitors: they skip it.
"""

from __future__ import annotations

import gc
import os

import click
from flask import Flask
from flask_babel import force_locale, get_translations

from survey_app.safeguarding import detector

# Any ordinary sentence: reading it loads everything the detector reads with.
A_SENTENCE = "I am fine, thank you."


def serves_visitors(app: Flask) -> bool:
    """A served app: not under test, and not created by a ``flask`` command (those run inside click)."""
    return not app.testing and click.get_current_context(silent=True) is None


def before_first_visitor(app: Flask) -> None:
    detector.assess(A_SENTENCE)
    for name in app.jinja_env.list_templates():
        if name == "base.html" or name.startswith("web/"):
            app.jinja_env.get_template(name)
    with app.app_context():
        for code in app.extensions["languages"]:
            with force_locale(code):
                get_translations()
    if os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):  # set by gunicorn's arbiter
        # gunicorn's master before it forks the workers (or a worker that created the app itself): what it
        # has loaded by now lives as long as the process. Collected once here, then left out of every later
        # full collection, which would otherwise walk all of it again (a tenth of a second each time); frozen
        # before the fork, its pages are not written to by the workers' collections, so they stay shared.
        # Not in a process that goes on to make other apps (a test run's live server).
        gc.collect()
        gc.freeze()
