"""Static files come pre-compressed with a year's cache; pages with a CSRF token are never compressed."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest

from survey_app.static_files import ONE_YEAR
from survey_app.web import asset_url


@pytest.fixture
def stylesheet(app) -> str:
    with app.test_request_context():
        return asset_url("site.css")


@pytest.mark.parametrize("accepted, encoding", [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)])
def test_a_stylesheet_comes_in_the_smallest_encoding_the_browser_accepts(
    client, app, stylesheet, accepted, encoding
):
    expected = (Path(app.static_folder) / "site.css").read_bytes()
    response = client.get(stylesheet, headers={"Accept-Encoding": accepted})
    assert response.status_code == 200 and response.headers.get("Content-Encoding") == encoding
    body = response.get_data()
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
    assert decoded == expected
    if encoding:
        assert len(body) < len(expected) / 2 and "Accept-Encoding" in response.headers.get("Vary", "")


def test_a_versioned_static_file_is_cached_for_a_year_and_not_sniffed(client, stylesheet):
    response = client.get(stylesheet, headers={"Accept-Encoding": "br"})
    assert f"max-age={ONE_YEAR}" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_page_carrying_a_csrf_token_is_never_compressed(client):
    response = client.get("/admin/login", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    assert 'name="csrf_token"' in response.get_data(as_text=True)
