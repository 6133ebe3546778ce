"""The picture scale: five worded faces, very sad to very happy (engine.pictures).

It loads as a single choice whose choices carry the faces, so its answers are coded the same in every
language and every download, and by text message it is "Reply 1-5".
"""

from __future__ import annotations

from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answer_types.single_choice import SingleChoice
from survey_app.engine.pictures import face_choices
from survey_app.engine.questionnaire import Choice


class PictureScale(SingleChoice):
    name = TypeName.PICTURE_SCALE
    takes_choices = False
    preset_note = "its own five faces"

    def preset_choices(self) -> tuple[Choice, ...]:
        return face_choices()

    def loads_as(self) -> str:
        return TypeName.SINGLE_CHOICE
