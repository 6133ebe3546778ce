"""A made-up answer type, as a researcher's developer would add one: red, amber or green.

This module and ``templates/traffic_light.html`` are everything it takes; the test registers it and walks
it through the web pages, the text messages and a download without changing any module of the app.
"""

from __future__ import annotations

from survey_app.engine.answer_types import AnswerType, Translate
from survey_app.engine.answer_types.base import same
from survey_app.engine.answers import ANSWERED, N_, InvalidAnswer, Response, plain_words
from survey_app.engine.questionnaire import Choice, Question

LIGHTS = (Choice("red", N_("Red")), Choice("amber", N_("Amber")), Choice("green", N_("Green")))
REPLY_LIGHT = N_("Reply RED, AMBER or GREEN")


class TrafficLight(AnswerType):
    name = "traffic_light"
    field_template = "traffic_light.html"
    spss_measure = "ordinal"  # red, amber, green is an order
    empty_message = N_("Choose red, amber or green, or skip this question.")

    def preset_choices(self) -> tuple[Choice, ...]:
        return LIGHTS

    def parse_text(self, question: Question, text: str) -> Response:
        """A colour, its first letter or its number: "Green", "g", "3"."""
        said = plain_words(text)
        for number, light in enumerate(question.choices, 1):
            if said in (light.value, light.value[0], str(number)):
                return Response(ANSWERED, light.value)
        raise InvalidAnswer(N_("Reply RED, AMBER or GREEN."))

    def sms_lines(self, question: Question, translate: Translate = same) -> list[str]:
        return []  # the colours are their own names: no numbered list

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_LIGHT)
