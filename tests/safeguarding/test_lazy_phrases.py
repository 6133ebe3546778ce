"""The lexicons' phrases are compiled only when a text holds their key, and then match as compiling them all
at once did: the same harms, in the same order, with the same words."""

import pytest

from survey_app.safeguarding import languages


@pytest.fixture(scope="module")
def every_phrase() -> list[tuple[str, languages._Phrase, object]]:
    """Every phrase of the packaged lexicons compiled up front, in file order, as the reader once did."""
    document = languages._document(languages.LANGUAGES_FILE)
    return [
        (name, phrase, languages._phrase(phrase.words))
        for name, entry in document["languages"].items()
        for phrase in languages._language(name, entry).harms
    ]


def _fresh_reader() -> languages.Reader:
    return languages.load_reader.__wrapped__(frozenset())


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("chce sie zabic, nie mam juz sily", "polish", "suicide"),  # Latin letters, a whole-word key
        ("хочу покончить с собой сегодня", "russian", "suicide"),  # Cyrillic
        ("بدي نام وما أصحى، تعبت", "arabic", "suicide"),  # Arabic script
        ("bade mout, ta3bet mn kel shi", "arabic_latin", "suicide"),  # Arabizi
        ("tha mi airson basachadh", "gaelic", "suicide"),
    ],
)
def test_a_phrase_compiled_when_first_needed_matches_as_compiled_up_front(
    text, language, category, every_phrase
):
    reader = _fresh_reader()
    harms = reader.read(text).harms
    folded = languages.fold(text)
    up_front = tuple(
        languages.Harm(name, phrase.category, phrase.tier, match.group(0))
        for name, phrase, pattern in every_phrase
        if (match := pattern.search(folded))
    )
    assert harms == up_front
    assert (harms[0].language, harms[0].category) == (language, category)
    # Only what the text could match was compiled, not the thousands of other phrases.
    assert 0 < len(reader._patterns) < 50


def test_a_text_without_a_phrase_key_compiles_nothing():
    reader = _fresh_reader()
    ordinary = ["The flat is fine.", "Mieszkanie jest w porzadku", "الشقة منيحة والحمد لله", "kolo 3adi"]
    for text in ordinary:
        assert not reader.read(text).harms
    assert reader._patterns == {}


def test_a_phrase_once_compiled_is_kept():
    reader = _fresh_reader()
    reader.read("bade mout")
    compiled = dict(reader._patterns)
    reader.read("bade mout")
    assert reader._patterns == compiled
    assert all(reader._patterns[order] is pattern for order, pattern in compiled.items())


def test_the_lexicons_are_parsed_once_for_every_use():
    languages._document.cache_clear()
    languages.english_common.cache_clear()
    languages.others_common.cache_clear()
    try:
        languages.english_common()
        languages.others_common()
        _fresh_reader()
        assert languages._document.cache_info().misses == 1
    finally:
        languages.english_common.cache_clear()
        languages.others_common.cache_clear()
