"""The survey app with a CPU profiler in each gunicorn worker: ``bench/sms_turns.py --profile-workers DIR``.

The profiler starts once the app is loaded in the worker and runs until the worker exits, so it sees
everything a text costs the worker (gunicorn reading and parsing the request, the app, writing the reply,
the access log), not only the Flask view. Each worker writes ``worker-PID.prof`` into
``SMS_PROFILE_DIR``. CPU time (not wall time): a worker waiting for the database costs nothing.
"""

from __future__ import annotations

import atexit
import cProfile
import os
import time

from survey_app import create_app as _create_app


def create_app():
    folder = os.environ["SMS_PROFILE_DIR"]
    profiler = cProfile.Profile(time.process_time)
    atexit.register(lambda: profiler.dump_stats(os.path.join(folder, f"worker-{os.getpid()}.prof")))
    app = _create_app()
    profiler.enable()
    return app
