"""Section 2 of issue 8: the new categories, the urgent shapes, scope of "if" and negation, the worker's
account of one young person, and texts in other languages (read, or marked as not read)."""

import pytest

from survey_app.safeguarding.detector import LANGUAGE_NOT_READ, THRESHOLD, assess


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("no food in the cupboards and my wee boy is hungry again", "neglect"),
        ("electric is cut off and its freezing, my baby is 3 months old", "neglect"),
        ("been sofa surfing since my tenancy ended, sleeping on mates floors", "homelessness"),
        ("staying at some guys flat i just met, drugs everywhere and i dont feel safe", "homelessness"),
        ("i keep running away from my placement", "missing"),
        ("the voices keep telling me im being watched", "mental_health_crisis"),
        ("i dont feel safe in my own head anymore", "mental_health_crisis"),
        ("i think the neighbours are putting cameras in my walls", "mental_health_crisis"),
    ],
)
def test_the_new_harms_are_raised_in_their_own_category(text, category):
    assessment = assess(text)
    assert (assessment.concern, assessment.category) == (True, category), assessment.reasons


@pytest.mark.parametrize(
    "text",
    [
        "the pills are all counted out on my bed",
        "i've got enough tablets now, been saving them",
        "left a note for my brother, he'll find it after",
        "gave all my games and my phone to my cousin, wont need them",
        "probably my last survey, thanks for trying",
        "i wont be here by christmas",
        "they've locked me in the bedroom and wont let me out",
        "im 15 and my dad threw me out, nowhere to sleep tonight",
        "my sister is 13 and never came home last night, nobody knows where she is",
        "got my blade, going to find him tonight",
        "one of our girls has picked a date, she told me today",
        "a young person i support tied a ligature at the weekend",
        "the voices are telling me to jump",
    ],
)
def test_a_plan_means_time_goodbye_or_danger_now_is_urgent(text):
    assessment = assess(text)
    assert (assessment.concern, assessment.tier) == (True, "urgent"), assessment.reasons
    assert assessment.score > 0.9


@pytest.mark.parametrize(
    "text",
    [
        "if the council dont sort my flat by friday im done",
        "next time he hits my maw i will kill him",
        "if he comes near my wee sister again im going to stab him",
    ],
)
def test_if_and_negation_reach_only_the_clause_they_govern(text):
    assert assess(text).concern is True


@pytest.mark.parametrize(
    "text",
    [
        "self-harm is common across my caseload and we need more training",
        "many of our young people have run away from placements at some point",
        "we watched a film about a girl who went missing, it was good",
        "i was homeless two years ago but i have my own place now",
        "i use a knife every day for work as a chef",
        "this survey is killing me",
        "the last survey i did was far too long",
        "i hear voices through the walls, the flat upstairs is noisy",
        "i was starving after college so i got chips",
        "gave my old clothes to a charity shop when i moved",
    ],
)
def test_general_remarks_jobs_films_idioms_and_an_ended_past_are_set_aside(text):
    assessment = assess(text)
    assert assessment.concern is False, assessment.reasons
    assert assessment.score < THRESHOLD


@pytest.mark.parametrize(
    ("text", "category", "tier"),
    [
        ("nie chcę już żyć", "suicide", "urgent"),
        ("ojczym mnie bije", "abuse", "review"),
        ("мне негде ночевать, выгнали из дома", "homelessness", "review"),
        ("він мене б'є щодня", "abuse", "review"),
        ("ne khochu zhyty bilshe", "suicide", "urgent"),
        ("ya ne hochu zhit", "suicide", "urgent"),
        ("لا اريد ان اعيش", "suicide", "urgent"),
        ("baddi mout wallah", "suicide", "urgent"),
        ("tha mi airson bàsachadh", "suicide", "urgent"),
    ],
)
def test_harms_written_in_the_other_languages_are_read(text, category, tier):
    assessment = assess(text)
    assert (assessment.concern, assessment.category, assessment.tier) == (True, category, tier)
    assert assessment.language_unread is False


@pytest.mark.parametrize(
    "text",
    ["Wszystko dobrze, dziękuję", "Все хорошо, спасибо", "شكرا كل شي تمام", "tha mi gu math, tapadh leat"],
)
def test_ordinary_answers_in_the_other_languages_are_read_and_raise_nothing(text):
    assessment = assess(text)
    assert (assessment.concern, assessment.language_unread) == (False, False)


# Written for the widened Polish, Russian, Ukrainian and Gaelic lexicons (and their Latin-letter forms): the
# concepts said another way than any labelled case says them.
@pytest.mark.parametrize(
    ("text", "category", "tier"),
    [
        ("Nie widzę już sensu życia, wczoraj kupiłam sznur", "suicide", "urgent"),
        (
            "ojczym zamknął mnie w piwnicy i nie wypuszcza, piszę z telefonu koleżanki",
            "immediate_danger",
            "urgent",
        ),
        (
            "moja córka (13) nie wróciła ze szkoły, telefon nie odpowiada, szukamy jej cały wieczór",
            "missing",
            "urgent",
        ),
        ("chlopak sprawdza mi telefon i zabiera cala wyplate, boje sie go", "abuse", "review"),
        ("szef zabrał nam paszporty i mówi że musimy odpracować dług za przejazd", "exploitation", "review"),
        ("Я больше не хочу жить, таблетки уже купила", "suicide", "urgent"),
        ("Мой сын не вернулся из школы, уже ночь, мы не можем его найти", "missing", "urgent"),
        ("Мне некуда идти, выгнали из квартиры, ночую на вокзале", "homelessness", "review"),
        ("Я слышу голоса, они говорят что соседи хотят меня отравить", "mental_health_crisis", "review"),
        ("opyat porezala ruki, krov ne ostanavlivaetsya", "immediate_danger", "urgent"),
        ("muzh menya b'yot i zabiraet vse dengi, ya boyus idti domoy", "abuse", "review"),
        ("menya zastavlyayut razvozit paketiki po gorodu", "exploitation", "review"),
        ("Нас виселили, ночуємо в машині з дітьми", "homelessness", "review"),
        ("Донька не повернулася додому, телефон вимкнений, не можемо її знайти", "missing", "urgent"),
        ("Голоси в голові кажуть що я маю себе покарати", "mental_health_crisis", "urgent"),
        ("nam nema shcho yisty vzhe try dni, dytyna plache", "neglect", "review"),
        ("vitchym zamknuv mene v kimnati, vin pyanyi i lomytsia", "immediate_danger", "urgent"),
        ("Tha mi sgìth de bhith beò. Chan eil feum ann a bhith beò.", "suicide", "urgent"),
        ("Tha mi a' cadal ann an càr bho chaidh mo chur a-mach às an taigh", "homelessness", "review"),
        (
            "Cha do thill mo nighean dhachaigh an-raoir, chan eil fios againn càite a bheil i",
            "missing",
            "urgent",
        ),
    ],
)
def test_harms_are_read_by_concept_in_polish_russian_ukrainian_and_gaelic(text, category, tier):
    assessment = assess(text)
    assert (assessment.concern, assessment.category, assessment.tier) == (True, category, tier)


# Everyday words of each language, and idioms that name a harm's word without the harm: "dying of boredom",
# "I'll pop (jump) to the office", a cook "all day with a knife".
@pytest.mark.parametrize(
    "text",
    [
        "Dziękuję za pomoc z wnioskiem, pani z urzędu była bardzo miła i wszystko załatwiłyśmy w tydzień.",
        "Umieram z nudów na tych zajęciach, ale nauczycielka jest fajna",
        "skoczę jutro do biura po formularz, mam nadzieję że będzie otwarte",
        "Работаю поваром, целый день с ножом, но мне нравится, коллеги хорошие.",
        "Было бы удобнее, если бы встречи проводили после шестнадцати часов.",
        "Мій консультант змінювався тричі за рік, щоразу доводилося розповідати спочатку.",
        "polgoda zhdali socialnoe zhile, no v itoge dali normalnuyu kvartiru",
        "kursy anhliiskoi zanadto korotki, dvi hodyny na tyzhden tse malo",
        "Tha an taigh ceart gu leòr ach tha am màl ro dhaor agus chan eil am bus a' ruith tric.",
    ],
)
def test_ordinary_answers_in_those_languages_are_read_and_raise_nothing(text):
    assessment = assess(text)
    assert (assessment.concern, assessment.language_unread) == (False, False), assessment.reasons


@pytest.mark.parametrize(
    "text",
    ["did a suicide prevention course at college, really good", "my pal self harms and i worry about her"],
)
def test_english_is_left_to_the_english_rules_by_the_latin_letter_lexicons(text):
    # The Latin-letter lexicons run on English too: none of their phrases may be English words, or they would
    # raise what the English rules read in context (a course, someone else).
    assert not [reason for reason in assess(text).reasons if reason.rule.startswith("language.")]


@pytest.mark.parametrize(
    "text",
    [
        "我想死，没有人帮我",
        "Je ne veux plus vivre, personne ne m'aide",
        "Ich will nicht mehr leben, bitte helft mir",
    ],
)
def test_a_text_in_a_language_the_detector_cannot_read_goes_near_the_top_for_a_person(text):
    assessment = assess(text)
    assert (assessment.concern, assessment.tier, assessment.language_unread) == (True, "review", True)
    assert assessment.reasons[0].context == (LANGUAGE_NOT_READ,)
    assert assessment.score > 0.85
    assert assessment.score > assess("my landlord hits me").score


@pytest.mark.parametrize("text", ["😀👍", "123 456", "=cmd|' /C calc'!A0", "see www.example.com/a-b-c"])
def test_emoji_numbers_and_codes_are_not_taken_for_a_language(text):
    assert assess(text).language_unread is False


def test_the_score_ranks_urgent_above_review_above_nothing():
    urgent, review, nothing = (assess(t).score for t in ("kms", "my stepdad hits me", "the bus is late"))
    assert urgent > review > THRESHOLD > nothing
