"""Every table, imported in one place so SQLModel.metadata (and Alembic) sees them all."""

from __future__ import annotations

import importlib

MODEL_MODULES = (
    "survey_app.store.models",
    "survey_app.store.scrubbing",
    "survey_app.sms.models",
    "survey_app.staff.models",
    "survey_app.admin.models",
    "survey_app.exports.models",
    "survey_app.safeguarding.models",
    "survey_app.partners.models",
    "survey_app.web.rejected",
    "survey_app.codesign.models",
)


def register_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
