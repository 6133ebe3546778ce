"""The detector's codes in the lead's words: a category ("self_harm") as "Self-harm", a rule
("suicide.intent") as what the rules file says it finds. The codes stay beside the words, in small print, for
a lead checking a rule in the rules file; a lead acting on a concern at night should not have to decode them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from survey_app.safeguarding import journey, learned
from survey_app.safeguarding.rules import load_rules

CATEGORY_LABELS = {
    "immediate_danger": _l("In danger now"),
    "suicide": _l("Suicide"),
    "self_harm": _l("Self-harm"),
    "missing": _l("Missing from home or care"),
    "abuse": _l("Abuse"),
    "exploitation": _l("Exploitation"),
    "homelessness": _l("Homelessness"),
    "neglect": _l("Neglect"),
    "mental_health_crisis": _l("Mental health crisis"),
    "harm_to_others": _l("Harm to others"),
    "none": _l("Not known"),
}
# Reasons that are not rules in the rules file: written by the detector or by a person.
OTHER_REASONS = {
    "detector.failed": _l("The detector could not check this answer: a person must read it."),
    "language.unread": _l("Written in a language the detector does not read."),
    learned.RULE_ID: _l("Not a rule: the learned check scored it as worrying."),
    "reader": _l("Not the detector: a person raised it."),
    "passed": _l("Not the detector: the review team passed it on."),
    journey.PAST_LIMIT: _l(
        "Sent past the limit on texts: not answered, and they were not asked whether to get in touch."
    ),
}


def category_label(code: str | None) -> str:
    if not code:
        return str(CATEGORY_LABELS["none"])
    label = CATEGORY_LABELS.get(code)
    return str(label) if label is not None else code.replace("_", " ")


def rule_description(code: str) -> str:
    """What the rule finds, in the words of the rules file's `why` (written by the lead and the engineers)."""
    if code in OTHER_REASONS:
        return str(OTHER_REASONS[code])
    why = {rule.id: rule.why for rule in load_rules().rules}.get(code)
    return why or code


@dataclass(frozen=True)
class ReasonLine:
    """One reason a text was flagged: what the rule finds, the words that matched, what context did."""

    description: str
    words: str
    context: tuple[str, ...]
    code: str


def reason_line(item: object) -> ReasonLine:
    if not isinstance(item, dict):
        return ReasonLine(str(item), "", (), "")
    code = str(item.get("rule") or "")
    context = item.get("context") or []
    return ReasonLine(
        rule_description(code) if code else "",
        str(item.get("words") or ""),
        tuple(map(str, context if isinstance(context, list) else [context])),
        code,
    )
