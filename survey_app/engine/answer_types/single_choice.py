"""One answer from the question's own list ("Where do you live now?"): everything the defaults do."""

from survey_app.engine.answer_types.base import AnswerType
from survey_app.engine.answer_types.names import TypeName


class SingleChoice(AnswerType):
    name = TypeName.SINGLE_CHOICE
    takes_choices = True
