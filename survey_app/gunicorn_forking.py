"""gunicorn's hooks for loading the app once, in the master, and forking every worker from it.

With ``preload_app`` (gunicorn.conf.py) the master creates the app, so the safeguarding rules are compiled and
the pages, catalogues and detector warmed up once (``web/warm_up.py``), and each worker starts as a copy of
it, ready at once. Left to each worker, that was about 3 s of CPU apiece, all at the same moment: after a
restart on a 2-core machine the first visitors waited 10 s for four workers.

What one process must not share with another across the fork:

* Database connections. The master creates the engine but serves nobody, so ``when_ready`` closes any
  connection it opened before a worker is forked, and ``post_fork`` gives each worker an empty pool of its
  own without touching anything the master holds (SQLAlchemy's advice for ``os.fork``).
* Threads. A fork copies only the thread that forks, with any lock another thread held. None runs in the
  master by then (limits' in-memory storage starts a timer thread as it is made, ended long before, and
  starts another in a worker when it needs one); ``when_ready`` warns if one ever does.
* Random state. Python's ``random`` reseeds itself in every child; tokens and keys come from
  ``os.urandom``. Redis clients (``RATELIMIT_STORAGE_URI``) notice a new process and open their own pool.

The Procfile's ``worker`` (the notify worker) is a ``flask`` command of its own, not forked from here.
"""

from __future__ import annotations

import threading

from sqlalchemy.engine import Engine


def _loaded_engine(server) -> Engine | None:
    """The engine of the app the master loaded; None without ``preload_app`` (each worker makes its own)."""
    app = server.app.callable
    return getattr(app, "extensions", {}).get("db_engine") if app is not None else None


def when_ready(server) -> None:
    """In the master, once the app is loaded and before any worker is forked: close its connections."""
    if (engine := _loaded_engine(server)) is not None:
        engine.dispose()
    running = [thread.name for thread in threading.enumerate() if thread is not threading.main_thread()]
    if running:
        server.log.warning("Threads running in the master as workers are forked: %s", ", ".join(running))


def post_fork(server, worker) -> None:
    """In a new worker: a pool of its own, leaving the master's connections (if any) to the master."""
    if (engine := _loaded_engine(server)) is not None:
        engine.dispose(close=False)
