"""gunicorn's logs without who sent a request or what secret it carried (gunicorn.conf.py selects this).

* No client address in any log: the access log's address, user agent and referrer atoms are blanked (and
  the request headers and environment variables that carry them), and the error log's "Invalid request
  from ip=..." loses the address (so does any IPv4 address in a message that is not the server's own
  "Listening at").
* No forged lines: a path is logged decoded, so ``%0A`` would start a new line and ``%00`` put a NUL in the
  file. Control characters, backslashes and anything outside printable ASCII are written as ``\\xNN``.
* No tokens: a set-up link's token, and any path segment shaped like a random token, is written as
  ``[token]``, in the access log and in error messages alike.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

# Atoms (and request headers) that say who someone is: never written, whatever the format asks for.
BLANKED_ATOMS = ("h", "a", "f", "u")
IDENTIFYING_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded", "cf-connecting-ip", "true-client-ip")
# Headers that are the user agent, referrer and address atoms again, or a visitor's cookie.
HEADERS_OF_BLANKED_ATOMS = ("user-agent", "referer", "cookie", "authorization")
# The same as environment atoms (``%({remote_addr}e)s``), as gunicorn names them: lower case.
IDENTIFYING_ENVIRON = frozenset(
    {"remote_addr", "remote_port"}
    | {"http_" + header.replace("-", "_") for header in IDENTIFYING_HEADERS + HEADERS_OF_BLANKED_ATOMS}
)
NEVER_WRITTEN = frozenset(
    BLANKED_ATOMS
    + tuple(f"{{{header}}}i" for header in IDENTIFYING_HEADERS + HEADERS_OF_BLANKED_ATOMS)
    + tuple(f"{{{name}}}e" for name in IDENTIFYING_ENVIRON)
)
_FORMAT_ATOM = re.compile(r"%\(([^)]*)\)")
SETUP_LINK = re.compile(r"(/admin/setup/)(?!code(?:[/?\s]|$))[^/?\s]+")
# Secrets we issue are long, mixed-case URL-safe base64; questionnaire ids and words are lower case.
TOKEN_SEGMENT = re.compile(
    r"(?<=/)(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*\d)[\w-]{16,}"
)
INVALID_REQUEST = re.compile(r"Invalid request from ip=(?:\[[^\]]*\]|[0-9A-Fa-f:.]*?)(?=: )")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_UNSAFE = re.compile(r"[^\x20-\x5b\x5d-\x7e]")


def escape(text: str) -> str:
    """Printable ASCII stays; a backslash, a control character or anything else becomes ``\\xNN``."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 256 else f"\\u{ord(m[0]):04x}", text)


def without_tokens(text: str) -> str:
    return TOKEN_SEGMENT.sub("[token]", SETUP_LINK.sub(r"\1[token]", text))


def safe(value: object) -> object:
    return escape(without_tokens(value)) if isinstance(value, str) else value


def safe_message(message: str) -> str:
    message = INVALID_REQUEST.sub("Invalid request", message)
    if "Listening at" not in message:
        message = IPV4.sub("[address]", message)
    return escape(without_tokens(message))


def atoms_used(access_log_format: str) -> frozenset[str]:
    """The atoms a format asks for, named as gunicorn looks them up (header and environment atoms in lower
    case)."""
    return frozenset(
        name.lower() if name.startswith("{") else name for name in _FORMAT_ATOM.findall(access_log_format)
    )


class PrivateLogger(Logger):
    """gunicorn's logger, writing no addresses, no tokens and no control characters.

    Only the atoms the access-log format uses are cleaned and passed on (gunicorn writes "-" for one that
    is missing): cleaning every header and environment variable of every request cost three times what
    the rest of its access-log line does."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: safe(atoms[name]) for name in self._written if name in atoms}

    def setup(self, cfg) -> None:
        super().setup(cfg)
        # An identifying atom is left out, so gunicorn writes "-" for it whatever the format asks.
        self._written = atoms_used(cfg.access_log_format) - NEVER_WRITTEN
        for handler in self.error_log.handlers:
            handler.setFormatter(_CleanFormatter(handler.formatter))


class _CleanFormatter(logging.Formatter):
    """Cleans each error-log record: the message whole (its arguments are where requests go), then each
    line of a traceback, so a newline in a request can never start a line of its own."""

    def __init__(self, inner: logging.Formatter | None) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.msg, record.args = safe_message(record.getMessage()), None
        return "\n".join(safe_message(line) for line in self.inner.format(record).split("\n"))
