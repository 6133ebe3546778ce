"""Questions as text messages. Run with -s to see every prompt's length."""

from __future__ import annotations

from survey_app.engine.gsm import is_gsm7
from survey_app.engine.questionnaire import Choice, ConsentStep, Question
from survey_app.engine.sms_prompts import all_prompts, render_consent, render_prompt


def choices(*labels: str) -> tuple[Choice, ...]:
    return tuple(Choice(f"c{n}", label) for n, label in enumerate(labels))


def test_a_single_choice_prompt_numbers_its_choices_and_says_how_to_reply():
    question = Question(
        "q", "single_choice", "Where do you live now?", choices=choices("Care", "Own", "Else")
    )
    assert render_prompt(question) == "Where do you live now?\n1 Care\n2 Own\n3 Else\nReply 1, 2 or 3"


def test_two_choices_and_many_choices_have_their_own_reply_line():
    assert render_prompt(Question("q", "single_choice", "Q?", choices=choices("A", "B"))).endswith(
        "Reply 1 or 2"
    )
    many = Question("q", "single_choice", "Q?", choices=choices(*"ABCDEFG"))
    assert render_prompt(many).endswith("7 G\nReply 1-7")


def test_the_sms_wordings_are_used_where_given():
    question = Question(
        "q", "single_choice", "A long web question?", sms="Short?",
        choices=(Choice("a", "A long label", sms="Short"), Choice("b", "B")),
    )  # fmt: skip
    assert render_prompt(question) == "Short?\n1 Short\n2 B\nReply 1 or 2"


def test_a_multiple_choice_prompt_asks_for_numbers():
    question = Question("q", "multiple_choice", "Which?", choices=choices("A", "B"))
    assert render_prompt(question).endswith("2 B\nReply with numbers, like 1 3")


def test_a_scale_prompt_says_what_its_ends_mean():
    question = Question("q", "scale", "How?", minimum=1, maximum=5, min_label="Not at all", max_label="Very")
    assert render_prompt(question) == "How?\n1=Not at all 5=Very\nReply 1-5"


def test_a_scale_without_labels_has_only_its_range():
    assert render_prompt(Question("q", "scale", "How?", minimum=0, maximum=10)) == "How?\nReply 0-10"


def test_yes_no_number_and_free_text_prompts_each_say_how_to_reply():
    assert render_prompt(Question("q", "yes_no", "OK?")) == "OK?\nReply YES or NO"
    assert render_prompt(Question("q", "number", "Age?")) == "Age?\nReply with a number"
    assert render_prompt(Question("q", "long_text", "Why?")) == "Why?\nReply in your own words"
    assert render_prompt(Question("q", "short_text", "Why?")) == "Why?\nReply in your own words"


def test_a_consent_step_asks_for_yes_or_no():
    assert (
        render_consent(ConsentStep("ok", "A long text.", sms="Is that OK?")) == "Is that OK?\nReply YES or NO"
    )
    assert render_consent(ConsentStep("ok", "Is that OK?")) == "Is that OK?\nReply YES or NO"


def test_curly_quotes_and_dashes_never_reach_an_english_prompt():
    question = Question("q", "yes_no", "Is it \u201cyour\u201d home \u2013 really?")
    prompt = render_prompt(question)
    assert prompt == 'Is it "your" home - really?\nReply YES or NO'
    assert is_gsm7(prompt)


def test_every_part_of_a_prompt_goes_through_the_channels_translation():
    def translate(text: str) -> str:
        return f"[{text}]"

    scale = Question("q", "scale", "How?", minimum=1, maximum=5, min_label="Low", max_label="High")
    assert render_prompt(scale, translate) == "[How?]\n1=[Low] 5=[High]\n[Reply 1-5]"
    choice = Question("q", "single_choice", "Which?", choices=choices("A", "B"))
    assert render_prompt(choice, translate) == "[Which?]\n1 [A]\n2 [B]\n[Reply 1 or 2]"
    assert render_consent(ConsentStep("ok", "OK?"), translate) == "[OK?]\n[Reply YES or NO]"


def test_all_prompts_lists_the_intro_then_consent_then_questions(sample):
    names = [name for name, _ in all_prompts(sample)]
    assert names == ["consent:ok", "where", "own_ok", "worries", "mood", "age", "more"]
