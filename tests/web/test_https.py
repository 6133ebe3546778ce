"""The journey behind the README's TLS proxy: X-Forwarded-Proto https, and no Referer (we send no-referrer).

Flask-WTF's strict HTTPS check wants a same-origin Referer, so with our no-referrer policy every form failed
in production while every plain-HTTP test passed. These tests go through ProxyFix as production does.
"""

from __future__ import annotations

import pytest

from survey_app.store.models import COMPLETED, STOPPED

from .pages import Respondent
from .test_journey import MOVED_ON, STORED
from .test_resume import _code as resume_code

PUBLIC = "survey.example.org"
BEHIND_PROXY = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": PUBLIC}


@pytest.fixture
def app_config(app_config):
    # As production: CSRF on (tests default to it too), secure cookies, HSTS.
    return app_config | {"WTF_CSRF_ENABLED": True, "SESSION_COOKIE_SECURE": True}


@pytest.fixture
def proxied(app) -> Respondent:
    client = app.test_client()
    client.environ_base.update(BEHIND_PROXY)
    return Respondent(client)


def test_whole_journey_over_https_without_a_referer_stores_every_answer(proxied, stored):
    proxied.consent(area="ne-12")
    proxied.answer_all(MOVED_ON)
    proxied.submit()

    assert proxied.page.path == "/survey/leaving-care/thank-you"
    (run,) = stored.runs()
    assert run.state == COMPLETED
    assert stored.answers(run) == STORED


def test_stop_over_https_without_a_referer_keeps_the_answers_given(proxied, stored):
    proxied.consent()
    proxied.answer("19")
    proxied.open(proxied.page.link("Stop"))
    proxied.submit({"answers": "keep"})
    assert proxied.page.status == 200, proxied.page.html
    (run,) = stored.runs()
    assert run.state == STOPPED and stored.answers(run)["age"] == ("answered", 19)


def test_resume_over_https_without_a_referer_returns_to_the_question(app, proxied, stored):
    proxied.consent()
    proxied.answer("21")
    proxied.answer("continuing")
    code = resume_code(proxied.page)

    later = app.test_client()
    later.environ_base.update(BEHIND_PROXY)
    later = Respondent(later)
    later.open("/resume")
    later.submit({"code": code})
    assert later.page.question_id == "feels_like_home"


def _token_and_action(respondent: Respondent) -> tuple[str, str]:
    form = respondent.page.post_form()
    return form.fields["csrf_token"], form.action


def test_a_form_without_its_token_is_refused_over_https(proxied, stored):
    proxied.open("/survey/leaving-care")
    _, action = _token_and_action(proxied)
    response = proxied.client.post(action, data={})
    assert response.status_code == 400
    assert stored.runs() == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": f"http://{PUBLIC}"},  # a downgraded origin is another origin
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "null"},
    ],
)
def test_a_form_sent_from_another_site_is_refused_even_with_a_token(proxied, stored, headers):
    proxied.open("/survey/leaving-care")
    token, action = _token_and_action(proxied)
    response = proxied.client.post(action, data={"csrf_token": token}, headers=headers)
    assert response.status_code == 400
    assert stored.runs() == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # what Chromium sends under no-referrer
        {"Origin": f"https://{PUBLIC}"},
        {},
    ],
)
def test_a_form_from_this_site_is_accepted(proxied, headers):
    proxied.open("/survey/leaving-care")
    token, action = _token_and_action(proxied)
    response = proxied.client.post(action, data={"csrf_token": token}, headers=headers)
    assert response.status_code in (302, 303) and "expired" not in response.get_data(as_text=True)


def test_pages_over_https_still_send_no_referrer(proxied):
    page = proxied.open("/survey/leaving-care")
    assert page.headers["Referrer-Policy"] == "no-referrer"
