"""Yes or no: by text, any of the ways people say it ("yeah", "nah", "aye"); downloaded as 1 and 0."""

from __future__ import annotations

from collections import Counter

from survey_app.engine.answer_types.base import AnswerType, Translate, same
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answers import ANSWERED, N_, InvalidAnswer, Response, plain_words
from survey_app.engine.questionnaire import Question

REPLY_YES_NO = N_("Reply YES or NO")
YES, NO = N_("Yes"), N_("No")
_YES = {"yes", "y", "yeah", "yep", "yea", "ya", "aye", "ok", "okay", "sure"}
_NO = {"no", "n", "nah", "nope", "naw", "na"}


class YesNo(AnswerType):
    name = TypeName.YES_NO
    empty_message = N_("Choose yes or no, or skip this question.")

    def values(self, question: Question) -> tuple[str, ...]:
        return ("yes", "no")

    def parse_form(self, question: Question, values: list[str]) -> object:
        if values not in (["yes"], ["no"]):
            raise InvalidAnswer(N_("Choose yes or no."))
        return values[0]

    def parse_text(self, question: Question, text: str) -> Response:
        word = plain_words(text)
        if word in _YES or word == "1":
            return Response(ANSWERED, "yes")
        if word in _NO or word == "2":
            return Response(ANSWERED, "no")
        raise InvalidAnswer(N_("Reply YES or NO."))

    def options(self, question: Question, translate: Translate = same) -> list[tuple[str, str]]:
        return [("yes", translate(YES)), ("no", translate(NO))]

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_YES_NO)

    def codes(self, question: Question) -> tuple[tuple[str, int, str], ...]:
        return (("yes", 1, "Yes"), ("no", 0, "No"))

    def count(
        self, question: Question, answers: Counter, translate: Translate = same
    ) -> list[tuple[str, int]]:
        return [(translate(YES), answers["yes"]), (translate(NO), answers["no"])]
