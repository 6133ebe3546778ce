"""Which questions nobody can ever be shown, and why.

A ``show_if`` that tests for an answer its question can never give hides its question from everyone:
a typo in a choice value, ``equals`` on a question where people tick several boxes, ``at_least 6`` on a
scale that stops at 5. The loader cannot see these (the file is valid), so the ``check`` command does.
"""

from __future__ import annotations

from collections.abc import Iterator

from survey_app.engine.questionnaire import Condition, Question, Questionnaire


def _answers(question: Question) -> set[str]:
    """The values a choice or yes/no question can give."""
    return set(question.answer_type.values(question))


def leaves(condition: Condition) -> Iterator[Condition]:
    """The single tests inside a condition, however ``all`` and ``any`` nest them."""
    if condition.all_of or condition.any_of:
        for part in (*condition.all_of, *condition.any_of):
            yield from leaves(part)
    else:
        yield condition


def _choice_problem(condition: Condition, target: Question) -> str | None:
    kind, name, values = target.type, f"'{target.id}'", _answers(target)
    several = target.answer_type.several
    if condition.equals is not None or condition.one_of:
        wanted = [condition.equals] if condition.equals is not None else list(condition.one_of)
        if several:
            return f"{name} can have several answers: test it with 'includes', not 'equals' or 'one_of'"
        if not values:
            return f"{name} is a {kind} question: 'equals' and 'one_of' only work with choices or yes/no"
        if not values & set(wanted):
            given = ", ".join(f"'{w}'" for w in wanted)
            return f"{name} never gives {given} (its answers are: {', '.join(sorted(values))})"
    if condition.includes is not None:
        if not several:
            return f"'includes' is for multiple_choice questions, and {name} is {kind}"
        if condition.includes not in values:
            return (
                f"{name} has no choice '{condition.includes}' (its choices are: {', '.join(sorted(values))})"
            )
    return None


def _range_problem(condition: Condition, target: Question) -> str | None:
    low, high, name = target.minimum, target.maximum, f"'{target.id}'"
    at_least, at_most = condition.at_least, condition.at_most
    if at_least is None and at_most is None:
        return None
    if not target.answer_type.numeric:
        return f"'at_least' and 'at_most' are for scale and number questions, and {name} is {target.type}"
    if at_least is not None and high is not None and at_least > high:
        return f"{name} is never more than {high:g}, so it is never at least {at_least:g}"
    if at_most is not None and low is not None and at_most < low:
        return f"{name} is never less than {low:g}, so it is never at most {at_most:g}"
    if at_least is not None and at_most is not None and at_least > at_most:
        return f"no number is at least {at_least:g} and at most {at_most:g}"
    return None


def dead_reason(
    condition: Condition, questionnaire: Questionnaire, dead: frozenset[str] = frozenset()
) -> str | None:
    """Why ``condition`` can never be true, in words for the file's editors; None if it sometimes can.

    ``dead`` holds questions already known to be unreachable: a test on their answer can never pass
    either, except ``answered: false``, which is then always true.
    """
    if condition.all_of:
        return next(filter(None, (dead_reason(c, questionnaire, dead) for c in condition.all_of)), None)
    if condition.any_of:
        reasons = [dead_reason(c, questionnaire, dead) for c in condition.any_of]
        return None if None in reasons else "; and ".join(reasons)
    if condition.answered is False:
        return None
    if condition.question in dead:
        return f"it depends on '{condition.question}', which nobody can reach"
    if condition.answered:
        return None
    target = questionnaire.question(condition.question)
    return _choice_problem(condition, target) or _range_problem(condition, target)


def unreachable(questionnaire: Questionnaire) -> dict[str, str]:
    """Every question nobody can be shown, with the reason, in file order."""
    dead: dict[str, str] = {}
    for question in questionnaire.questions:
        if question.show_if is not None:
            reason = dead_reason(question.show_if, questionnaire, frozenset(dead))
            if reason:
                dead[question.id] = reason
    return dead


def doubtful_parts(questionnaire: Questionnaire, question: Question) -> list[str]:
    """For a question people can reach: parts of its condition that name answers that cannot happen.

    Such a part is harmless today but is almost always a typo, for example a ``one_of`` value spelt wrong
    next to a right one, or one branch of an ``any`` that can never be true.
    """
    found = []
    for leaf in leaves(question.show_if) if question.show_if else ():
        reason = dead_reason(leaf, questionnaire)
        if reason:
            found.append(f"part of this condition can never be true: {reason}")
        elif leaf.one_of and leaf.question:
            values = _answers(questionnaire.question(leaf.question))
            found += [f"'{leaf.question}' never gives '{v}'" for v in leaf.one_of if v not in values]
    return found
