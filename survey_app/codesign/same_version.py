"""A version number means one wording: the check ``conversations load`` makes before keeping a version."""

from __future__ import annotations

from sqlmodel import Session, select

from survey_app import engine
from survey_app.codesign import versions
from survey_app.engine import Questionnaire
from survey_app.store.models import QuestionnaireVersion


def reworded_questions(session: Session, questionnaire: Questionnaire) -> list[str]:
    """Questions whose wording differs from the text already kept for this same version number."""
    stored = session.exec(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id == questionnaire.id,
            QuestionnaireVersion.version == questionnaire.version,
        )
    ).first()
    if stored is None or stored.source == questionnaire.text:
        return []
    kept = engine.parse_questionnaire(stored.source, f"{questionnaire.id} v{questionnaire.version} (kept)")
    return versions.changed(kept, questionnaire)


def refusal(questionnaire: Questionnaire, questions: list[str]) -> str:
    return (
        f"{questionnaire.id}: the wording of {', '.join(questions)} changed, but the version is still "
        f"{questionnaire.version}. Responses record the version they saw, so give the file a new version "
        f'number (version: "{_next(questionnaire.version)}") and load again. Nothing was loaded.'
    )


def _next(version: str) -> str:
    return str(int(version) + 1) if version.isdigit() else f"{version}.1"
