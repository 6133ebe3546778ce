"""X-Forwarded-* headers are believed only from our own proxy.

Behind the README's TLS proxy, the public scheme and host (which Twilio signs, and redirects keep) and the
client's address (which the per-client limits count) arrive in X-Forwarded-* headers. Anyone can send those
headers: reached directly (``make run`` on a shared network, a deploy with no proxy in front, a proxy that
can be gone round), a guesser would name a new address on every try and never meet a limit, and a forged
host or scheme would change redirects and the URL a Twilio signature is checked against. So they count only
when the peer that opened the connection is a trusted proxy (``TRUSTED_PROXIES``); from anyone else every
X-Forwarded-* header is removed before the app sees it, and the connection's own address, scheme and host
are the truth.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable

from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Where a TLS proxy in front of gunicorn connects from: the same machine (loopback), or the platform's or
# load balancer's private network (the private IPv4 ranges and IPv6 unique local addresses). Nobody on the
# internet connects from these, so a directly reached app ignores what its internet visitors forward.
DEFAULT = "127.0.0.0/8,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"


def parse(setting: str) -> tuple[Network, ...]:
    """``"10.0.0.0/8, 192.0.2.7"`` as networks (an address is a network of one); empty trusts no one."""
    networks = []
    for part in (each.strip() for each in setting.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {part!r} is not an address or network") from None
    return tuple(networks)


def peer_check(networks: Iterable[Network]) -> Callable[[str | None], bool]:
    """Is the peer at this REMOTE_ADDR a trusted proxy? Answered once per address (a few proxies ask)."""
    networks = tuple(networks)

    @functools.lru_cache(maxsize=256)
    def trusted(remote_addr: str | None) -> bool:
        try:
            address = ipaddress.ip_address(remote_addr or "")
        except ValueError:
            # No IP address: a Unix socket, which only this machine can connect to (gunicorn trusts it
            # too). A server always fills REMOTE_ADDR in; the client cannot choose it.
            return remote_addr is not None
        # A dual-stack socket shows an IPv4 proxy as ::ffff:10.0.0.5.
        address = getattr(address, "ipv4_mapped", None) or address
        return any(address in network for network in networks)

    return trusted


class TrustedProxyFix:
    """werkzeug's ProxyFix for requests from a trusted proxy; every X-Forwarded-* header dropped from
    anyone else, so nothing after this (ProxyFix, ``security.client_address``) can read a forged one."""

    def __init__(self, app, networks: Iterable[Network], hops: int) -> None:
        self.app = app
        self.proxied = ProxyFix(app, x_for=0, x_proto=hops, x_host=hops, x_port=hops, x_prefix=0)
        self.trusted = peer_check(networks)

    def __call__(self, environ, start_response):
        if self.trusted(environ.get("REMOTE_ADDR")):
            return self.proxied(environ, start_response)
        for forged in [key for key in environ if key.startswith("HTTP_X_FORWARDED_")]:
            del environ[forged]
        return self.app(environ, start_response)
