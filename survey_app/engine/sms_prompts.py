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

from collections.abc import Callable

from survey_app.engine.answers import N_
from survey_app.engine.gsm import to_gsm_friendly
from survey_app.engine.questionnaire import ConsentStep, Question, Questionnaire

Translate = Callable[[str], str]

REPLY_YES_NO = N_("Reply YES or NO")
REPLY_NUMBERS = N_("Reply with numbers, like 1 3")
REPLY_NUMBER = N_("Reply with a number")
REPLY_WORDS = N_("Reply in your own words")
REPLY_TWO = N_("Reply 1 or 2")
REPLY_THREE = N_("Reply 1, 2 or 3")
REPLY_RANGE = N_("Reply %(low)s-%(high)s")


def _same(text: str) -> str:
    return text


def _whole(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


def reply_instruction(question: Question, translate: Translate = _same) -> str:
    """The last line of a prompt: how to answer this kind of question by text message."""
    if question.type == "single_choice":
        count = len(question.choices)
        if count in (2, 3):
            return translate(REPLY_TWO if count == 2 else REPLY_THREE)
        return translate(REPLY_RANGE) % {"low": 1, "high": count}
    if question.type == "scale":
        return translate(REPLY_RANGE) % {"low": _whole(question.minimum), "high": _whole(question.maximum)}
    fixed = {
        "multiple_choice": REPLY_NUMBERS,
        "yes_no": REPLY_YES_NO,
        "number": REPLY_NUMBER,
    }
    return translate(fixed.get(question.type, REPLY_WORDS))


def _scale_labels(question: Question, translate: Translate) -> str:
    """ "1=Not at all 5=A lot": what the two ends of a scale mean."""
    ends = [(question.minimum, question.min_label), (question.maximum, question.max_label)]
    return " ".join(f"{_whole(number)}={translate(label)}" for number, label in ends if label)


def render_prompt(question: Question, translate: Translate = _same) -> str:
    """The whole text message for ``question``."""
    lines = [translate(question.sms_text)]
    lines += [f"{n} {translate(choice.sms_label)}" for n, choice in enumerate(question.choices, start=1)]
    if question.type == "scale" and (question.min_label or question.max_label):
        lines.append(_scale_labels(question, translate))
    lines.append(reply_instruction(question, translate))
    return to_gsm_friendly("\n".join(lines))


def render_consent(step: ConsentStep, translate: Translate = _same) -> str:
    """A consent step as a text message: its SMS wording (or its text), then "Reply YES or NO"."""
    return to_gsm_friendly(f"{translate(step.sms or step.text)}\n{translate(REPLY_YES_NO)}")


def all_prompts(questionnaire: Questionnaire, translate: Translate = _same) -> list[tuple[str, str]]:
    """Every text message the questionnaire itself supplies, named: the intro, consent steps, questions.

    Used by the ``check`` and ``report-sms`` commands and by the tests, so all three see the same texts.
    """
    prompts = []
    if questionnaire.sms_intro:
        prompts.append(("intro", to_gsm_friendly(translate(questionnaire.sms_intro))))
    prompts += [(f"consent:{step.id}", render_consent(step, translate)) for step in questionnaire.consent]
    prompts += [(question.id, render_prompt(question, translate)) for question in questionnaire.questions]
    return prompts
