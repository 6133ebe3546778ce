"""Static files served by WhiteNoise: pre-compressed (Brotli and gzip), cached for a year.

Every stylesheet and script is referred to by a versioned URL (``asset_url``: ``?v=`` and a hash of the
file), so a changed file is a new URL and a year's cache is safe. The files are compressed once, when the
app starts, into a folder named by their contents (shared by the workers, rebuilt only when a file
changes); WhiteNoise then sends the smallest encoding the browser accepts, without compressing per request.
HTML is never compressed: it carries the CSRF token, and compressing secrets beside text an attacker can
inject is how BREACH works.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path

import brotli
from flask import Flask
from whitenoise import WhiteNoise

ONE_YEAR = 365 * 24 * 3600
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".map"}


def _contents_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _write_atomically(path: Path, data: bytes) -> None:
    """Several workers may start at once: each writes its own file and renames it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def compressed_copy(folder: Path, cache_root: Path | None = None) -> Path:
    """A copy of ``folder`` with ``.br`` and ``.gz`` beside each text file; reused while nothing changes."""
    target = (cache_root or Path(tempfile.gettempdir())) / f"survey-static-{_contents_hash(folder)}"
    if (target / ".complete").exists():
        return target
    for source in (p for p in folder.rglob("*") if p.is_file()):
        destination = target / source.relative_to(folder)
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        _write_atomically(destination, data)
        if source.suffix in COMPRESSIBLE:
            name = destination.name
            _write_atomically(destination.with_name(name + ".br"), brotli.compress(data, quality=11))
            _write_atomically(destination.with_name(name + ".gz"), gzip.compress(data, 9, mtime=0))
    (target / ".complete").touch()
    return target


def _security_headers(headers, _path: str, _url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"


def init_app(app: Flask) -> None:
    if not app.static_folder or not Path(app.static_folder).is_dir():
        return
    served = compressed_copy(Path(app.static_folder))
    prefix = (app.static_url_path or "/static").strip("/") + "/"
    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=served, prefix=prefix, max_age=ONE_YEAR, add_headers_function=_security_headers
    )
