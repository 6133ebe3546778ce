"""A served app loads what its first visitors would wait for before it takes a request; tests and commands
do not."""

from __future__ import annotations

import gc

import click
import pytest

from survey_app import create_app
from survey_app.safeguarding import detector, languages, learned
from survey_app.web import warm_up


@pytest.fixture
def served_config(app_config) -> dict:
    return app_config | {"TESTING": False}


@pytest.fixture
def nothing_loaded(monkeypatch):
    """The detector as a new worker finds it, and a collector that is not frozen for the other tests."""
    learned.load_model.cache_clear()
    languages.load_reader.cache_clear()
    monkeypatch.setattr(detector, "_READERS", {})
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.get_count()[0]))
    return frozen


def _compiled(app) -> set[str]:
    return {name for _loader, name in app.jinja_env.cache}


def test_a_served_app_reads_a_text_and_compiles_its_pages_before_a_request(
    served_config, nothing_loaded, monkeypatch
):
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    app = create_app(served_config)

    assert learned.load_model.cache_info().currsize == 1
    assert languages.load_reader.cache_info().currsize == 1
    assert {"base.html", "web/question.html", "web/check.html", "web/_fields.html"} <= _compiled(app)
    assert nothing_loaded == []  # not a gunicorn worker: this process goes on to make other apps


def test_a_gunicorn_worker_leaves_what_it_loaded_out_of_later_full_collections(
    served_config, nothing_loaded, monkeypatch
):
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/27.0.1")
    create_app(served_config)

    assert len(nothing_loaded) == 1


def test_a_test_app_loads_nothing_early(app_config, nothing_loaded):
    app = create_app(app_config)

    assert learned.load_model.cache_info().currsize == 0
    assert "web/question.html" not in _compiled(app)
    assert nothing_loaded == []


def test_an_app_made_for_a_flask_command_loads_nothing_early(served_config, nothing_loaded):
    with click.Context(click.Command("upgrade")):
        app = create_app(served_config)
        assert not warm_up.serves_visitors(app)

    assert learned.load_model.cache_info().currsize == 0
    assert nothing_loaded == []


def test_addresses_kept_for_pages_name_the_host_each_request_asked_for(app):
    from survey_app.web import page_url

    for host in ("https://one.example", "https://two.example", "https://one.example"):
        with app.test_request_context("/", base_url=host):
            assert page_url("web.resume", _external=True) == f"{host}/resume"
            assert page_url("web.stop", questionnaire_id="leaving-care") == "/survey/leaving-care/stop"
