"""How a question or a consent step reads as one text message.

The shape is always the same, so people learn it once:

    Where do you live now?
    1 Still in care
    2 Continuing care
    3 Left care
    Reply 1, 2 or 3

the question's SMS wording (or its web wording), the numbered choices (their SMS labels where given),
then one short line saying how to reply. Each line break costs one character, like a space would.

``translate`` is the channel's gettext: questionnaire text and the reply lines go through the same
catalogues as everything else. The result is passed through ``to_gsm_friendly`` so that an English prompt
never carries a curly quote or a dash that would switch the message to UCS-2.
"""

from __future__ import annotations

from survey_app.engine.answer_types.base import Translate, same
from survey_app.engine.answer_types.yes_no import REPLY_YES_NO
from survey_app.engine.gsm import to_gsm_friendly
from survey_app.engine.questionnaire import ConsentStep, Question, Questionnaire


def reply_instruction(question: Question, translate: Translate = same) -> str:
    """The last line of a prompt: how to answer this kind of question by text message."""
    return question.answer_type.sms_hint(question, translate)


def render_prompt(question: Question, translate: Translate = same) -> str:
    """The whole text message for ``question``."""
    kind = question.answer_type
    lines = [
        translate(question.sms_text),
        *kind.sms_lines(question, translate),
        kind.sms_hint(question, translate),
    ]
    return to_gsm_friendly("\n".join(lines))


def render_consent(step: ConsentStep, translate: Translate = same) -> str:
    """A consent step as a text message: its SMS wording (or its text), then "Reply YES or NO"."""
    return to_gsm_friendly(f"{translate(step.sms or step.text)}\n{translate(REPLY_YES_NO)}")


def all_prompts(questionnaire: Questionnaire, translate: Translate = same) -> list[tuple[str, str]]:
    """Every text message the questionnaire itself supplies, named: the intro, consent steps, questions.

    Used by the ``check`` and ``report-sms`` commands and by the tests, so all three see the same texts.
    """
    prompts = []
    if questionnaire.sms_intro:
        prompts.append(("intro", to_gsm_friendly(translate(questionnaire.sms_intro))))
    prompts += [(f"consent:{step.id}", render_consent(step, translate)) for step in questionnaire.consent]
    prompts += [(question.id, render_prompt(question, translate)) for question in questionnaire.questions]
    return prompts
