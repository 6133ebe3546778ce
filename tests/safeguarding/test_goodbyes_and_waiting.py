"""Shapes the fresh rounds showed the rules missing, each with an ordinary answer that shares its words.

A note's words ("gone before anyone reads this"), a last post with thanks, a child out since the afternoon and
it is the middle of the night, people who threatened someone waiting where they must go; and the Russian and
Ukrainian for heating cut off.
"""

import pytest

from survey_app.safeguarding.detector import assess

RAISED = [
    ("ill be long gone before anyone reads this", "urgent"),
    ("my final post on here. thanks to the two staff who tried x", None),
    ("heres my goodbye message, sorry mum", "urgent"),
    ("my sister left at 5 to see her pal and its now past midnight, shes 14 and her phone is off", "urgent"),
    ("them boys from the other scheme say theyll be waiting outside college for me, six of them", None),
    ("Газ отключили неделю назад, с ребенком спим в одежде", None),
    ("Опалення відключили ще в листопаді, дитина хворіє", None),
]

ORDINARY = [
    "thats my last answer, thanks for listening",
    "my dad said hell be waiting at the station at 6 to pick me up",
    "my son went to football at 6 and its nearly 8, he is 12, back soon",
    "Отопление включили только в ноябре, теперь тепло",
]


@pytest.mark.parametrize(("text", "tier"), RAISED)
def test_these_shapes_are_raised(text, tier):
    found = assess(text)
    assert found.concern, found.reasons
    if tier:
        assert found.tier == tier, found.reasons


@pytest.mark.parametrize("text", ORDINARY)
def test_the_same_words_in_an_ordinary_answer_match_no_rule_or_lexicon(text):
    """The rules' and lexicons' part: the learned layer weighs these answers on its own evidence."""
    found = assess(text)
    matched = [r.rule for r in found.reasons if r.counts and not r.rule.startswith("learned.")]
    assert not matched, found.reasons
