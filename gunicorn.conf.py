"""gunicorn settings for every way the app is served: `make run`, the Procfile and the benchmarks.

gunicorn reads this file itself when started from the project's folder; the commands also name it.
"""

# No client addresses, no tokens and no control characters in any log (survey_app/gunicorn_logging.py).
logger_class = "survey_app.gunicorn_logging.PrivateLogger"
# Method, path (tokens removed), status and time: no address, user agent, referrer or query string.
access_log_format = "%(m)s %(U)s %(s)s %(M)sms"
# Files the server writes (logs, the SQLite database, exports) are for its own user only.
umask = 0o077

# The master loads the app once (the safeguarding rules compiled; pages, catalogues and detector warmed up)
# and every worker is a fork of it, ready at once: each worker loading it for itself took 3 s of CPU, and
# after a restart of four workers on 2 cores the first visitors waited 10 s. The hooks keep database
# connections and threads from being shared across the fork (survey_app/gunicorn_forking.py).
preload_app = True


def when_ready(server):
    from survey_app import gunicorn_forking

    gunicorn_forking.when_ready(server)


def post_fork(server, worker):
    from survey_app import gunicorn_forking

    gunicorn_forking.post_fork(server, worker)
