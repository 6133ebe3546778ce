"""Links that leave the site in an e-mail or on paper: always on the public address.

A link made from the request (``url_for(..., _external=True)``) takes its host from the Host header, or from
X-Forwarded-Host through the proxy: a forged one, or a member of staff on an internal address, would put
another host in an invitation, and whoever holds that host receives the set-up token in it. PUBLIC_URL,
when it is set, is the only host such a link may name.
"""

from __future__ import annotations

from flask import current_app, request, url_for


def public_link(endpoint: str, **values) -> str:
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + url_for(endpoint, **values)
