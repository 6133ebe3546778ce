"""Our CSS and script travel gzipped to browsers that accept it; pages never do (BREACH)."""

from __future__ import annotations

import gzip
import re

from survey_app import config


def test_the_stylesheet_is_gzipped_for_a_browser_that_accepts_it_and_unzips_to_the_file(client):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/site.css\?v=[^"]+)"', page)[1]

    zipped = client.get(css, headers={"Accept-Encoding": "gzip"})  # with br accepted, WhiteNoise sends br
    plain = client.get(css)

    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert (
        gzip.decompress(zipped.data)
        == (config.ROOT / "survey_app/static/site.css").read_bytes()
        == plain.data
    )
    assert len(zipped.data) < len(plain.data) / 2 and "Content-Encoding" not in plain.headers


def test_pages_are_never_compressed_because_they_hold_the_csrf_token(respondent):
    page = respondent.consent()
    response = respondent.client.get(page.path, headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in response.headers
