"""Preview links: a coordinator opens a draft for young advisers to try. Nothing they answer is kept.

A link pins the text of the file it was made from, so a later edit to the draft needs a new link and the
feedback always belongs to the words the advisers saw. Only the token's hash is stored. An adviser's answers
live in their own browser session (for the questions that depend on earlier answers) and never reach the
response tables, the daily counts or anything the dashboard and downloads read.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlmodel import Session, select

from survey_app import engine
from survey_app.codesign.models import PreviewLink
from survey_app.engine import Questionnaire, QuestionnaireError
from survey_app.questionnaires import registry

DRAFTS = "drafts"


@dataclass(frozen=True)
class Draft:
    """A questionnaire text that can be previewed: the file in use, or a file in conversations/drafts."""

    name: str
    questionnaire: Questionnaire


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def drafts(questionnaire_id: str) -> list[Draft]:
    """What a coordinator may preview for this questionnaire: the current file and any drafts of it."""
    found = []
    current = registry().get(questionnaire_id)
    if current is not None:
        found.append(Draft(current.source or f"{questionnaire_id}.yaml", current))
    folder = Path(current_app.config["CONVERSATIONS_DIR"]) / DRAFTS
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            draft = engine.load_questionnaire(path)
        except QuestionnaireError:
            continue  # 'conversations check' reports it; a broken draft is not offered
        if draft.id == questionnaire_id:
            found.append(Draft(f"{DRAFTS}/{path.name}", draft))
    return found


def make_link(session: Session, draft: Draft, staff_id: int) -> str:
    """Keep the draft's text under a new token's hash; returns the token (shown once, never stored)."""
    token = secrets.token_urlsafe(18)
    session.add(
        PreviewLink(
            token_hash=token_hash(token),
            questionnaire_id=draft.questionnaire.id,
            version=draft.questionnaire.version,
            source=draft.questionnaire.text,
            made_by=staff_id,
        )
    )
    return token


def find(session: Session, token: str) -> PreviewLink | None:
    if not token or len(token) > 64:
        return None
    return session.exec(select(PreviewLink).where(PreviewLink.token_hash == token_hash(token))).first()


_parsed: dict[str, Questionnaire] = {}


def questionnaire_of(link: PreviewLink) -> Questionnaire:
    """The pinned text, parsed once per process."""
    if link.token_hash not in _parsed:
        _parsed[link.token_hash] = engine.parse_questionnaire(
            link.source, f"{link.questionnaire_id} v{link.version}"
        )
    return _parsed[link.token_hash]


def links_for(session: Session, questionnaire_id: str) -> list[PreviewLink]:
    query = select(PreviewLink).where(PreviewLink.questionnaire_id == questionnaire_id)
    return list(session.exec(query.order_by(PreviewLink.id.desc())).all())
