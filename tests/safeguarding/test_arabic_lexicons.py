"""Arabic and Arabizi (languages.yaml `arabic`, `arabic_latin`): harms said the ways people say them, in the
dialects the service meets (Levantine, Gulf, Egyptian, Iraqi, Sudanese and standard Arabic), and ordinary
answers, idioms included, that must be read and raise nothing. Sentences written for these tests, in no
labelled set."""

import pytest

from survey_app.safeguarding.detector import assess


@pytest.mark.parametrize(
    ("text", "category", "tier"),
    [
        ("بدي نام وما أصحى، تعبت", "suicide", "urgent"),
        ("جمعت حبوب من الصيدلية وخبيتها بغرفتي", "suicide", "urgent"),
        ("أنا واقف على الجسر هلق", "immediate_danger", "urgent"),
        ("جوزي عم يخبط عالباب وبيقول رح يقتلني، أنا مختبية بالحمام مع الولاد", "immediate_danger", "urgent"),
        ("بنتي عمرها ١٢ وما رجعت عالبيت من امبارح وتلفونها مطفي", "missing", "urgent"),
        ("بجرح حالي بالموس كل ليلة", "self_harm", "review"),
        ("زوجي ياخذ كل فلوسي وما يخليني أطلع من البيت", "abuse", "review"),
        ("صاحب الشغل ماخذ جوازي وبشتغل بدون راتب", "exploitation", "review"),
        ("ما في أكل بالبيت والولاد جوعانين من يومين", "neglect", "review"),
        ("طردوني من البيت وبنام بالحديقة من ثلاث ليالي", "homelessness", "review"),
        ("حاسس في حدا عم يتحكم بأفكاري وما نمت من أسبوع", "mental_health_crisis", "review"),
        ("والله لأقتله إذا شفته، بعرف وين ساكن", "harm_to_others", "review"),
        ("bade nem w ma 2oum, ta3bet mn kel shi", "suicide", "urgent"),
        ("ana wa2ef 3al jeser hala2", "immediate_danger", "urgent"),
        ("binti ma raj3et 3al bet mn mbere7 w telefona msakkar", "missing", "urgent"),
        ("bsma3 aswat bi rasi bt2olli a2zi 7ali", "mental_health_crisis", "urgent"),
        ("bjra7 7ali kel leile bel mous", "self_harm", "review"),
        ("jozi byakhod kel flousi w ma bikhallini etla3 mn el bet", "abuse", "review"),
        ("el m3allem bel shoghl a5ad el passport taba3i w bshteghel bala masari", "exploitation", "review"),
        ("taradouni mn el bet w bnam bel share3 mn yomein", "homelessness", "review"),
    ],
)
def test_harms_said_in_arabic_or_arabizi_are_raised_in_their_category(text, category, tier):
    assessment = assess(text)
    assert (assessment.concern, assessment.category, assessment.tier) == (True, category, tier)


@pytest.mark.parametrize(
    "text",
    [
        # "ساعدوني" is also "they helped me"; "بيقتلني" and "بموت من" are idioms; taking one's own passport.
        "الموظفين ساعدوني كثير بالسكن وبالمدرسة، شكراً إلكم",
        "الشغل بالمطعم بيقتلني بس الحمد لله الراتب منيح",
        "بموت من الضحك على أستاذ الإنجليزي، كتير مهضوم",
        "لازم آخذ جوازي معي للموعد بالهوم أوفيس الأسبوع الجاي",
        "ما رجع اتصل فيني الموظف من أسبوعين، بدنا حدا يرد علينا",
        "هربنا من الحرب بسوريا وهلأ الحمد لله عايشين بأمان هون",
        "التدفئة خربانة من أسبوعين والمالك ما صلحها",
        "ابعتوا حدا يصلح الغسالة لو سمحتوا",
        "el staff sa3adouni ktir bel sakan, shukran ktir",
        "el shoghl bi2telni bas el ratib mni7",
        "ibni ra7 ymout mn el jo3 3ashan el akl t2a5ar lol",
        "lazem a5od el passport ma3i 3al maw3ed",
        "bshteghel delivery bel lel w bro7 3al course el sob7",
    ],
)
def test_ordinary_answers_and_idioms_in_arabic_or_arabizi_are_read_and_raise_nothing(text):
    assessment = assess(text)
    assert (assessment.concern, assessment.language_unread) == (False, False), assessment.reasons
