"""Common first names of young people and workers in Scotland, for finding names typed in lower case.

A lower-case word is only taken for a name where the words around it say a name comes next ("im kayleigh",
"thanks jamie", "love from chloe x"); this list decides which lower-case words there are names. Names that
are also everyday words (will, hope, grace) are left out: "thanks will help" must survive.
"""

from __future__ import annotations

_NAMES = """
aaron abbie abby abdul adam adele aidan aiden aileen ailsa aimee aisha alan alana alasdair alastair
alex alexander alexandra alfie ali alice alicia alison alistair allan amanda amelia amir amy andrea
andrew andy angela angus ann anna anne annie anthony archie arran ashley aurora ava bailey barry ben
benjamin beth bethany billy blair brandon brian bronwyn bruce bryony caitlin calum callum cameron
camille campbell cara carly carol caroline carrie casey catherine cerys chantelle charlie charlotte
chelsea chloe chris christina christine christopher ciara claire colin connor corey courtney craig
daniel danielle darren david dean debbie declan demi denise derek diane donna dougie douglas duncan
dylan eilidh eleanor elizabeth ella ellie emily emma erin ethan euan evie ewan fatima fiona finlay
finn fraser freya gary gavin gemma george georgia gillian gordon graeme graham grant gregor hamish
hannah harris harry hayley heather helen holly iain ian imran isaac isla isobel jack jackie jacob
jade jake james jamie jane janet jasmine jason jay jayden jennifer jenny jessica jill joanne jodie
joe john jonathan jordan joseph josh joshua julie kai karen kate katie kayla kayleigh keira keith
kelly kenneth kerry kevin kieran kirsty kyle lachlan laura lauren layla leah lee leon lewis liam
lily lindsay lisa logan lola lorna lorraine louise lucy luke lyndsey mackenzie maisie malcolm
marie marion martin mason matthew megan melissa mhairi michael michelle mohammed molly morag
muhammad murray nadia natalie nathan neil niamh nicola nicole niall noah olivia oliver paige
paul paula peter rachel rebecca rhys robbie robert ross rowan ruairidh ryan sadie sam samantha
samuel sandra sara sarah scott sean shannon sharon shauna shona sophie stacey stephen steven
stuart susan tanya taylor thomas tom tony tracey tyler valerie vicky victoria wendy william zara
zoe kayden keegan reece rhianna skye tiegan teagan leanne lesley ricky stevie kirsten morven
"""

FIRST_NAMES = frozenset(_NAMES.split())


def is_first_name(word: str) -> bool:
    return word.lower() in FIRST_NAMES
