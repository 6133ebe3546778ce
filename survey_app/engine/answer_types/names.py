"""The built-in answer types' names: the words a questionnaire file uses for ``type``."""

from enum import StrEnum


class TypeName(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SCALE = "scale"
    YES_NO = "yes_no"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    # A self-evaluation's six-point judgement and its list of evidence (partners only).
    EVALUATION = "evaluation"
    EVIDENCE = "evidence"
    # Five worded faces, very sad to very happy: loaded as a single choice (engine.pictures).
    PICTURE_SCALE = "picture_scale"
