"""Named entities in an article body: people, places and organizations, with display offsets.

Urdu has no capital letters, so names are found from facts and context rather than shape:

1. **Reference names.** One Aho-Corasick pass over the body's match key (diacritics dropped,
   punctuation as spaces) finds every place, organization, well-known person, title, demonym and
   cue phrase of the gazetteer; the longest match wins where they overlap. A name that is also
   an ordinary word (شام, ہوائی) counts only with support: its country named another way in the
   same text, a place word before it (صوبہ), or another place in the same list; a town whose
   name is an everyday or a number word (سرحد, دیر, پونے) needs support where it stands (a place
   word here or at another mention, an office before it, its assembly after it), and a country
   counts before its office in the genitive (پیرو کی وزیر اعظم). A `not_name`
   phrase (بے چین, سپلائی چین, ایجنسیاں) holds its words back from every rule. The place a
   dateline names at the body's opening is a place, listed or not (انچیون ۔ 23 ستمبر (اے پی پی)):
   a wire story opens with where it was filed.
2. **Compound organizations and places.** A ministry or government followed by a place is one
   organization (وزارت خارجہ پاکستان, حکومت پاکستان); a place or demonym followed by a body is
   one (امریکی فوج, پنجاب پولیس); an English-style name ending in بورڈ, یونیورسٹی, پارٹی, آیوگ... is
   one, with its آف/اینڈ tail (a place after آف ends it, and names it with no other word: رجسٹری آف
   انڈیا), and اور may join two unlisted words inside it (واٹر سپلائی اور سیوریج بورڈ); a person's name before a
   hospital, university, college or trust is the institution's (شیخ زاید ہسپتال), and the adjectives that open such names (اسلامی, قومی) may stand
   inside it (دعوہ اسلامی موومنٹ), though adjectives and nouns alone name none (میونسپل
   کارپوریشن); a news agency named by an everyday word is that word before a noun (آن لائن
   جنسی استحصال); وزارت/محکمہ + one word is one (محکمہ موسمیات), or an adjective and its
   noun, or what else after و (وزارت دیہی ترقی, وزارت صحت و خاندانی بہبود), and so is what it is
   for in the genitive before it (دیہی ترقی کی وزارت); after برائے an oblique
   infinitive takes its genitive's noun (محکمہ برائے پینے کے پانی); after ایک, کوئی, کسی a
   body found by its form or named by ordinary words is described, not named (ایک عوامی
   تحریک). In a genitive chain the
   place stays a place: in قازقستان کی وزارت خارجہ the organization is وزارت خارجہ (its canonical
   name records the country: وزارت خارجہ قازقستان). صوبہ/ضلع + name, a direction + place
   (جنوبی وزیرستان) and X آباد/پور/گڑھ/ڈیم/چوک are places; صوبہ and دریائے are part of the
   name after them (صوبہ پنجاب, دریائے سندھ), ضلع, ریاست and جیل of the one before (چکوال ضلع,
   ابوغریب جیل); a settlement word (شہر, قصبے, علاقے, گاؤں) names the unlisted words after it up
   to a postposition, quoted or not (شہر [ژوہے] میں), and such a place is found again where the
   text repeats it; so do a name-like title and its words (گاؤں [شاہ نکڈر], [شاہ جوئی ڈسٹرکٹ]). A known organization and its kind are one (کانگریس پارٹی), as are a place
   and its television (ابو ظہبی ٹیلی وژن), an armed group and its militia (طالبان ملیشیا); دی
   before an outlet is part of its name. A run of Latin letter names (پی سی بی) is an
   organization's acronym, and unlisted initials name one where the text spells them out, a
   kind of organization follows them (یو این ایم او جماعت), its members do (اے این ایف کے
   اہلکاروں), or they act or are cited (ایم این ایف نے, ایف ڈی اے کے مطابق); after a body's word
   they are its name (ادارہ سی ڈی سی). An English-style name may open with its organization word
   and go on with فار/آف and two words or more, and "in" and a place may end it (آرگنائزیشن فار
   سیکیورٹی اینڈ کوآپریشن ان یورپ). Words typed together (کہاکہ, کیلیے) end a name; an Urdu-spelled word (one with
   ع, ح, ق...: letters transliteration never uses) does not open an English-style name before
   its place (دریں اثناء [پاکستان بلائنڈ کرکٹ کونسل]). A maker's name before a model
   number or a kind of product is the product (بوئنگ 747, ائیر بس جہاز). A name before a venue
   word is the venue, a place (شیخ زید سٹیڈیم, علامہ اقبال ایئرپورٹ); a listed place and
   transliterated words ending in an English plural are a team (لاہور لائنز), and a listed place,
   initials or a nickname before الیون ("XI") name a side (نیوزی لینڈ الیون, کنگز الیون پنجاب). A
   person's name before a prize names the prize (قائد اعظم ٹرافی), not a person. A listed place
   with a postposition typed onto its last word is the place without it (کروشیاکے, تھائی
   لینڈمیں), and no name runs past such a postposition.
3. **People.** A title (صدر، وزیر خارجہ، جنرل، ڈاکٹر، آیت اللہ, joined by و and preceded by
   modifiers like نائب) announces the name after it, and is not part of it; چوہدری, میاں and the
   like are, and so is a one-word title inside a name (مہندا راجا پکشے، نصیرالدین شاہ). A bare
   جنرل, also the English adjective "general", names one unlisted word only if it acts or recurs
   (جنرل پیس نے; not جنرل سٹڈیز کے پرچے), and unlisted words that run straight into another
   title are office words (کلکٹر ڈپٹی کمشنر), not a name. A known
   given name starts a name (محمد اسحاق ڈار), with one unlisted first name before it where a
   name may open (گریگری ڈیوڈ رابرٹس); a known surname ends one (امتیاز شیخ، رام بابو سکسینہ);
   so does the pair X الحق; a short run of unknown words before نے کہا / کا کہنا ہے is a name,
   and so is the agent before نے when it holds a listed name part or recurs (رابرٹس نے), one
   listed with a person on either side (شفیق رسول اور آصف اقبال, X ، پرشوتم ٹھاکر), one after an age (پندرہ سالہ X)
   and one before نامی + a word for a person (X نامی شخص), one after a word for a relative
   (اپنے بیٹے [اذان] سے), a listed surname alone before a postposition ([دھونی] کا) and so a
   listed given name, but not after a genitive or a determiner ([اشوک] کے; ان کے رحم), a speaker
   opening the lines of a dialogue (کینوزو : ...) and a word opening with عبدال; two
   well-known one-word names joined by اور are people (غالب اور اقبال), and a given name typed
   as two words opens a name before a surname (شہر یار خان), and two listed names typed as one
   word are read as the two (شاہدآفریدی, ڈیرہ غازیخان). A name found by its form before
   کے علاقے is a place's, a list of them before a plural institution word is the
   institutions' (گیز ، کنگز اور سینٹ تھامس طبی اسکولوں), and a recurring agent the text
   introduces in quotes is a product (' لانگ ہارن '). Titles chain
   across a place (صدر پاکستان جنرل پرویز مشرف), and two initials do not count against a
   name's length (وائے ایس راجہ شیکھر ریڈی). Before a verb an unlisted last word is the
   predicate, not the name's end, except before "say" (جنجی اجئیوکا کہتے ہیں). A kind of organization names the
   unknown words after it (جریدے X میں) or before نامی (X نامی کمپنی); مرکزی, قومی open an
   organization's name (ریاستی, ضلعی do not: every state and district has such a body, so they
   say which level it serves, not its name: ریاستی [یوگا بورڈ]), and its bracketed initials
   close it: مرکزی معلوماتی کمیشن ( سی آئی سی ); a party's bracketed faction does too: مسلم لیگ
   ( ق ). A name the text defines that way (by its
   class or before its initials) names the organization wherever it recurs (کے آر ایل). A listed
   name part before the honorific جی is a person (گاندھی جی); letter names alone never are.
   `extract_entities_titled` also says where the titles that style a name begin (امریکی صدر بش),
   for labelled data that counts them in the name.
   Names stop at function words, ordinary nouns, adjectives and verbs (`seeds/common_words.csv`),
   numbers, punctuation and a postposition run into a word (کےدورہ); a joining word (بن, آل, بھائی, بائی) between two parts of a name stays
   in it (ولبھ بھائی پٹیل), and joins a person to a name found apart (شاہ عبداللہ بن عبدالعزیز). A
   postposition typed onto a name's last word is left out (بارک اوبامانے), and so is a title typed
   onto its first (اداکارریتک روشن); "and" typed onto an ordinary word makes no name (صنعت وتجارت). Two unlisted
   transliterated words with a score after them are a player (شان ولیمز 24،), and in a sports
   story so are those after a country's genitive (سربیا کی اینا ایوانووچ; one word if it acts:
   ازبکستان کی نگینہ نے) and those before نے (پیٹرا کویٹووا نے), unless they stand in a list of
   places. A demonym after a name and before a postposition is its surname (محمد شامی نے). A
   word with ے inside it is two words typed as one (نےوینیٹی), no part of a name.
4. **One person, one canonical name.** A later mention by surname, first name or a shorter
   form (پزشکیان, اسحاق ڈار, سونیا) is the same person as the full name elsewhere in the text and
   gets its canonical name; so is a one-word name found after a title (صدر بش → بش), but not one
   found only from a speech phrase. A full name is found again after a word no list knows
   (ٹاپ سیڈڈ نوویک جوکووچ), and a place only the dateline names wherever the body repeats it. A mention found only that way is still an entity. A person or
   a party followed by حکومت/انتظامیہ is an organization (بش انتظامیہ, طالبان حکومت).

Offsets index the display text (`body[char_start:char_end] == surface`), mapped back from the
match key by `transforms.offsets`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import partial, reduce
from itertools import compress, repeat
from operator import and_, attrgetter, is_, not_, or_
from typing import NamedTuple

from transforms.gazetteer import (
    AREA_NOUN,
    COMMON,
    FAMILY,
    FUNCTION,
    GIVEN,
    GIVEN_AMBIGUOUS,
    KIN,
    LETTER,
    MEMBER_NOUN,
    NAME_JOINER,
    NAME_PART,
    NOUN,
    NUMBER_WORD,
    ORG_CONNECTOR,
    ORG_HEAD,
    ORG_MODIFIER,
    ORG_TAIL,
    ORG_TYPE,
    PERSON_NOUN,
    PLACE_HEAD,
    PLACE_TAIL,
    PLURAL_INSTITUTION,
    PRODUCT_NOUN,
    TALLY_NOUN,
    SPORT_NOUN,
    VERB,
    WORK_NOUN,
    Entry,
    Gazetteer,
    load_gazetteer,
)
from transforms.article import dateline_place
from transforms.prepared import Prepared, breaks, prepare, split_words

__all__ = ["ENTITY_TYPES", "READ_DATELINE", "Entity", "extract_entities", "extract_entities_titled"]

ENTITY_TYPES = ("PERSON", "LOCATION", "ORGANIZATION")

PERSON, LOCATION, ORGANIZATION = ENTITY_TYPES
TITLE, DEMONYM, BLOCK = "TITLE", "DEMONYM", "BLOCK"

MAX_NAME_TOKENS = 4  # words of a person's name after a title or given name
MAX_CUED_NAME_TOKENS = 3  # words of a name found only from the phrase after it
MAX_INITIALS = 2  # initials before a name, which do not count against its length (وائے ایس ...)
MIN_AGENT_RECURRENCE = 3  # times unknown words before نے must recur to be taken for a name
MIN_SPEAKER_TURNS = 2  # times an unlisted word must open a line before a colon to be a speaker
MAX_ORG_PREFIX_TOKENS = 5  # words before an organization's tail word (... کرکٹ بورڈ)
MAX_ORG_SUFFIX_TOKENS = 4  # words after آف/اینڈ in an organization's name
MAX_LIST_TAIL = 3  # unlisted items after two places in a list, up to its end: ، ینم اور چندرانگر
MAX_FACTION_TOKENS = 2  # words of a party's faction in brackets: ( ق ), ( مینگل گروپ )
GENITIVES = frozenset({"کی", "کے", "کا"})
COORDINATORS = frozenset({"اور", "و"})
# Latin letter names that are also everyday words (کے is a postposition, جی a particle).
AMBIGUOUS_LETTERS = frozenset({"کے", "سی", "جی", "اے", "او", "ٹی", "پی", "ای"})
POSTPOSITION_LETTER = "کے"
# Administrative words that make the unknown word after them a place (ضلع کرک, تحصیل کبل).
NAMING_PLACE_HEADS = frozenset({"صوبہ", "صوبۂ", "صوبے", "ضلع", "تحصیل", "ریاست", "ڈویژن"})
# Words that are part of the name they stand before, known place or not: a province (صوبہ
# پنجاب, صوبۂ سرحد) and a river (دریائے سندھ) are named with them.
NAME_HOLDING_PLACE_HEADS = frozenset({"صوبہ", "صوبۂ", "دریائے", "دریاۓ", "دریاے", "بحیرہ", "بحیرۂ"})
# Words for a district or a state that are part of the place name before them (چکوال ضلع).
# ... and a prison named by its place: ابوغریب جیل (no place word, so found by itself).
_PRISON = "جیل"
_TRAILING_PLACE_HEADS = frozenset({"ضلع", "ڈسٹرکٹ", "ریاست", _PRISON})
# Words that make the noun after them a common one: یہ علاقے, ان شہروں, کئی گاؤں.
_DETERMINERS = frozenset({"یہ", "وہ", "ان", "اس", "ایسے", "ایسا", "کئی", "دیگر", "تمام", "مختلف", "بعض", "کچھ", "دوسرے", "دوسرا", "متعدد", "کسی", "ہر", "جس", "جن"})
# "This", "that": a region after them is pointed at, not named (اس برصغیر).
_DEMONSTRATIVES = frozenset({"اس", "اسی", "اُس", "اُسی"})  # oblique: a noun follows (یہ, وہ are also "it", "they")
# Words for a settlement, an area or an island that name the unlisted words after them, which
# alone are the place: شہر [ژوہے] میں, قصبے [انگور اڈا] میں, علاقے [عظامیہ] میں.
CLASSING_PLACE_HEADS = frozenset(
    {"شہر", "قصبہ", "قصبے", "گاؤں", "گاوں", "علاقہ", "علاقے", "جزیرہ", "جزیرے", "دارالحکومت", "وادی", "دریائے", "دریاۓ", "دریاے"}
)
# Two letters (جی آئی, ایم جی) are as often a term or initials as an organization: listed
# organizations cover the two-letter ones that are.
MIN_ACRONYM_LETTERS = 3
# Joined forms of compound Arabic names (ضیاالحق، حبیب اللہ).
_JOINED_NAME_ENDINGS = ("الحق", "الدین", "اللہ", "الرحمان", "الرحمن")
# Words ending so, found in the flat text at once (a token ends at a space or the text's end).
_ENDS_JOINED_NAME = re.compile(f"(?:{'|'.join(_JOINED_NAME_ENDINGS)})(?![^ ])")
_ENDS_ABAD = re.compile("آباد(?![^ ])")
# عبدالعلیم, عبدالکلام: "servant of" and one of God's names, joined, open a name.
_SERVANT_OF = "عبدال"
_OPENS_JOINED_NAME = re.compile(f"(?<![^ ]){_SERVANT_OF}[^ ]{{2,}}")
# what each of those patterns must hold, as one search: it rules most texts out faster than the
# pattern itself (and faster than a substring search for each ending)
_ENDINGS = {_ENDS_JOINED_NAME: re.compile("|".join(_JOINED_NAME_ENDINGS)), _ENDS_ABAD: re.compile("آباد")}

# Titles that describe a position, a trade or an age rather than style a name (ترجمان, اداکارہ,
# پندرہ سالہ): labelled data that counts styles in a name leaves these out.
_DESCRIPTIVE_TITLE_KINDS = frozenset({"role", "occupation", "descriptor"})
# Titles that are a state's offices: a place before them, in the genitive, is that state.
_STYLE_TITLE_KINDS = frozenset({"office", "military"})

# "The" in English names written in Urdu (دی لینسٹ, دی نیوز); the same letters are the verb "gave".
_ENGLISH_ARTICLE = "دی"

# The rank that is also the English adjective "general" (جنرل اسٹڈیز, جنرل ہسپتال).
_GENERAL = "جنرل"

# "A", "any", "some": a body after them is one of a kind, not named (ایک عوامی تحریک).
_INDEFINITES = frozenset({"ایک", "کوئی", "کسی"})

# "named" after a name: X نامی شخص, X نامی کمپنی.
_NAMED_AS = "نامی"
_ONE = "ایک"  # "a": between نامی and the class word (X نامی ایک تنظیم)

# The honorific after a name (گاندھی جی); the same letters name the Latin letter G.
_HONORIFIC = "جی"

# "The one of" after a place: فضل کریم جہلم والے is a person from Jhelum.
_OF_PLACE = frozenset({"والے", "والا", "والی"})

# A party's or an armed group's militia (طالبان ملیشیا); the same letters are Malaysia.
_MILITIA = "ملیشیا"
_POLICE = "پولیس"  # an organization and its police are one (پورٹ اتھارٹی پولیس)

# A hamza typed apart from the name it ends (ضیا ء for ضیاء).
_DETACHED_HAMZA = "ء"

# The ergative postposition: the agent of a past transitive verb stands before it (X نے کہا).
_ERGATIVE = "نے"
_ACCORDING_TO = "مطابق"  # کے مطابق, "according to"

# Kinds of listed organizations with English names that may take the article: دی نیوز.
_NAMED_ORG_KINDS = frozenset({"media", "company", "education", "agency", "broadcaster", "outlet_service", "named"})
# An organization's kind after its name, which English-style names hold (کانگریس پارٹی).
_CLASS_TAILS = frozenset({"پارٹی", "کمپنی", "کارپوریشن", "گروپ"})

# Forms of "say": the word before them ends the speaker's name (جنجی اجئیوکا کہتے ہیں), where
# before another verb an unlisted word is the predicate (آؤٹ ہوئے).
_SAYING = frozenset({"کہتے", "کہتی", "کہا"})

# "of" in an English-style organization name (سپریم کورٹ آف انڈیا).
_OF = "آف"
_ENGLISH_CONNECTORS = frozenset({_OF, "فار"})  # "of" and "for" in English-style names
_ENGLISH_IN = "ان"  # "in" ending an English-style name before a place (and the pronoun "these")
_IN = "میں"

# "for" after an organization word (وزارت برائے ...), spelled as news spells it.
_FOR_WORDS = frozenset({"برائے", "براۓ", "براے"})
# The ending of an oblique infinitive (پینے, رہنے), which qualifies a noun through a genitive.
_INFINITIVE_OBLIQUE = "نے"

_MEDIAL_YE = re.compile("ے[^ئ]")  # ے inside a word: two words typed as one (نےوینیٹی)
_DIGIT = 1 << 20
_LATIN = 1 << 21
_GLUED = 1 << 22  # a postposition run into an ordinary word: no name's part
_NOT_NAME = _GLUED | FUNCTION | COMMON | NOUN | NUMBER_WORD | _DIGIT | _LATIN | PLACE_HEAD | ORG_HEAD | ORG_TAIL | ORG_CONNECTOR
_NAME_WORD = GIVEN | GIVEN_AMBIGUOUS | FAMILY | NAME_PART

_HAS_DIGIT = re.compile(r"\d")
_LATIN_WORD = re.compile(r"[A-Za-z]")
_FLAG_CACHE_LIMIT = 200_000
# Every flag `_Doc.having` is asked for: the tokens with one are listed once per text.
_SOUGHT = (
    PLACE_HEAD | PLACE_TAIL | ORG_TAIL | ORG_HEAD | LETTER | ORG_MODIFIER | ORG_TYPE | GIVEN | GIVEN_AMBIGUOUS | NAME_PART | FAMILY | KIN
    | AREA_NOUN | PLURAL_INSTITUTION | WORK_NOUN
)


# The privative prefix "without", joined to its noun: بےفکری "carelessness", بےگھر "homeless".
_WITHOUT = "بے"

# Postpositions that news text sometimes runs into the next word (کےدورہ, سےملاقات).
_GLUED_POSTPOSITIONS = frozenset({"کے", "کی", "کا", "سے", "کو", "نے"})
_GLUED_BEFORE = _GLUED_POSTPOSITIONS | {"اور", "پر"}  # short words typed onto the word after them
_CO = "کوآ"  # English "co-" (کوآپریشن, کوآپریٹو), not کو + a word
_AND_LETTER = "و"  # "and" of Persian compounds, often typed onto its second word (صنعت وتجارت, تیل وگیس)
_GLUED_AFTER = frozenset({"کے", "کی", "کا", "کو", "کہ"})  # ... and onto the word before them
# ... as are "is"/"was", the auxiliaries "can", "-ing", "went" and the participle کر onto a verb
# or noun (کیاہے, کردارتھا, ہوسکا, کہاگیا, بناکر)
_GLUED_VERBS = ("ہے", "تھا", "تھی", "تھے", "سکا", "سکی", "سکے", "رہا", "رہی", "رہے", "گیا", "گئی", "گئے", "کر")


def _ordinary(word: str, gazetteer: Gazetteer, also: int = 0) -> bool:
    """Whether a list holds `word` as an ordinary word (or one of `also`), and as no name part."""
    f = gazetteer.word_flags.get(word, 0)
    return bool(f & (COMMON | NOUN | VERB | FUNCTION | NUMBER_WORD | also)) and not f & _NAME_WORD


def _glued(word: str, gazetteer: Gazetteer) -> bool:
    """Whether an unlisted word is two words typed without the space between them.

    News text drops spaces around short words: a postposition or "and" before an ordinary word
    (کےدورہ, سےملاقات, اورورلڈ, صنعت وتجارت), a postposition, کہ, "is"/"was" or an auxiliary
    after one (بورڈکی, کہاکہ, کردارتھا, ہوسکا). Such a token is no name's part and ends an
    organization's name before it; a name the lists know keeps its sense (کینیا, کیوبا are
    places, not کی + نیا), and so does a name glued to its postposition (اوبامانے is not split).
    """
    if f" {word} " in gazetteer.automaton or word.startswith(_CO):
        return False
    if word[0] == _AND_LETTER and _ordinary(word[1:], gazetteer):
        return True  # (a word of three letters after it too: تیل وگیس)
    if len(word) <= 4:
        return False
    head = word[:3] if word[:3] in _GLUED_BEFORE else word[:2] if word[:2] in _GLUED_BEFORE else ""
    if head and _ordinary(word[len(head):], gazetteer):
        return True
    if word[-2:] in _GLUED_AFTER and _ordinary(word[:-2], gazetteer, ORG_TAIL):
        return True
    verb = _typed_onto(word, _GLUED_VERBS, shortest=2)
    return bool(verb) and _ordinary(word[: -len(verb)], gazetteer)


def _word_flags(word: str, gazetteer: Gazetteer) -> int:
    """A token's word classes, plus whether it holds a digit, is Latin, or ends as no name does.

    A word ending in ں (plural obliques, verbs: عراقیوں، ہیں) is never a name, unless a name
    list holds it (خاں); nor is an unlisted word that is a postposition run into an ordinary
    word (کےدورہ, سےملاقات), or that has ے inside it, which Urdu writes only at a word's end
    (نےوینیٹی, ہےاور: two words typed as one; ےئ is a misspelling of یئ, as in پلےئرز), nor an
    unlisted word that opens with the prefix بے "without" (صدر مشرف بےفکری سے: "carelessly").
    """
    f = gazetteer.word_flags.get(word, 0)
    if not f and len(word) >= 5 and word[-1] == "ن":
        f = gazetteer.word_flags.get(word[:-1] + "ں", 0) & FUNCTION  # انہون: ن typed for the ں of انہوں
    if not f and (len(word) > 3 and _glued(word, gazetteer) or _MEDIAL_YE.search(word)):
        f = _GLUED
    if not f and len(word) > 3 and word.startswith(_WITHOUT):
        f = COMMON  # بےفکری, بےگھر: the prefix "without" makes an ordinary word (بے نظیر is listed apart)
    if _HAS_DIGIT.search(word):
        f |= _DIGIT
    elif _LATIN_WORD.match(word):
        f |= _LATIN
    elif word.endswith("ں") and not f & _NAME_WORD:
        f |= COMMON
    return f


def _flag_cache(gazetteer: Gazetteer) -> dict[str, int]:
    """Flags of words already seen, kept on the gazetteer: news repeats its words across articles."""
    if len(gazetteer.token_cache) > _FLAG_CACHE_LIMIT:
        gazetteer.token_cache.clear()
        gazetteer.split_cache.clear()  # (filled as the words are flagged)
        gazetteer.title_cuts.clear()
    return gazetteer.token_cache


class Entity(NamedTuple):
    """One entity mention; `body[char_start:char_end] == surface`."""

    entity_type: str
    surface: str
    canonical: str
    char_start: int
    char_end: int


class _Span:
    """A candidate over tokens [start, end) of the key."""

    __slots__ = ("start", "end", "category", "kind", "canonical", "code", "entries", "title", "closed", "short", "glued", "lead")

    def __init__(self, start, end, category, kind="", canonical="", code="", entries=(), title=-1):
        self.start, self.end = start, end
        self.category, self.kind, self.canonical, self.code = category, kind, canonical, code
        self.entries = entries
        self.title = title  # a person's: first token of the title words that announce it, or -1
        self.closed = False  # the span ends with the bracket that closes its last words: "X ( ABC )"
        self.short: tuple[str, ...] = ()  # an organization's bracketed initials, by which it recurs
        self.glued = 0  # characters of a postposition typed onto its last word (اوبامانے), left out of it
        self.lead = 0  # characters of a title typed onto its first word (اداکارریتک), left out of it


_span_start = attrgetter("start")


class _Doc:
    """One body's tokens, their word classes, the gazetteer's matches and the spans chosen so far."""

    def __init__(self, body: str, gazetteer: Gazetteer, prepared: Prepared | None = None):
        self.g = gazetteer
        if prepared is None:
            prepared = prepare(body)
        self.keyed = prepared.keyed
        self.text = prepared.keyed.text
        # whether key offsets differ from display offsets (the text holds diacritics or ZWNJ)
        self._mapped = prepared.keyed.mapped
        key, flat = prepared.key, prepared.flat
        words, starts = split_words(flat)
        self.words = words
        self.begins = starts  # where token i starts in the key (and flat form); it ends at end_of(i)
        cache = _flag_cache(gazetteer)
        flags = list(map(cache.get, words))
        if None in flags:
            # only the words not seen before are looked at (a word twice in the text is cached
            # at its first position)
            for i in compress(range(len(flags)), map(is_, flags, repeat(None))):
                word = words[i]
                f = cache.get(word)
                if f is None:
                    f = cache[word] = _word_flags(word, gazetteer)
                    if not f:
                        _note_cuts(word, gazetteer)
                flags[i] = f
        self.flags = flags
        # the tokens `having` looks for: a few of the flagged ones (most are function words)
        self._sought_at = sought_at = list(compress(range(len(flags)), map(and_, flags, repeat(_SOUGHT))))
        self._sought_flags = list(map(and_, map(flags.__getitem__, sought_at), repeat(_SOUGHT)))
        # which of those flags the text holds at all: most masks asked for find no token
        self._sought_present = reduce(or_, self._sought_flags, 0)
        # brk[i]: punctuation or a line break (or the text's start) stands before token i.
        self.brk = breaks(key, starts, prepared.marks)
        self.n = len(words)
        self.flat = flat
        self.padded = f" {flat} "  # where `_positions` looks for a token between spaces
        self.cues: dict[str, dict[int, int]] = defaultdict(dict)
        self.matches = self._match(prepared)
        self.owner: list[_Span | None] = [None] * self.n
        self._live: dict[int, _Span] = {}  # the spans claimed and not displaced, by id
        self._in_order: list[_Span] | None = []  # `spans()` until the next claim
        self.classed_places = False  # whether a place word has named a place (for `_link_places`)
        self.dateline: str | None = None  # the place the body's dateline names, if any
        self.sports: bool | None = None  # whether it is a sports story (`_sports_story`), once asked

    def _match(self, prepared: Prepared) -> dict[int, list[tuple[int, tuple[Entry, ...]]]]:
        """Gazetteer matches by first token: (end token, named entries in the order they are
        read), longest first; cues by kind. A cue phrase names nothing and is kept only as a cue."""
        starts, n = self.begins, self.n
        found: dict[int, list[tuple[int, tuple[Entry, ...]]]] = defaultdict(list)
        cues = self.cues
        for end, (length, entries, count, cue_kinds) in prepared.matches(self.g.automaton):
            # between spaces, the match starts at a token's start and spans `count` whole tokens
            first = bisect_left(starts, end - length - 1)
            if first >= n or starts[first] != end - length - 1:
                continue
            stop = first + count
            if entries:
                found[first].append((stop, entries))
            for kind in cue_kinds:
                table = cues[kind]
                if table.get(first, 0) < stop:
                    table[first] = stop
        for spans in found.values():
            if len(spans) > 1:
                spans.sort(key=lambda item: -item[0])
        return found

    def ending(self, pattern: re.Pattern[str]) -> list[int]:
        """Tokens whose word ends with a match of `pattern` (which must end with `(?![^ ])`)."""
        starts, flat = self.begins, self.flat
        holds = _ENDINGS.get(pattern)
        if holds is not None and not holds.search(flat):
            return []
        return [bisect_right(starts, m.end() - 1) - 1 for m in pattern.finditer(flat)]

    def end_of(self, i: int) -> int:
        """Where token i ends in the key."""
        return self.begins[i] + len(self.words[i])

    # --- helpers ---------------------------------------------------------------------------

    def cue_at(self, i: int, kind: str) -> int | None:
        """End token of the longest cue phrase of `kind` starting at token i."""
        return self.cues[kind].get(i)

    def having(self, mask: int) -> list[int]:
        """Tokens with any of the flags in `mask`."""
        if mask & ~_SOUGHT:
            return list(compress(range(self.n), map(and_, self.flags, repeat(mask))))
        if not mask & self._sought_present:
            return []  # (most asks: a scan of the sought tokens costs ten times this test)
        return list(compress(self._sought_at, map(and_, self._sought_flags, repeat(mask))))

    def having_each(self, *masks: int) -> list[list[int]]:
        """`having` for several masks."""
        return [self.having(mask) for mask in masks]

    def span_at(self, i: int) -> _Span | None:
        return self.owner[i] if 0 <= i < self.n else None

    def starts(self, i: int, *categories: str) -> _Span | None:
        """The span of one of `categories` that starts at token i (`span_at`, written out: the
        rules ask this more than anything else)."""
        span = self.owner[i] if 0 <= i < self.n else None
        return span if span is not None and span.start == i and span.category in categories else None

    def free(self, start: int, end: int) -> bool:
        """No span holds a token of [start, end) (counted in C, not tested token by token)."""
        held = self.owner[start:end]
        return held.count(None) == len(held)

    def claim(self, span: _Span) -> _Span:
        """Give tokens [start, end) to `span`, displacing whole every span that held one of them.

        A postposition typed onto a name's last word (کشمیرمیں) ends any name there: a span
        that would run past it is refused (returned, but not claimed), and one that ends on
        that word leaves the postposition out too (مقبوضہ کشمیرمیں)."""
        owner, start, end = self.owner, span.start, span.end
        held = owner[start:end]
        if held.count(None) != len(held):
            for old in held:
                if old is not None and old.glued and old is not span:
                    if old.end < end:
                        return span
                    if old.end == end:
                        span.glued = old.glued
            for old in held:
                if old is not None and old.lead and old.start == start and old is not span:
                    span.lead = old.lead
            for old in held:
                if old is not None and old is not span:
                    for j in range(old.start, old.end):
                        if owner[j] is old:
                            owner[j] = None
                    self._live.pop(id(old), None)
        owner[start:end] = [span] * len(held)
        self._live[id(span)] = span
        self._in_order = None
        return span

    def release(self, span: _Span) -> None:
        """Free the tokens `span` holds: it names nothing after all."""
        owner = self.owner
        for j in range(span.start, span.end):
            if owner[j] is span:
                owner[j] = None
        self._live.pop(id(span), None)
        self._in_order = None

    def claim_next(self, span: _Span) -> _Span:
        """`claim` for a span over free tokens after every span claimed so far, as the first
        rule claims them, in text order: nothing to displace, and `spans()` stays sorted by
        appending it."""
        self.owner[span.start : span.end] = [span] * (span.end - span.start)
        self._live[id(span)] = span
        if self._in_order is not None:
            self._in_order.append(span)
        return span

    def spans(self) -> list[_Span]:
        """The spans that own tokens, in text order.

        A claim takes all of a span's tokens and displaces every span it overlaps whole, so
        these are exactly the distinct spans of `owner`, without walking every token. The rules
        ask for them often between claims, so the sorted list is kept until the next claim:
        callers read it and never change it.
        """
        if self._in_order is None:
            self._in_order = sorted(self._live.values(), key=_span_start)
        return self._in_order

    def joined(self, start: int, end: int) -> bool:
        """No punctuation inside tokens [start, end)."""
        return True not in self.brk[start + 1 : end]

    def name_ok(self, i: int) -> bool:
        """Whether token i may be part of a person's name that is not in any list."""
        if i < 0 or i >= self.n or self.owner[i] is not None:
            return False
        f = self.flags[i]
        return not (f & _NOT_NAME) or bool(f & _NAME_WORD and not f & (FUNCTION | _DIGIT))

    def letters_only(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) are all Latin letter names (پی ایس, ایس ڈی).

        Such a run after a title or before a speech phrase is an office's or a term's initials
        (ڈی جی پی ایس, ایس ڈی جی کے), not a person's name; initials that open a name are
        followed by a word that is not a letter (ایم جی رانا ڈے).
        """
        return all(map(and_, self.flags[start:end], repeat(LETTER)))

    def surface_key(self, start: int, end: int) -> str:
        return " ".join(self.words[start:end])

    def display(self, start: int, end: int) -> tuple[str, int, int]:
        """The display text of tokens [start, end) and its offsets."""
        s = self.begins[start]
        e = self.begins[end - 1] + len(self.words[end - 1])
        if self._mapped:
            s, e = self.keyed.span(s, e)
        return self.text[s:e], s, e


# --- step 1: reference names ---------------------------------------------------------------


def _supported(doc: _Doc) -> tuple[set[str], set[int], set[int]]:
    """Country codes named unambiguously, and where unambiguous places start and end."""
    codes: set[str] = set()
    starts: set[int] = set()
    ends: set[int] = set()
    for i, spans in doc.matches.items():
        for end, entries in spans:
            for e in entries:
                if e.category in (LOCATION, DEMONYM) and not e.ambiguous:
                    if e.code:
                        codes.add(e.code)
                    if e.category == LOCATION:
                        starts.add(i)
                        ends.add(end)
    return codes, starts, ends


def _after_place_head(doc: _Doc, i: int) -> bool:
    return i > 0 and bool(doc.flags[i - 1] & PLACE_HEAD) and not doc.brk[i]


def _everyday_place(doc: _Doc, i: int, end: int, entry: Entry) -> bool:
    """A town or province whose name is an everyday word or a number word (سرحد "border", دیر
    "a while", سوئی "needle", پونے "quarter to"): its country named elsewhere in the text does
    not make it the place, since news from that country uses the word in its ordinary sense too."""
    return entry.kind != "country" and end == i + 1 and bool(doc.flags[i] & (NOUN | COMMON | NUMBER_WORD))


_NOT = "نہ"


def _accept_ambiguous(doc: _Doc, i: int, end: int, entry: Entry, support) -> bool:
    codes, loc_starts, loc_ends = support
    if entry.category == PERSON:
        return _named_alone(doc, i, end)
    if entry.category != LOCATION:
        return False
    if _after_place_head(doc, i):
        return True
    if end < doc.n and not doc.brk[end] and doc.flags[end] & NOUN and not doc.flags[end] & (_NAME_WORD | FUNCTION):
        return False  # the word modifies the noun after it: مالی تعاون "financial aid", ہوائی اڈہ
    if end < doc.n and not doc.brk[end] and (doc.flags[end] & FAMILY and not doc.flags[end] & GIVEN or doc.words[end] == _NOT):
        return False  # a first name before a surname (وینس ولیمز), a verb before "not" (سنبھل نہ سکے)
    before = doc.owner[i - 1] if i > 0 and not doc.brk[i] else None
    if before is not None and before.category == TITLE and before.end == i and before.kind not in _DESCRIPTIVE_TITLE_KINDS:
        return True  # an office of the place: وزیر اعلیٰ سرحد
    if end + 1 < doc.n and doc.words[end] in GENITIVES and not doc.brk[end] and not doc.brk[end + 1]:
        # the place's office after it: پیرو کی وزیر اعظم, شام کے صدر; or its border, its
        # government (a `place_noun` cue): شام کی سرحد
        if doc.cue_at(end + 1, "place_noun") is not None:
            return True
        for _, entries in doc.matches.get(end + 1, ()):
            if any(e.category == TITLE and e.kind in _STYLE_TITLE_KINDS for e in entries):
                return True
    if _everyday_place(doc, i, end, entry):
        # local support only: a place word before it here or at another mention (صوبہ سرحد ...
        # سرحد میں), or a body of its government after it (سرحد اسمبلی)
        if end < doc.n and not doc.brk[end] and doc.cue_at(end, "org_after_place") is not None:
            return True
        if any(_after_place_head(doc, k) for k in _positions(doc, doc.words[i]) if k != i):
            return True
    elif entry.code and entry.code in codes:
        return True
    # in a list of places: "X، شام اور Y"
    before = (i in loc_ends and doc.brk[i]) or (i - 1 in loc_ends and doc.words[i - 1] in COORDINATORS)
    after = end in loc_starts or (end < doc.n and doc.words[end] in COORDINATORS and end + 1 in loc_starts)
    return before or after


# Postpositions after a person named by one word that is also an ordinary word: غالب کی غزل,
# اقبال پر کتابیں (not غالب امکان "most likely", اقبال جرم "confession").
_PERSON_POSTPOSITIONS = frozenset({"کا", "کی", "کے", "نے", "کو", "پر", "سے"})


def _ambiguous_person_at(doc: _Doc, k: int) -> bool:
    """Whether token k is a well-known person's one-word name that is also an ordinary word."""
    return any(
        end == k + 1 and any(e.category == PERSON and e.ambiguous for e in entries)
        for end, entries in doc.matches.get(k, ())
    )


def _opens_alone(doc: _Doc, i: int) -> bool:
    """A clause's edge or a function word (not a genitive, a determiner or a verb) before token i."""
    if i == 0 or doc.brk[i]:
        return True
    before = doc.words[i - 1]
    return bool(doc.flags[i - 1] & FUNCTION) and not doc.flags[i - 1] & VERB and before not in GENITIVES and before not in _DETERMINERS


def _named_alone(doc: _Doc, i: int, end: int) -> bool:
    """Whether a well-known person's one-word name that is also an ordinary word (غالب,
    اقبال) names that person at tokens [i, end): alone between a clause's edge or a function
    word and a postposition, as `_lone_given_names` reads a listed first name; or paired by
    اور/و with another such name after a clause's edge or a function word (غالب اور اقبال
    تنقید میں: two ordinary senses are not joined so, "dominant and confession")."""
    if end != i + 1 or end >= doc.n or doc.brk[end]:
        return False
    if doc.words[end] in COORDINATORS:
        return end + 1 < doc.n and not doc.brk[end + 1] and _ambiguous_person_at(doc, end + 1) and _opens_alone(doc, i)
    if i > 1 and doc.words[i - 1] in COORDINATORS and not doc.brk[i] and not doc.brk[i - 1] and _ambiguous_person_at(doc, i - 2) and _opens_alone(doc, i - 2):
        return True
    if doc.words[end] not in _PERSON_POSTPOSITIONS:
        return False
    return _opens_alone(doc, i)


def _reference_names(doc: _Doc) -> None:
    """The gazetteer's names, longest first where they overlap (the first rule: every token is
    free, and the names are claimed in text order)."""
    support = None
    i = 0
    for start in sorted(doc.matches):
        if start < i:
            continue
        best: _Span | None = None
        for end, entries in doc.matches[start]:
            for entry in entries:
                if entry.ambiguous:
                    if support is None:
                        support = _supported(doc)
                    if not _accept_ambiguous(doc, start, end, entry, support):
                        continue
                best = _Span(start, end, entry.category, entry.kind, entry.canonical, entry.code, entries)
                break
            if best is not None:
                break
        if best is None:
            continue
        if best.category == ORGANIZATION and doc.letters_only(start, best.end) and _next_to_letters(doc, start, best.end):
            continue  # اے پی in اے پی جے عبدالکلام: listed initials inside longer ones are someone's
        if best.kind == "region" and start > 0 and not doc.brk[start] and doc.words[start - 1] in _DEMONSTRATIVES:
            continue  # اس برصغیر "this subcontinent": a region pointed at is described, not named
        if best.kind == "agency" and _modifies_next(doc, best.end):
            continue  # آن لائن جنسی استحصال: an agency's name before a noun is the everyday word
        if best.kind == "company" and _names_product(doc, best.end):
            continue  # بوئنگ 747, ائیر بس جہاز: a maker's name before a model or a product is the product's
        doc.claim_next(best)
        i = best.end


# Postpositions and "and" that news text types onto the name before them (اوبامانے, عبداللہاور).
_TYPED_ONTO_NAMES = ("اور", "نے", "کا", "کی", "کے", "کو", "سے")
# A listed place with a postposition typed onto it (کشمیرمیں, تاجکستانکے): the shortest place
# name that is read so; a shorter one and the word may be another word (ہندسے "digits").
MIN_GLUED_PLACE = 4
MAX_GLUED_PLACE_TOKENS = 3  # words of a place whose last has a postposition typed onto it (تھائی لینڈمیں)
# ... and the postpositions typed onto places, میں too (کشمیرمیں)
_TYPED_ONTO_PLACES = (*_TYPED_ONTO_NAMES, "میں")


def _glued_places(doc: _Doc) -> None:
    """کشمیرمیں, آسٹریلیاکے, تھائی لینڈمیں: a listed place, unambiguous, with a postposition typed
    onto its last word names the place, the postposition left out (as `_glued_postpositions` does
    for persons)."""
    automaton, words, owner = doc.g.automaton, doc.words, doc.owner
    # (unlisted words only: a listed one, or one the lists read as two ordinary words, is no
    # place; one ending in میں is taken for a plural only by its last letter)
    listed = doc.g.word_flags
    for i in compress(range(doc.n), map(not_, map(and_, doc.flags, repeat(~COMMON)))):
        word = words[i]
        if owner[i] is not None:
            continue
        if doc.flags[i] and (not word.endswith(_IN) or word in listed):
            continue
        postposition = _typed_onto(word, _TYPED_ONTO_PLACES, MIN_GLUED_PLACE)
        if not postposition or not doc.display(i, i + 1)[0].endswith(postposition):
            continue
        stem = word[: -len(postposition)]
        start = i
        while start >= 0 and i - start < MAX_GLUED_PLACE_TOKENS:
            found = automaton.get(f" {' '.join([*words[start:i], stem])} ", None)
            place = next((e for e in found[1] if e.category == LOCATION), None) if found else None
            if place is not None and not place.ambiguous and (owner[start] is None or owner[start].start >= start):
                # (a word found alone before it is displaced: تھائی, a demonym, in تھائی لینڈمیں)
                span = doc.claim(_Span(start, i + 1, LOCATION, place.kind, place.canonical, place.code, found[1]))
                span.glued = len(postposition)
                break
            start -= 1
            if start < 0 or doc.brk[start + 1]:
                break


MAX_DATELINE_PLACE_TOKENS = 3


def _dateline_places(doc: _Doc) -> None:
    """انچیون ۔ 23 ستمبر (اے پی پی): the one place a dateline names (`transforms.article`) is a
    place; a listed person's name it also is (ہیملٹن, a surname too) gives way to it. A dateline
    of several places (لاہور، اسلام آباد) is left to the gazetteer."""
    city = doc.dateline
    if not city or not doc.n:
        return
    start = doc.text.find(city)
    end = start + len(city)
    m = 0
    while m < min(doc.n, MAX_DATELINE_PLACE_TOKENS + 1) and doc.display(m, m + 1)[2] <= end:
        m += 1
    if not m or m > MAX_DATELINE_PLACE_TOKENS or doc.display(0, m)[1:] != (start, end) or not doc.joined(0, m):
        return
    if any(f & (FUNCTION | NUMBER_WORD | _DIGIT) for f in doc.flags[:m]):
        return
    held = doc.span_at(0)
    if doc.free(0, m) or (held is not None and held.category == PERSON and (held.start, held.end) == (0, m)):
        doc.claim(_Span(0, m, LOCATION, "dateline", doc.surface_key(0, m)))


def _names_product(doc: _Doc, end: int) -> bool:
    """Whether a company's name ending at token `end` runs on into a model number or a kind of
    product (بوئنگ 747 سے, بوئنگ سات سو ستتر جہاز, ائیر بس جہاز): the aircraft, not its maker."""
    return end < doc.n and not doc.brk[end] and bool(doc.flags[end] & (_DIGIT | NUMBER_WORD | PRODUCT_NOUN))


def _modifies_next(doc: _Doc, end: int) -> bool:
    """Whether the words ending at token `end` run on into an ordinary word: a news agency is
    named before a postposition, a verb or punctuation (آن لائن کے مطابق, ( آن لائن )), and a
    name that is also an everyday word (آن لائن "online", تاس) goes on into the noun it
    describes (آن لائن جنسی استحصال, سندھ تاس معاہدہ)."""
    return end < doc.n and not doc.brk[end] and not doc.flags[end] & FUNCTION


# --- step 2: compound organizations and places ----------------------------------------------


def _is_cue(span: _Span, kind: str, doc: _Doc) -> bool:
    return doc.cue_at(span.start, kind) == span.end


def _organizations_before_places(doc: _Doc) -> None:
    """حکومت پاکستان, وزارت خارجہ پاکستان: a government word, then a place, is one organization."""
    for i, end in sorted(doc.cues["org_before_place"].items()):
        if end >= doc.n or doc.brk[end]:
            continue
        head = doc.span_at(i)
        if not (doc.free(i, end) or (head is not None and head.start == i and head.end == end and head.category == ORGANIZATION)):
            continue
        place = doc.starts(end, LOCATION)
        if place is None:
            continue
        if place.end < doc.n and not doc.brk[place.end] and doc.words[place.end] == _IN and i > 0 and not doc.brk[i] and not doc.flags[i - 1] & FUNCTION:
            # رائل ملٹری پولیس عراق میں, امریکی افواج بغداد میں: a body already qualified by the
            # words before it, then a place and میں, acts in that place (حکومت بلوچستان میں stays)
            continue
        name = head.canonical if head is not None else doc.surface_key(i, end)
        doc.claim(_Span(i, place.end, ORGANIZATION, "government", f"{name} {place.canonical}"))


def _organizations_after_places(doc: _Doc) -> None:
    """امریکی فوج, پنجاب پولیس: a place or demonym, then a body of state, is one organization."""
    for j, end in sorted(doc.cues["org_after_place"].items()):
        if j == 0 or doc.brk[j]:
            continue
        place = doc.owner[j - 1]
        if place is None or place.end != j or place.category not in (LOCATION, DEMONYM):
            continue
        i = place.start
        body = doc.span_at(j)
        if not (doc.free(j, end) or (body is not None and body.start == j and body.end <= end)):
            continue
        first = place.canonical if place.category == LOCATION else doc.surface_key(i, j)  # (سری لنکن: two words)
        doc.claim(_Span(i, end, ORGANIZATION, "body", f"{first} {doc.surface_key(j, end)}"))


def _ministry_of_place_before(doc: _Doc) -> None:
    """قازقستان کی وزارت خارجہ: the ministry stays "وزارت خارجہ", its canonical name gains the place."""
    for span in doc.spans():
        if span.category != ORGANIZATION or not _is_cue(span, "org_before_place", doc):
            continue
        i = span.start
        if i >= 2 and doc.words[i - 1] in GENITIVES and not doc.brk[i] and not doc.brk[i - 1]:
            place = doc.span_at(i - 2)
            if place is not None and place.category == LOCATION and place.end == i - 1:
                span.canonical = f"{span.canonical} {place.canonical}"


def _english_articles(doc: _Doc) -> None:
    """دی ہندستان ٹائمز, دی نیوز: the English article before an organization's name is part of it
    (the same letters are the verb "gave", which no organization's name follows)."""
    flat, starts, owner = doc.flat, doc.begins, doc.owner
    article = f" {_ENGLISH_ARTICLE} "
    at = flat.find(article)
    while at >= 0:
        i = bisect_left(starts, at + 1)  # the article's token
        at = flat.find(article, at + 1)
        span = owner[i + 1] if i + 1 < doc.n else None
        if span is None or span.start != i + 1 or span.category != ORGANIZATION or span.kind not in _NAMED_ORG_KINDS:
            continue
        if not doc.brk[i + 1] and owner[i] is None:
            doc.claim(_Span(i, span.end, ORGANIZATION, span.kind, span.canonical or doc.surface_key(span.start, span.end)))


def _org_word_ok(doc: _Doc, k: int) -> bool:
    """Whether token k may stand in an organization's name before its tail word.

    An everyday adjective that may open an organization's name (اسلامی, قومی, وفاقی) may
    stand inside one too: دعوہ اسلامی موومنٹ. It never names the organization alone (the
    caller needs a word that is no noun)."""
    f = doc.flags[k]
    if f & ORG_TAIL:
        return not f & (FUNCTION | _DIGIT)
    if f & COMMON and not f & ORG_MODIFIER:
        return False
    return not f & (FUNCTION | NUMBER_WORD | _DIGIT | ORG_CONNECTOR)


_AND_WORDS = frozenset({"اور"})
# Institutions that are named after people: a person's name before the word is the institution's.
_NAMED_FOR_PEOPLE = frozenset(
    {"ہسپتال", "اسپتال", "یونیورسٹی", "کالج", "اکیڈمی", "انسٹیٹیوٹ", "انسٹیٹوٹ", "فاؤنڈیشن", "ٹرسٹ", "لیبارٹری", "لیبارٹریز", "میموریل"}
)


def _verb_after(doc: _Doc, k: int) -> bool:
    """Whether a verb stands at token k, joined to the word before it (کالج گئے: the word is
    the verb's object, an ordinary noun)."""
    return k < doc.n and not doc.brk[k] and bool(doc.flags[k] & VERB) and doc.words[k] not in _PERSON_POSTPOSITIONS


def _english_word(doc: _Doc, k: int) -> bool:
    """Whether token k is a free word that no list knows (واٹر, سیوریج): in an English-style
    name, the kind that "and" may join. A word that opens names (نیشنل, انٹرنیشنل) is listed,
    so "X اور نیشنل کونسل ..." names two organizations, not one."""
    return 0 <= k < doc.n and doc.owner[k] is None and not doc.flags[k]


_ARABIC_SOUNDS = re.compile("[ثحخذصضطظعغقء]")


def _native_word(word: str) -> bool:
    """Whether a word is spelled with a letter for a sound English has not (ث ح خ ذ ص ض ط ظ ع غ ق ء).

    Organizations written in English style (نیسلے پاکستان لمیٹڈ, نیو انگلینڈ جرنل) are
    transliterated, and transliteration never uses these letters; a word that does is Urdu
    (اثناء, افتتاح), so before a place it is the sentence's word, not the name's.
    """
    return _ARABIC_SOUNDS.search(word) is not None


def _english_adjectives(doc: _Doc, start: int, t: int) -> bool:
    """Whether tokens [start, t) are English adjectives written in Urdu (گورننگ, ایڈوائزری):
    after a demonym they name the body (عراقی گورننگ کونسل), as an Urdu adjective does not
    (چینی تعمیراتی کمپنی, "a Chinese construction company")."""
    flags, words = doc.flags, doc.words
    return start < t and all(flags[k] & NOUN and not flags[k] & (COMMON | ORG_TAIL) and not _native_word(words[k]) for k in range(start, t))


def _opened_by_modifier(doc: _Doc, start: int, t: int, tailed: bool = False) -> bool:
    """Whether ordinary words between an adjective that opens names (قومی, مرکزی, وفاقی) and
    the organization word name a body: قومی انسانی حقوق کمیشن, وفاقی تحقیقاتی ادارہ. The
    adjective alone before the word (قومی کمیٹی) says which level, not which body, unless
    words after برائے/آف say which (`tailed`: قومی کونسل برائے فروغ اردو زبان)."""
    opener = doc.owner[start] is None or _modifier_title(doc, start)
    return (start < t - 1 or tailed and start < t) and opener and bool(doc.flags[start] & ORG_MODIFIER) and doc.free(start + 1, t)


def _modifier_title(doc: _Doc, k: int) -> bool:
    """Whether token k is an adjective that opens organizations' names, held as a one-word title
    modifier (جوائنٹ, مرکزی: جوائنٹ سیکرٹری, مرکزی وزیر)."""
    span = doc.owner[k]
    return span is not None and span.category == TITLE and span.start == k and span.end == k + 1 and bool(doc.flags[k] & ORG_MODIFIER)


def _tailed_organizations(doc: _Doc) -> None:
    """پاکستان کرکٹ بورڈ, کوچین یونیورسٹی آف سائنس اینڈ ٹیکنالوجی: a name ending in an organization word."""
    for t in doc.having(ORG_TAIL):
        if doc.owner[t] is not None:
            continue
        before = doc.owner[t - 1] if t > 0 and not doc.brk[t] else None
        if before is not None and before.category == ORGANIZATION and before.end == t and doc.words[t] in _CLASS_TAILS:
            # کانگریس پارٹی, مائیکرو سافٹ کمپنی: a known organization and its kind are one name
            doc.claim(_Span(before.start, t + 1, ORGANIZATION, before.kind, before.canonical or doc.surface_key(before.start, t)))
            continue
        start, named, after_place = t, False, False
        k = t - 1
        while k >= 0 and t - k <= MAX_ORG_PREFIX_TOKENS and not doc.brk[k + 1]:
            span = doc.owner[k]
            if span is None and after_place and _native_word(doc.words[k]) and not doc.flags[k] & ORG_MODIFIER:
                break  # (دریں اثناء) پاکستان بلائنڈ کرکٹ کونسل: a native word before the place is no part of it
            if span is not None and _modifier_title(doc, k):
                start, k = k, k - 1  # جوائنٹ ایکشن کمیٹی: جوائنٹ also opens a title (جوائنٹ سیکرٹری)
                continue
            if span is not None:
                if span.category == PERSON and span.end == k + 1 and doc.words[t] in _NAMED_FOR_PEOPLE and not _verb_after(doc, t + 1):
                    # شیخ زاید ہسپتال, علامہ اقبال اوپن یونیورسٹی: an institution named after someone
                    named, start = True, span.start
                    break
                if span.category == LOCATION or (span.category == DEMONYM and start < t):
                    named = named or span.category == LOCATION or _english_adjectives(doc, start, t)
                    after_place = after_place or span.category == LOCATION
                    start = span.start
                    k = span.start - 1
                    continue
                if span.category == DEMONYM:
                    start = span.start
                elif span.category == ORGANIZATION and span.end == k + 1 and start < t and named:
                    # اقوام متحدہ ہیومن رائٹس کونسل, پی آئی اے ٹریننگ اکیڈمی: a body's own named part
                    start = span.start
                break
            if (doc.words[k] in _AND_WORDS or doc.flags[k] & ORG_CONNECTOR) and _english_word(doc, k - 1) and _english_word(doc, k + 1) and not doc.brk[k]:
                k -= 1  # گجرات واٹر سپلائی اور سیوریج بورڈ: "and" between two words of the name
                continue
            if not _org_word_ok(doc, k) or doc.flags[k] & _GLUED:
                break  # (جیتنے کیلیے) ویسٹ انڈین بورڈ: a postposition typed onto a word ends the name
            named = named or not doc.flags[k] & (ORG_TAIL | NOUN | COMMON)
            start = k
            k -= 1
        end = t + 1
        while end < doc.n and doc.owner[end] is None and doc.flags[end] & ORG_TAIL and not doc.brk[end]:
            end += 1
        end, of_place = _connected_end(doc, end), _of_place(doc, end)
        if of_place:
            # جی آئی رجسٹری آف انڈیا: a place after آف names the body; two letters before its
            # word are a term's initials (جی آئی, a geographical indication), not part of it
            letters = t
            while letters > start and t - letters < MIN_ACRONYM_LETTERS and doc.owner[letters - 1] is None and doc.flags[letters - 1] & LETTER:
                letters -= 1
            if letters < t and t - letters < MIN_ACRONYM_LETTERS and (letters == start or not doc.flags[letters - 1] & LETTER):
                start = t
        # اتحادی تیلیگودیشم پارٹی, پلیٹ فارم جائنٹ ایکشن کمیٹی: ordinary nouns before the
        # first naming word describe the organization, they are no part of its name
        described = start
        while not of_place and start < t and doc.owner[start] is None and doc.flags[start] & NOUN and not doc.flags[start] & (ORG_MODIFIER | ORG_TAIL):
            start += 1  # (کرکٹ کنٹرول بورڈ آف انڈیا: an English-style name keeps its nouns)
        if not of_place and not named and not _opened_by_modifier(doc, start, t, end > t + 1) and not (start == t and _led_by_its_word(doc, t, end)):
            continue
        if start > described:
            # جہادی گروپ النصرہ فرنٹ: the described body's word goes with its description
            while start < t and doc.owner[start] is None and doc.flags[start] & ORG_TAIL:
                start += 1
        doc.claim(_Span(start, end, ORGANIZATION, "named", doc.display(start, end)[0]))


def _organizations_of_places(doc: _Doc) -> None:
    """سپریم کورٹ آف انڈیا, الیکشن کمیشن آف پاکستان: a listed organization, then آف and a place,
    is one organization, as an English-style name with its آف tail is."""
    if f" {_OF} " not in doc.padded:
        return  # most texts hold no آف: not looking at their organizations is faster
    for span in [s for s in doc.spans() if s.category == ORGANIZATION]:
        j = span.end
        if j + 1 >= doc.n or doc.words[j] != _OF or doc.brk[j] or doc.brk[j + 1] or doc.owner[j] is not None:
            continue
        place = doc.starts(j + 1, LOCATION)
        if place is not None and place.kind != "demonym":
            name = span.canonical or doc.surface_key(span.start, j)
            doc.claim(_Span(span.start, place.end, ORGANIZATION, span.kind, f"{name} {_OF} {place.canonical}"))


def _connected_end(doc: _Doc, end: int) -> int:
    """End of an organization's name that goes on after token `end` with آف/اینڈ and its
    words (... یونیورسٹی آف سائنس اینڈ ٹیکنالوجی), or `end`."""
    if end + 1 < doc.n and doc.flags[end] & ORG_CONNECTOR and not doc.brk[end] and not doc.brk[end + 1]:
        k, last = end + 1, None
        while k < doc.n and k - end <= MAX_ORG_SUFFIX_TOKENS and (k == end + 1 or not doc.brk[k]):
            span = doc.owner[k]
            if span is not None and span.category == LOCATION:
                last = k = span.end
                if k < doc.n and not doc.flags[k] & ORG_CONNECTOR:
                    break  # یونیورسٹی آف میری لینڈ سائنس دانوں: the place ends the name
                continue
            if span is not None:
                break
            if doc.flags[k] & ORG_CONNECTOR:
                k += 1
                continue
            if not _org_word_ok(doc, k):
                break
            k += 1
            last = k
        if last is not None and last + 1 < doc.n and doc.words[last] == _ENGLISH_IN and not doc.brk[last] and not doc.brk[last + 1]:
            place = doc.starts(last + 1, LOCATION)
            if place is not None and place.kind != "demonym":
                last = place.end  # آرگنائزیشن فار سیکیورٹی اینڈ کوآپریشن ان یورپ: "in" and a place end it
        if last is not None:
            return last
    return end


def _led_by_its_word(doc: _Doc, t: int, end: int) -> bool:
    """Whether the name opens with its organization word and goes on with "for" or "of" and two
    words or more: آرگنائزیشن فار سیکیورٹی اینڈ کوآپریشن ان یورپ, انسٹیٹیوٹ آف چارٹرڈ
    اکاؤنٹنٹس. With one word after "of" it is a body's part (بورڈ آف ڈائریکٹرز)."""
    if t + 1 >= doc.n or doc.words[t + 1] not in _ENGLISH_CONNECTORS:
        return False
    return sum(1 for k in range(t + 2, end) if not doc.flags[k] & ORG_CONNECTOR) >= 2


def _of_place(doc: _Doc, end: int) -> bool:
    """Whether آف and a place follow token `end - 1`: رجسٹری آف انڈیا, یونیورسٹی آف میری لینڈ."""
    if end + 1 >= doc.n or doc.words[end] != _OF or doc.brk[end] or doc.brk[end + 1]:
        return False
    place = doc.starts(end + 1, LOCATION)
    return place is not None and place.kind != "demonym"


def _infinitive_genitive_end(doc: _Doc, end: int) -> int:
    """محکمہ برائے پینے کے پانی: an oblique infinitive (پینے, رہنے) qualifies the noun after its
    genitive ("drinking water"), so the name goes on to that noun; `end` is the token after the
    infinitive. Anything else ends where it did."""
    k = end + 1
    if k >= doc.n or not doc.words[end - 1].endswith(_INFINITIVE_OBLIQUE) or doc.words[end] not in GENITIVES:
        return end
    if doc.brk[end] or doc.brk[k] or doc.owner[k] is not None or doc.flags[k] & (FUNCTION | _DIGIT | NUMBER_WORD):
        return end
    return k + 1


_QUANTIFIERS = frozenset({"ہر", "کسی", "کوئی", "تمام", "مختلف", "کئی", "متعدد", "بعض", "دیگر"})


def _quantified(doc: _Doc, i: int) -> bool:
    """Whether a quantifier (ہر "every", کسی "any", تمام "all"...) stands right before token i:
    the noun there is any of its kind, not one named (ہر محکمہ تعلیم پر). A demonstrative
    points at one named body (اس وزارت برائے مکانات) and keeps it."""
    return i > 0 and not doc.brk[i] and doc.owner[i - 1] is None and doc.words[i - 1] in _QUANTIFIERS


def _compound_end(doc: _Doc, end: int, unlisted: bool = False) -> int:
    """وزارت دیہی ترقی: an adjective and its noun say which ministry together; the noun after
    the head's first word is taken when a postposition or punctuation follows it (not a verb:
    وزارت صحت حکام, محکمہ تعلیم بہتر ہوا stay one word). After و (`unlisted`) an unlisted
    noun is taken too: وزارت صحت و خاندانی بہبود."""
    k = end
    if k + 1 >= doc.n or doc.brk[k] or doc.owner[k] is not None or not (doc.flags[k - 1] & NOUN or unlisted and not doc.flags[k - 1]):
        return end
    f, after = doc.flags[k], doc.flags[k + 1]
    noun = f & NOUN or (unlisted and not f)
    if noun and not f & (COMMON | FUNCTION | ORG_HEAD | ORG_TAIL) and (doc.brk[k + 1] or after & FUNCTION and not after & VERB):
        return k + 1
    return end


def _and_end(doc: _Doc, end: int) -> int:
    """وزارت صحت و خاندانی بہبود, وزارت پانی و بجلی: و and what else the body is for (a word,
    or an adjective and its noun) go on its name."""
    if end + 1 < doc.n and doc.words[end] == "و" and not doc.brk[end] and not doc.brk[end + 1] and doc.owner[end + 1] is None and not doc.flags[end + 1] & (FUNCTION | _DIGIT):
        return _compound_end(doc, end + 2, unlisted=True)
    return end


def _joined_listed_ministries(doc: _Doc) -> None:
    """A listed ministry or department and و with what else it is for are one: وزارت صحت و
    خاندانی بہبود (the listed name is وزارت صحت)."""
    for h in doc.having(ORG_HEAD):
        span = doc.owner[h]
        if span is None or span.start != h or span.category != ORGANIZATION or span.kind == "headed":
            continue
        end = _and_end(doc, span.end)
        if end > span.end:
            doc.claim(_Span(h, end, ORGANIZATION, span.kind, doc.surface_key(h, end)))


_MINISTRY_WORDS = frozenset({"وزارت", "محکمہ"})


def _genitive_ministries(doc: _Doc) -> None:
    """دیہی ترقی کی وزارت, صحت و خاندانی بہبود کی مرکزی وزارت: what a ministry is for, in the
    genitive before it, names it as وزارت دیہی ترقی does. Only ordinary or unlisted words may
    say what for (ان کی وزارت, حکومت کی وزارت, پاکستان کی وزارت name no other ministry)."""
    for h in doc.having(ORG_HEAD):
        if doc.words[h] not in _MINISTRY_WORDS or doc.owner[h] is not None or doc.brk[h]:
            continue
        g = h - 1
        held = doc.owner[g] if g > 0 else None
        if g > 0 and doc.flags[g] & ORG_MODIFIER and (held is None or held.category == TITLE and held.start == g and held.end == h) and not doc.brk[g]:
            g -= 1  # کی مرکزی وزارت (مرکزی also opens a title: مرکزی وزیر)
        if g < 1 or doc.words[g] not in GENITIVES or doc.brk[g]:
            continue
        start = g
        while start > 0 and g - start < MAX_ORG_SUFFIX_TOKENS and doc.owner[start - 1] is None and (start == g or not doc.brk[start]):
            f = doc.flags[start - 1]
            if doc.words[start - 1] == "و" and start < g:
                start -= 1
                continue
            if f & (COMMON | FUNCTION | _DIGIT | NUMBER_WORD | _NAME_WORD | LETTER) or not (f & NOUN or not f):
                break
            start -= 1
        if start < g and doc.words[start] != "و" and (start == 0 or doc.brk[start] or doc.flags[start - 1] & FUNCTION):
            doc.claim(_Span(start, h + 1, ORGANIZATION, "headed", doc.surface_key(start, h + 1)))


def _headed_organizations(doc: _Doc) -> None:
    """محکمہ موسمیات, وزارت صحت پنجاب: وزارت/محکمہ/ادارہ and the word that says which."""
    for h in doc.having(ORG_HEAD):
        if h + 1 >= doc.n or doc.owner[h] is not None or doc.brk[h + 1]:
            continue
        k = h + 1
        if doc.owner[k] is None and doc.flags[k] & LETTER:
            # امریکی ادارہ سی ڈی سی: initials after the word for a body are its name, the word
            # says what kind of body it is
            end = k
            while end < doc.n and doc.flags[end] & LETTER and _free_letter(doc, end, k) and (end == k or not doc.brk[end]):
                end += 1
            if doc.words[end - 1] == POSTPOSITION_LETTER:
                end -= 1
            if end - k >= 2:
                doc.claim(_Span(k, end, ORGANIZATION, "acronym", " ".join(doc.words[k:end])))
            continue
        if doc.owner[k] is not None or doc.flags[k] & (FUNCTION | NUMBER_WORD | _DIGIT | ORG_HEAD) or doc.flags[k] & COMMON and not doc.flags[k] & NOUN:
            continue
        if _quantified(doc, h) or (doc.flags[k] & NOUN and _verb_after(doc, k + 1)):
            continue  # ہر محکمہ, ادارہ ترقی کر رہا ہے: any body of a kind, or a noun that is the predicate's
        end = _compound_end(doc, k + 1)
        if doc.words[k] in _FOR_WORDS and end < doc.n and not doc.brk[end] and doc.owner[end] is None and not doc.flags[end] & (FUNCTION | _DIGIT):
            end += 1  # وزارت برائے مکانات: "for" needs the word that says what for
            end = _infinitive_genitive_end(doc, end)
            end = _compound_end(doc, end, unlisted=True)  # وزارت برائے امور نوجوانان
        end = _and_end(doc, end)
        # وزارت اسکل ڈیولپمنٹ اینڈ انٹر پرینیورشپ: an English-style name after the head word
        k = end
        while k < doc.n and k - end < 2 and not doc.brk[k] and doc.owner[k] is None and not doc.flags[k] & (ORG_CONNECTOR | NOUN) and _org_word_ok(doc, k):
            k += 1
        if k < doc.n and not doc.brk[k] and doc.flags[k] & ORG_CONNECTOR and doc.words[k] not in _FOR_WORDS:
            end = _connected_end(doc, k)
        place = doc.starts(end, LOCATION) if end < doc.n and not doc.brk[end] else None
        canonical = doc.surface_key(h, end)
        if place is not None:
            end, canonical = place.end, f"{canonical} {place.canonical}"
        doc.claim(_Span(h, end, ORGANIZATION, "headed", canonical))


_QUOTES = frozenset("'\"‘’“”")


def _quoted_from(doc: _Doc, k: int) -> bool:
    """Whether a quotation mark, and nothing else but spaces, stands right before token k."""
    return 0 < k < doc.n and doc.keyed.key[doc.end_of(k - 1) : doc.begins[k]].strip() in _QUOTES - {""}


def _quoted_to(doc: _Doc, end: int) -> bool:
    """Whether a quotation mark follows token end - 1 (before anything but spaces)."""
    key = doc.keyed.key
    gap = key[doc.end_of(end - 1) : doc.begins[end] if end < doc.n else len(key)].lstrip()
    return bool(gap) and gap[0] in _QUOTES


def _after_class_word(doc: _Doc, t: int) -> bool:
    """Whether token t + 1 stands in apposition to the class word t: joined to it, or opening a
    quotation right after it (گاؤں ' گاہ ', روزنامے ' ہاریتز ')."""
    return t + 1 < doc.n and (not doc.brk[t + 1] or _quoted_from(doc, t + 1))


def _classed_place_run(doc: _Doc, start: int) -> int:
    """End of 1-3 unlisted words from `start` that a settlement word names, ending where a
    postposition or punctuation does (شہر [جوہور بارو] میں), or `start` if they do not.

    Ordinary words, names of people and titles stop the run: علاقے کے لوگ, شہر بھر میں, گاؤں
    والوں name no place.
    """
    k = start
    while k < doc.n and k - start < MAX_CUED_NAME_TOKENS and (k == start or not doc.brk[k]) and doc.owner[k] is None:
        f = doc.flags[k]
        if f & (_NOT_NAME | ORG_TYPE | PERSON_NOUN | _NAME_WORD | LETTER | VERB):
            break
        k += 1
    if k == start or len(doc.words[start]) < 3:
        return start
    if doc.brk[start] and not _quoted_to(doc, k):
        return start  # an opening quotation mark needs its closing one
    if k < doc.n and not doc.brk[k] and not (doc.flags[k] & FUNCTION and not doc.flags[k] & VERB):
        return start
    return k


def _places_before_their_word(doc: _Doc) -> None:
    """چکوال ضلع, جموں و کشمیر ریاست, ابوغریب جیل: a place, then the word for its kind, is one
    place; شمالی صوبہ زابل: a direction, then a province named with its word, is one too."""
    # شمالی صوبہ زابل: a direction before a province named with its word is part of the name
    for i, end in doc.cues["direction"].items() if "direction" in doc.cues else ():
        span = doc.span_at(end)
        if span is None or span.start != end or span.category != LOCATION or doc.brk[end] or not doc.free(i, end):
            continue
        if doc.words[end] in NAME_HOLDING_PLACE_HEADS:
            doc.claim(_Span(i, span.end, LOCATION, "directed", f"{doc.surface_key(i, end)} {span.canonical}", span.code))
    words = doc.words
    trailing = doc.having(PLACE_HEAD)
    if _PRISON in doc.flat:
        trailing = sorted({*trailing, *_positions(doc, _PRISON, 1)})
    for i in trailing:
        if i == 0 or words[i] not in _TRAILING_PLACE_HEADS or doc.brk[i] or doc.owner[i] is not None:
            continue
        place = doc.owner[i - 1]
        if place is not None and place.category == LOCATION and place.end == i and place.kind != "demonym":
            doc.claim(_Span(place.start, i + 1, LOCATION, "headed", place.canonical, place.code))


def _compound_places(doc: _Doc) -> None:
    """صوبہ سرحد, ضلع قصور, جنوبی وزیرستان, حیدر آباد."""
    candidates = set(doc.having(PLACE_HEAD)) | set(doc.cues["direction"])
    candidates.update(i - 1 for i in doc.having(PLACE_TAIL) if i)
    candidates.update(doc.ending(_ENDS_ABAD))
    for i in sorted(candidates):
        if doc.owner[i] is not None:
            continue
        f = doc.flags[i]
        nxt = i + 1
        if f & PLACE_HEAD and doc.words[i] in CLASSING_PLACE_HEADS and nxt < doc.n and doc.brk[nxt] and _quoted_from(doc, nxt):
            end = _classed_place_run(doc, nxt)
            if end > nxt:
                doc.claim(_Span(nxt, end, LOCATION, "classed", doc.surface_key(nxt, end)))
                doc.classed_places = True
            continue
        if f & PLACE_HEAD and nxt < doc.n and not doc.brk[nxt]:
            place = doc.starts(nxt, LOCATION)
            if place is not None:
                # شہر فیصل آباد: the known place alone; صوبہ سرحد: the word is needed to read it;
                # صوبہ پنجاب, دریائے سندھ: the word is part of the name; شہر سوئی: a settlement
                # word, which names unlisted places without being part of them, is not
                word = doc.words[i]
                if word in NAME_HOLDING_PLACE_HEADS or (word not in CLASSING_PLACE_HEADS and any(e.ambiguous for e in place.entries if e.category == LOCATION)):
                    doc.claim(_Span(i, place.end, LOCATION, "headed", place.canonical, place.code))
                continue
            if doc.words[i] in NAMING_PLACE_HEADS and doc.name_ok(nxt) and not doc.flags[nxt] & _NAME_WORD:
                doc.claim(_Span(i, nxt + 1, LOCATION, "headed", doc.surface_key(i, nxt + 1)))
                continue
            if doc.words[i] in CLASSING_PLACE_HEADS and not (i > 0 and not doc.brk[i] and doc.words[i - 1] in _DETERMINERS):
                end = _classed_place_run(doc, nxt)
                if end > nxt:
                    start = i if doc.words[i] in NAME_HOLDING_PLACE_HEADS else nxt
                    doc.claim(_Span(start, end, LOCATION, "classed", doc.surface_key(start, end)))
                    doc.classed_places = True
                    continue
        end = doc.cue_at(i, "direction")
        if end is not None and doc.free(i, end) and end < doc.n and not doc.brk[end]:
            place = doc.starts(end, LOCATION)
            if place is not None and place.kind != "demonym":
                doc.claim(_Span(i, place.end, LOCATION, "directed", f"{doc.surface_key(i, end)} {place.canonical}", place.code))
                continue
        if nxt < doc.n and doc.flags[nxt] & PLACE_TAIL and doc.owner[nxt] is None and not doc.brk[nxt] and doc.name_ok(i):
            doc.claim(_Span(i, nxt + 1, LOCATION, "compound", doc.surface_key(i, nxt + 1)))
            continue
        word = doc.words[i]
        if word.endswith("آباد") and len(word) >= 6 and doc.name_ok(i):
            doc.claim(_Span(i, i + 1, LOCATION, "compound", word))


def _defines_organization(doc: _Doc, i: int) -> bool:
    """Whether the unlisted initials at token i are spelled out as an organization just before them.

    Unlisted initials are as often terms (بی ایم آئی, جی آئی ایس, آئی او ٹی) as organizations, so
    they count only as the bracketed short form of a named organization:
    "نیشنل کونسل آف ایجوکیشنل ریسرچ اینڈ ٹریننگ ( این سی ای آر ٹی )". Listed ones (پی سی بی) are
    matched as reference names before this step.
    """
    if i == 0 or not doc.brk[i]:
        return False
    before = doc.owner[i - 1]
    if before is None or before.category != ORGANIZATION or before.end != i:
        return False
    key = doc.keyed.key
    return "(" in key[doc.end_of(i - 1) : doc.begins[i]]


def _has_members(doc: _Doc, end: int) -> bool:
    """Whether کے and a word for a body's members or officers follow token `end - 1` (اے این
    ایف کے اہلکاروں, پی ڈی ایم کے رہنماؤں): initials with spokesmen and members are a body's,
    as terms' initials (جی ڈی پی کی شرح) never are."""
    k = end + 1
    return k < doc.n and doc.words[end] == POSTPOSITION_LETTER and not doc.brk[end] and not doc.brk[k] and bool(doc.flags[k] & MEMBER_NOUN)


MIN_NICKNAME = 4
_AND = "اور"
# How English plurals end in Urdu script: لائنز, ٹائیگرز, ہاکس (Lions, Tigers, Hawks).
_ENGLISH_PLURAL = ("ز", "س")
MAX_TEAM_NAME_TOKENS = 2  # words of a team's nickname after its city: نائٹ رائیڈرز


def _nickname_word(doc: _Doc, k: int, shortest: int = MIN_NICKNAME) -> bool:
    """An unlisted transliterated word of `shortest` letters or more (a team's: not تاس in سندھ
    تاس معاہدہ), and not a short word typed onto a listed one (اورفرانس, نےاس)."""
    word = doc.words[k]
    if doc.flags[k] or len(word) < shortest or _native_word(word):
        return False
    if word.startswith(_AND):
        return False  # اورہملٹن: "and" typed onto a name
    head = next((h for h in _GLUED_BEFORE if word.startswith(h)), "")
    return not head or doc.g.word_flags.get(word[len(head) :], 0) == 0 and f" {word[len(head):]} " not in doc.g.automaton


def _teams(doc: _Doc) -> None:
    """لاہور لائنز, کولکتہ نائٹ رائیڈرز, حیدر آباد ہاکس: a listed place, then one or two unlisted
    transliterated words of which the last is an English plural, is a team, an organization.
    Listed words after a place (پاکستان ٹیم, کراچی پولیس, شنگھائی ماسٹرز) are left to their rules.
    """
    for place in doc.spans():
        if place.category != LOCATION or not place.entries or place.glued:
            continue  # a listed place, written as listed
        end = place.end
        k = end
        while k < doc.n and k - end < MAX_TEAM_NAME_TOKENS and not doc.brk[k] and doc.owner[k] is None and _nickname_word(doc, k):
            k += 1
        while k > end and not doc.words[k - 1].endswith(_ENGLISH_PLURAL):
            k -= 1
        if k > end:
            doc.claim(_Span(place.start, k, ORGANIZATION, "team"))


_ELEVEN = "الیون"  # XI: a side picked for a match
_A_SIDE = "اے"  # a country's second side (پاکستان اے), as the letter A is named


def _elevens(doc: _Doc) -> None:
    """نیوزی لینڈ الیون, ایس ایل بی پی الیون, کنگز الیون پنجاب: a listed place, initials or a
    nickname before الیون ("XI") name a side, an organization; a place after a nickname's XI is
    the team's home. A listed word before it describes a side (پلیئنگ الیون, فاتح الیون), and a
    person's XI (دھونی الیون) stays the person."""
    for x in _positions(doc, _ELEVEN, 1):
        if doc.owner[x] is not None or doc.brk[x]:
            continue
        before, end = doc.owner[x - 1], x + 1
        if before is not None:
            if before.end != x or not (before.category == LOCATION and before.entries and before.kind != "demonym"):
                continue
            start = before.start
        elif doc.flags[x - 1] & LETTER:
            start = x - 1
            while start > 0 and doc.flags[start - 1] & LETTER and doc.owner[start - 1] is None and not doc.brk[start]:
                start -= 1
            if x - start < 2:
                continue
        elif _nickname_word(doc, x - 1) and doc.words[x - 1].endswith(_ENGLISH_PLURAL):
            start = x - 1
            home = doc.starts(end, LOCATION) if end < doc.n and not doc.brk[end] else None
            if home is not None and home.kind != "demonym":
                end = home.end
        else:
            continue
        doc.claim(_Span(start, end, ORGANIZATION, "team"))


def _a_sides(doc: _Doc) -> None:
    """پاکستان اے, سری لنکا اے نے: in a sports story, a country then اے ("A") is its A side, where
    no initials go on after it (پاکستان اے پی پی)."""
    if not _sports_story(doc):
        return
    for a in _positions(doc, _A_SIDE, 1):
        country = doc.owner[a - 1]
        if country is None or country.category != LOCATION or country.kind not in ("country", "region") or country.end != a or doc.brk[a]:
            continue  # (ویسٹ انڈیز, a side of several countries, is listed as a region)
        if a + 1 < doc.n and not doc.brk[a + 1] and doc.flags[a + 1] & LETTER or doc.owner[a] is not None:
            continue
        doc.claim(_Span(country.start, a + 1, ORGANIZATION, "team", f"{country.canonical or doc.surface_key(country.start, a)} {_A_SIDE}"))


def _acronyms(doc: _Doc) -> None:
    """پی سی بی, ایف بی آئی: a run of Latin letter names is an organization's initials, where a
    list holds them, the text spells them out before them, a kind of organization follows
    them (یو این ایم او جماعت), or its members do (اے این ایف کے اہلکاروں)."""
    for i, end in _free_initials(doc):
        # initials before a kind of organization are its name: یو این ایم او جماعت, اے آر وائی چینل
        classed = end < doc.n and not doc.brk[end] and bool(doc.flags[end] & ORG_TYPE)
        if classed or _has_members(doc, end) or _defines_organization(doc, i):
            doc.claim(_Span(i, end, ORGANIZATION, "acronym", " ".join(doc.words[i:end])))


def _acting_initials(doc: _Doc) -> None:
    """ایم این ایف نے, ایف ڈی اے کے مطابق: initials that act or speak are an organization's,
    once the initials an earlier full name introduced are linked to it (سی ایس اے نے)."""
    for i, end in _free_initials(doc):
        if _acts(doc, end):
            doc.claim(_Span(i, end, ORGANIZATION, "acronym", " ".join(doc.words[i:end])))


def _free_initials(doc: _Doc) -> list[tuple[int, int]]:
    """Runs [start, end) of free letter names that may be an organization's initials: three or
    more, not all of them also words (سی, کے, پی), not before a number (ایف 16) or a name, not
    listed as a term's (`acronym_not_org`). A کے ending the run is the postposition."""
    runs, done = [], -1
    for i in doc.having(LETTER):
        if i < done or doc.owner[i] is not None or doc.words[i] == POSTPOSITION_LETTER:
            continue
        end = i + 1
        while end < doc.n and doc.flags[end] & LETTER and doc.owner[end] is None and not doc.brk[end]:
            end += 1
        if doc.words[end - 1] == POSTPOSITION_LETTER:
            end -= 1  # "آئی اے ایس کے کردار": the last کے is the postposition
        done = end
        letters = doc.words[i:end]
        if len(letters) < MIN_ACRONYM_LETTERS or all(w in AMBIGUOUS_LETTERS for w in letters):
            continue
        if end < doc.n and not doc.brk[end] and (doc.flags[end] & _DIGIT or doc.name_ok(end) and doc.flags[end] & _NAME_WORD):
            continue
        if doc.cue_at(i, "acronym_not_org") != end:
            runs.append((i, end))
    return runs


def _free_letter(doc: _Doc, k: int, start: int) -> bool:
    """Whether letter name k is free for initials from `start`, or held by a title spelled in
    letters that lies inside them (ڈی سی, a deputy commissioner, in سی ڈی سی)."""
    span = doc.owner[k]
    return span is None or span.category == TITLE and span.start >= start and doc.letters_only(span.start, span.end)


def _acts(doc: _Doc, end: int) -> bool:
    """Whether the initials ending before token `end` act or speak: ایم این ایف نے (ergative), ایف
    ڈی اے کے مطابق ("according to"). A term's initials (جی ڈی پی, ایل بی ڈبلیو) do neither."""
    if _ergative_at(doc, end):
        return True
    return end + 1 < doc.n and not doc.brk[end] and not doc.brk[end + 1] and doc.words[end] == POSTPOSITION_LETTER and doc.words[end + 1] == _ACCORDING_TO


def _named_forms(doc: _Doc) -> None:
    """Organizations grown by a modifier or bracketed initials, and names given by their class."""
    modifiers, letters, types = doc.having_each(ORG_MODIFIER, LETTER, ORG_TYPE)
    if modifiers:
        _modified_organizations(doc, modifiers)
    if "(" in doc.keyed.key:
        if letters:
            _bracketed_acronyms(doc, letters)
        _bracketed_factions(doc)
        _bracketed_short_names(doc)
    _classed_names(doc, types)


def _modified_organizations(doc: _Doc, modifiers: list[int]) -> None:
    """مرکزی معلوماتی کمیشن, قومی ہائیڈروجن مشن, مرکزی وزارت صحت: an adjective such as مرکزی
    before an organization found by its form, or a listed ministry or department (its first
    word وزارت, محکمہ), opens its name."""
    for k in modifiers:
        span = doc.span_at(k + 1)
        if span is None or span.start != k + 1 or span.category != ORGANIZATION:
            continue
        if span.kind not in ("named", "headed") and not doc.flags[k + 1] & ORG_HEAD:
            continue
        if doc.brk[k + 1]:
            continue
        before = doc.owner[k]
        if before is not None and not (before.category == TITLE and before.start == k and before.end == k + 1):
            continue
        name = span.canonical or doc.surface_key(span.start, span.end)
        doc.claim(_Span(k, span.end, ORGANIZATION, span.kind, f"{doc.words[k]} {name}"))


def _bracketed_acronyms(doc: _Doc, letters: list[int]) -> None:
    """مرکزی معلوماتی کمیشن ( سی آئی سی ): a name and its initials in brackets are one organization."""
    key = doc.keyed.key
    for j in letters:
        if j == 0 or not doc.brk[j] or "(" not in key[doc.end_of(j - 1) : doc.begins[j]]:
            continue
        span = doc.owner[j - 1]
        if span is None or span.category != ORGANIZATION or span.end != j:
            continue
        end = j
        while end < doc.n and doc.flags[end] & LETTER and (end == j or not doc.brk[end]):
            end += 1
        if end - j < 2 or not all(doc.owner[k] is None or doc.owner[k].category == ORGANIZATION for k in range(j, end)):
            continue
        if end < doc.n and not doc.brk[end]:
            continue  # the letters run on into words: not a bracketed short form
        if ")" not in key[doc.end_of(end - 1) : doc.begins[end] if end < doc.n else len(key)]:
            continue
        inner = doc.span_at(j)
        if inner is not None and (inner.start != j or inner.end != end):
            continue
        merged = doc.claim(_Span(span.start, end, ORGANIZATION, span.kind, span.canonical or doc.display(span.start, span.end)[0]))
        merged.closed = True
        merged.short = tuple(doc.words[j:end])


def _bracketed_short_names(doc: _Doc) -> None:
    """قومی احتساب بیورو ( نیب ): a listed organization and its listed short name in brackets
    (one canonical name) are one mention, as a name and its bracketed initials are."""
    key = doc.keyed.key
    for span in doc.spans():
        j = span.end
        if span.category != ORGANIZATION or j >= doc.n or not doc.brk[j] or "(" not in key[doc.end_of(j - 1) : doc.begins[j]]:
            continue
        short = doc.starts(j, ORGANIZATION)
        if short is None or not short.canonical or short.canonical != (span.canonical or doc.surface_key(span.start, j)):
            continue
        end = short.end
        if end < doc.n and not doc.brk[end] or ")" not in key[doc.end_of(end - 1) : doc.begins[end] if end < doc.n else len(key)]:
            continue
        merged = doc.claim(_Span(span.start, end, ORGANIZATION, span.kind, span.canonical))
        merged.closed = True
        merged.short = tuple(doc.words[j:end])


def _bracketed_factions(doc: _Doc) -> None:
    """مسلم لیگ ( ق ), بلوچستان نیشنل پارٹی ( مینگل گروپ ): a party and its faction in brackets
    are one party, the way Pakistani news names its factions."""
    key = doc.keyed.key
    for span in doc.spans():
        j = span.end
        if span.category != ORGANIZATION or span.kind != "party" or j >= doc.n or not doc.brk[j]:
            continue
        if "(" not in key[doc.end_of(j - 1) : doc.begins[j]]:
            continue
        end = j + 1
        while end < doc.n and end - j < MAX_FACTION_TOKENS and not doc.brk[end]:
            end += 1
        if end < doc.n and not doc.brk[end]:
            continue
        if ")" not in key[doc.end_of(end - 1) : doc.begins[end] if end < doc.n else len(key)]:
            continue
        if any(doc.flags[k] & (FUNCTION | _DIGIT) and not doc.flags[k] & LETTER or (doc.owner[k] is not None and doc.owner[k].category != ORGANIZATION) for k in range(j, end)):
            continue
        faction = doc.surface_key(j, end)
        canonicals = doc.g.org_canonicals
        canonical = canonicals.get(f"{doc.surface_key(span.start, j)} {faction}") or canonicals.get(f"{span.canonical} {faction}") or f"{span.canonical} {faction}"
        merged = doc.claim(_Span(span.start, end, ORGANIZATION, "party", canonical))
        merged.closed = True


def _indefinite_descriptions(doc: _Doc) -> None:
    """ایک عوامی تحریک, ایک برطانوی میڈیکل کالج: after ایک ("a"), کوئی or کسی ("any, some") an
    organization found by its form, or one whose words are all ordinary words, is a kind of
    body described, not a named one. A listed name keeps its sense (ایک سی آئی اے کے افسر:
    ایک qualifies the officer)."""
    for i in doc.having(ORG_TAIL | ORG_HEAD | ORG_MODIFIER):
        span = doc.owner[i]
        if span is None or span.category != ORGANIZATION or span.start == 0 or doc.brk[span.start]:
            continue
        if doc.words[span.start - 1] not in _INDEFINITES or doc.owner[span.start - 1] is not None:
            continue
        ordinary = all(doc.flags[k] & (NOUN | COMMON | ORG_MODIFIER | ORG_TAIL | ORG_HEAD) for k in range(span.start, span.end))
        if ordinary or span.kind in ("named", "headed"):
            doc.release(span)


def _classed_run(doc: _Doc, start: int) -> int:
    """End of 1-4 unlisted words from `start` that may name an organization, ending where a
    postposition or punctuation does: "جریدے [دی لینسٹ] میں". آف and اینڈ between them do not
    count ([سٹینڈرڈ ٹیلی فونز اینڈ کیبلز]), and a place may open them when an unlisted word
    follows it (اخبار [ریاض ڈیلی]; اخبار لندن میں names no paper)."""
    k, counted = start, 0
    while k < doc.n and counted < MAX_ORG_SUFFIX_TOKENS and (k == start or not doc.brk[k]):
        place = doc.owner[k]
        if place is not None:
            if k != start or place.category != LOCATION or place.start != k or not _english_word(doc, place.end) or doc.brk[place.end]:
                break
            k, counted = place.end, counted + 1
            continue
        f = doc.flags[k]
        if k == start and doc.words[k] == _ENGLISH_ARTICLE and k + 1 < doc.n and not doc.brk[k + 1]:
            k += 1  # دی لینسٹ, دی نیوز: the English article opens the name, though دی is a verb too
            continue
        if f & (FUNCTION | COMMON | NUMBER_WORD | _DIGIT | ORG_TYPE | PERSON_NOUN | PLACE_HEAD | ORG_HEAD):
            break
        if k == start and f & NOUN:
            break
        counted += not (k > start and f & ORG_CONNECTOR)
        k += 1
    if k - start <= (doc.words[start] == _ENGLISH_ARTICLE) or (k < doc.n and not doc.brk[k] and not (doc.flags[k] & FUNCTION and not doc.flags[k] & VERB)):
        return start
    return k


def _classed_names(doc: _Doc, types: list[int]) -> None:
    """A name in apposition to what it names: جریدے دی لینسٹ, کمپنی ہیلی برٹن (organizations);
    X نامی کمپنی, X نامی شخص (an organization, a person)."""
    for t in types:
        if doc.owner[t] is not None and doc.owner[t].category != TITLE or not _after_class_word(doc, t):
            continue
        if t > 0 and doc.words[t - 1] == _NAMED_AS:
            continue
        end = _classed_run(doc, t + 1)
        if doc.brk[t + 1] and not _quoted_to(doc, end):
            continue
        if end > t + 1:
            doc.claim(_Span(t + 1, end, ORGANIZATION, "classed"))
    for i in _positions(doc, _NAMED_AS):
        if i == 0 or i + 1 >= doc.n or doc.brk[i] or doc.brk[i + 1]:
            continue
        c = i + 2 if doc.words[i + 1] == _ONE and i + 2 < doc.n and not doc.brk[i + 2] else i + 1
        nxt = doc.flags[c]  # X نامی (ایک) تنظیم: "an organization named X"
        title = doc.starts(c, TITLE)
        if nxt & ORG_TYPE:
            category = ORGANIZATION
        elif nxt & PERSON_NOUN or (title is not None and title.kind in _DESCRIPTIVE_TITLE_KINDS):
            category = PERSON
        else:
            continue
        start = i
        while start > 0 and i - start < MAX_CUED_NAME_TOKENS and (start == i or not doc.brk[start]):
            held = doc.owner[start - 1]
            if held is not None:
                if category != ORGANIZATION or held.category != TITLE or i - held.start > MAX_CUED_NAME_TOKENS:
                    break
                start = held.start  # فادر آف جسٹس نامی تنظیم: a title's words may name an organization
                continue
            f = doc.flags[start - 1]
            if f & (FUNCTION | COMMON | NUMBER_WORD | _DIGIT) or (category == PERSON and f & NOUN):
                break
            start -= 1
        if start < i and (_opens_name(doc, start) or doc.starts(start, TITLE)):
            doc.claim(_Span(start, i, category, "classed"))


def _next_to_letters(doc: _Doc, start: int, end: int) -> bool:
    """Whether a letter name (not the postposition کے) joins tokens [start, end) on either side."""
    if end < doc.n and not doc.brk[end] and doc.flags[end] & LETTER and doc.words[end] != POSTPOSITION_LETTER:
        return True
    return start > 0 and not doc.brk[start] and bool(doc.flags[start - 1] & LETTER) and doc.owner[start - 1] is None


def _forms_at(doc: _Doc, i: int, longest: int, forms: dict[tuple[str, ...], str]):
    """(length, canonical) of each known form starting at token i, longest first, over free
    tokens of one phrase."""
    for length in range(min(longest, doc.n - i), 0, -1):
        canonical = forms.get(tuple(doc.words[i : i + length]))
        if canonical is not None and doc.free(i, i + length) and doc.joined(i, i + length):
            yield length, canonical


_LINKED_KINDS = frozenset({"classed", "acronym"})  # names the text itself shows to be an organization's


def _link_organizations(doc: _Doc) -> None:
    """کے آر ایل, ہیلی برٹن: an organization the text has named by its class (کمپنی ہیلی برٹن) or
    spelled out before its initials (کہوٹہ ریسرچ لیبارٹری ( کے آر ایل )) is that organization
    wherever else the text names it so, as a later surname is the same person.

    Listed names are found everywhere already; this spreads only names the text itself defines,
    and only runs of two or more words, or a single word that is no ordinary word.
    """
    forms: dict[tuple[str, ...], str] = {}
    for span in doc.spans():
        if span.category != ORGANIZATION:
            continue
        if span.short:
            forms.setdefault(span.short, span.canonical)
        if span.kind in _LINKED_KINDS:
            words = tuple(doc.words[span.start : span.end])
            if len(words) >= 2 or not doc.flags[span.start] and len(words[0]) >= 3:
                forms.setdefault(words, span.canonical or " ".join(words))
    if not forms:
        return
    firsts = {w[0] for w in forms}
    longest = max(map(len, forms))
    for i in compress(range(doc.n), map(firsts.__contains__, doc.words)):
        if doc.owner[i] is not None:
            continue
        for length, canonical in _forms_at(doc, i, longest, forms):
            if _next_to_letters(doc, i, i + length):
                continue  # part of longer initials
            doc.claim(_Span(i, i + length, ORGANIZATION, "linked", canonical))
            break


def _link_places(doc: _Doc) -> None:
    """گاؤں ' گاہ ' ... گاہ میں: a place the text has named by its class (شہر, گاؤں, علاقے) or by
    its dateline (ہانک کانگ (اے پی پی)) is that place wherever else the text names it alone, as a
    defined organization is.

    Only names of no ordinary word are spread, and a mention that runs on into other name
    words is part of a longer name.
    """
    if not (doc.classed_places or doc.dateline):
        return
    forms: dict[tuple[str, ...], str] = {}
    for span in doc.spans():
        if span.category == LOCATION and span.kind in ("classed", "dateline"):
            words = tuple(doc.words[span.start : span.end])
            if len(words) >= 2 or not doc.flags[span.start] and len(words[0]) >= 3:
                forms.setdefault(words, span.canonical or " ".join(words))
    if not forms:
        return
    firsts = {w[0] for w in forms}
    longest = max(map(len, forms))
    for i in compress(range(doc.n), map(firsts.__contains__, doc.words)):
        if doc.owner[i] is not None or (i > 0 and not doc.brk[i] and doc.name_ok(i - 1)):
            continue
        for length, canonical in _forms_at(doc, i, longest, forms):
            end = i + length
            if end < doc.n and not doc.brk[end] and doc.name_ok(end):
                continue
            doc.claim(_Span(i, end, LOCATION, "linked", canonical))
            break


# --- step 3: people -----------------------------------------------------------------------


def _surname_title(doc: _Doc, k: int) -> bool:
    """A one-word title inside a name is part of it: راجا in مہندا راجا پاکسے, شاہ in نصیرالدین شاہ."""
    span = doc.owner[k]
    if span is None or span.category != TITLE or span.start != k or span.end != k + 1:
        return False
    return span.kind == "name_prefix" or bool(doc.flags[k] & FAMILY)


def _joins_name(doc: _Doc, k: int) -> bool:
    """A joining word inside a name (ولبھ بھائی پٹیل, فیصل بن عبدالعزیز): free, between a name
    word and another word that may be part of a name."""
    if not doc.flags[k] & NAME_JOINER or doc.owner[k] is not None or k + 1 >= doc.n or doc.brk[k + 1]:
        return False
    return doc.name_ok(k + 1) and bool((doc.flags[k - 1] | doc.flags[k + 1]) & _NAME_WORD)


def _name_run(doc: _Doc, start: int, limit: int) -> int:
    """End of the run of name words from `start` (no punctuation inside), at most `limit` long.

    An unlisted last word right before a verb is the predicate, not the name's end:
    in "عبدالمالک بلوچ شریک ہوئے" the name is عبدالمالک بلوچ.
    """
    k = start
    # initials before a name do not count against its length: وائے ایس راجہ شیکھر ریڈی (more
    # letters than that are an office's initials: سیکرٹری ای اے ڈی)
    while k < doc.n and k - start <= MAX_INITIALS and doc.flags[k] & LETTER and doc.name_ok(k) and (k == start or not doc.brk[k]):
        k += 1
    if k - start <= MAX_INITIALS:
        limit += k - start
    k = start
    n, brk, flags, name_ok = doc.n, doc.brk, doc.flags, doc.name_ok
    speech = doc.cues["person_after"]  # `cue_at(k, "person_after")`, looked up once
    while k < n and k - start < limit and (k == start or not brk[k]):
        if not name_ok(k) and not (k > start and (_surname_title(doc, k) or _joins_name(doc, k))):
            break
        if k > start and speech.get(k) is not None and not flags[k] & _NAME_WORD:
            break
        if k > start and flags[k] & NAME_JOINER:
            limit += 1  # a joining word is not counted: صالح بن عبدالعزیز آل الشیخ
        k += 1
    if k - start > 1 and doc.flags[k - 1] & NAME_JOINER and not doc.name_ok(k - 1):
        k -= 1  # cut off by the length limit after a joining word
    if k > start and k < doc.n and doc.flags[k] & VERB and not doc.brk[k] and not doc.flags[k - 1] & _NAME_WORD and doc.words[k] not in _SAYING:
        k -= 1  # a lone unlisted word before a verb (بلے باز آؤٹ ہوئے) is no name either, but for "say"
    return k


def _title_chain(doc: _Doc, title: _Span) -> list[_Span]:
    """A run of titles (نائب وزیر اعظم و وزیر خارجہ), first to last."""
    chain = [title]
    end = title.end
    while end < doc.n and not doc.brk[end]:
        nxt = doc.starts(end, TITLE)
        if nxt is not None:
            chain.append(nxt)
            end = nxt.end
            continue
        if doc.words[end] in COORDINATORS and end + 1 < doc.n and not doc.brk[end + 1]:
            nxt = doc.starts(end + 1, TITLE)
            if nxt is not None and nxt.kind != "name_prefix":
                chain.append(nxt)
                end = nxt.end
                continue
        # صدر پاکستان جنرل پرویز مشرف: an office of a place, then a rank, style one name
        place = doc.starts(end, LOCATION)
        if place is not None and place.end < doc.n and not doc.brk[place.end]:
            nxt = doc.starts(place.end, TITLE)
            if nxt is not None and nxt.kind not in ("name_prefix", "modifier"):
                chain.append(nxt)
                end = nxt.end
                continue
        break
    return chain


def _style_start(doc: _Doc, chain: list[_Span]) -> int:
    """First token of the titles that style the name after them, or -1.

    Offices, ranks, religious and honorific titles are styles of address (صدر بش, جنرل مشرف,
    ڈاکٹر قدیر); a position described (ترجمان, رہنما, سربراہ) or an occupation (اداکارہ) is not.
    A style's run reaches back over modifiers (سابق, نائب) and a demonym (امریکی صدر بش).
    """
    start = -1
    for span in reversed(chain):
        if span.kind in _DESCRIPTIVE_TITLE_KINDS:
            break
        start = span.start
    if start == chain[0].start and start > 0 and not doc.brk[start]:
        before = doc.owner[start - 1]
        if before is not None and before.category == DEMONYM and before.end == start:
            start = before.start
    return start


def _general_named(doc: _Doc, k: int) -> bool:
    """Whether the one word k after a bare جنرل names a general, not what the English adjective
    "general" qualifies (جنرل سٹڈیز, جنرل اپٹیٹیوڈ ٹیسٹ): a listed name part, an agent or a
    speaker (جنرل پیس نے بتایا), or a word the text names again without the rank before it
    (جنرل سوہارتو ... صدر سوہارتو)."""
    if doc.flags[k] & _NAME_WORD:
        return True
    nxt = k + 1
    if nxt < doc.n and not doc.brk[nxt] and (doc.words[nxt] == _ERGATIVE or doc.cue_at(nxt, "person_after") is not None):
        return True
    return any(j != k and (j == 0 or doc.words[j - 1] != _GENERAL) for j in _positions(doc, doc.words[k]))


def _runs_into_title(doc: _Doc, start: int, end: int) -> bool:
    """Whether unlisted words [start, end) after a title run straight into another title.

    A name after a title ends at a postposition, a verb or punctuation; unlisted words with an
    office right after them, and nothing between, are more office words (ضلعی کلکٹر ڈپٹی کمشنر,
    misspelled or not listed), not a name.
    """
    if end >= doc.n or doc.brk[end] or any(doc.flags[k] & _NAME_WORD for k in range(start, end)):
        return False
    nxt = doc.starts(end, TITLE)
    return nxt is not None and nxt.kind not in ("name_prefix", "modifier")


# Words for a district after a place's name: شاہ جوئی ڈسٹرکٹ.
_DISTRICT_WORDS = frozenset({"ضلع", "ڈسٹرکٹ", "تحصیل"})


def _name_like_title(doc: _Doc, title: _Span) -> bool:
    """A one-word title that also opens or ends names (شاہ, پیر, سید, مولوی), and so the
    names of villages and districts named after such men (شاہ نکڈر, پیر محل)."""
    return title.end == title.start + 1 and (title.kind in ("name_prefix", "religious") or bool(doc.flags[title.start] & FAMILY))


def _settled_title(doc: _Doc, title: _Span, districts: bool) -> int:
    """End of a place named by a name-like title and the words after it (گاؤں [شاہ نکڈر] میں,
    [شاہ جوئی ڈسٹرکٹ]), or -1: a settlement word stands right before it, or a district word
    right after its words."""
    i = title.start
    if title.end >= doc.n or doc.brk[title.end]:
        return -1
    settled = i > 0 and not doc.brk[i] and doc.words[i - 1] in CLASSING_PLACE_HEADS and not (i > 1 and not doc.brk[i - 1] and doc.words[i - 2] in _DETERMINERS)
    if not settled and not districts:
        return -1
    end = _name_run(doc, title.end, MAX_CUED_NAME_TOKENS)
    if end == title.end or any(doc.flags[k] & _NAME_WORD for k in range(title.end, end)):
        return -1
    if end < doc.n and not doc.brk[end] and doc.words[end] in _DISTRICT_WORDS and doc.owner[end] is None:
        return end + 1
    return end if settled else -1


def _titled_people(doc: _Doc) -> None:
    titles = [s for s in doc.spans() if s.category == TITLE]
    settled: dict[int, int] = {}
    names: set[tuple[str, ...]] = set()
    name_like = [title for title in titles if _name_like_title(doc, title)]
    if name_like:
        districts = any(f" {word} " in doc.padded for word in _DISTRICT_WORDS)
        settled = {title.start: _settled_title(doc, title, districts) for title in name_like}
        # the place named so is that place where the text repeats it ([شاہ جوئی] کے علاقے)
        names = {tuple(doc.words[start:end]) for start, end in settled.items() if end > 0}
        names.update(name[:-1] for name in list(names) if name[-1] in _DISTRICT_WORDS)
    i = 0
    for title in titles:
        if title.start < i or doc.owner[title.start] is not title:
            continue
        place_end = settled.get(title.start, -1)
        if place_end < 0 and names:
            for name in names:
                end = title.start + len(name)
                if tuple(doc.words[title.start : end]) == name and doc.joined(title.start, end) and not (end < doc.n and not doc.brk[end] and doc.name_ok(end)):
                    place_end = end
                    break
        if place_end > 0:
            doc.claim(_Span(title.start, place_end, LOCATION, "classed", doc.surface_key(title.start, place_end)))
            doc.classed_places = True
            i = place_end
            continue
        if title.end == title.start + 1 and title.end < doc.n and not doc.brk[title.end] and doc.flags[title.end] & PLACE_TAIL:
            doc.release(title)  # قائد آباد, شاہ پور: a town named after a title, not a titled man
            continue
        chain = _title_chain(doc, title)
        last, end = chain[-1], chain[-1].end
        if title.kind == "modifier" and last is title:
            continue  # سابق, منتخب alone announce no one
        i = end
        if end >= doc.n or doc.brk[end]:
            continue
        # a place after the title belongs to it (وزیر اعلیٰ پنجاب شہباز شریف); the place is an
        # entity of its own, so the name is styled from no title: labelled data cannot hold the
        # place inside the name (ڈپٹی انسپکٹر جنرل پولیس [کوئٹہ] [پرویز بھٹی])
        place = doc.starts(end, LOCATION)
        styled = True
        if place is not None and place.end < doc.n and not doc.brk[place.end]:
            if doc.name_ok(place.end) or doc.starts(place.end, PERSON, TITLE):
                end = place.end
                styled = False
        start = end
        if last.kind == "name_prefix":
            start = last.start
        prefix = doc.starts(end, TITLE)
        if prefix is not None and prefix.kind == "name_prefix" and prefix.end < doc.n and not doc.brk[prefix.end]:
            start = start if last.kind == "name_prefix" else prefix.start
            end = prefix.end
        known = doc.starts(end, PERSON)
        if known is not None:
            if start < end:
                known = doc.claim(_Span(start, known.end, PERSON, "titled", known.canonical))
            known.title = _style_start(doc, chain) if styled else -1
            i = known.end
            continue
        name_end = _name_run(doc, end, MAX_NAME_TOKENS)
        if name_end > end and not doc.letters_only(end, name_end):
            if last is title and name_end == start + 1 and doc.words[title.start] == _GENERAL and title.end == title.start + 1 and not _general_named(doc, start):
                continue  # جنرل سٹڈیز کے پرچے: the adjective "general" before an English noun
            if _runs_into_title(doc, end, name_end):
                continue  # ضلعی کلکٹر ڈپٹی کمشنر: office words, not a name between two titles
            canonical = ""
            # صدر ولادیمیر پوتن: an unlisted first name before a known person's name is part of it
            known = doc.starts(name_end, PERSON) if name_end < doc.n and not doc.brk[name_end] else None
            if known is not None and known.kind != "titled":
                name_end = known.end
            doc.claim(_Span(start, name_end, PERSON, "titled", canonical, title=_style_start(doc, chain) if styled else -1))
            i = name_end


def _given_name_people(doc: _Doc) -> None:
    """محمد اسحاق ڈار, تیج الاسلام: names that start with a known given name or end in الحق."""
    candidates = set(doc.having(GIVEN | GIVEN_AMBIGUOUS))
    candidates.update(i - 1 for i in doc.having(NAME_PART) if i)
    for i in sorted(candidates):
        if doc.owner[i] is not None:
            continue
        f = doc.flags[i]
        nxt_flags = doc.flags[i + 1] if i + 1 < doc.n and not doc.brk[i + 1] and doc.owner[i + 1] is None else 0
        if f & GIVEN and not f & (FUNCTION | COMMON | NOUN):
            pass
        elif f & GIVEN_AMBIGUOUS and nxt_flags & (GIVEN | FAMILY | NAME_PART) and not nxt_flags & (COMMON | NOUN):
            pass
        elif doc.name_ok(i) and not f & (COMMON | NOUN) and nxt_flags & NAME_PART:
            pass
        else:
            continue
        if i > 0 and not doc.brk[i] and doc.name_ok(i - 1) and doc.flags[i - 1] & _NAME_WORD:
            continue  # inside a name that started earlier
        after = doc.owner[i + 1] if f & GIVEN and i + 1 < doc.n and not doc.brk[i + 1] else None
        if after is not None and after.category == PERSON and after.start == i + 1:
            # خالد شیخ محمد: a given name right before a person's name begins it
            doc.claim(_Span(_unknown_first_name(doc, i), after.end, PERSON, "given"))
            continue
        end = _name_run(doc, i, MAX_NAME_TOKENS)
        if end - i >= 2 or doc.cue_at(end, "person_after") is not None:
            doc.claim(_Span(_unknown_first_name(doc, i), end, PERSON, "given"))


def _spaced_given_names(doc: _Doc) -> None:
    """شہر یار خان: a given name typed as two words (شہریار as شہر یار, each an ordinary word)
    opens a name when a listed surname follows the two (کیا شہر یار خان ...)."""
    flags_of, owner = doc.g.word_flags, doc.owner
    for k in doc.having(FAMILY):
        i = k - 2
        if i < 0 or owner[k] is not None or owner[i] is not None or owner[i + 1] is not None or doc.brk[i + 1] or doc.brk[k]:
            continue
        joined = flags_of.get(doc.words[i] + doc.words[i + 1], 0)
        if not joined & GIVEN or joined & (FUNCTION | COMMON | NOUN) or doc.flags[i] & _NAME_WORD:
            continue
        if i > 0 and not doc.brk[i] and owner[i - 1] is None and (doc.name_ok(i - 1) or doc.words[i - 1] in GENITIVES or doc.words[i - 1] in _DETERMINERS):
            continue  # inside a longer run of words, or the first word's ordinary sense (اس شہر)
        end = k + 1
        if end < doc.n and not doc.brk[end] and doc.name_ok(end) and doc.flags[end] & _NAME_WORD:
            end += 1
        doc.claim(_Span(i, end, PERSON, "given"))


def _opens_name(doc: _Doc, i: int) -> bool:
    """Whether a name may start at token i: punctuation, a function word or a title before it."""
    if i == 0 or doc.brk[i]:
        return True
    before = doc.owner[i - 1]
    if before is not None:
        return before.category == TITLE
    return bool(doc.flags[i - 1] & (FUNCTION | COMMON | NUMBER_WORD))


def _unknown_first_name(doc: _Doc, i: int) -> int:
    """گریگری ڈیوڈ رابرٹس: one unlisted word before a known name is its first name, when a
    name may open there."""
    k = i - 1
    if k >= 0 and not doc.brk[i] and doc.owner[k] is None and doc.flags[k] == 0 and _opens_name(doc, k):
        return k
    return i


def _family_name_people(doc: _Doc) -> None:
    """امتیاز شیخ, پرشوتم ٹھاکر, رام بابو سکسینہ: unlisted words before a known surname.

    Up to two words may stand before the surname; a name must open before them (punctuation,
    a function word, a title), so that a clause ending in the surname is not taken for a name.
    """
    for j in doc.having(FAMILY):
        f = doc.flags[j]
        if doc.owner[j] is not None or f & (FUNCTION | COMMON | NOUN | GIVEN | GIVEN_AMBIGUOUS) or j == 0 or doc.brk[j]:
            continue
        start = j
        while start > 0 and j - start < 2 and not doc.brk[start] and doc.name_ok(start - 1):
            if doc.flags[start - 1] & GIVEN_AMBIGUOUS and (start == j or not (start == 1 or doc.brk[start - 1])):
                break  # امداد, رام: a first name that is also a word counts only opening a clause, two words before the surname
            start -= 1
        if start == j or not _opens_name(doc, start):
            continue
        end = _name_run(doc, start, MAX_NAME_TOKENS)
        if end > j:
            doc.claim(_Span(start, end, PERSON, "family"))


def _lone_surnames(doc: _Doc) -> None:
    """[شیرون] اپنے ..., [واجپئی] کی حکومت: a listed family name that is no ordinary word, alone
    between a clause's edge and a postposition or verb, is a person named by surname."""
    for j in doc.having(FAMILY):
        f = doc.flags[j]
        if doc.owner[j] is not None or f & (FUNCTION | COMMON | NOUN | GIVEN | GIVEN_AMBIGUOUS | LETTER | NAME_PART) or len(doc.words[j]) < 3:
            continue
        if j > 0 and not doc.brk[j] and (doc.owner[j - 1] is not None or not doc.flags[j - 1] & FUNCTION or doc.words[j - 1] == _ENGLISH_ARTICLE):
            continue  # after a name, a title or an ordinary word it ends something longer; دی بٹلر is a title
        k = j + 1
        if k < doc.n and not doc.brk[k] and not doc.flags[k] & FUNCTION:
            continue
        if _among_places(doc, j, k) or (k < doc.n and "(" in doc.keyed.key[doc.end_of(j) : doc.begins[k]]):
            continue  # جتوئی اور علی پور: a town in a list of places; ہیملٹن (...): a dateline
        doc.claim(_Span(j, k, PERSON, "family"))


def _lone_given_names(doc: _Doc) -> None:
    """[اشوک] کے نوشتوں, [فاطمہ] کا مکان: a listed given name that is no ordinary word, alone
    between a clause's edge and a postposition, is a person named by first name.

    Stories name people by first name alone (a child, a villager, a king); before a verb the
    word is as often what something is called (نام احمد ہے), so only a postposition counts.
    After a genitive or a determiner (ان, یہ) the word is a noun, not a name.
    """
    for j in doc.having(GIVEN):
        f = doc.flags[j]
        if doc.owner[j] is not None or f & (FUNCTION | COMMON | NOUN | GIVEN_AMBIGUOUS | LETTER | NAME_PART | _DIGIT) or len(doc.words[j]) < 3:
            continue
        if j > 0 and not doc.brk[j] and (doc.owner[j - 1] is not None or not doc.flags[j - 1] & FUNCTION or doc.words[j - 1] in GENITIVES or doc.words[j - 1] in _DETERMINERS):
            continue  # after a genitive stands what is possessed (ان کے رحم و کرم), after ان a noun
        k = j + 1
        if k >= doc.n or doc.brk[k] or not doc.flags[k] & FUNCTION or doc.flags[k] & VERB:
            continue
        if _among_places(doc, j, k):
            continue
        doc.claim(_Span(j, k, PERSON, "given"))


def _among_places(doc: _Doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) stand in a list with a place: a comma or و/اور and a place
    right before or after them."""
    k = end
    if k < doc.n and doc.words[k] in COORDINATORS:
        k += 1
    after = doc.span_at(k) if k > end or (k < doc.n and doc.brk[k] and _comma_before(doc, k)) else None
    if after is not None and after.start == k and after.category == LOCATION:
        return True
    k = start - 1
    if k >= 0 and doc.words[k] in COORDINATORS:
        k -= 1
    elif not (start > 0 and doc.brk[start] and _comma_before(doc, start)):
        return False
    before = doc.span_at(k)
    return before is not None and before.end == k + 1 and before.category == LOCATION


def _joined_compound_names(doc: _Doc) -> None:
    """ضیاالحق, حبیب اللہ, عبدالعلیم written as one word: "servant of" one of God's names
    (عبدال...) opens a name, a name of God or the faith (...الدین, ...اللہ) ends one."""
    candidates = doc.ending(_ENDS_JOINED_NAME)
    if _SERVANT_OF in doc.flat:
        starts = doc.begins
        candidates = sorted({*candidates, *(bisect_right(starts, m.start()) - 1 for m in _OPENS_JOINED_NAME.finditer(doc.flat))})
    for i in candidates:
        word = doc.words[i]
        if doc.owner[i] is None and len(word) > 6 and (word.endswith(_JOINED_NAME_ENDINGS) or word.startswith(_SERVANT_OF)) and doc.name_ok(i) and not doc.flags[i] & (COMMON | NOUN):
            end = _name_run(doc, i, MAX_NAME_TOKENS)
            doc.claim(_Span(i, end, PERSON, "given"))


def _before_hamza(doc: _Doc, c: int) -> int:
    """Token c, or the hamza typed apart before it (توقیر ضیا ء نے): the name ends before it."""
    if c > 1 and doc.words[c - 1] == _DETACHED_HAMZA and not doc.brk[c] and not doc.brk[c - 1]:
        return c - 1
    return c


def _cued_people(doc: _Doc) -> None:
    """X نے کہا, X کا کہنا ہے: a short run of unknown words before a speech phrase is a name."""
    for c in sorted(doc.cues["person_after"]):
        c = _before_hamza(doc, c)
        if c == 0 or doc.brk[c]:
            continue
        k = c - 1
        while k >= 0 and c - k <= MAX_CUED_NAME_TOKENS and doc.name_ok(k) and (k == c - 1 or not doc.brk[k + 1]):
            k -= 1
        start = k + 1
        if start == c:
            continue
        if k >= 0 and not doc.brk[start] and doc.name_ok(k):
            continue  # the run goes on: a clause, not a name
        if any(doc.flags[j] & (COMMON | NOUN) for j in range(start, c)) or doc.letters_only(start, c):
            continue
        doc.claim(_Span(start, c, PERSON, "cued"))


def _honorific_people(doc: _Doc) -> None:
    """گاندھی جی: the honorific جی after a listed name marks a person and stays out of the name.

    After an unlisted word جی is as often the end of a surname written apart (مکھر جی,
    بنر جی) or a letter of initials (ایس ڈی جی), so only a listed name part counts.
    """
    words = doc.words
    for i in _positions(doc, _HONORIFIC, 1):
        k = i - 1
        if doc.brk[i] or doc.owner[k] is not None or not doc.flags[k] & (GIVEN | FAMILY | NAME_PART) or doc.flags[k] & (FUNCTION | NOUN):
            continue
        if i + 1 < doc.n and not doc.brk[i + 1] and doc.flags[i + 1] & LETTER and words[i + 1] != POSTPOSITION_LETTER:
            continue  # جی inside initials
        start = k
        while start > 0 and k - start < MAX_CUED_NAME_TOKENS - 1 and not doc.brk[start] and doc.name_ok(start - 1):
            start -= 1
        if not _opens_name(doc, start):
            continue
        doc.claim(_Span(start, i, PERSON, "cued"))


def _kin_people(doc: _Doc) -> None:
    """اپنے بیٹے [اذان] سے, سونیا گاندھی کی ساس [اندرا گاندھی] کا: a relative named after the word
    for the relation, up to a postposition or punctuation.

    The name is one to three words that may be part of a name and no verb, and a lone word is
    one of at least three letters: بیٹے کو, بیوی بچوں, بیٹی گھر پر name no one. Two or three
    words need a listed name part among them (والد درمیانے درجے کے names no one).
    """
    for i in doc.having(KIN):
        k = i + 1
        if k >= doc.n or doc.brk[k] or doc.owner[k] is not None:
            continue
        end = k
        while end < doc.n and end - k < MAX_CUED_NAME_TOKENS and (end == k or not doc.brk[end]):
            f = doc.flags[end]
            if not doc.name_ok(end) or f & (VERB | KIN | PERSON_NOUN) or (f & NOUN and not f & _NAME_WORD):
                break
            end += 1
        if end == k or (end - k == 1 and len(doc.words[k]) < 3) or doc.letters_only(k, end):
            continue
        if end - k > 1 and not any(doc.flags[j] & _NAME_WORD for j in range(k, end)):
            continue  # unlisted words together are as often a phrase: والد درمیانے درجے کے
        if end < doc.n and not doc.brk[end] and not (doc.flags[end] & FUNCTION and not doc.flags[end] & VERB):
            continue
        doc.claim(_Span(k, end, PERSON, "kin"))


def _speakers(doc: _Doc) -> None:
    """کینوزو : ہاں انتھونی ... کینوزو : ایک ہولناک واقعہ: in a transcript, the unlisted name
    that opens a line or a sentence before a colon, two times or more, is a speaker, when
    another such label shows the text to be a dialogue."""
    if ":" not in doc.keyed.key:
        return
    key, labels = doc.keyed.key, defaultdict(list)
    for end in range(1, doc.n):
        if not doc.brk[end] or ":" not in key[doc.end_of(end - 1) : doc.begins[end]]:
            continue
        start = end - 1
        if start > 0 and not doc.brk[start]:
            start -= 1  # a two-word name: رے مرے
        if not doc.brk[start] or not all(doc.name_ok(k) and not doc.flags[k] & (COMMON | NOUN | VERB | LETTER) for k in range(start, end)):
            continue
        if end - start == 1 and len(doc.words[start]) < 3:
            continue
        labels[tuple(doc.words[start:end])].append(start)
    if len(labels) < 2:
        return  # one label is a heading (نوٹ :), a dialogue has two speakers
    for words, starts in labels.items():
        if len(starts) >= MIN_SPEAKER_TURNS:
            for start in starts:
                if doc.free(start, start + len(words)):
                    doc.claim(_Span(start, start + len(words), PERSON, "speaker"))


def _run_count(doc: _Doc, start: int, end: int) -> int:
    """How often the words [start, end) occur, in that order, in the text."""
    words, length = doc.words, end - start
    target = words[start:end]
    return sum(1 for i in _positions(doc, target[0]) if words[i : i + length] == target)


def _positions(doc: _Doc, word: str, start: int = 0) -> list[int]:
    """Every token equal to `word` from token `start` on.

    The flat form holds the tokens between single spaces, so " word " in the padded flat form
    finds exactly them: a substring search reads the text faster than comparing every token
    with the word, and the few hits are mapped to tokens by bisection.
    """
    padded, begins = doc.padded, doc.begins
    sought = f" {word} "
    out = []
    at = padded.find(sought)
    while at >= 0:
        i = bisect_left(begins, at)  # the token starts at `at` in the flat form
        if i >= start:
            out.append(i)
        at = padded.find(sought, at + 1)
    return out


def _ergative_people(doc: _Doc) -> None:
    """رابرٹس نے, آرمن مائی وس نے: an agent before the ergative نے is a name when it says so.

    A run of one to three words before نے, where a name may open, is a person if one of its
    words is a listed name part (رابرٹس, اجیل یاور), or if it is two or three unknown words
    that the text repeats (a story about آرمن مائی وس names him again and again), that a
    country's genitive introduces (سوئٹزرلینڈ کے فابیان کینسلارا نے) or that a player's tally
    follows (ٹینڈائی چتارا نے 3 وکٹیں), and does not introduce in quotes (پروگرام ' لانگ ہارن ':
    a product's name). Nouns, verbs and function words (حکومت نے, انہوں نے) never form such a run.
    """
    words = doc.words
    for i in _positions(doc, _ERGATIVE, 1):
        i = _before_hamza(doc, i)
        if doc.brk[i] or doc.owner[i - 1] is not None:
            continue
        k = i - 1
        while k >= 0 and i - k <= MAX_CUED_NAME_TOKENS and doc.name_ok(k) and (k == i - 1 or not doc.brk[k + 1]):
            k -= 1
        start = k + 1
        if start == i or (k >= 0 and not doc.brk[start] and doc.name_ok(k)) or not _opens_name(doc, start):
            continue
        flags = doc.flags[start:i]
        if any(f & (COMMON | NOUN | LETTER) or f & GIVEN_AMBIGUOUS and not f & (GIVEN | FAMILY) for f in flags):
            continue
        if not any(f & (GIVEN | FAMILY | NAME_PART) for f in flags):
            if i - start < 2 or any(flags) or _quoted_somewhere(doc, start, i):
                continue
            if not (_of_a_country(doc, start) or _tally_after(doc, i) or _sports_player(doc, start, i)) and _run_count(doc, start, i) < MIN_AGENT_RECURRENCE:
                continue
        doc.claim(_Span(start, i, PERSON, "agent"))


MIN_NAME_WORD = 3  # letters of an unlisted word taken for a name part (روب نکول)
_ITEM_ENDS = frozenset(("", "،", ",", "۔", ")", "؛", ";"))  # what may end a scorecard's item after its score


def _scored_people(doc: _Doc) -> None:
    """شان ولیمز 24، رچمونڈ موتمبمی 21 اور تناشے پیانگارا 12: two unlisted transliterated words
    with a score after them, at the head of a list's item, are a player: a scorecard names its
    batsmen so. The score ends the item (before ، or اور or the sentence's end), in brackets or not
    (ہملٹن مساکیڈزا(52)); the item opens the sentence, follows a comma or اور, or a function word
    (بلے بازوں میں فریڈی کولمین 56)."""
    flags, words, text = doc.flags, doc.words, doc.text
    for k in compress(range(doc.n), map(and_, flags, repeat(_DIGIT))):
        start = k - 2
        if start < 0 or flags[start] or flags[start + 1] or doc.brk[start + 1] or not doc.free(start, k + 1):
            continue
        between = text[doc.display(k - 1, k)[2] : doc.display(k, k + 1)[1]].strip()
        if between not in ("", "("):
            continue
        if not all(_nickname_word(doc, j, MIN_NAME_WORD) for j in (start, start + 1)):
            continue
        if not (doc.brk[start] or flags[start - 1] & FUNCTION):
            continue
        opening = doc.display(start, start + 1)[1]
        if text[max(0, opening - 3) : opening].strip()[-1:] in _QUOTES:
            continue  # میزائل ’’ دون فین 41‘‘: a product's name in quotes
        after = k + 1
        if after < doc.n and not doc.brk[after]:
            if words[after] != _AND:
                continue
        elif text[doc.display(k, k + 1)[2] :][:3].strip()[:1] not in _ITEM_ENDS:
            continue  # فارن ہائٹ 11/9: the number runs on
        doc.claim(_Span(start, k, PERSON, "scored"))


MAX_COUNTRY_PERSON_TOKENS = 3  # words of a name after its country: بیلا روس کی اولگا گوور ٹسوا


def _people_of_countries(doc: _Doc) -> None:
    """سربیا کی اینا ایوانووچ, فرانس کے جائلز مونفلز: in a sports story (one that names a game
    or counts runs, goals, sets: a `sport_noun` or `tally_noun`), two or three unlisted transliterated words after a country
    and its genitive are a player, as sports news introduces its players by country. Elsewhere
    the words there are as often ordinary ones the lists lack (بھارت کے ماڈرن رکشہ ڈرائیور,
    ہندوستان کی راہ ہموار)."""
    if not _sports_story(doc):
        return
    for place in doc.spans():
        start = place.end + 1
        if place.kind != "country" or start + 1 >= doc.n or not _of_a_country(doc, start):
            continue
        end = start
        while end < doc.n and end - start < MAX_COUNTRY_PERSON_TOKENS and not doc.brk[end] and doc.owner[end] is None and _nickname_word(doc, end, MIN_NAME_WORD):
            end += 1
        if end - start >= 2 or end == start + 1 and _ergative_at(doc, end):
            doc.claim(_Span(start, end, PERSON, "of_country"))


def _sports_story(doc: _Doc) -> bool:
    """Whether the story names a game or counts runs, goals, sets (a `sport_noun` or `tally_noun`)."""
    if doc.sports is None:
        doc.sports = any(map(and_, doc.flags, repeat(TALLY_NOUN | SPORT_NOUN)))
    return doc.sports


def _sports_player(doc: _Doc, start: int, end: int) -> bool:
    """Whether unlisted words [start, end) in a sports story are transliterated, as foreign
    players' names are, and not in a list of places (چین، نیپال اور ہانک کانگ نے: teams)."""
    return _sports_story(doc) and all(_nickname_word(doc, k, MIN_NAME_WORD) for k in range(start, end)) and not _among_places(doc, start, end)


def _ergative_at(doc: _Doc, k: int) -> bool:
    """Whether the ergative نے stands at token k, joined to the word before it."""
    return k < doc.n and not doc.brk[k] and doc.words[k] == _ERGATIVE


def _of_a_country(doc: _Doc, start: int) -> bool:
    """Whether a country and its genitive stand right before token `start` (سوئٹزرلینڈ کے X)."""
    if start < 2 or doc.brk[start] or doc.brk[start - 1] or doc.words[start - 1] not in GENITIVES:
        return False
    place = doc.owner[start - 2]
    return place is not None and place.category == LOCATION and place.end == start - 1 and place.kind == "country"


MAX_TALLY_REACH = 4  # tokens after نے that a tally may take: نے ناقابل شکست 52 رنز


def _tally_after(doc: _Doc, i: int) -> bool:
    """Whether a number and a player's tally follow the ergative at token i (نے 52 رنز, نے تین وکٹیں)."""
    flags = doc.flags
    for k in range(i + 1, min(i + MAX_TALLY_REACH, doc.n - 1)):
        if doc.brk[k] and k > i + 1:
            return False
        if flags[k] & (_DIGIT | NUMBER_WORD):
            return bool(flags[k + 1] & TALLY_NOUN) and not doc.brk[k + 1]
    return False


def _quoted_somewhere(doc: _Doc, start: int, end: int) -> bool:
    """Whether the words [start, end) stand alone in quotes somewhere in the text: a product's,
    a work's or a plan's name is introduced so (پروگرام ' لانگ ہارن '), a person's seldom."""
    words, length = doc.words, end - start
    target = words[start:end]
    return any(
        words[k : k + length] == target and _quoted_from(doc, k) and k + length < doc.n and _quoted_to(doc, k + length)
        for k in _positions(doc, target[0])
    )


def _governments_of_people(doc: _Doc) -> None:
    """بش انتظامیہ, طالبان حکومت, مشرف حکومت: a person or a party, then حکومت/انتظامیہ, is one
    organization; طالبان ملیشیا, طالبان اسلامی ملیشیا: so is a party or an armed group and its
    militia, with an adjective of the kind that opens a name between (اسلامی); پورٹ اتھارٹی
    پولیس: and an organization and its police."""
    for j, end in sorted(doc.cues["org_after_place"].items()):
        if doc.words[j] != _POLICE or j == 0 or doc.brk[j] or doc.owner[j] is not None:
            continue
        body = doc.owner[j - 1]
        if body is not None and body.category == ORGANIZATION and body.end == j:
            name = body.canonical or doc.surface_key(body.start, j)
            doc.claim(_Span(body.start, j + 1, ORGANIZATION, body.kind, f"{name} {_POLICE}"))
    for j, end in sorted(doc.cues["org_of_person"].items()):
        if j == 0 or doc.brk[j] or not doc.free(j, end):
            continue
        ruler = doc.owner[j - 1]
        if ruler is None and doc.words[j] == _MILITIA and j > 1 and doc.flags[j - 1] & ORG_MODIFIER and not doc.brk[j - 1]:
            group = doc.owner[j - 2]
            if group is not None and group.end == j - 1 and group.category == ORGANIZATION and group.kind in ("militant", "party"):
                name = group.canonical or doc.surface_key(group.start, j - 1)
                doc.claim(_Span(group.start, end, ORGANIZATION, "government", f"{name} {doc.surface_key(j - 1, end)}"))
                continue
        if ruler is None:
            # مشرف حکومت: a listed name part alone, where a name may open, names the ruler
            f = doc.flags[j - 1]
            if f & (GIVEN | FAMILY) and not f & (FUNCTION | COMMON | NOUN | GIVEN_AMBIGUOUS) and _opens_name(doc, j - 1) and doc.words[j] != _MILITIA:
                doc.claim(_Span(j - 1, end, ORGANIZATION, "government", doc.surface_key(j - 1, end)))
            continue
        if ruler.end != j:
            continue
        if ruler.category == PERSON and doc.words[j] == _MILITIA:
            continue  # مہاتیر محمد ملیشیا کے: after a person the word is Malaysia
        if ruler.category == PERSON or (ruler.category == ORGANIZATION and ruler.kind in ("militant", "party")):
            name = ruler.canonical or doc.surface_key(ruler.start, j)
            doc.claim(_Span(ruler.start, end, ORGANIZATION, "government", f"{name} {doc.surface_key(j, end)}"))


def _listed_run(doc: _Doc, start: int) -> int:
    """End of 1-3 unlisted name words from `start` that stand alone between list separators."""
    end = start
    while end < doc.n and end - start < MAX_CUED_NAME_TOKENS and (end == start or not doc.brk[end]):
        if not (doc.name_ok(end) or (end > start and _surname_title(doc, end))):
            break  # a one-word title ends a listed name as it ends any: اکا تھاگی راجا
        end += 1
    if end == start or (end < doc.n and not doc.brk[end] and doc.name_ok(end)):
        return start
    if end - start == 1 and len(doc.words[start]) < 3:
        return start
    after = doc.owner[end] if end < doc.n and not doc.brk[end] else None
    if after is not None and after.category == TITLE and _demonym(doc, start, end):
        return start  # نواز شریف اور چینی وزیراعظم: the listed one is the title's, styled by a demonym
    if after is not None and after.category == LOCATION:
        k = end + 1
        if after.end == k and doc.flags[end] & (GIVEN | FAMILY) and (k >= doc.n or doc.brk[k] or doc.words[k] in COORDINATORS):
            return k  # a place that is also a name ends the listed name (وہاب ریاض ،): the claim displaces it
        if after.end - after.start > 1 and not (after.end < doc.n and doc.words[after.end] in _OF_PLACE):
            return start  # an address after a name: کلیم احمد ، اوکھلا نئی دہلی (not فضل کریم جہلم والے)
    return end


def _demonym(doc: _Doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) are a listed demonym, an ambiguous one included (چینی: "sugar")."""
    return any(stop == end and any(e.category == DEMONYM for e in entries) for stop, entries in doc.matches.get(start, ()))


def _comma_before(doc: _Doc, i: int) -> bool:
    """Whether a list comma (،) stands right before token i."""
    return "،" in doc.keyed.key[doc.end_of(i - 1) : doc.begins[i]]


def _titles_of_works(doc: _Doc) -> None:
    """فلم بھویش جوشی میں, ہندی فلم پیج تھری سے: an unlisted name right after a word for a film,
    a play, a book or a song (`work_noun`) is the work's title, not a person, and so are its
    other mentions. A listed person there is left (کتاب عمران خان کی زندگی پر: "the book on Imran
    Khan's life")."""
    owner, titles = doc.owner, set()
    for k in doc.having(WORK_NOUN):
        span = owner[k + 1] if k + 1 < doc.n and not doc.brk[k + 1] else None
        if span is not None and span.category == PERSON and span.start == k + 1 and span.kind != "person":
            titles.add(tuple(doc.words[span.start : span.end]))
            doc.release(span)
    if titles:
        for span in doc.spans():
            if span.category == PERSON and span.kind != "person" and tuple(doc.words[span.start : span.end]) in titles:
                doc.release(span)


def _things_not_people(doc: _Doc) -> None:
    """Names found by their form (a title, a given name) that the words after them show to be
    a place's or an institution's are let go, before the list rules spread them to the names
    beside them:

    - before کے and an area word (`area_noun`: اعظم ورسک کے علاقے سے, شاہ جوئی کے علاقے میں,
      "from the area of ..."): no one is said to have an area in news, a village or a district
      is. The name is not made a place here: its form (a title inside it, a word before it) is
      not known.
    - ending a list before an institution word in the plural (`plural_institution`), with at
      most one adjective between (گیز ، کنگز اور سینٹ تھامس طبی اسکولوں): each names one of the
      institutions. A name alone before the plural is not the institutions' (اداکارہ انوشکا شرما
      سکولوں کا نظام: "the schools' system").
    """
    words, brk, flags, owner = doc.words, doc.brk, doc.flags, doc.owner
    for k in doc.having(AREA_NOUN | PLURAL_INSTITUTION):
        if k < 2 or brk[k]:
            continue
        if flags[k] & AREA_NOUN:
            if words[k - 1] != "کے" or brk[k - 1]:
                continue
            j = k - 2
        else:
            j = k - 1
            f = flags[j]
            if owner[j] is None and f & (NOUN | COMMON) and not f & FUNCTION and not brk[j]:
                j -= 1  # one adjective between: طبی اسکولوں
        span = owner[j]
        if span is None or span.category != PERSON or span.kind == "person" or span.end != j + 1:
            continue
        if flags[k] & AREA_NOUN or _separator_before(doc, span.start) >= 0:  # it ends a list
            doc.release(span)


def _people_in_lists(doc: _Doc) -> None:
    """شفیق رسول اور آصف اقبال, X ، Y اور Z: the names listed with a person, on either side of
    it, are people too."""
    people = [s for s in doc.spans() if s.category == PERSON]
    queue = list(people)
    while queue:
        span = queue.pop()
        # to the right: "، Y" or "اور Y"
        k = span.end
        if k < doc.n and doc.words[k] in COORDINATORS and not doc.brk[k]:
            k += 1
        elif not (k < doc.n and doc.brk[k] and _comma_before(doc, k)):
            k = -1
        if 0 < k < doc.n and doc.owner[k] is None:
            end = _listed_run(doc, k)
            if end > k:
                queue.append(doc.claim(_Span(k, end, PERSON, "listed")))
        # to the left: "X اور" + person, or "X ،" + person
        k = span.start - 1
        end = -1
        if k > 0 and doc.words[k] in COORDINATORS and not doc.brk[k] and not doc.brk[k + 1]:
            end = k
        elif k >= 0 and doc.brk[span.start] and doc.name_ok(k) and _comma_before(doc, span.start):
            end = span.start
        if end > 0:
            start = end - 1 if end == span.start else end
            while start > 0 and end - start < MAX_CUED_NAME_TOKENS and doc.name_ok(start - 1) and not doc.brk[start]:
                start -= 1
            if start < end and (start == 0 or doc.brk[start] or not doc.name_ok(start - 1)) and _opens_name(doc, start):
                if end - start > 1 or len(doc.words[start]) >= 3:
                    queue.append(doc.claim(_Span(start, end, PERSON, "listed")))


def _list_item_end(doc: _Doc, k: int) -> int:
    """End of one to two unlisted words from k that may be a place's name in a list, or k."""
    end = k
    while end < doc.n and end - k < 2 and (end == k or not doc.brk[end]) and doc.owner[end] is None:
        f = doc.flags[end]
        if f & (_NOT_NAME | _NAME_WORD | LETTER | ORG_TYPE | PERSON_NOUN | KIN) or len(doc.words[end]) < 3:
            break
        end += 1
    return end


def _separator_before(doc: _Doc, k: int) -> int:
    """Where the list item before token k ends: k after a comma, k - 1 after و/اور, else -1."""
    if k > 0 and doc.brk[k] and _comma_before(doc, k):
        return k
    if k > 1 and doc.words[k - 1] in COORDINATORS and not doc.brk[k] and not doc.brk[k - 1]:
        return k - 1
    return -1


def _places_in_lists(doc: _Doc) -> None:
    """تنجاور ، [ویلور] ، سیلم, کریکل ، ماہی اور [چندرانگر]: an unlisted name between places in a
    list, or ending a list of two or more places, is a place too; so are the unlisted items
    that carry such a list on to its end (کریکل ، ماہی ، [ینم] اور [چندرانگر] کا)."""
    places = [s for s in doc.spans() if s.category == LOCATION]
    if len(places) < 2:
        return
    ends = {s.end: s for s in places}
    starts = {s.start: s for s in places}
    for span in places:
        k = span.end
        if k < doc.n and doc.words[k] in COORDINATORS and not doc.brk[k]:
            last = True
            k += 1
        elif k < doc.n and doc.brk[k] and _comma_before(doc, k):
            last = False
        else:
            continue
        end = _list_item_end(doc, k)
        if end == k:
            continue
        nxt_start = end + 1 if end < doc.n and doc.words[end] in COORDINATORS and not doc.brk[end] else end
        sandwiched = nxt_start < doc.n and (doc.brk[end] and _comma_before(doc, end) or nxt_start > end) and nxt_start in starts
        ending = last and (end >= doc.n or doc.brk[end] or doc.flags[end] & FUNCTION and not doc.flags[end] & VERB)
        if ending:
            before = _separator_before(doc, span.start)
            ending = before > 0 and before - 1 >= 0 and doc.span_at(before - 1) in places
        items = [(k, end)]
        if not (sandwiched or ending) and not last:
            # ماہی ، [ینم] اور [چندرانگر]: unlisted items go on to the list's end, or its next place
            before = _separator_before(doc, span.start)
            if before > 0 and doc.span_at(before - 1) in places:
                items = _list_tail(doc, k, end, starts)
                sandwiched = bool(items)
        if sandwiched or ending:
            for start, stop in items:
                doc.claim(_Span(start, stop, LOCATION, "listed", doc.surface_key(start, stop)))


def _list_tail(doc: _Doc, k: int, end: int, starts: dict[int, _Span]) -> list[tuple[int, int]]:
    """The unlisted items [k, end), ... of a list that go on, comma by comma, to a listed place
    or to a last item after و/اور that ends the list (before a postposition or punctuation),
    or none if the list breaks off before."""
    items = [(k, end)]
    while len(items) <= MAX_LIST_TAIL:
        if end < doc.n and doc.brk[end] and _comma_before(doc, end):
            nxt, last = end, False
        elif end + 1 < doc.n and doc.words[end] in COORDINATORS and not doc.brk[end] and not doc.brk[end + 1]:
            nxt, last = end + 1, True
        else:
            return []
        if nxt in starts:
            return items
        end = _list_item_end(doc, nxt)
        if end == nxt:
            return []
        items.append((nxt, end))
        if last:
            ends_list = end >= doc.n or doc.brk[end] or doc.flags[end] & FUNCTION and not doc.flags[end] & VERB
            return items if ends_list else []
    return []


# --- step 4: one person, one canonical name -------------------------------------------------


_MIN_STEM = 3


def _glued_postpositions(doc: _Doc) -> None:
    """بارک اوبامانے کہا: a person's last word that is a name with a postposition typed onto it
    ends before the postposition, where the article also writes that name apart (اوباما) or the
    lists know it as a name (نثار), or where a verb follows the ergative نے (عمرالبشیرنے کہا).
    Names end in those letters too (اجنکیا راہانے, پریانکا, کیرولین وزنیاکی), and then no such
    word stands on its own, and a postposition, not a verb, follows them (راہانے نے).
    """
    padded = doc.padded
    for span in doc.spans():
        if span.category != PERSON:
            continue
        word = doc.words[span.end - 1]
        postposition = _typed_onto(word)
        if postposition:
            stem = word[: -len(postposition)]
            known = f" {stem} " in padded or doc.g.word_flags.get(stem, 0) & (GIVEN | GIVEN_AMBIGUOUS | FAMILY)
            known = known or postposition == _ERGATIVE and _verb_after(doc, span.end)
            if known and doc.display(span.start, span.end)[0].endswith(postposition):
                span.glued = len(postposition)


def _glued_surnames(doc: _Doc) -> None:
    """جینا سیپیلووااور: a word after a person's name that is a name the article writes apart,
    with a postposition or "and" typed onto it, ends the name. (After the names found again:
    a first name found so may be the one before it.)"""
    padded = doc.padded
    for span in doc.spans():
        k = span.end
        if span.category != PERSON or span.glued:
            continue
        if k >= doc.n or doc.brk[k] or doc.owner[k] is not None or doc.flags[k] & ~(COMMON | _GLUED):
            continue
        postposition = _typed_onto(doc.words[k])
        if postposition and f" {doc.words[k][: -len(postposition)]} " in padded and doc.display(k, k + 1)[0].endswith(postposition):
            doc.claim(_Span(span.start, k + 1, PERSON, span.kind, title=span.title)).glued = len(postposition)


MIN_GLUED_NAME_PART = 3  # letters of each listed word of a name typed as one word
# How far a listed name is sought around such a word: the words before and after it.
GLUED_NAME_CONTEXT = 2


def _glued_names(doc: _Doc) -> None:
    """شاہدآفریدی, ڈیرہ غازیخان: a word no list holds that is two listed words typed without the
    space between them reads as those two. With the words around it they may be a name the lists
    hold (ڈیرہ غازی خان, a place), which it then is; else a given name and a family name (or a
    name part: مصباحالحق) are a person's, and so are two given names the article also writes
    apart: two given names typed as one may be an ordinary word (پیٹرولیم, "petroleum", is پیٹر
    and ولیم). An unlisted word joined before it may open the name (شیونارائن چندرپال): the
    rules for such words are left to find it. The canonical name is spaced (`_link_people`)."""
    words, owner, g = doc.words, doc.owner, doc.g
    cuts_of = g.split_cache
    if cuts_of.keys().isdisjoint(words):  # (most texts)
        return
    for i in compress(range(doc.n), map(cuts_of.__contains__, words)):
        if owner[i] is not None:
            continue
        span = next(filter(None, (_listed_around(doc, i, first, second) for first, second in cuts_of[words[i]])), None)
        if span is None:
            parts = _name_split(words[i], g)
            if parts is None or i and not doc.brk[i] and not doc.flags[i - 1] and owner[i - 1] is None:
                continue
            if not g.word_flags[parts[1]] & (FAMILY | NAME_PART) and f" {parts[0]} {parts[1]} " not in doc.padded:
                continue
            span = _Span(i, i + 1, PERSON)
        doc.claim(span)


def _note_cuts(word: str, gazetteer: Gazetteer) -> None:
    """Keep, with the gazetteer, the ways an unlisted `word` is two listed words typed as one,
    if it is, and the length of a title typed onto a given name, if one is (looked at once, as
    its flags are: few words are)."""
    flags = gazetteer.word_flags
    if len(word) < 2 * MIN_GLUED_NAME_PART:
        return
    cuts = tuple((word[:k], word[k:]) for k in range(MIN_GLUED_NAME_PART, len(word) - MIN_GLUED_NAME_PART + 1)
                 if flags.get(word[:k]) and flags.get(word[k:]))
    if cuts:
        gazetteer.split_cache[word] = cuts
    automaton = gazetteer.automaton
    if automaton.match(f" {word[:MIN_GLUED_NAME_PART]}"):
        for k in range(len(word) - MIN_GLUED_NAME_PART, MIN_GLUED_NAME_PART - 1, -1):
            found = automaton.get(f" {word[:k]} ", None)
            if found and flags.get(word[k:], 0) & GIVEN and any(e.category == TITLE and e.kind not in _NOT_TITLE_CUT for e in found[1]):
                gazetteer.title_cuts[word] = k
                return


# Title words that announce no one by themselves (سابق, a modifier) or are a name's part (سید).
_NOT_TITLE_CUT = frozenset({"modifier", "descriptor", "name_prefix"})


def _glued_titles(doc: _Doc) -> None:
    """اداکارریتک روشن, وزیررشید محمد رشید: an unlisted word that is a title typed onto a given
    name opens that person's name, the title left out of it (and styling it, as a title does)."""
    cuts, words = doc.g.title_cuts, doc.words
    if cuts.keys().isdisjoint(words):  # (most texts)
        return
    for i in compress(range(doc.n), map(cuts.__contains__, words)):
        lead = cuts[words[i]]
        if doc.owner[i] is not None or not doc.display(i, i + 1)[0].startswith(words[i][:lead]):
            continue
        end = i + 1
        if end < doc.n and not doc.brk[end]:
            known = doc.starts(end, PERSON)
            if known is not None:
                end = known.end
            elif doc.name_ok(end) and doc.flags[end] & _NAME_WORD:
                end = _name_run(doc, end, MAX_NAME_TOKENS - 1)
        doc.claim(_Span(i, end, PERSON, "titled", title=i)).lead = lead


def _name_split(word: str, gazetteer: Gazetteer) -> tuple[str, str] | None:
    """The given name and the name after it (given, family or a part) that an unlisted `word`
    is typed from (محمدعرفان: محمد, عرفان), or None."""
    flags = gazetteer.word_flags
    for first, second in gazetteer.split_cache.get(word, ()):
        f, g = flags[first], flags[second]
        if f & GIVEN and g & (GIVEN | FAMILY | NAME_PART) and not (f | g) & (FUNCTION | VERB):
            return first, second
    return None


def _listed_around(doc: _Doc, i: int, first: str, second: str) -> _Span | None:
    """The longest listed name, unambiguous, that token i read as `first second` makes with the
    free words joined to it, as a span over their tokens."""
    automaton, words, best = doc.g.automaton, doc.words, None
    for start in range(max(0, i - GLUED_NAME_CONTEXT), i + 1):
        opening = f" {' '.join([*words[start:i], first, second])}"
        if not automaton.match(opening) or start < i and not (doc.free(start, i) and doc.joined(start, i + 1)):
            continue  # (no listed phrase opens so: most words)
        for end in range(min(doc.n, i + 1 + GLUED_NAME_CONTEXT), i, -1):
            if end > i + 1 and not (doc.free(i + 1, end) and doc.joined(i, end)):
                continue
            found = automaton.get(f"{opening} {' '.join(words[i + 1:end])} " if end > i + 1 else f"{opening} ", None)
            entry = next((e for e in found[1] if e.category in ENTITY_TYPES and not e.ambiguous), None) if found else None
            if entry is not None and (best is None or end - start > best.end - best.start):
                best = _Span(start, end, entry.category, entry.kind, entry.canonical, entry.code, found[1])
                break
    return best


def _typed_onto(word: str, endings: tuple[str, ...] = _TYPED_ONTO_NAMES, shortest: int = _MIN_STEM) -> str:
    """The postposition (or "and") of `endings` typed onto the end of `word`, with a stem of
    `shortest` letters or more before it, or ""."""
    if not word.endswith(endings):  # most words: one call rather than one a postposition
        return ""
    for postposition in endings:
        if word.endswith(postposition):
            return postposition if len(word) - len(postposition) >= shortest else ""
    return ""


def _patronymics(doc: _Doc) -> None:
    """شاہ عبداللہ بن عبدالعزیز, صالح بن عبدالعزیز آل الشیخ: a person found apart from the
    father's name that بن ("son of") joins to it is one person with it. The joined side is a person
    found too, or a name of listed words (بن before a verb, عمران خان بن گئے, "became", joins nothing)."""
    for span in doc.spans():
        if span.category != PERSON or doc.owner[span.start] is not span:
            continue  # (merged into the person before it)
        start, end = span.start, span.end
        k = end
        if k + 1 < doc.n and doc.flags[k] & NAME_JOINER and doc.owner[k] is None and not doc.brk[k] and not doc.brk[k + 1]:
            after = doc.owner[k + 1]
            if after is not None and after.category == PERSON and after.start == k + 1:
                end = after.end
            elif doc.name_ok(k + 1) and doc.flags[k + 1] & _NAME_WORD:
                end = _name_run(doc, k + 1, MAX_CUED_NAME_TOKENS)
        k = start - 1
        if k >= 1 and doc.flags[k] & NAME_JOINER and doc.owner[k] is None and not doc.brk[start] and not doc.brk[k]:
            before = doc.owner[k - 1]
            if before is not None and before.category == PERSON and before.end == k:
                start = before.start
            elif doc.name_ok(k - 1) and doc.flags[k - 1] & _NAME_WORD:
                start = k - 1
        if (start, end) != (span.start, span.end):
            merged = _Span(start, end, PERSON, span.kind, "", title=span.title if start == span.start else -1)
            doc.claim(merged)


def _demonym_surnames(doc: _Doc) -> None:
    """محمد شامی نے, ٹونی آئرش نے: a demonym after a person's name, with a postposition after it,
    is the surname; an adjective goes before a noun (پاکستانی ٹیم), not before کا or نے."""
    for span in doc.spans():
        k = span.end
        if span.category != PERSON or k + 1 >= doc.n or doc.brk[k] or doc.brk[k + 1] or doc.words[k + 1] not in _PERSON_POSTPOSITIONS:
            continue
        demonym = doc.owner[k]
        if demonym is not None and demonym.category == DEMONYM and demonym.start == k and demonym.end == k + 1:
            doc.claim(_Span(span.start, k + 1, PERSON, span.kind, title=span.title))


def _lone_letters(doc: _Doc) -> None:
    """کرکٹر ز: a single letter no list knows, alone, is the tail of a word typed apart, not a
    person (inside a name it may be a letter typed apart from its word: مصبا ح الحق)."""
    for span in doc.spans():
        if span.category == PERSON and span.end == span.start + 1 and len(doc.words[span.start]) == 1 and not doc.flags[span.start]:
            doc.release(span)


def _prizes(doc: _Doc) -> None:
    """قائد اعظم ٹرافی, آرنلڈ پالمر ایوارڈ: a person's name before a prize phrase (a `prize` cue)
    names the prize, an event's or an award's, not someone the story mentions. A person with
    a title there is someone (وزیر اعظم نواز شریف ٹرافی دیں گے: the trophy is the object)."""
    for j in doc.cues["prize"]:
        before = doc.owner[j - 1] if j > 0 and not doc.brk[j] else None
        if before is not None and before.category == PERSON and before.end == j and before.title < 0:
            doc.release(before)


def _venues(doc: _Doc) -> None:
    """شیخ زید سٹیڈیم, قذافی سٹیڈیم, دبئی انٹرنیشنل کرکٹ سٹیڈیم: a name before a venue phrase
    names the venue, and the venue is a place. A person or a city found there is the venue's
    name, as a place in پاکستان کرکٹ بورڈ is the board's. The name is a person or place found
    before, or unlisted words (`_venue_name_word`: ایل سی سی اے گراؤنڈ, فورٹریس اسٹیڈیم); an
    ordinary word before the phrase (نئے کرکٹ سٹیڈیم, ہوم گراؤنڈ, کا حامل کرکٹ گراؤنڈ) leaves it a
    common noun.
    """
    reach = 0
    for j, end in sorted(doc.cues["venue"].items()):
        if j < reach:
            continue  # inside a longer venue phrase (کرکٹ سٹیڈیم in انٹرنیشنل کرکٹ سٹیڈیم)
        reach = end
        if j == 0 or doc.brk[j]:
            continue
        before = doc.owner[j - 1]
        if not doc.free(j, end):
            inside = doc.owner[j]  # شیخ کمال [انٹرنیشنل] سٹیڈیم: a name that took the venue's first word
            if inside is not before or inside.category != PERSON or inside.end > end:
                continue
        if before is not None:
            if before.end < j or before.category not in (PERSON, LOCATION) or before.kind == "country":
                continue  # جرمنی کرکٹ گراؤنڈ: a country's cricket ground, not one named after it
            start = before.start
        else:
            start = j
            while start > 0 and not doc.brk[start] and doc.name_ok(start - 1) and _venue_name_word(doc, start - 1, j - start):
                start -= 1
            if start == j:
                continue
        doc.claim(_Span(start, end, LOCATION, "venue"))


def _venue_name_word(doc: _Doc, k: int, taken: int) -> bool:
    """Whether token k may open a venue's name that already has `taken` words after it: a letter
    name (of initials, however many), a listed name part (قذافی, اقبال), or a transliterated word."""
    f = doc.flags[k]
    return bool(f & LETTER) or taken < MAX_CUED_NAME_TOKENS and bool(f & _NAME_WORD or not _native_word(doc.words[k]))


def _person_tokens(doc: _Doc, span: _Span) -> list[str]:
    """The name's words without the leading name prefixes (چوہدری, میاں) the span holds, so
    that a later mention by first name (شجاعت) finds the person and not the prefix.

    The span owns its tokens, so a prefix is known from the gazetteer's matches there, not
    from a title span."""
    start = span.start
    matches = doc.matches
    while start < span.end - 1 and start in matches:  # (most names start at no listed phrase)
        stop = next((end for end, entries in matches[start] if end < span.end and any(e.category == TITLE and e.kind == "name_prefix" for e in entries)), 0)
        if not stop:
            break
        start = stop
    words = doc.words[start : span.end]
    if span.glued:
        words[-1] = words[-1][: -span.glued]
    if span.lead and start == span.start:
        words[0] = words[0][span.lead :]
    return words


def _spaced(words: tuple[str, ...], gazetteer: Gazetteer) -> tuple[str, ...]:
    """A name's words with each name typed as one word read as its words (محمد نوازشریف: محمد نواز شریف)."""
    return tuple(part for word in words for part in _name_split(word, gazetteer) or (word,))


def _short_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The ways a full name is shortened in later mentions: its last words, first + last, or
    the first name alone (سونیا after سونیا گاندھی)."""
    forms = [words[cut:] for cut in range(1, len(words))]
    if len(words) >= 3:
        forms.append((words[0], words[-1]))
    if len(words) >= 2:
        forms.append(words[:1])
    return forms


def _linkable_single(doc: _Doc, span: _Span, words: tuple[str, ...]) -> bool:
    """Whether a one-word name (بش, from صدر بش) may name the same person again elsewhere."""
    if len(words) != 1 or span.end - span.start != 1 or span.kind == "cued":
        return False
    f = doc.flags[span.start]
    if span.kind == "agent" and not f & (GIVEN | FAMILY):
        return False
    return not f & (FUNCTION | COMMON | NOUN | _DIGIT | _LATIN | LETTER | GIVEN_AMBIGUOUS | VERB) and len(words[0]) >= 2


def _fewest_words_last(person: tuple[tuple[str, ...], _Span]) -> int:
    return -len(person[0])


def _link_people(doc: _Doc) -> None:
    people = [(tuple(_person_tokens(doc, s)), s) for s in doc.spans() if s.category == PERSON]
    # longest names first: a shorter mention is linked to a longer one, never the reverse (the
    # spans come in text order, and the sort keeps that order among names of one length)
    people.sort(key=_fewest_words_last)
    full: dict[tuple[str, ...], str] = {}
    short: dict[tuple[str, ...], set[str]] = defaultdict(set)
    typed_together = doc.g.split_cache.keys()
    for words, span in people:
        longer = short.get(words)
        if longer is not None and len(longer) == 1 and words not in full:
            listed = doc.g.person_canonicals.get(" ".join(words))
            if listed is None or listed in longer:  # a listed name is its own person (نواز شریف, not بیگم کلثوم نواز شریف)
                span.canonical = next(iter(longer))
                continue
        spaced = words if typed_together.isdisjoint(words) else _spaced(words, doc.g)
        if not span.canonical:
            named = doc.g.person_canonicals.get(" ".join(spaced))
            span.canonical = named or (" ".join(spaced) if spaced != words else _surface(doc, span))
        if words not in full and (len(words) >= 2 or _linkable_single(doc, span, words) or spaced != words):
            full[words] = span.canonical
            for form in _short_forms(words) if spaced == words else {*_short_forms(words), *_short_forms(spaced)}:
                short[form].add(span.canonical)
    unique = {words: next(iter(c)) for words, c in short.items() if len(c) == 1}
    unique.update(full)
    # later mentions by a shorter form alone
    if not unique:
        return
    longest = max(len(w) for w in unique)
    firsts = {w[0] for w in unique}
    i = 0
    for candidate in compress(range(doc.n), map(firsts.__contains__, doc.words)):
        if candidate < i:
            continue
        i = candidate
        if doc.owner[i] is not None:
            continue
        # after a word that may be a name, only a full name found elsewhere, and after a word
        # no list knows (چیمپئن وینس ولیمز, سبانڈا ڈیل سٹین): a name part would make a longer name
        after_name = i > 0 and not doc.brk[i] and doc.name_ok(i - 1)
        if after_name and doc.flags[i - 1] & _NAME_WORD:
            continue
        for length, canonical in _forms_at(doc, i, longest, unique):
            if after_name and (length < 2 or tuple(doc.words[i : i + length]) not in full):
                continue
            if any(doc.flags[k] & (FUNCTION | COMMON | NOUN | _DIGIT) for k in range(i, i + length)):
                continue
            if length == 1 and doc.flags[i] & GIVEN_AMBIGUOUS and not doc.flags[i] & FAMILY:
                continue  # a first name that is also an ordinary word is too weak alone
            if i + length < doc.n and not doc.brk[i + length] and doc.name_ok(i + length) and doc.flags[i + length] & _NAME_WORD:
                continue  # part of a longer, different name
            doc.claim(_Span(i, i + length, PERSON, "linked", canonical))
            i += length
            break


# --- entry point ----------------------------------------------------------------------------

# The rules in the order they run: each claims tokens the ones before it left free.
_STEPS = (
    _reference_names,
    _glued_titles,
    _glued_places,
    _dateline_places,
    _organizations_before_places,
    _organizations_after_places,
    _ministry_of_place_before,
    _titled_people,
    _headed_organizations,
    _joined_listed_ministries,
    _genitive_ministries,
    _tailed_organizations,
    _organizations_of_places,
    _english_articles,
    _compound_places,
    _places_before_their_word,
    _teams,
    _elevens,
    _a_sides,
    _acronyms,
    _named_forms,
    _indefinite_descriptions,
    _link_organizations,
    _acting_initials,
    _link_places,
    _given_name_people,
    _spaced_given_names,
    _family_name_people,
    _joined_compound_names,
    _cued_people,
    _honorific_people,
    _kin_people,
    _speakers,
    _ergative_people,
    _scored_people,
    _people_of_countries,
    _lone_surnames,
    _lone_given_names,
    _things_not_people,
    _people_in_lists,
    _patronymics,
    _demonym_surnames,
    _lone_letters,
    _prizes,
    _venues,
    _glued_names,
    _glued_postpositions,
    _link_people,
    _titles_of_works,
    _glued_surnames,
    _places_in_lists,
    _governments_of_people,
)


# `dateline` not given: the body's own dateline is read (the pipeline passes the one its parse found).
READ_DATELINE = object()


def _entity_spans(body: str, gazetteer: Gazetteer | None, prepared: Prepared | None = None, dateline=READ_DATELINE) -> tuple[_Doc | None, list[_Span]]:
    if not body:
        return None, []
    doc = _Doc(body, gazetteer or load_gazetteer(), prepared)
    doc.dateline = dateline_place(body) if dateline is READ_DATELINE else dateline
    for step in _STEPS:
        step(doc)
    return doc, [span for span in doc.spans() if span.category in ENTITY_TYPES]


# An entity row made by tuple.__new__ in C, not by the named tuple's __new__ (a Python call a
# row): the same tuple, of the same class.
_new_entity = partial(tuple.__new__, Entity)


def _surface(doc: _Doc, span: _Span) -> str:
    surface = doc.display(span.start, span.end)[0]
    return surface[span.lead : len(surface) - span.glued]


def _entity(doc: _Doc, span: _Span) -> Entity:
    surface, start, end = doc.display(span.start, span.end)
    if span.glued:
        surface, end = surface[: -span.glued], end - span.glued
    if span.lead:
        surface, start = surface[span.lead :], start + span.lead
    if span.closed:
        text = doc.keyed.text
        close = text.find(")", end, end + 3)
        if close >= 0 and not text[end:close].strip():
            end = close + 1
            surface = text[start:end]
    return _new_entity((span.category, surface, span.canonical or surface, start, end))


def extract_entities(body: str, gazetteer: Gazetteer | None = None, prepared: Prepared | None = None, dateline=READ_DATELINE) -> list[Entity]:
    """People, places and organizations named in `body` (normalized display text), in text order.

    `prepared` is `transforms.prepared.prepare(body)` when the caller has it already, and
    `dateline` the place the body's dateline names (None: it has no dateline), when the caller
    parsed the article; otherwise the dateline is read here.
    """
    doc, spans = _entity_spans(body, gazetteer, prepared, dateline)
    return [_entity(doc, span) for span in spans]


def extract_entities_titled(body: str, gazetteer: Gazetteer | None = None) -> list[tuple[Entity, int]]:
    """`extract_entities`, each with where the title words announcing it begin in `body`.

    A person named after its title (صدر جنرل پرویز مشرف) gets the display offset of the title's
    first word; every other entity gets its own `char_start`. The entity's span never holds the
    title: this says where a labelling convention that puts titles inside names would start it.
    """
    doc, spans = _entity_spans(body, gazetteer)
    out = []
    for span in spans:
        entity = _entity(doc, span)
        title = entity.char_start
        if span.title >= 0:
            title = doc.display(span.title, span.end)[1]
        out.append((entity, title))
    return out
