"""X-Forwarded-* headers count only from a trusted proxy: which peers are trusted, and what the app sees."""

from __future__ import annotations

import pytest
from flask import request

from survey_app import create_app, trusted_proxies
from survey_app.security import client_address

FORGED = {
    "HTTP_X_FORWARDED_FOR": "198.51.100.1",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_HOST": "evil.example",
    "HTTP_X_FORWARDED_PORT": "8443",
}


@pytest.mark.parametrize(
    "peer",
    ["127.0.0.1", "127.8.0.3", "::1", "10.1.2.3", "172.20.0.9", "192.168.1.20", "fd00::7", "::ffff:10.0.0.5"],
)
def test_by_default_the_same_machine_and_private_networks_are_trusted_proxies(peer):
    assert trusted_proxies.peer_check(trusted_proxies.parse(trusted_proxies.DEFAULT))(peer)


@pytest.mark.parametrize(
    "peer", ["203.0.113.9", "8.8.8.8", "2001:db8::1", "::ffff:203.0.113.9", "172.32.0.1"]
)
def test_by_default_an_internet_address_is_not_a_trusted_proxy(peer):
    assert not trusted_proxies.peer_check(trusted_proxies.parse(trusted_proxies.DEFAULT))(peer)


def test_a_unix_socket_peer_is_trusted_and_a_missing_address_is_not():
    trusted = trusted_proxies.peer_check(())
    assert trusted("") and not trusted(None)


def test_an_empty_setting_trusts_no_address_and_a_listed_address_is_a_network_of_one():
    assert trusted_proxies.parse(" ") == ()
    trusted = trusted_proxies.peer_check(trusted_proxies.parse("192.0.2.7, 2001:db8::/32"))
    assert trusted("192.0.2.7") and trusted("2001:db8::9")
    assert not trusted("192.0.2.8") and not trusted("127.0.0.1")


def test_a_setting_that_is_not_an_address_stops_the_app_starting_and_names_itself(app_config):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES: 'proxy.internal'"):
        create_app(app_config | {"TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"})


def _probed(app):
    """The app with a page that says what a view reads of the request."""

    @app.get("/_seen")
    def seen():
        return {
            "scheme": request.scheme,
            "host": request.host,
            "client": client_address(),
            "forwarded": sorted(key for key in request.environ if key.startswith("HTTP_X_FORWARDED_")),
        }

    return app


def _seen(app, peer: str) -> dict:
    """What the app read of a request carrying every forged header, from ``peer``."""
    return app.test_client().get("/_seen", environ_base={"REMOTE_ADDR": peer, **FORGED}).get_json()


def test_from_an_untrusted_peer_every_forwarded_header_is_ignored(app):
    seen = _seen(_probed(app), "203.0.113.9")

    assert seen == {"scheme": "http", "host": "localhost", "client": "203.0.113.9", "forwarded": []}


def test_from_the_trusted_proxy_the_forwarded_scheme_host_port_and_client_count(app):
    seen = _seen(_probed(app), "10.0.0.5")

    assert (seen["scheme"], seen["host"], seen["client"]) == ("https", "evil.example:8443", "198.51.100.1")


def test_a_configured_proxy_is_trusted_and_loopback_then_is_not(app_config):
    app = _probed(create_app(app_config | {"TRUSTED_PROXIES": "192.0.2.7"}))

    assert _seen(app, "192.0.2.7")["client"] == "198.51.100.1"
    assert _seen(app, "127.0.0.1") == {
        "scheme": "http",
        "host": "localhost",
        "client": "127.0.0.1",
        "forwarded": [],
    }
