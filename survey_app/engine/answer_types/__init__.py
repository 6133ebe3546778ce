"""Answer types: one module per type, each registered here by name (see ``registry``).

To add a type, write a module with an ``AnswerType`` subclass, register it below and give it a field
template if the shared ones do not fit. Nothing else changes: the channels, downloads and dashboard ask the
registry.
"""

from survey_app.engine.answer_types.base import AnswerType, ExportColumn, Translate
from survey_app.engine.answer_types.evaluation import Evaluation
from survey_app.engine.answer_types.evidence import Evidence
from survey_app.engine.answer_types.multiple_choice import MultipleChoice
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answer_types.number import Number
from survey_app.engine.answer_types.picture_scale import PictureScale
from survey_app.engine.answer_types.registry import (
    DuplicateAnswerType,
    answer_type,
    find,
    names,
    register,
    temporarily,
)
from survey_app.engine.answer_types.scale import Scale
from survey_app.engine.answer_types.single_choice import SingleChoice
from survey_app.engine.answer_types.text import LongText, ShortText
from survey_app.engine.answer_types.yes_no import YesNo

# In the order the loader lists them when a file names an unknown type.
for _type in (
    SingleChoice,
    MultipleChoice,
    Scale,
    YesNo,
    Number,
    ShortText,
    LongText,
    Evaluation,
    Evidence,
    PictureScale,
):
    register(_type())

__all__ = [
    "AnswerType",
    "DuplicateAnswerType",
    "ExportColumn",
    "Translate",
    "TypeName",
    "answer_type",
    "find",
    "names",
    "register",
    "temporarily",
]
