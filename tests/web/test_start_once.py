"""Start the questions makes one run, with its code, in one commit: a failure half-way leaves no orphan."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from survey_app.store import runs


def test_a_start_that_fails_before_its_code_is_made_leaves_no_run_and_a_retry_makes_one(
    app, respondent, stored, monkeypatch
):
    real = runs.issue_resume_code
    failures = iter([True])

    def flaky(session, run, secret_key):
        if next(failures, False):
            raise OperationalError("UPDATE run", {}, Exception("the database went away"))
        return real(session, run, secret_key)

    monkeypatch.setattr(runs, "issue_resume_code", flaky)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    respondent.open("/survey/leaving-care")
    respondent.submit()
    respondent.open(respondent.page.link("Continue"))
    while "/agree/" in respondent.page.path:
        respondent.submit({"answer": "yes"})

    failed = respondent.submit()
    assert failed.status == 500
    assert stored.runs() == []

    respondent.open(respondent.page.path if failed.path.endswith("before-you-start") else failed.path)
    respondent.submit()
    (run,) = stored.runs()
    assert run.resume_code_hash is not None


@pytest.fixture
def app_config(app_config):
    return app_config | {"TESTING": False}
