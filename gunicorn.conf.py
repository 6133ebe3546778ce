"""gunicorn settings for every way the app is served: `make run`, the Procfile and the benchmarks.

gunicorn reads this file itself when started from the project's folder; the commands also name it.
"""

# No client addresses, no tokens and no control characters in any log (survey_app/gunicorn_logging.py).
logger_class = "survey_app.gunicorn_logging.PrivateLogger"
# Method, path (tokens removed), status and time: no address, user agent, referrer or query string.
access_log_format = "%(m)s %(U)s %(s)s %(M)sms"
# Files the server writes (logs, the SQLite database, exports) are for its own user only.
umask = 0o077
