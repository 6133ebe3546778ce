"""Everyday English words, used to tell "my worker sarah" (a name) from "my worker said" (not a name).

Young people often text in lower case, so capital letters alone cannot find names. A lower-case word after
"my worker" is taken for a name only if it is not an everyday word. The lists favour the words that follow a
role word or sit before "from the team"; a few names that are also words (will, grace, rose) are missed in
lower case, which is the price of not blanking every verb. Capitalised they are still caught.
"""

from __future__ import annotations

_FUNCTION_WORDS = """
a about above across after again against ago all almost along already also although always am among
an and another any anybody anyone anything anyway anywhere are around as at away back be because
been before behind being below beside besides between beyond both but by can cannot could did do
does doing done down during each either else enough even ever every everybody everyone everything
everywhere few for from further had has have having he her here hers herself him himself his how
however i if in inside instead into is it its itself just least less like many may maybe me might
mine more most much must my myself near neither never next no nobody none nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out outside
over own per perhaps quite rather really same several shall she should since so some somebody
someone something sometimes somewhere soon still such than that the their theirs them themselves
then there these they this those though through throughout thus till to together too toward towards
under until up upon us very via was we well were what whatever when whenever where wherever whether
which while who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves
"""

_VERBS = """
accept act add admit agree allow answer appear apply argue arrive ask attend avoid become begin
believe belong blame book borrow break bring build buy call calm care carry catch change chat check
choose clean clear climb close come complain cook cope cost count cover cry cut dance deal decide
deserve die disagree do drink drive drop eat email end enjoy explain face fail fall feel fight fill
find finish fix follow forget forgive get give go grab grow hang happen hate have hear help hide hit
hold hope hurt ignore improve include join judge keep kick kill knock know laugh lay lead learn
leave lend let lie listen live look lose love make manage matter mean meet mention message mind miss
move need note notice offer open organise organize own pass pay phone pick plan play point post
prefer prepare pretend promise protect prove pull push put quit reach read realise realize receive
recommend refuse remember remind reply report request rest return ring run rush save say see seem
sell send set settle shout show shut sign sing sit sleep smile sort speak spend stand start stay
steal stick stop struggle study suggest support suppose take talk teach tell text thank think
threaten throw touch train travel treat try turn understand use visit wait wake walk want warn wash
watch wear win wish wonder work worry write yell was were said told came went got made took gave
left kept felt thought knew saw heard brought bought found met ran sent spent stood understood wrote
spoke forgot lost paid sat became began broke chose drove ate fell hid held meant rang slept taught
threw woke won wore gone been seen given taken known shown written spoken forgotten gotten did does
done has had having is are am isnt wasnt werent dont doesnt didnt cant couldnt wont wouldnt shouldnt
hasnt havent hadnt aint im ive id youre theyre thats whats gonna wanna gotta kinda sorta
"""

_ADVERBS_AND_ADJECTIVES = """
able absolutely actually alright amazing angry annoying anxious awful awesome bad basically best
better big boring brilliant busy calm careful caring certain cheap clever close cold completely cool
crap crazy cruel dead decent definitely different difficult down early easy else empty endless
enough especially exactly excellent extra fair fake famous far fast fine first free fresh friendly
full fun funny further good great happy hard harsh helpful high honest honestly hopefully horrible
hot huge ill important interested kind last late later lazy little lonely long lovely low lucky mad
main mean much nasty naturally nearly new nice normal nosy obviously odd ok okay old only open other
perfect pleased poor positive pretty probably proper properly quick quickly quiet quite rare ready
real really recently right rubbish rude sad safe scared scary second serious seriously short sick
simple slow small smart so sorry special strict strong stupid sure sweet terrible thankful that then
third tired too totally true truly ugly unfair unhappy upset useful useless usual usually weird
whole wrong young yes yeah yep nope no nah
"""

_NOUNS = """
account address advice age anger app appointment area baby bag bed bill birthday bit body book boss
bus car care carer case chance chat child children choice christmas class college contact council
couple court cousin crisis daughter day days dinner doctor email end evening everyone exam
experience eye face fact family father feeling food foster friend friends fun future game group guy
guys hair half hand head health hell help holiday home hospital house housing idea issue job kid
kids kinship life link lot lots meeting message minute moment money month morning mother mum mam dad
name names news night number office one ones others pa page panel parent parents part party past
people person phone picture place plan police point post problem question reason review room rule
rules school service services shit side sister brother social son space staff stories story streak
streaks stuff support team teacher thing things time today tomorrow town unit video videos visit way
week weekend while woman women worker workers world year years reel reels dm dms pic pics photo
photos meme memes trend trends short shorts follower followers live feed
"""

_SLANG = """
lol lmao omg tbh idk idc ngl rn smh fr btw imo obvs tho thru cos cuz coz bc ok okk kk ya ye yh u ur
r n innit bruv mate pal xx xxx x
"""


def word_set(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list, which reads better than hundreds of quoted strings."""
    return frozenset(text.split())


COMMON_WORDS = word_set(" ".join((_FUNCTION_WORDS, _VERBS, _ADVERBS_AND_ADJECTIVES, _NOUNS, _SLANG)))

# Capitalised words that are not names even right after "my worker": sentence starters, pronouns, days and
# the like. Kept short on purpose: after a role word a capitalised word is usually a name.
NOT_NAMES = word_set(
    """
    i im i'm ive i've id i'd ill i'll the a an and but so or then now when if because cause cos as
    at in on to for of with he she they we you it his her their our my your this that these those
    there here what who how why where which yes no not ok okay well also just really very always
    never sometimes anyway still even only lol tbh idk omg honestly please thanks thank sorry hi
    hello hey mum dad mam mom nan gran was is are were has had did does do dont don't can could
    would should said says told helped tried monday tuesday wednesday thursday friday saturday
    sunday christmas easter english maths science school college uni university team council social
    services care home god snapchat snap instagram insta tiktok facebook whatsapp google youtube xx
    xxx x
    """
)

# Suffixes tried when a word is not in the list as typed: "helps", "helped", "helping", "tried", "nicely".
_SUFFIXES = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
    ("er", ""),
    ("est", ""),
    ("d", ""),
)


def is_common_word(word: str) -> bool:
    """True if the word, or its stem, is an everyday English word."""
    lowered = word.lower().replace("\u2019", "'").strip("'")
    if lowered in COMMON_WORDS or lowered.replace("'", "") in COMMON_WORDS:
        return True
    for suffix, replacement in _SUFFIXES:
        stem = lowered[: -len(suffix)]
        if not lowered.endswith(suffix) or len(stem) < 2:
            continue
        if stem + replacement in COMMON_WORDS:
            return True
        # "stopped", "getting": the consonant doubles before the ending.
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in COMMON_WORDS:
            return True
    return False


def is_not_a_name(word: str) -> bool:
    return word.lower().replace("\u2019", "'") in NOT_NAMES
