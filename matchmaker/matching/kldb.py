"""Occupation text to KldB 2010 codes, through the BA's list of titles.

Stages, first hit wins: a typed five-digit code; the exact title after normalisation (case,
umlauts and AE/OE/UE, gender forms, "A/B" pairs and pairs of whole phrases, plurals, filler
such as "Ausbildung zum"); our own layer of colloquial words, activities and English titles;
helper forms ("…helfer", "Hilfskraft …") to the field's Helfer code; a role before its field
("Leiter Lager": the compound); the titles named inside a longer text (not an employer after
"bei"); the head word of a compound (its last part carries the meaning); then typos, corrected
word by word against the list's own words (umlauts typed without their e first), but never
into another head word; the likeness of the whole text; an abbreviation spelt out. A first part
cut short ("Alten- und Krankenpfleger") is completed where that names titles of the list. Each
distinct text is resolved once and remembered.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, product, repeat

import numpy as np
from scipy import sparse

from .arrays import row_entries
from .ngrams import Trigrams
from .normalise import _BINNEN_I, _GENDER_TAGS, fold
from .occupations import Title

CODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_FIVE_DIGITS = re.compile(r"\d{5}")
# Where one text names several occupations: "Maler / Tischler", "Koch, Kellner", "Koch sowie Kellner".
_SEGMENTS = re.compile(r"\s+/\s+|(?<!-),|;|\+|&|\bsowie\b")
_SEPARATORS = re.compile(r"[/,;+&]|sowie")  # a quick test before the split: most texts have none
# A part of a text that tells what the person does now, after what they did before.
_NOW = re.compile(r"\s*(?:aber\s+)?(?:jetzt|derzeit|zurzeit|aktuell|momentan|heute|seit|arbeite|hauptberuflich|now"
                  r"|currently)\b", re.I)
_FIRST_PERSON = re.compile(r"\s*ich\s", re.I)
_HEAD_PART = re.compile(r"[,;(]|\s(?:bei|beim|in|im|an|am|auf|f(?:ü|ue|u)r|als|mit|von|vom|zum|zur)\s", re.I)
_PROFESSION_NAMED = ("exact", "helper", "part")  # a title of the list the text names as it stands
_NAMED_ROLE = ("exact", "helper")  # a later part of a text naming the person's role
_WORD = re.compile(r"[a-z0-9]+")
# How long or since when someone did a job, as people write it beside the job ("13 Jahre Bau",
# "Koch (5 J.)", "seit 2015 Lagerarbeiter", "2 years driver"): it names no occupation, and a number
# left among the words would stop a short text from being read ("13 bau" is no word of ours). A
# "seit" before it stays: a filler word, it tells what a person does now (`_NOW`).
_DURATION = re.compile(
    r"(?:\b(?:ab|bis|von|since|for)\s+)?(?:(?:ca\.?|etwa|ueber|über|mehr als|about|over)\s*)?"
    r"\b\d+(?:[.,]\d+)?(?:\s*(?:-|–|bis|to)\s*\d+)?\s*\+?\s*"
    r"(?:jahren|jahre|jahr|jhr\.?|j\.|j\b|monaten|monate|monat|mon\.|wochen|years|year|yrs\.?|months|month)"
    r"(?![a-zäöüß])"
    r"|(?:\b(?:ab|bis|von|since|from)\s+)?\b(?:19|20)\d\d\b(?:\s*(?:-|–|bis|to)\s*(?:(?:19|20)\d\d|heute|today)\b)?",
    re.I)
_DIGIT = re.compile(r"\d")
_IKT = re.compile(r"\bIKT\b")
_FIELD_KIND = re.compile(r"(?:wesen|systeme|system|bereich|abteilung)$")  # said of a field, not part of its name
# The public service's careers: a telltale on the text as typed, the list's titles for them, the
# levels and ranks that say which (folded: "mittlerer" -> "mitt"), and the fields a rank's first
# part names otherwise ("Stadtinspektor": Kommunalverwaltung; "Brandmeister": Feuerwehr).
_CIVIL_HINT = re.compile(r"dienst|anw(?:ä|ae)rter|sekret(?:ä|ae)r|inspektor|amtm(?:a|ä)nn|amtsr(?:a|ä)t|beamt|kommissar"
                         r"|brandmeister|polizei(?:ober|haupt)?meister", re.I)
_CAREER_TITLE = re.compile(r"^Beamt\(er/in\) - ([^(]+?)\s*\(")
_DEGREE_TITLE = re.compile(r"^(?:Bachelor|Master) of [^-]+ - (.+)$")
_DEGREE_PARTS = re.compile(r"/|,\s| - ")
_RANK = re.compile(r"(sekretaer|obersekretaer|hauptsekretaer|inspektor|oberinspektor|amtmann|amtfrau|amtsrat|oberrat"
                   r"|kommissar|oberkommissar|hauptkommissar|meister|obermeister|hauptmeister)(?:in|anwaerter|anwaerterin)?$")
CAREER_LEVELS = {"einf": 1, "mitt": 2, "geho": 3, "hoeh": 4}
CAREER_RANKS = {"sekretaer": 2, "obersekretaer": 2, "hauptsekretaer": 2, "meister": 2, "obermeister": 2,
                "hauptmeister": 2, "inspektor": 3, "oberinspektor": 3, "amtmann": 3, "amtfrau": 3, "amtsrat": 3,
                "oberrat": 4, "kommissar": 3, "oberkommissar": 3, "hauptkommissar": 3}
GENERAL_SERVICE = "7320"  # the public administration's general careers, which a field's own career narrows
CAREER_SHARED = 10  # letters a word shares with a career's field to name it ("vermessungstechnisch")
SWORN_MASTERS = ("brand", "oberbrand", "hauptbrand", "polizei")  # a Meister of these serves in the mittlerer Dienst
CAREER_FIELDS = {"stadt": "kommunalverwaltung", "gemeinde": "kommunalverwaltung", "kreis": "kommunalverwaltung",
                 "finanz": "steuerverwaltung", "finanzverwaltung": "steuerverwaltung", "brand": "feuerwehr",
                 "oberbrand": "feuerwehr", "hauptbrand": "feuerwehr", "feuerwehrtechnischer": "feuerwehr",
                 "polizei": "polizeivollzugsdienst", "regierungs": "allginnereverwaltung",
                 # Where a town's or a district's civil servants work.
                 "landratsamt": "kommunalverwaltung", "rathaus": "kommunalverwaltung",
                 "stadtverwaltung": "kommunalverwaltung", "gemeindeverwaltung": "kommunalverwaltung",
                 "kreisverwaltung": "kommunalverwaltung", "bezirksamt": "kommunalverwaltung",
                 "buergeramt": "kommunalverwaltung", "ordnungsamt": "kommunalverwaltung"}
# A first part cut short ("Taxi- und Busfahrer", "Alten-, Kranken- und Kinderpfleger" in two steps).
_TRUNCATED = re.compile(r"(\w+)-\s*(?:und|oder|u\.|&|,)\s*(?=(\w+))")
_WHOLE = ("code", "exact", "fuzzy", "abbreviation", "classification")  # how a text read as one title was read
_LISTED = ("code", "exact")  # a text read as it stands
_LISTED_OR_ABBREVIATED = ("code", "exact", "abbreviation", "classification")
# A word cut short before a full stop, as lists and people write: "techn. Zeichner", "Industriekfm.".
_CUT_SHORT = re.compile(r"([^\W\d_]{2,})\.")
MAX_SPELLINGS = 128  # ways of spelling out a text's shortened words that are tried
MIN_SPELT = 7  # a shortened word this long says enough alone ("Industriekfm.", not "Ing.")
# The ends of compounds as people cut them short, and what they stand for (longest first).
CUT_ENDINGS = (("fachang", "fachangestellte"), ("fachfr", "fachfrau"), ("sachb", "sachbearbeiter"),
               ("mstr", "meister"), ("zust", "zusteller"), ("helf", "helfer"), ("kffr", "kauffrau"),
               ("kfm", "kaufmann"), ("kfr", "kauffrau"), ("ltr", "leiter"), ("ltg", "leitung"), ("pfl", "pfleger"),
               ("arb", "arbeiter"))
# A place after a word cut short: "Dipl.-Sozialpäd. in einer Suchtberatungsstelle".
_WHERE_AFTER_CUT = re.compile(r"\.\s+(?:in|im|bei|beim|an|am|auf|f(?:ü|ue|u)r)\s", re.I)
# Degrees written with their letters and dots ("M.Sc.", "B.Eng.", "M.A."), said as the reader knows them.
_DEGREE_LETTERS = re.compile(r"(?<![\w.])([BM])\.\s?(?:Sc|A|Eng|Ed)\.?(?![\w.])", re.I)
DEGREES = {"B": "Bachelor", "M": "Master"}
# A degree or a state's recognition before a title cut short: its level is read aside (`_at_stated_level`).
QUALIFIED = frozenset({"dipl", "diplom", "staatl", "staatlich", "gepr", "geprueft", "gepruefte", "gepruefter",
                       "anerk", "anerkannt", "anerkannte", "anerkannter", "fh", "fs", "uni", "tu", "th", "hs"})
MAX_KEPT = 4  # a word cut to this few letters may keep them anywhere in the word ("Mstr.": Meister)
MAX_INITIALS = 3  # a word this short, not cut, may be initials ("FA f. Allg.-Med.")
_FEMININE = frozenset({"in", "innen"})  # "/in": no word of a title's key
MAX_PATTERN_WORDS = 4  # a text cut short of more words than this is read no other way than word by word
MIN_PATTERN_ALONE = 5  # a word cut short alone this long may begin the titles of one Untergruppe ("Ergoth.")
MIN_SPELT_EACH = 3  # where several words alone are cut short, each this long at least ("Kfm. Angest.")
_JOINT_S = ("ung", "heit", "keit", "schaft", "ion", "taet")  # endings joined to the next word by an "s"
# The names of the KldB 2010 itself, as official lists and statistics write them: a field, its
# Anforderungsniveau after a dash ("Berufe in der Lagerwirtschaft - Helfer-/Anlerntätigkeiten",
# "Köche/Köchinnen (ohne Spezialisierung) - fachlich ausgerichtete Tätigkeiten"), or the field's
# supervisors and managers ("Aufsichtskräfte - Lagerwirtschaft, Post und Zustellung, Güterumschlag").
# Matched on the folded text.
_LEVEL_NAMED = re.compile(
    r"^(?P<field>.+?)\s*[-–—]\s*(?:(?P<l1>helfer-?\s*/\s*-?\s*anlerntaetigkeiten|helfer-?\s*(?:und|/)\s*anlern\w*)"
    r"|(?P<l2>fachlich\s+ausgerichtete\s+taetigkeiten)|(?P<l3>komplexe\s+spezialistentaetigkeiten)"
    r"|(?P<l4>hoch\s*komplexe\s+(?:experten)?taetigkeiten))\s*$")
_LEAD_NAMED = re.compile(r"^(?P<lead>aufsichtskraefte|aufsichtskraft|fuehrungskraefte)\s*[-–—]\s*(?P<field>.+)$")
_LEAD_LEVELS = {"aufsichtskraefte": "93", "aufsichtskraft": "93", "fuehrungskraefte": "94"}
# A telltale of those names on the text as typed (most texts have none): the level's "…tätigkeiten"
# at the end, or a supervisors' or managers' name at the start.
_LEAD_HINT = re.compile(r"\s*(?:aufsichts|f(?:ü|ue|u)hrungs)kr(?:ä|ae|a)fte?\s*[-–—]", re.I)


def _may_name_classification(text: str) -> bool:
    tail = text[-HINT_TAIL:]  # a plain test of the last letters: this runs for every text not in the list
    return "eiten" in tail or "EITEN" in tail or (text[:1] in "AaFf " and _LEAD_HINT.match(text) is not None)


HINT_TAIL = 8  # "…tätigkeiten" with a space or two after it
# What the classification's names put around a field: "Berufe in der …", "(ohne Spezialisierung)".
_BERUFE_IN = re.compile(r"^berufe\s+(?:in\s+der|in\s+den|im|in|fuer\s+die|fuer\s+den|fuer\s+das|fuer|der|des)\s+")
# A production worker's role, which the words after it narrow to a field's helper.
_PRODUCTION_ROLE = re.compile(
    r"(?:produktions|fertigungs)(?:helfer|mitarbeiter|arbeiter|hilfe|hilfskraft|kraft)(?:in)?$")
_SELLING = re.compile(r"^verkauf\s+(?:von\s+)?(.+)$")  # a classification field: selling what
SELLING = "62"  # the Hauptgruppe of sales occupations (Verkaufsberufe)
SELLERS = frozenset({"verkaeufer", "verkaeuferin", "fachverkaeufer", "fachverkaeuferin"})
# Goods as people name them, as the list names their sellers' field ("Handyladen": Fachverkäufer/in - Elektronik).
GOODS = {"computer": "elektronik", "handy": "elektronik", "handys": "elektronik", "smartphone": "elektronik",
         "elektro": "elektronik", "autoteile": "kfzzubehoer", "kleidung": "bekleidung", "klamotten": "bekleidung",
         "mode": "bekleidung", "spielzeug": "spielwaren", "bau": "baubedarf"}
MASTERS = frozenset({"meister", "meisterin"})
FOREMEN = frozenset({"vorarbeiter", "vorarbeiterin"})
ROLES_BEFORE_FIELD = {"assistenz": "assistent", "lehrkraft": "lehrer", "lehrkraefte": "lehrer",
                      "referendar": "lehrer", "referendarin": "lehrer"}  # "Referendarin am Gymnasium"
# English titles of a field and a role ("agricultural engineer", "dental technician", "tax advisor"),
# read as the German compound the list writes (Agraringenieur/in, Zahntechniker/in, Steuerberater/in).
ENGLISH_ROLES = {"engineer": "ingenieur", "technician": "techniker", "teacher": "lehrer", "advisor": "berater",
                 "adviser": "berater", "consultant": "berater", "assistant": "assistent", "mechanic": "mechaniker",
                 "developer": "entwickler", "inspector": "pruefer", "officer": "beamter",
                 "scientist": "wissenschaftler"}
ENGLISH_FIELDS = {"agricultural": "agrar", "electrical": "elektrotechnik", "electronics": "elektronik",
                  "mechanical": "maschinenbau", "civil": "bau", "construction": "bau", "chemical": "chemie",
                  "dental": "zahn", "medical": "medizin", "financial": "finanz", "finance": "finanz", "tax": "steuer",
                  "legal": "rechts", "process": "verfahrens", "environmental": "umwelt", "food": "lebensmittel",
                  "textile": "textil", "car": "kfz", "automotive": "kfz", "mining": "bergbau", "energy": "energie",
                  "power": "energie", "english": "englisch", "german": "deutsch", "math": "mathematik",
                  "maths": "mathematik", "music": "musik", "sports": "sport", "language": "sprach", "xray": "roentgen",
                  "quality": "qualitaets", "insurance": "versicherungs", "police": "polizei", "software": "software",
                  "lab": "labor", "laboratory": "labor", "computer": "computer", "physics": "physik",
                  "chemistry": "chemie", "biology": "biologie", "art": "kunst", "customs": "zoll"}
LEADS_OF = frozenset({"head", "director"})  # English titles of leaders: "Head of HR", "Director of Sales"
# A leader of whatever field follows, and the level the list gives such a leader first: a group's
# supervisors (…93: a shift's or a team's leader) or its managers (…94: a department's or a whole
# field's). "Abteilungsleiterin Buchhaltung" leads the accounting group's managers (72294),
# "Schichtführer Lager" the warehouse's supervisors (51393).
SUPERVISE, MANAGE = ("93", "94"), ("94", "93")
LEADERS = {**dict.fromkeys(("schichtleiter", "schichtleiterin", "schichtleitung", "schichtfuehrer",
                            "schichtfuehrerin", "teamleiter", "teamleiterin", "teamleitung", "gruppenleiter",
                            "gruppenleiterin", "gruppenleitung"), SUPERVISE),
           **dict.fromkeys(("leiter", "leiterin", "leitung", "abteilungsleiter", "abteilungsleiterin",
                            "abteilungsleitung", "bereichsleiter", "bereichsleiterin", "bereichsleitung",
                            "betriebsleiter", "betriebsleiterin", "betriebsleitung", "head", "director"), MANAGE)}
_AFTER_PREPOSITION = re.compile(r"\b(?:im|in|bei|beim|auf|am)\s+(?:(?:der|dem|den|einer|einem|eine)\s+)?(\w+)")
_AND = re.compile(r"\s(?:und|oder|u\.|&)\s", re.I)  # a list of jobs
# Workplaces our own layer reads as the work done there, where nothing else is said (folded).
PLACES = frozenset({"kita", "kindergarten", "restaurant", "hotel", "baustelle", "bau", "lager", "kueche", "buero",
                    "fabrik", "altenheim", "altersheim", "pflegeheim", "supermarkt", "gastronomie", "gastro",
                    "kanzlei", "produktion"})
SECTORS = ("bau", "firma", "betrieb", "unternehmen")  # alone after an occupation, the sector it was worked in
FACTORIES = ("fabrik", "fabriken")  # a word ending so names a factory ("Papierfabrik")
OPERATORS = {"bediener": ("fuehrer",), "bedienerin": ("fuehrer",), "maschinenbediener": ("maschinenfuehrer",),
             "maschinenbedienerin": ("maschinenfuehrer",), "anlagenbediener": ("anlagenfuehrer",),
             "anlagenbedienerin": ("anlagenfuehrer",)}
SELLING_VERB = "verkaufen"
CLERKS = frozenset({"sachbearbeiter", "sachbearbeiterin"})  # a clerk of a field named by its work does that work
SALES = "verkauf"  # "Verkauf im Handyladen": the shop's goods say which seller, as after "Verkäufer"
# Where goods are sold: the word before it names them ("Schuhgeschäft", "Möbelhaus", "Elektronikmarkt").
_SHOP = re.compile(r"(?:geschaeft|handel|laden|markt|abteilung|boutique|haus|filiale|theke)$")
# What a field makes, or the works where it is made: "Keramikherstellung", "Papierfabrik", "Glashütte".
_PRODUCTION = re.compile(r"(?:herstellung|verarbeitung|produktion|fertigung|industrie|fabrik|werk|betrieb|huette)$")
_EXCEPT = re.compile(r"\(\s*au(?:ss|ß)er\s[^)]*\)?")  # "(außer Geflügelhaltung)" names what the field is not
_FIELD_PARTS = re.compile(r",\s*|\s+und\s+")  # "Lagerwirtschaft, Post und Zustellung, Güterumschlag"
_SURE_FIELD = ("code", "exact", "colloquial", "worker", "helper", "part", "abbreviation")
CLOSEST_FIELD = 0.4  # likeness from which the title most alike names a classification field's group
CLOSEST_IN_GROUP = 40  # titles most alike to a field among which one of its group's codes is sought
TEACHING = "84"  # the Hauptgruppe of teachers, whose titles name the subject taught after the dash
_UNSPECIALISED = re.compile(r"\(\s*ohne\s+(?:\w*spezialisierung|\w+angabe)\s*\)")
_OTHER_SPECIFIC = re.compile(r"\(\s*sonstige\s+spezifische\s+\w+\s*\)")
_AROUND_FIELD = (_UNSPECIALISED, _OTHER_SPECIFIC, _EXCEPT)  # said of a field, not part of its name
# Past participles as survey answers use them ("Büros geputzt", "Zeitungen ausgetragen", "Autos
# repariert"), read as the verbs our own layer knows ("Büros putzen"). A separable prefix comes
# before "ge" ("ausgetragen"), an inseparable one takes none ("verkauft", "betreut").
_SEPARABLE = ("", "aus", "ein", "auf", "ab", "an", "mit", "zu", "vor", "nach", "weg", "um", "zurueck", "durch",
              "zusammen", "her", "hin", "fest", "sauber", "kaputt")
_PARTICLES = frozenset(_SEPARABLE) - {""}  # a separable verb's particle, told after it ("trage … aus")
_INSEPARABLE = ("be", "ver", "er", "ent", "zer", "ueber", "unter", "hinter", "miss")
_STRONG = {"geschnitten": "schneiden", "gestrichen": "streichen", "geholfen": "helfen", "gezogen": "ziehen",
           "gehoben": "heben", "geschrieben": "schreiben", "gegossen": "giessen", "gemolken": "melken",
           "geschoben": "schieben", "gebracht": "bringen", "gegeben": "geben", "genommen": "nehmen",
           "gesprochen": "sprechen", "getrunken": "trinken", "geritten": "reiten", "geschliffen": "schleifen",
           "gebunden": "binden", "gestochen": "stechen", "gesungen": "singen", "geworfen": "werfen"}
# The one who does what a verb says, where that is no "-er" of its stem ("Landmaschinen reparieren":
# Landmaschinenmechaniker/in, "Kinder unterrichten": Kinderlehrer/in).
DOING = frozenset({"machen", "tun"})  # a verb that says only that the thing's work was done
DOERS = {"reparieren": ("mechaniker", "mechatroniker"), "fahren": ("fuehrer",), "unterrichten": ("lehrer",),
         "programmieren": ("entwickler",), "montieren": ("monteur",), "verkaufen": ("verkaeufer",),
         "bedienen": ("fuehrer",), "herstellen": ("hersteller",), "anbauen": ("bauer",)}
# Where an employer's name begins: "Reinigungskraft bei Firma Müller" cleans; Müller is the firm.
_EMPLOYER = re.compile(r"\s(?:bei|beim|firma|fa\.)\s", re.I)
# "… in Asmara", "… AUS KIEW": where, as typed (a town takes no article; "IN DER …" is a field).
_PLACE = re.compile(r"\s(?:in|IN|aus|AUS)\s+(?=[A-ZÄÖÜ])(?!(?:DER|DIE|DAS|DEM|DEN|EINER|EINEM|EINE)\b)")
_PLACE_WORDS = (" in ", " IN ", " aus ", " AUS ")  # its telltale on the text as typed
_PARENS = re.compile(r"\([^)]*\)?")
_ACRONYM = re.compile(r"\(\s*[A-ZÄÖÜ]{2,5}\s*\)")  # "(AOK)", "(PL)": an employer's or a country's letters
_LOOSE = ("part", "head", "fuzzy", "similar")  # readings a surer one of the same text beats
_ALTERNATIVES = re.compile(r"/|,\s")  # between the alternatives of a title's field
# "Koch/Köchin", "Aalräucherer/-räucherin", "Kaufmann/-frau": the second form names the same occupation.
_PAIR = re.compile(r"(\w[\w.-]*)\s*/\s*(-?)\s*(\w+)")
_ASTERISK = re.compile(r"(?<=\w)[*:_](?:in|innen)\b", re.I)
FILLER = frozenset({
    "auszubildende", "auszubildender", "azubi", "ausbildung", "berufsausbildung", "praktikum", "praktikant",
    "praktikantin",
    "einstiegsqualifizierung", "eq", "gesucht", "sofort", "ab", "vollzeit", "teilzeit", "minijob", "job", "stelle",
    "und", "oder", "u", "im", "in", "der", "die", "das", "den", "dem", "des", "fuer", "fur", "f", "mit", "zum", "zur",
    "als", "an", "am", "auf", "bei", "beim", "von", "vom", "m", "w", "d", "mwd", "wmd", "gn", "x",
    "fachrichtung", "schwerpunkt", "ich", "habe", "hab", "war", "bin", "gearbeitet", "arbeit", "arbeiten",
    "taetig", "gelernt", "gelernter", "gelernte", "ehemals", "ehemaliger", "jahre", "jahr", "einem", "einer",
    "eine", "ein", "eines", "meiner", "mein", "heimat", "dort", "auch", "etwas", "viel", "lange",
    "wir", "suchen", "unser", "unsere", "unseren", "unserem", "team", "nach", "neue", "neuen",
    "ohne", "spezialisierung", "produktspezialisierung", "sonstige", "sonstiger", "naehere", "taetigkeitsangabe",
    "bereich",  # "Fachkraft im Bereich Pflege" is a Pflegefachkraft
    "zeitarbeit", "leiharbeit", "zeitarbeitsfirma", "leiharbeitsfirma",  # how one was employed, not what one did
    "fruehschicht", "spaetschicht", "nachtschicht", "schichtdienst", "wochenende", "wochenenden",  # and when
    "verschiedene", "verschiedenen", "diverse", "diversen",  # "DJ in verschiedenen Clubs"
    "eigene", "eigener", "eigenen", "eigenem", "eigenes",  # "Podologin mit eigener Praxis" owns no fishing boat
    "zulieferer", "autozulieferer", "automobilzulieferer",  # an employer ("Schweißer bei einem Autozulieferer")
    "subunternehmer", "subunternehmerin",  # how one was employed ("Kurierfahrer, Subunternehmer DPD")
    "quereinsteiger", "quereinsteigerin", "quereinsteigende", "willkommen",  # a job ad's welcome, no Steiger/in
    # when ("vorher Verkäuferin im Textilhaus" is the Textilverkäufer/in that "Verkäuferin im Textilhaus" is)
    "vorher", "davor", "frueher", "zuletzt", "danach", "jetzt", "derzeit", "zurzeit", "aktuell", "momentan",
    "damals", "seit", "seitdem", "nebenbei",
    "lehrling", "lehrjahr", "lehrjahres", "lehrzeit", "lehrstelle",  # a trainee ("Lehrling als Schreiner")
})
# Where someone worked, as people write it beside the job ("Schneider in Afghanistan", "hab in
# Serbien in einer Schneiderei gearbeitet"): the countries newcomers most often come from, in German
# and English, name no occupation (no title of the list names one of them). Folded, as `words` gives them.
COUNTRIES = frozenset({
    "heimatland", "herkunftsland", "ausland", "zuhause", "hause",
    "tuerkei", "syrien", "irak", "iran", "afghanistan", "eritrea", "somalia", "aethiopien", "sudan", "jemen",
    "ukraine", "russland", "belarus", "weissrussland", "moldau", "moldawien", "georgien", "armenien",
    "aserbaidschan", "kasachstan", "tschetschenien", "polen", "rumaenien", "bulgarien", "ungarn", "kroatien",
    "serbien", "bosnien", "herzegowina", "kosovo", "albanien", "mazedonien", "nordmazedonien", "montenegro",
    "griechenland", "italien", "spanien", "portugal", "marokko", "algerien", "tunesien", "libyen",
    "aegypten", "libanon", "jordanien", "palaestina", "nigeria", "ghana", "guinea", "gambia", "senegal",
    "kamerun", "kongo", "togo", "mali", "elfenbeinkueste", "pakistan", "indien", "bangladesch", "sri", "lanka",
    "vietnam", "china", "philippinen", "thailand", "brasilien", "kolumbien", "venezuela",
    "turkey", "syria", "iraq", "ethiopia", "yemen", "russia", "georgia", "poland", "romania", "bulgaria",
    "hungary", "croatia", "serbia", "bosnia", "albania", "macedonia", "greece", "italy", "spain",
    "morocco", "algeria", "tunisia", "libya", "egypt", "lebanon", "jordan", "palestine", "cameroon", "congo",
    "india", "bangladesh", "philippines", "brazil", "colombia",
})
# Words and word endings that make any occupation a helper's job.
HELPER_WORDS = frozenset({
    "helfer", "helferin", "hilfe", "hilfskraft", "hilfsarbeiter", "hilfsarbeiterin", "aushilfe", "aushilfskraft",
    "hilfsjob", "angelernt", "angelernte", "angelernter", "ungelernt", "ungelernte", "ungelernter", "gehilfe",
    "gehilfin", "mithilfe", "helper", "arbeiter", "arbeiterin",
})
# A helper's work said in words of their own, anywhere in a text (matched on the folded text), and
# a cheap telltale of them on the text as typed (most texts have none).
_HELPER_SAID = re.compile(
    r"\b(?:helfer(?:in)?|hilfskraft|hilfsarbeit(?:er|erin|en)?|hilfstaetigkeit(?:en)?|aushilfe|aushilfskraft"
    r"|hilfsjob|(?:an|un)gelernte?[rs]?|(?:mit)?geholfen|mithelfen|helfe|handlanger(?:in)?|helper|unskilled"
    r"|helfertaetigkeit(?:en)?|helfen\s+(?:bei|beim|im|in))\b"
    r"|(?:\bohne|\bkeine?|\bo\.)\s*(?:berufs)?ausb(?:ildung\b|\.)")  # "o. Ausb." too
_HELPER_TELLTALES = ("elf", "ilf", "olf", "elp", "gelernt", "ausb", "handlanger", "unskilled")
# A degree or a qualification a text states beside the occupation, and the Anforderungsniveau (the
# code's fifth digit) it names: "Betriebswirtin (Bachelor BWL)" is 71303, "FK Altenpflege" 82102.
STATED_LEVELS = {"bachelor": "3", "bsc": "3", "technikum": "3", "master": "4", "msc": "4", "diplom": "4",
                 "dipl": "4", "universitaetsdiplom": "4", "hochschulabschluss": "4", "hochschuldiplom": "4",
                 "promotion": "4", "promoviert": "4", "phd": "4", "fachkraft": "2", "fk": "2", "examiniert": "2",
                 "examinierte": "2", "examinierter": "2", "gesellenbrief": "2", "facharbeiter": "2",
                 "facharbeiterin": "2"}
# Their telltale on the text in lower case (one pattern: a third faster than as many substring tests).
_LEVEL_TELLTALE = re.compile(r"bachelor|b\.?sc|technikum|master|m\.?sc|dipl|hochschul|promo|phd|fachkraft|fk|examin"
                             r"|geselle|facharbeiter")
LESSONS = "unterricht"
TRAINEE_ENDINGS = ("lehrling", "lehrlig", "lehre", "azubi")  # a compound naming a trainee of the trade before it
HELPER_ENDINGS = ("helferin", "helfer", "aushilfskraft", "aushilfe", "hilfskraft", "hilfsarbeiter", "hilfe", "gehilfe",
                  "gehilfin")  # "Tankstellenaushilfe" helps at a petrol station (not "Tankstellenaus")
# Words for "someone who works there" that name no occupation of their own: beside them, the
# other words say which ("Mitarbeiter im Lager", "Produktionsmitarbeiterin").
GENERIC_WORDS = frozenset({"mitarbeiter", "mitarbeiterin", "angestellte", "angestellter", "beschaeftigte",
                           "werkstudent", "werkstudentin",  # "Werkstudent im Einkauf" works in purchasing
                           "beschaeftigter", "worker", "inhaber", "inhaberin", "selbststaendig", "selbststaendiger",
                           "selbststaendige", "selbstaendig", "selbstaendiger", "selbstaendige",
                           "beruf", "berufe",
                           # No employment, as survey answers name it: "Hausfrau und Mutter" was a Cutter/in.
                           "hausfrau", "hausmann", "mutter", "vater", "rentner", "rentnerin", "student", "studentin",
                           "schueler", "schuelerin", "arbeitslos", "arbeitslose", "arbeitsloser", "arbeitssuchend",
                           "erwerbslos", "elternzeit"})
GENERIC_ENDINGS = ("mitarbeiterin", "mitarbeiter", "inhaberin", "inhaber")
LABOURER_ENDINGS = ("arbeiterin", "arbeiter")  # "Produktionsarbeiter": where the list has no such title
SKILLED_ENDINGS = ("facharbeiterin", "facharbeiter", "mitarbeiterin", "mitarbeiter")
_SAY_NOTHING = HELPER_WORDS | GENERIC_WORDS  # alone, these name no occupation
HELPER_LEVEL = "1"
LEADS = "9"  # the fourth digit of a group's supervisors and managers (…93, …94)
MIN_HEAD = 4  # shortest head word worth trusting ("koch", "bote")
# The work, the workshop or the jobs of a trade, and the worker's ending that replaces them.
# The last WHOLE_ONLY only for a whole text: inside a longer one, "Pflegeassistenz" is the field
# of "Fachkraft für Pflegeassistenz", not a Pflegeassistent/in.
WORKER_ENDINGS = (("arbeiten", ("", "arbeiter")), ("arbeit", ("", "arbeiter")), ("ung", ("er",)),
                  ("erei", ("er", "erer")),
                  ("dienst", ("",)), ("service", ("",)), ("taetigkeiten", ("",)), ("taetigkeit", ("",)),
                  ("assistenz", ("assistent",)), ("therapie", ("therapeut",)), ("kontrolle", ("kontrolleur",)),
                  # A building or making trade: "Tiefbau" -> Tiefbauer/in, "Hochbau" -> Hochbaufacharbeiter/in.
                  ("bau", ("bauer", "baufacharbeiter", "bauarbeiter", "baufachwerker")),
                  # The firm one worked for, named for its trade: "Malerbetrieb" -> Maler/in,
                  # "Reinigungsfirma" -> our own "Reinigung", "Baufirma" -> "Bau".
                  ("firma", ("",)), ("betrieb", ("",)), ("unternehmen", ("",)))
WHOLE_ONLY = 11
MIN_WORK = 7  # shortest work named for its worker, a trade ending in "bau" ("Tiefbau"); others one letter longer
FIRMS = ("firma", "betrieb", "unternehmen")
MIN_FIRM = 3  # a firm's trade may be short: "Baufirma"
MIN_SPELT_TITLE = 7  # a misspelt word this long, corrected to a title, names it beside our own words
# A field of the classification named by its science or craft ("Zahnmedizin", "Informatik",
# "Floristik"), for the one working in it: only there, as a skill "Schweißtechnik" is no technician.
FIELD_WORKERS = (("medizin", ("mediziner",)), ("ik", ("iker", "")))
# What was studied, and who studied it: the words that say so, the subject's own name for its
# graduate, our own words for subjects whose graduate the list names otherwise, and the short names
# of subjects. Folded, as `words` gives them.
STUDY_WORDS = frozenset({"studiert", "studierte", "studiere", "studium", "master", "bachelor", "diplom", "msc", "bsc",
                         "studienabschluss"})  # "Uni", "Hochschule" are as often where one works
BACHELOR = frozenset({"bachelor", "bsc"})
STUDIUM = "studium"
_DECLINED = ("en", "er", "em")  # an adjective's or a noun's ending after "zur" or "als", the list's "-e" without it
STUDY_WORKERS = (*FIELD_WORKERS, ("logie", ("loge",)), ("sophie", ("soph",)),
                 ("wissenschaften", ("wissenschaftler",)), ("wissenschaft", ("wissenschaftler",)),
                 ("paedagogik", ("paedagoge",)), ("ie", ("iker", "")))
STUDIED_AS = {"geschichte": "historiker", "pharmazie": "apotheker", "architektur": "architekt", "jura": "jurist",
              "rechtswissenschaft": "jurist", "rechtswissenschaften": "jurist", "medizin": "arzt",
              "humanmedizin": "arzt", "zahnmedizin": "zahnarzt", "tiermedizin": "tierarzt",
              "veterinaermedizin": "tierarzt", "sozialearbeit": "sozialarbeiter", "lehramt": "lehrer",
              "soziale": "sozialarbeiter"}  # "Soziale Arbeit", its "Arbeit" filler as in "Arbeit im Lager"
SUBJECTS = {"mathe": "mathematik", "bwl": "betriebswirtschaftslehre", "bwler": "betriebswirtschaftslehre",
            "vwl": "volkswirtschaftslehre",
            "info": "informatik", "wiwi": "wirtschaftswissenschaften"}
_WORK_ENDINGS = tuple(ending for ending, _ in WORKER_ENDINGS)
# Feminine endings, misspelt ones too ("Erzieherinn", "Meisteirn", "Leiterni"): what of them stays
# on the stem, and how they are spelt (longest first).
_FEMININE_ENDINGS = (("innen", "", "innen"), ("inen", "", "innen"), ("inn", "", "in"), ("irn", "r", "in"),
                     ("in", "", "in"), ("ni", "", "in"))
_AGENT_ENDINGS = ("er", "ist", "ant", "ent", "eur", "or", "oge", "at")  # words naming a person, to take "-in"
MIN_WORKER_PART = 12  # inside a longer text, only a compound's work names its worker ("gebaeudereinigung")
# Verbs whose one-letter neighbour names one trade though many do the work: "Gemüse schneiden" and
# "Bart schneiden" are no Schneider/in, "Pflanzen pflegen" is no Pfleger/in (where most verbs name
# their worker: "tapezieren", "sortieren", "Obst pflücken"). Our own layer names what it knows
# ("Haare schneiden", "alte Menschen pflegen").
MANY_TRADES_VERBS = frozenset({"schneiden", "pflegen"})
MIN_TYPO = 5  # shorter words are not corrected: "Magd" must not become "MAG"
MIN_LAYER_TYPO = 8  # our layer's words this long are corrected to as well ("packen" is no misspelt "backen")
STATE_RANK = {"E": 0, "M": 0, "T": 1, "R": 2}
PURE = 0.5  # share of titles that must agree before a shortened title or a compound head is trusted
MIN_ROLE_COMPOUNDS = 5  # a shortened title ending this many titles is a role many trades share where they disagree

# How sure each stage is; shown to users as "erkannt als …" and weighted in the explanation.
CONFIDENCE = {"code": 1.0, "exact": 1.0, "colloquial": 0.9, "helper": 0.9, "worker": 0.85, "part": 0.85, "head": 0.8,
              "field": 0.8, "fuzzy": 0.75, "similar": 0.7, "abbreviation": 0.85, "classification": 0.9}
MIN_FIELD = 6  # shortest field name worth trusting ("Lager" is our own layer's word, not a field of the list)
SIMILAR_SURE = 0.75  # a whole-text trigram likeness this high beats reading the text word by word
SIMILAR_MIN = 0.5  # below this, a text names no title of the list
ROLE_SIMILAR_MIN = 0.6  # a text naming a role first is likened to a title of that role from this likeness on
FIELDS_MEET = 0.3  # share of the letter pairs of a word of a text's field that a title of its role must have
SIMILAR_LONGER = 2  # a title likened to a text is at most this many times as long
NEAREST_GRAMS = 10
CLOSEST_SPAN = 6  # a picker's closest titles are chosen from this many times as many by likeness
HEAD_LETTERS = 5  # the head must stay: "-bauer" is not "-hauer"
KEPT_LETTERS = 7  # a likened title keeps this many last letters of a text that is one word of the list
SHARED_BEGINNING = 10  # letters a likened title shares with a text's first word where it shortens it


@dataclass(frozen=True)
class Resolution:
    code: str  # five-digit KldB 2010 code
    title: str  # the BA title it was recognised as
    confidence: float  # 0..1
    how: str  # "confirmed", "code", "exact", "classification", "colloquial", "helper", "worker", "part", "head",
    #           "fuzzy", "similar", "abbreviation", "field"


def _collapse_pairs(text: str) -> str:
    if "/" not in text:
        return text
    phrase = _phrase_pair(text)
    if phrase is not None:
        return phrase

    def one(match: re.Match) -> str:
        left, dash, right = match.group(1), match.group(2), match.group(3)
        a, b = fold(left), fold(right)
        if dash or b in ("in", "innen", "frau", "frauen", "mann", "r", "e", "n", "er") or _same_stem(a, b):
            return left
        return f"{left} / {right}"

    return _PAIR.sub(one, text)


def _phrase_pair(text: str) -> str | None:
    """The masculine phrase of a pair of whole phrases, as classifications write them: "Techniker für
    Windenergieanlagen an Land/Technikerin für Windenergieanlagen an Land" is one occupation, not
    "Land / Technikerin" in the middle of two; the phrases may hold slashes of their own
    ("Verkäufer für Schmuck/Uhren/Verkäuferin für Schmuck/Uhren"). None where the text is no such pair."""
    count = text.count("/")
    if count % 2 == 0:  # a pair of phrases with as many slashes each has one more
        return None
    middle = -1
    for _ in range(count // 2 + 1):
        middle = text.find("/", middle + 1)
    left, right = text[:middle], text[middle + 1:]
    if " " not in left.strip() and "-" not in left and "/" not in left:  # one word: "Bäcker/in", "Koch/Köchin"
        return None  # (a pair of words is read where it stands)
    a = _WORD.findall(fold(left))
    if len(a) < 2:
        return None
    b = _WORD.findall(fold(right))
    if len(a) != len(b) or a == b:
        return None
    return left if all(x == y or _same_stem(x, y) for x, y in zip(a, b, strict=True)) else None


def _same_stem(a: str, b: str) -> bool:
    """Masculine and feminine of one title: "koch"/"koechin", "arzt"/"aerztin", "zimmerer"/"zimmerin"."""
    if b.endswith(("in", "innen", "frau")) or a.endswith(("in", "frau")):
        size = min(len(a), len(b), 4)
        return a[:size - 1] == b[:size - 1] or (a[:2] == b[:2] and abs(len(a) - len(b)) <= 3)
    return False


def words(text: str, collapsed: str | None = None) -> list[str]:
    """Normalised words of an occupation text, without gender forms and filler. `collapsed`: the
    text with its gender tags gone and its pairs collapsed, where the caller has made it already
    (used unless a Binnen-I or a gender star changes the text first)."""
    # Each pattern only where its telltale character is: most texts have none of them.
    if collapsed is None and ("/" in text or "(" in text):
        text = _GENDER_TAGS.sub(" ", text)
    changed = False
    if "IKT" in text:  # the European classification's "IKT" (Informations- und Kommunikationstechnologie) is IT
        text, changed = _IKT.sub("IT", text), True
    if "In" in text:
        text, changed = _BINNEN_I.sub("", text), True
    if "*" in text or ":" in text or "_" in text:
        text, changed = _ASTERISK.sub("", text), True
    if collapsed is None or changed:
        collapsed = _collapse_pairs(text)
    return [w for w in _WORD.findall(fold(collapsed)) if w not in FILLER and w not in COUNTRIES]


_VARIANT_ENDINGS = frozenset("nseu")  # last letters of every ending below: most words end otherwise


@lru_cache(maxsize=1 << 16)
def variants(word: str) -> tuple[str, ...]:
    """The word and its other-gender forms: "zimmerin" -> "zimmerer", "putzmann" -> "putzfrau";
    and its singular where it is a plural."""
    if not word or word[-1] not in _VARIANT_ENDINGS:
        return (word,)
    found = [word]
    last, long_word = word[-1], len(word) > 5
    if last == "n":
        if word.endswith("innen"):
            found.append(word[:-5])
        elif word.endswith("in") and long_word:
            found += [word[:-2], word[:-2] + "er"]
        if word.endswith(("ogin", "oginnen")):  # "podologin": the list writes "Podologe/Podologin"
            found.append(word[:word.rindex("ogin") + 2] + "e")
        if word.endswith(("gesellin", "gesellen")) and len(word) > 11:
            found.append(word[:-8])
    elif last == "s":
        if long_word:
            found.append(word[:-1])  # the joining s of a compound's first part: "umzugs(helfer)"
    elif word.endswith("geselle") and len(word) > 10:
        found.append(word[:-7])
    if word.endswith(_SWAPPED):
        for a, b in (("mann", "frau"), ("frau", "mann"), ("mann", "kraft"), ("frau", "kraft"), ("leute", "mann")):
            if word.endswith(a):
                found.append(word[: -len(a)] + b)
    # Plurals, as official lists name their groups: "friseure", "koeche", "kraefte", "lageristen",
    # "schwestern", "koechinnen" (the umlaut of the plural undone: "koech" -> "koch").
    # Not every -en: most are verbs ("kellnern", "kochen").
    if long_word:
        if last == "e":
            if not word.endswith("geselle"):
                stem = word[:-1]
                singular = _singular_vowel(stem)
                found += (stem, singular) if singular != stem else (stem,)
        elif last == "n":
            if word.endswith(_PLURAL_EN):
                found.append(word[:-2])
            elif word.endswith(_PLURAL_N):
                found.append(word[:-1])
            elif word.endswith("innen") and len(word) > 8:
                singular = _singular_vowel(word[:-5])
                if singular != word[:-5]:
                    found.append(singular)
    return tuple(found)


_SWAPPED = ("mann", "frau", "leute")
_PLURAL_EN = ("isten", "anten", "enten", "aten", "frauen")  # "lageristen", "praktikanten", "soldaten"
_PLURAL_N = ("logen", "agogen", "schwestern", "ammen", "kraeften")  # "biologen", "hebammen"


def _singular_vowel(stem: str) -> str:
    """The last umlaut of a plural's stem undone: "koech" -> "koch", "zahnaerzt" -> "zahnarzt"."""
    if "e" not in stem[-6:]:
        return stem
    at = max(stem.rfind("ae"), stem.rfind("oe"), stem.rfind("ue"))
    return stem[:at + 1] + stem[at + 2:] if at >= 0 and at >= len(stem) - 6 else stem


class OccupationIndex:
    """The BA's titles, keyed by normalised text, with the project's own colloquial layer."""

    def __init__(self, titles: Sequence[Title], colloquial: Mapping[str, str] | None = None,
                 extra: Mapping[str, str] | None = None, abbreviations: Mapping[str, str] | None = None):
        """`colloquial` maps what people write to a title of the list (each must be one);
        `extra` the same, but phrases whose title the list does not know are left out;
        `abbreviations` (a word -> what it stands for) are spelt out where a text names nothing else."""
        self.titles = list(titles)
        self._abbreviations = {fold(short): words(long) for short, long in (abbreviations or {}).items()}
        self._abbreviated = frozenset(self._abbreviations)
        self.codes = sorted({t.code for t in self.titles})
        self._exact: dict[str, int] = {}
        self._display: dict[str, int] = {}
        self._at_level: dict[str, dict[str, list[int]]] | None = None  # `_levels_of_untergruppe`, made when first asked
        self._helpers = self._helper_codes()
        self._build_keys()
        self._colloquial: dict[str, int] = {}
        self._layer_words: set[str] = set()  # our layer's long single words, which typos are corrected to too
        for phrase, target in (colloquial or {}).items():
            found = self._lookup("".join(words(target)))
            if found is None:
                raise ValueError(f"colloquial {phrase!r}: {target!r} is no title of the list")
            phrase_words = words(phrase)
            key = "".join(phrase_words)
            self._colloquial.setdefault(key, found)
            if len(phrase_words) == 1 and len(key) >= MIN_LAYER_TYPO:
                self._layer_words.add(key)
            if key in self._shortened:
                del self._exact[key]
        for phrase, target in (extra or {}).items():
            found = self._lookup("".join(words(target)))
            key = "".join(words(phrase))
            if found is not None and key and key not in self._exact:
                self._colloquial.setdefault(key, found)
        # The verbs of our layer, for participles (`_infinitive`): a phrase's last word, as German puts
        # its verb ("Zeitung austragen", "putzen").
        self._verbs = frozenset(last for phrase in (*(colloquial or {}), *(extra or {}))
                                for last in words(phrase)[-1:] if len(last) >= 5 and last.endswith(("en", "ln", "rn")))
        # The list's titles that are an acronym ("PTA (Pharmazeutisch-technische/r Assistent/in)"): short
        # as they are, they name an occupation inside a longer text too ("PTA in der Apotheke").
        self._acronyms = frozenset(key for key, n in self._exact.items()
                                   if len(key) < MIN_HEAD and self.titles[n].title.startswith(key.upper() + " ("))
        self._known_words = self._word_index()
        self._keys = list(self._exact)
        self.trigrams = Trigrams(self._keys)
        vectors = self.trigrams.vectors(self._keys)
        self._key_vectors = _KeyVectors(vectors, self.trigrams.idf_values)
        self._key_vectors_t = vectors.T.tocsr()
        # Keys by first three and last five letters: the only ones a text may be likened to.
        anchored: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, key in enumerate(self._keys):
            anchored[(key[:3], key[-HEAD_LETTERS:])].append(n)
        self._anchored = {key: tuple(rows) for key, rows in anchored.items()}  # ascending
        self._key_lengths = [len(key) for key in self._keys]
        # The keys of the titles that name a role first and a field after it ("Techniker/in - …"), by role.
        roles: dict[int, str] = {}  # each title's role, worked out once (a title has several keys)
        for n, title in enumerate(self.titles):
            first = words(title.title.split(" - ", 1)[0]) if " - " in title.title else ()
            if len(first) == 1 and len(first[0]) >= MIN_HEAD:
                roles[n] = first[0]
        by_role: dict[str, list[int]] = defaultdict(list)
        for row, key in enumerate(self._keys):
            role = roles.get(self._exact[key])
            if role is not None and key.startswith(role):
                by_role[role].append(row)
        self._by_role = {role: tuple(rows) for role, rows in by_role.items()}
        self._role_groups = self._role_group_index(roles)
        self._role_starts = frozenset(role[:2] for role in self._role_groups)  # a cheap test before `words`
        # The lengths of the keys that end in each four letters, longest first: where a compound's
        # head may be (`_head`) without trying every last part of it.
        tails: dict[str, set[int]] = defaultdict(set)
        for key in self._exact:
            if len(key) >= MIN_HEAD:
                tails[key[-MIN_HEAD:]].add(len(key))
        self._head_lengths = {tail: tuple(sorted(lengths, reverse=True)) for tail, lengths in tails.items()}
        line_work = self._lookup("fliessbandarbeiter")
        self._line_work = self.titles[line_work].code if line_work is not None else None  # see `_parts`
        self._cache: dict[str, tuple[Resolution, ...]] = {}
        self._typos: dict[str, str] = {}  # a word's typo correction, worked out once
        self._presents: dict[str, str] = {}  # a word's infinitive where it is a participle of a verb we know, else ""
        self._by_words: dict[str, tuple[Resolution, ...]] = {}
        self._hits: dict[tuple[int, str, bool], Resolution] = {}  # see `_hit`

    # Building --------------------------------------------------------------------------

    def _build_keys(self) -> None:
        primary: dict[str, list[int]] = defaultdict(list)
        secondary: dict[str, list[int]] = defaultdict(list)
        for n, title in enumerate(self.titles):
            for text in (title.title, *title.forms):
                key = "".join(words(text))
                primary[key].append(n)
                # Shortened forms only where there is something to shorten (most titles have not).
                bare = _PARENS.sub(" ", text) if "(" in text else text
                bare_key = "".join(words(bare)) if bare is not text else key
                secondary[bare_key].append(n)
                base = bare.split(" - ")[0]
                secondary["".join(words(base)) if base != bare else bare_key].append(n)
                if text is title.title and " / " in bare and " - " not in bare:
                    # Each of two names of one occupation: "Betreuungskraft / Alltagsbegleiter/in".
                    for name in bare.split(" / "):
                        secondary["".join(words(name))].append(n)
                if text is title.title and " - " in bare and _ALTERNATIVES.search(bare.split(" - ", 1)[1]):
                    # Each of a field's alternatives: "Leiter/in - Produktion/Fertigung" is a Leiter Produktion,
                    # "Helfer/in - Lagerwirtschaft, Transport" a Helfer Lagerwirtschaft.
                    for alternative in _ALTERNATIVES.split(bare.split(" - ", 1)[1]):
                        if len(alternative.strip()) >= MIN_HEAD and not alternative.startswith("-"):
                            secondary["".join(words(f"{base} {alternative}"))].append(n)
            best = self._display.get(title.code)
            if best is None or _display_rank(title) < _display_rank(self.titles[best]):
                self._display[title.code] = n
        for key, found in primary.items():
            if key:
                self._exact[key] = self._vote(found)
        self._shortened: set[str] = set()
        for key, found in secondary.items():
            # A shortened title ("Mitarbeiter/in" of "Mitarbeiter/in - Vertrieb") counts only where
            # most titles it shortens agree on one code, and gives way to our own layer.
            if not key or key in self._exact or key in GENERIC_WORDS:
                continue
            if _purity(self.titles, found) >= PURE:
                self._exact[key] = self._vote(found)
                self._shortened.add(key)
            elif self._one_work(key, found):
                # Mostly one work, at several levels ("Polizeibeamter" of "… (mittl./geh./höh. Dienst)"):
                # a title without its level is that work's skilled level (`_usual_level`).
                work = Counter(self.titles[n].code[:4] for n in found).most_common(1)[0][0]
                self._exact[key] = min((n for n in found if self.titles[n].code.startswith(work)),
                                       key=lambda n: _usual_level(self.titles[n]))
                self._shortened.add(key)
        self._drop_open_shortenings()
        self._families = self._compound_families()
        self._named: dict[str, list[int]] | None = None  # see `_fields_named`
        self._keys_sorted: list[str] | None = None  # see `_sorted_keys`
        self._careers: dict[str, dict[int, int]] | None = None  # see `_civil_service`
        self._degrees: dict[str, dict[int, int]] | None = None  # see `_studied`
        self._fields = self._field_index()

    def _one_work(self, key: str, found: list[int]) -> bool:
        """Whether the titles a key shortens are one group (three digits) and mostly one work (four),
        and no other form of the key's word is a title as it stands ("Grafikdesigner/in")."""
        return (_purity(self.titles, found, digits=3) == 1.0 and _purity(self.titles, found, digits=4) >= PURE
                and not any(variant in self._exact for variant in variants(key)[1:]))

    def _drop_open_shortenings(self) -> None:
        """A shortened title counts only where most titles beginning with it are the same work too:
        "Fachangestellte/r" shortens "Fachangestellte/r - Archiv", but most titles that begin so
        ("… für Bäderbetriebe", "… für Bürokommunikation") are other work."""
        keys = sorted(self._exact)
        for key in sorted(self._shortened):
            first, last = bisect_left(keys, key), bisect_left(keys, key + "\uffff")
            work = Counter(self.titles[self._exact[other]].code[:4] for other in keys[first:last])
            if work[self.titles[self._exact[key]].code[:4]] / (last - first) < PURE:  # the same work, any level
                del self._exact[key]
                self._shortened.discard(key)
        # Nor where the word is the last part of many titles of other groups: a role that many trades
        # share ("Werker", "Bediener", "Hersteller", "Lehrkraft") is not the one trade whose titles
        # happen to write it before a dash or a bracket ("Werker/in - Pferdewirtschaft").
        compounds: dict[str, Counter] = defaultdict(Counter)
        for ending, n in self._endings(self._shortened):
            compounds[ending][self.titles[n].code[:3]] += 1
        for key, groups in compounds.items():
            total = sum(groups.values())
            if total >= MIN_ROLE_COMPOUNDS and groups[self.titles[self._exact[key]].code[:3]] / total < PURE:
                del self._exact[key]
                self._shortened.discard(key)

    def _compound_families(self) -> dict[str, Counter]:
        """For every title that ends other titles ("maurer" in "natursteinmaurer"): their codes."""
        families: dict[str, Counter] = defaultdict(Counter)
        for key, n in self._exact.items():
            families[key][self.titles[n].code] += 1
        for ending, n in self._endings(self._exact):
            families[ending][self.titles[n].code] += 1
        return families

    def _endings(self, wanted: Collection[str]) -> Iterator[tuple[str, int]]:
        """(last part, title) for every key of the list and every last part of it, from its fourth
        letter on, that `wanted` holds: "maurer" of "natursteinmaurer"."""
        for key, n in self._exact.items():
            for start in range(3, len(key) - MIN_HEAD + 1):
                if key[start:] in wanted:
                    yield key[start:], n

    def _field_index(self) -> dict[str, int]:
        """The fields the list names after a title's dash ("Fachkraft - Lagerlogistik", "Helfer/in -
        Lagerwirtschaft, Transport"), each to a title of it where most titles naming it agree on
        one code: "Helfer in der Lagerlogistik" names the field, not the title."""
        fields = {key: self._vote(ns) for key, ns in self._fields_named().items()
                  if _purity(self.titles, ns) >= PURE}
        self._named = None  # kept only while building: most processes never need it again
        return fields

    def _role_group_index(self, roles: dict[int, str]) -> dict[str, int]:
        """Roles the list writes only with a field after them ("Elektroingenieur/in - Energietechnik",
        "Dozent/in - Erwachsenenbildung"), no title alone, whose titles are mostly one group (three
        digits): the role, to the title of that group's commonest code. The last resort for a text
        that names such a role and nothing else the list knows ("Elektroingenieur in der Entwicklung
        (Hardware)"). A role many groups share ("Techniker/in", "Kaufmann/-frau") names no group."""
        by_role: dict[str, list[int]] = defaultdict(list)
        for n, role in roles.items():
            by_role[role].append(n)
        found = {}
        for role, ns in by_role.items():
            if (len(ns) < MIN_ROLE_COMPOUNDS or role in GENERIC_WORDS or role in HELPER_WORDS
                    or role.endswith(HELPER_ENDINGS) or self._lookup(role) is not None
                    or _purity(self.titles, ns, digits=3) < PURE):
                continue
            group = Counter(self.titles[n].code[:3] for n in ns).most_common(1)[0][0]
            found[role] = self._vote([n for n in ns if self.titles[n].code.startswith(group)])
        return found

    def _field(self, key: str) -> int | None:
        return self._fields.get(key) if len(key) >= MIN_FIELD else None

    def _vote(self, found: list[int]) -> int:
        """One title for a key: the code most of its titles carry, then the most current title."""
        codes = Counter(self.titles[n].code for n in found)
        top = max(codes.values())
        candidates = [n for n in found if codes[self.titles[n].code] == top]
        return min(candidates, key=lambda n: (STATE_RANK.get(self.titles[n].state, 3), len(self.titles[n].title), n))

    def _helper_codes(self) -> dict[str, str]:
        """For each code, the Helfer code of its field: same four digits, else the group's."""
        helpers = Counter(t.code for t in self.titles if t.code[4] == HELPER_LEVEL)
        by_group: dict[str, str] = {}
        for code, _ in helpers.most_common():
            by_group.setdefault(code[:3], code)
        codes = set(self.codes)
        result = {}
        for code in codes:
            if code[4] == HELPER_LEVEL:
                result[code] = code
            elif code[:4] + HELPER_LEVEL in codes:
                result[code] = code[:4] + HELPER_LEVEL
            elif code[:3] + "0" + HELPER_LEVEL in codes:
                result[code] = code[:3] + "0" + HELPER_LEVEL
            elif code[:3] in by_group:
                result[code] = by_group[code[:3]]
        return result

    def _word_index(self) -> dict[str, str]:
        """Single-edit neighbourhoods of every word the list knows, for typo correction: each
        word without one letter -> the known words it comes from, joined by spaces (a string per
        entry, not a set: a third of the memory)."""
        known: set[str] = set()
        for key_words in (words(t.title) for t in self.titles):
            known.update(w for w in key_words if len(w) >= MIN_TYPO)
        # The list writes "Bankkaufmann/-frau" as one word, the man's: the woman's is known too
        # ("Bankkaufrau" is a misspelt Bankkauffrau).
        known.update([w[: -len("mann")] + "frau" for w in known if w.endswith("mann") and len(w) > len("mann") + 4])
        self._layer_only = frozenset(self._layer_words - known)
        known.update(self._layer_words)  # "Supermakt", "Präsenskraft": long words of our layer, misspelt
        self._known_set = frozenset(known)
        self._sorted_known = sorted(known)
        # Each word as typed without its umlauts' e ("baecker": "backer"); "" where two words meet.
        skeletons: dict[str, str] = {}
        for word in sorted(known):
            skeleton = _skeleton(word)
            if skeleton != word and skeleton not in known:
                skeletons[skeleton] = "" if skeleton in skeletons else word
        self._skeletons = skeletons
        # Not our own words: "packen" is no misspelt "backen", though one letter apart.
        index: dict[str, str] = {}
        for word in sorted(known):
            for key in {word, *(word[:k] + word[k + 1:] for k in range(len(word)))}:
                index[key] = f"{index[key]} {word}" if key in index else word
        return index

    # Looking up --------------------------------------------------------------------------

    def title(self, n: int) -> Title:
        return self.titles[n]

    def display_title(self, code: str) -> str | None:
        n = self._display.get(code)
        return None if n is None else self.titles[n].title

    def _lookup(self, key: str) -> int | None:
        if key[-1:] not in _VARIANT_ENDINGS:  # no other forms: spares the cache's call
            return self._exact.get(key)
        for variant in variants(key):
            found = self._exact.get(variant)
            if found is not None:
                return found
        return None

    def _worker(self, key: str, whole: bool = True) -> int | None:
        """The work or the workshop named for the one doing it, where the list has that title and
        our own words do not say otherwise: "gebaeudereinigung" -> Gebäudereiniger/in,
        "schneiderei" -> Schneider/in, "malerarbeiten" -> Maler/in, "sozialarbeit" -> Sozialarbeiter/in,
        "hausmeistertaetigkeiten" -> Hausmeister/in; work done somewhere is done by whom our own words
        name for the place ("bueroarbeit": Bürokaufmann/-frau, "lagerarbeiten": Lagerhelfer/in).
        A part of a longer text (`whole` false) names its worker only by the list's own title."""
        if len(key) < MIN_WORK or not key.endswith(_WORK_ENDINGS) or (len(key) == MIN_WORK and not key.endswith("bau")):
            return None
        endings = WORKER_ENDINGS if whole else WORKER_ENDINGS[:-WHOLE_ONLY]
        for ending, workers in endings:
            if key.endswith(ending) and len(key) - len(ending) >= (MIN_FIRM if ending in FIRMS else MIN_HEAD):
                stem = key[: -len(ending)]
                for worker in workers:  # "sozialarbeit": the list's Sozialarbeiter/in
                    n = self._lookup(stem + worker)
                    if n is not None:
                        return n
                if not whole or "" not in workers:
                    return None
                # Our own word for the place or the thing, with or without the joint: "Lagerarbeit",
                # "Küchenarbeit", "Kurierdienst", "Pflegedienst".
                found = self._own(stem) or (self._own(stem[:-1]) if stem.endswith(("n", "s")) else None)
                if found is None and ending in FIRMS:  # "Fleischereibetrieb": the Fleischerei's worker
                    found = self._worker(stem)
                return found
        return None

    def _own(self, key: str) -> int | None:
        if key[-1:] not in _VARIANT_ENDINGS:
            return self._colloquial.get(key)
        for variant in variants(key):
            found = self._colloquial.get(variant)
            if found is not None:
                return found
        return None

    def _hit(self, n: int, how: str, helper: bool = False) -> Resolution:
        """Title n recognised `how` (its field's helper where `helper`): one object for each, shared by
        every text that reads so (a city has hundreds of thousands of texts and a few thousand titles)."""
        key = (n, how, helper)
        found = self._hits.get(key)
        if found is None:
            title = self.titles[n]
            if helper and title.code[4] != HELPER_LEVEL and title.code in self._helpers:
                code = self._helpers[title.code]
                found = Resolution(code, self.display_title(code) or title.title, CONFIDENCE["helper"], "helper")
            else:
                found = Resolution(title.code, title.title, CONFIDENCE[how], how)
            self._hits[key] = found
        return found

    def resolve(self, text: str) -> tuple[Resolution, ...]:
        """Every occupation a text names, best first; () when nothing is recognised."""
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._resolve(text)
        return found

    def resolve_uncached(self, text: str) -> tuple[Resolution, ...]:
        """The text resolved anew; the words it is made of may have been seen before."""
        return self._resolve(text)

    def forget(self) -> None:
        """Drop everything worked out so far (a benchmark's cold start)."""
        self._cache.clear()
        self._typos.clear()
        self._presents.clear()
        self._by_words.clear()
        variants.cache_clear()

    def closest(self, text: str, limit: int) -> list[Resolution]:
        """The titles whose trigrams are closest to a text, one per title, for a picker."""
        key = "".join(words(text))
        columns, scores = self._nearest(key, limit * CLOSEST_SPAN)
        # Titles holding the text as it stands come first ("Werker": the Werker/in titles, then the
        # Werbeingenieur/in that merely begins alike), each group by likeness.
        keys = self._keys
        ranked = sorted(zip(columns, scores, strict=True), key=lambda item: key not in keys[item[0]])
        found: dict[int, Resolution] = {}
        for column, score in ranked:
            if len(found) >= limit:
                break
            n = self._exact[self._keys[column]]
            title = self.titles[n]
            found.setdefault(n, Resolution(title.code, title.title, round(score, 3), "similar"))
        return list(found.values())

    def _resolve(self, text: str) -> tuple[Resolution, ...]:
        if "." in text:  # "M.Sc. Informatik" is a Master's: the degree's letters are no words of their own
            text = _DEGREE_LETTERS.sub(lambda m: DEGREES[m.group(1).upper()], text)
        found = self._resolve_plain(text)
        if "(" in text and (not found or found[0].how == "colloquial"):
            # A title of the list before what our own words read in brackets: "Kaufmann im Großhandel
            # (Sanitär)" deals in plumbing goods, it is no plumber (where the list's own words are in
            # brackets, they narrow the title: "Fußpfleger (kosmetisch)" stays as read).
            outside = _PARENS.sub(" ", text)
            if outside.strip():
                before = self._resolve_plain(outside)
                if before and before[0].how in _LISTED:
                    found = before
        if "(" in text and found and found[0].how in _LOOSE and _ACRONYM.search(text):
            # An employer's or a country's letters in brackets are no words of the work: "Sachbearbeiterin
            # bei der Krankenkasse (AOK)" is read as without them, where that reads surer.
            before = self._resolve_plain(_ACRONYM.sub(" ", text))
            if before and before[0].how not in _LOOSE:
                found = before
        if (not found or found[0].how not in _LISTED) and _may_name_classification(text):
            named = self._classified(fold(text))
            if named is not None:
                return (named,)
        if (not found or found[0].how in ("part", "head") or (found[0].how == "similar" and found[0].code.startswith(
                GENERAL_SERVICE))) and _CIVIL_HINT.search(text):  # a likened "Beamt(er/in) - mittlerer … Dienst"
            career = self._civil_service(fold(text))
            if career is not None:
                return (career,)
        if "." in text and (not found or found[0].how not in _LISTED_OR_ABBREVIATED) and _CUT_SHORT.search(text):
            # A likened reading of a word cut short is no surer than the word spelt out: "Heilerz.-Pfleger".
            spelt = self._spelt_out(text)
            if spelt is not None:
                return (spelt,)
        if ("- " in text or "-," in text) and (not found or found[0].how not in _WHOLE):
            # "Taxi- und Busfahrer": a Taxifahrer and a Busfahrer, where both are titles of the list
            # and the text as it stands is none ("Fliesen-, Platten- und Mosaikleger/in" is one).
            completed = text
            for _ in range(3):  # "Alten-, Kranken- und Kinderpfleger" takes two steps
                completed, before = _TRUNCATED.sub(self._completed, completed), completed
                if completed == before:
                    break
            if completed != text:
                each = [self._resolve_plain(part)[:1] for part in completed.split(" / ")]
                if all(one and one[0].how == "exact" for one in each):  # every part a title as typed
                    return tuple({one[0].code: one[0] for one in reversed(each)}.values())[::-1]
        if len(found) > 1 and not _AND.search(text):
            found = self._without_places(text, found)
        low = text.lower() if found else ""
        if found and _helper_telltale(low):
            found = self._said_helper(text, found)
        if found and _LEVEL_TELLTALE.search(low) and not _HELPER_SAID.search(
                fold(text)):  # a helper said stays one ("Produktionshelfer, angelernt, kein Facharbeiter")
            found = self._at_stated_level(text, found)
        if not found and text.lstrip()[:2].casefold() in self._role_starts:
            # A role the list names only with its fields, before a field it does not name, as the last
            # resort: the role's own group ("Elektroingenieur in der Entwicklung (Hardware)").
            role = self._role_group(words(text))
            if role is not None:
                return (role,)
        if not found:
            # The very last resort: what the text begins with, before a comma, a bracket or where and
            # for whom ("Verw.-Fachangestellte bei der Stadtverwaltung, Bürgerbüro" named nothing whole).
            # A likened head of several words says too little ("Staatlich geprüfte Assistentin für
            # Hotelmanageemnt" is no assistant of any field the likeness finds).
            head = _HEAD_PART.split(text, 1)[0]
            if len(head) < len(text) and head.strip():
                found = self.resolve(head)
                if found and found[0].how == "similar" and len(words(head)) > 1:
                    return ()
        return found

    def _without_places(self, text: str, found: tuple[Resolution, ...]) -> tuple[Resolution, ...]:
        """Beside an occupation read otherwise, a workplace our own words name is where it was worked,
        no second occupation: "Erzieherin, 4 J. Kita" is no Kinderbetreuer/in, "ich fahre Bagger,
        Baustelle" no Bauhelfer/in. A place named first still names its work ("Pflegeheim, Grundpflege",
        "auf der Baustelle Steine getragen"), and so does one in a list of jobs ("Kabel verlegen und Lager")."""
        # After an activity, a place only where said as one ("Fleisch verkauft im Supermarkt"): in a list
        # ("LKW fahren, Lager") it is another job.
        placed = set(_AFTER_PREPOSITION.findall(fold(text))) if found[0].how == "colloquial" else None
        places = {self.titles[n].code for word in words(text) if word in PLACES
                  and (placed is None or word in placed) and (n := self._own(word)) is not None}
        if not places or found[0].code in places:  # the place first names the work: "Pflegeheim, Grundpflege"
            return found
        return (found[0], *(r for r in found[1:] if r.how != "colloquial" or r.code not in places))

    def _at_stated_level(self, text: str, found: tuple[Resolution, ...]) -> tuple[Resolution, ...]:
        """A text that states a degree or a qualification beside the occupation ("Betriebswirtin
        (Bachelor BWL)", "Ingenieur-Mechaniker, Hochschulabschluss", "FK Pflege"): its occupations
        at the level stated, where their Untergruppe has that level. A title of the list that
        names the level itself keeps its code ("Fachkraft für Arbeitssicherheit"), and so does a
        title of the list named as it stands where the degree is below its level: the list places
        the profession ("Sozialarbeiterin (B.A.)" stays a Sozialarbeiter/in, 83124)."""
        key_words = words(text)
        said = [w for w in key_words if w in STATED_LEVELS]
        if not said:
            return found
        level = STATED_LEVELS[said[0]]
        at_level = self._levels_of_untergruppe()
        stated = []
        for r in found:
            own = fold(r.title)
            titles = at_level.get(r.code[:4], {}).get(level)
            if not titles or r.code[4] == level or r.how == "code" or any(w in own for w in said) or (
                    r.how in _PROFESSION_NAMED and level < r.code[4]):  # "Sozialarbeiterin (B.A.)"
                stated.append(r)
            else:
                stated.append(self._hit(self._stated_title(titles, own, said), r.how))
        return tuple({r.code: r for r in reversed(stated)}.values())[::-1]

    def _stated_title(self, titles: list[int], own: str, said: list[str]) -> int:
        """Of the titles at the stated level, the one naming the degree ("Bachelor of Arts -
        Betriebswirtschaftslehre"), else the one beginning most like the title read (folded)."""
        def fit(n: int) -> tuple[bool, int]:
            title = fold(self.titles[n].title)
            return any(w in title for w in said), _shared_start(own, title)
        return max(titles, key=fit)

    def _levels_of_untergruppe(self) -> dict[str, dict[str, list[int]]]:
        """Untergruppe (four digits) -> level (fifth digit) -> the titles of the list at that code."""
        if self._at_level is None:
            self._at_level = {}
            for n, title in enumerate(self.titles):
                self._at_level.setdefault(title.code[:4], {}).setdefault(title.code[4], []).append(n)
        return self._at_level

    def _said_helper(self, text: str, found: tuple[Resolution, ...]) -> tuple[Resolution, ...]:
        """A text that says anywhere that the work was a helper's ("Wohnungen gestrichen, ohne
        Ausbildung", "nachts Teig gemacht in der Bäckerei, bin Helfer", "Helfer Fliesenleger: Kleber
        angemischt, Fliesen geschnitten"): its occupations at their fields' helper level, each once."""
        said = _HELPER_SAID.search(fold(text))
        if said is None or all(self._helpers.get(r.code, r.code) == r.code for r in found):
            return found
        key_words = words(text)
        if said.group(0) in key_words and self._lookup("".join(key_words)) is not None:
            return found  # a title of the list: "Zahnärztliche Helferin" ("Koch ohne Ausbildung" is none)
        return self._helpers_of(found, own_field=True)

    def _role_with_field(self, key_words: list[str]) -> Resolution | None:
        """The title that a role the list writes before its fields ("Ingenieur/in - …") makes with
        another word of the text, as "<role> - <word>" or as a compound; None where none does."""
        for k, role in enumerate(key_words):
            if role not in self._by_role:
                continue
            for j, word in enumerate(key_words):
                if j == k or len(word) < MIN_HEAD or word in GENERIC_WORDS or word in HELPER_WORDS:
                    continue
                for compound in (role + word, word + role, word + "s" + role):
                    n = self._lookup(compound)
                    if n is not None:
                        return self._hit(n, "part")
        return None

    def _role_group(self, key_words: list[str]) -> Resolution | None:
        """The group of the role a text of several words begins with, where the list names that role
        only with fields after it and mostly in one group (`_role_group_index`); else None."""
        if len(key_words) < 2:
            return None
        n = next((n for role in variants(key_words[0]) if (n := self._role_groups.get(role)) is not None), None)
        return None if n is None else self._hit(n, "part")

    def _civil_service(self, folded: str) -> Resolution | None:
        """A civil servant's career named by its field and its level, as the public service writes
        it ("Steuerinspektor im gehobenen Dienst der Finanzverwaltung", "Brandmeisteranwärter –
        mittlerer feuerwehrtechnischer Dienst", "Justizsekretärin"): the list's "Beamt(er/in) -
        <field> (<level> Dienst)". The level is said ("mittlerer Dienst") or follows from the rank
        (Sekretär: mittlerer, Inspektor and Amtmann: gehobener, -rat: höherer Dienst); the field is
        the rank's first part or a word of the text. None where either is missing."""
        text_words = _WORD.findall(folded)
        level = next((CAREER_LEVELS[w[:4]] for k, w in enumerate(text_words)
                      if w[:4] in CAREER_LEVELS and "dienst" in "".join(text_words[k + 1:k + 4])), None)
        stems = []
        for word in text_words:
            rank = _RANK.search(word)
            if rank is not None:
                stems.append(word[:rank.start()])
                level = level or (CAREER_RANKS[rank.group(1)] if not rank.group(1).endswith("meister")
                                  or stems[-1].startswith(SWORN_MASTERS) else None)
        if level is None or not (stems or "beamt" in folded or "anwaerter" in folded):
            return None
        careers = self._career_fields()
        for word in (*stems, *text_words):
            if word.endswith("es") and word[:-2] in careers:  # a genitive: "des Bundes" is the Bund's
                word = word[:-2]
            word = CAREER_FIELDS.get(word) or CAREER_FIELDS.get(_unjoined(word)) or _unjoined(word)
            if len(word) < MIN_HEAD:
                continue
            # The field the word is; else of the fields it begins, the shortest ("Justizsekretärin"
            # serves the Justizdienst, not the Justizvollzugsdienst); else the longest it begins with.
            # ("vermessungstechnischen Dienst": the field it shares a long beginning with).
            fields = [field for field, levels in careers.items() if level in levels and (
                field.startswith(word) or word.startswith(field) or field[:CAREER_SHARED] == word[:CAREER_SHARED])]
            if fields:
                best = min(fields, key=lambda field: (field != word, not field.startswith(word),
                                                      not word.startswith(field),
                                                      len(field) if field.startswith(word) else -len(field)))
                return self._hit(careers[best][level], "classification")
        return None

    def _study(self, key_words: list[str]) -> Resolution | None:
        """"Geschichte studiert (Master)", "Studium Pharmazie", "Architekturstudium in Damaskus": the
        one who studied the subject the other words name, or the word beside the study's; None where
        they name none, or where a word of the text is a title itself ("Rechtsanwalt (Jura-Studium)")."""
        subject = [w.removesuffix(STUDIUM) if w.endswith(STUDIUM) else w for w in key_words if w not in STUDY_WORDS]
        if any(self._lookup(word) is not None for word in subject):
            return None
        # "Master of Science Civil Engineering": the degree's kind said after "of" is no subject.
        kinds = [w for k, w in enumerate(subject) if w != "of" and (k == 0 or subject[k - 1] != "of")]
        beside = [key_words[j].removesuffix(STUDIUM) for k, word in enumerate(key_words)
                  if word in STUDY_WORDS or word.endswith(STUDIUM) for j in (k - 1, k, k + 1)
                  if 0 <= j < len(key_words) and key_words[j] not in STUDY_WORDS]
        master = BACHELOR.isdisjoint(key_words)
        for named in dict.fromkeys(map(tuple, (subject, kinds, *([w] for w in beside)))):
            found = self._studied(list(named), master) if named else None
            if found is not None:
                return found
        return None

    def _studied(self, subject: list[str], master: bool) -> Resolution | None:
        """The one who studied a subject: the list's degree title for it ("Master of Science -
        Mathematik"; a Bachelor's where only a Bachelor is named, else the Master's), or the worker
        its name makes ("Soziologie" -> Soziologe/Soziologin, "Humanmedizin" -> Humanmediziner/in,
        "Germanistik" -> Germanist/in, "Pflegewissenschaft"), or our own word for it ("Geschichte":
        Historiker/in, "Pharmazie": Apotheker/in); None where the words name no subject."""
        key = _subject_key(SUBJECTS.get("".join(subject), "".join(subject)))
        if len(key) < MIN_HEAD:
            return None
        levels = self._degree_subjects().get(key, {})
        if levels and (not master or 4 in levels):
            return self._hit(levels[4 if master else (3 if 3 in levels else 4)], "worker")
        for ending, workers in STUDY_WORKERS:  # a graduate: the Master's level, where a Bachelor's is all
            if key.endswith(ending) and len(key) > len(ending) + 2:  # the list has ("Soziale Arbeit")
                for worker in workers:
                    n = self._lookup(key[: -len(ending)] + worker)
                    if n is not None:
                        return self._hit(n, "worker")
        n = self._lookup(STUDIED_AS[key]) if key in STUDIED_AS else None
        if n is None and levels:
            n = levels[max(levels)]
        return self._hit(n, "worker") if n is not None else None

    def _degree_subjects(self) -> dict[str, dict[int, int]]:
        """The subjects the list's degree titles name ("Bachelor of Arts - Soziale Arbeit/Soziale
        Dienste": "sozialearbeit", "sozialedienste"), each with its title per level."""
        if self._degrees is None:
            self._degrees = self._titles_by_level(_DEGREE_TITLE, lambda subject: (
                _subject_key("".join(words(part))) for part in _DEGREE_PARTS.split(subject)))
        return self._degrees

    def _career_fields(self) -> dict[str, dict[int, int]]:
        """The list's civil-service titles by field and level ("steuerverwaltung": {2: …, 3: …})."""
        if self._careers is None:
            self._careers = self._titles_by_level(_CAREER_TITLE, lambda field: ("".join(words(field)),))
        return self._careers

    def _titles_by_level(self, pattern: re.Pattern, keys) -> dict[str, dict[int, int]]:
        """The titles `pattern` matches, by each key `keys` makes of its first group and by level (the
        fifth digit); of a key's titles at one level, the first. Worked out when first asked for:
        few texts need them."""
        found: dict[str, dict[int, int]] = defaultdict(dict)
        for n, title in enumerate(self.titles):
            named = pattern.match(title.title)
            if named is not None and title.code[4] in "1234":
                for key in keys(named.group(1)):
                    if key:
                        found[key].setdefault(int(title.code[4]), n)
        return dict(found)

    def _classified(self, folded: str) -> Resolution | None:
        """A name of the KldB 2010 itself: the Untergruppe its field names, at the level the name
        states; "(ohne Spezialisierung)" is the group's own Untergruppe (fourth digit 0), "(sonstige
        spezifische Tätigkeitsangabe)" its 8; supervisors and managers are the group's 93 and 94.
        None where the field names no group or the list has no such code."""
        lead = _LEAD_NAMED.match(folded)
        named = None if lead else _LEVEL_NAMED.match(folded)
        if lead is None and named is None:
            return None
        field = (lead or named).group("field")
        if lead:
            wanted = [_LEAD_LEVELS[lead.group("lead")]]
        else:
            level = next(str(k) for k in range(1, 5) if named.group(f"l{k}"))
            wanted = [fourth + level for fourth, stated in (("0", _UNSPECIALISED.search(field)),
                                                            ("8", _OTHER_SPECIFIC.search(field))) if stated]
        for around in _AROUND_FIELD:
            field = around.sub(" ", field)
        field = _BERUFE_IN.sub("", field.strip())
        group, subgroup, read = self._named_field(field)
        if group is None:
            return None
        codes = [group + ending for ending in wanted]
        if not lead:  # the Untergruppe the field names, else the group's own ("ohne Spezialisierung")
            codes += [subgroup + level] if subgroup else []
            codes.append(group + "0" + level)
        for code in codes:
            if code in self._display:
                title = read.title if read and read.code == code else self.titles[self._display[code]].title
                return Resolution(code, title, CONFIDENCE["classification"], "classification")
        if not lead and subgroup is None:
            # The list names the field only for its supervisors ("Meister/in - Jagdwirtschaft"): of the
            # group's codes at the level stated, the one whose title is most alike to the field.
            for alike in self.closest(field, CLOSEST_IN_GROUP):
                if alike.code.startswith(group) and alike.code[3] != "9" and alike.code.endswith(level):
                    return Resolution(alike.code, alike.title, CONFIDENCE["classification"], "classification")
        return None

    def _named_field(self, field: str, closest: bool = True) -> tuple[str | None, str | None, Resolution | None]:
        """The Berufsgruppe (three digits) and Untergruppe (four, never a supervisors' 9) a field of
        the classification names, and what reading the field as a text gave: the field read as any
        text is read where that is sure ("Fleischverarbeitung": Fleischverarbeiter/in); else the field
        as the list writes it after a title's dash ("Helfer/in - Lagerwirtschaft, Transport"), whole
        or each of its parts, where most titles naming it are of one group (a teacher's field is
        what is taught: "Lehrer/in - Physiotherapie" does not count); else the likeliest reading."""
        sold = _SELLING.match(field)
        if sold:  # "Verkauf von Back- und Konditoreiwaren": the sellers of those goods, not any seller
            found = self._seller(sold.group(1))
            if found is not None:
                return found.code[:3], found.code[:4], found
        read = next(iter(self._resolve_plain(field)), None)
        if read is None:  # "Human- und Zahnmedizin", "Elektrotechnik": the one working in it
            read = next(filter(None, (self._field_worker("".join(words(part)))
                                      for part in (field, *_FIELD_PARTS.split(field)))), None)
        if read is not None and read.how in _SURE_FIELD:
            return read.code[:3], read.code[:4] if read.code[3] != "9" else None, read
        named = self._fields_named()
        parts = (field, *_FIELD_PARTS.split(field))
        for key in dict.fromkeys(key for part in parts for key in _field_keys(words(part))):
            found = [n for n in named.get(key, ()) if not self.titles[n].code.startswith(TEACHING)]
            if len(key) < MIN_FIELD or not found:
                continue
            group, count = Counter(self.titles[n].code[:3] for n in found).most_common(1)[0]
            if count / len(found) >= PURE:
                subgroups = Counter(self.titles[n].code[:4] for n in found
                                    if self.titles[n].code.startswith(group) and self.titles[n].code[3] != "9")
                return group, next(iter(subgroups.most_common(1)), (None,))[0], read
        if read is None and closest:  # a field named nowhere: the group of the title most alike, where clearly alike
            read = next((r for r in self.closest(field, 1) if r.confidence >= CLOSEST_FIELD), None)
        if read is not None:
            return read.code[:3], read.code[:4] if read.code[3] != "9" else None, read
        return None, None, None

    def _seller(self, goods: str, by_field: bool = True) -> Resolution | None:
        """The seller of the first goods of a list the list has a seller's title for ("Fachverkäufer/in -
        Sportartikel", "Lebensmittelverkäufer/in"), or (`by_field`) whose field names them among
        sellers' titles."""
        named = self._fields_named() if by_field else {}
        parts = [part.strip() for part in _FIELD_PARTS.split(goods) if part.strip()]
        last = "".join(words(parts[-1])) if parts else ""
        keys: list[str] = []
        for part in parts:
            key = "".join(words(part))
            if part.endswith("-"):  # "Back- und Konditoreiwaren": "Backwaren", the last word's ending
                keys += [key + last[k:] for k in range(3, len(last) - 2)]
            else:
                keys.append(key)
        for key in keys:
            for form in dict.fromkeys((key, *variants(key), key[:-1] if key.endswith("n") else key)):
                if len(form) < MIN_HEAD:
                    continue
                for compound in ("fachverkaeufer" + form, form + "verkaeufer", "verkaeufer" + form):
                    n = self._lookup(compound)
                    if n is not None and self.titles[n].code.startswith(SELLING):
                        return self._hit(n, "worker")
                sellers = [n for n in named.get(form, ()) if self.titles[n].code.startswith(SELLING)]
                if sellers:
                    return self._hit(self._vote(sellers), "field")
        return None

    def _field_worker(self, key: str) -> Resolution | None:
        """The one working in a field named by its science or craft, where the list has that title:
        "zahnmedizin" -> Zahnmediziner/in, "informatik" -> Informatiker/in, "floristik" -> Florist/in."""
        for ending, workers in FIELD_WORKERS:
            if key.endswith(ending) and len(key) > 7:
                stem = key[: -len(ending)]
                for worker in workers:
                    n = self._lookup(stem + worker)
                    if n is not None:
                        return self._hit(n, "worker")
        return None

    def _fields_named(self) -> dict[str, list[int]]:
        """The fields the list names after a title's dash, whole and each comma part, with the titles
        naming them (worked out when first asked for: few texts name the classification's fields)."""
        if self._named is None:
            found: dict[str, list[int]] = defaultdict(list)
            for n, title in enumerate(self.titles):
                if " - " not in title.title:
                    continue
                field = _PARENS.sub(" ", title.title.split(" - ", 1)[1])
                keys = {"".join(words(field)), *("".join(words(part)) for part in field.split(","))}
                for key in keys:
                    if len(key) >= MIN_FIELD:
                        found[key].append(n)
            self._named = dict(found)
        return self._named

    def _spelt_out(self, text: str) -> Resolution | None:
        """A text with words cut short ("techn. Zeichner", "Industriekfm.", "med. Fachangestellte")
        read as the title of the list that spelling them out makes. A shortened word stands for a
        word of the list it begins; only where none does, for one that keeps its letters in order
        ("kfm": "kaufmann", the closest-kept first). The titles the words it begins make must be one
        occupation, but for one long word alone ("Elektroinst.": the shortest title it begins).
        Short words alone ("Ing.", "Verw.") say too little."""
        key_words = words(text)
        shortened = [word for word in dict.fromkeys(fold(short) for short in _CUT_SHORT.findall(text))
                     if word in key_words]  # "u.", "f." are filler
        if not shortened:
            return self._patterned(text)  # cut words within one: "Ind.-Mech."
        alone = all(word in shortened or (len(word) < MIN_HEAD and word not in self._abbreviated) for word in key_words)
        several = len(shortened) > 1
        if alone and (min(map(len, shortened)) < (MIN_SPELT_EACH if several else MIN_SPELT)):
            return self._patterned(text)
        begun = [self._begun(word) for word in shortened]
        choices = [b or [word] for b, word in zip(begun, shortened, strict=True)]
        # Several words cut short alone ("kaufm. Angest.") must spell one occupation however spelt out.
        found = self._titles_spelt(key_words, shortened, choices, first=alone and not several)
        # The title cut short may come first, and where or for whom it worked after it: "Kfz-Mech. in
        # einer freien Werkstatt", "Industriekfm. bei Thyssen" (a misspelt rest is no place: the whole).
        end = max(key_words.index(word) for word in shortened) + 1
        title_first = not alone and end < len(key_words) and (end > 1 or len(shortened[0]) >= MIN_SPELT) and (
            not self._known_set.isdisjoint(key_words[end:]) or _EMPLOYER.search(text) is not None
            or _WHERE_AFTER_CUT.search(text) is not None)
        if found:
            return self._hit(found[0], "abbreviation") if len({self.titles[n].code for n in found}) == 1 else (
                self._patterned(text))
        if title_first:  # the words after the title may narrow it as the list writes it: "Fachverk. Bäckerei"
            whole = self._read_spelt(key_words, shortened, [c[0] for c in choices], ("exact", "colloquial"))
            if whole is not None:
                return whole
        first = self._titles_spelt(key_words[:end], shortened, choices) if title_first else []
        if first and len({self.titles[n].code for n in first}) == 1:
            return self._hit(first[0], "abbreviation")
        kept = [b or self._expanded(word) or self._kept(word) or [word]
                for b, word in zip(begun, shortened, strict=True)]
        found = self._titles_spelt(key_words, shortened, kept, first=not (alone and several))
        if not found and title_first and _EMPLOYER.search(text) is not None:
            found = self._titles_spelt(key_words[:end], shortened, kept, first=True)
        if found and (len({self.titles[n].code for n in found}) == 1 or not (alone and several)):
            return self._hit(found[0], "abbreviation")
        if all(begun) and not alone and all(len(w) >= MIN_SPELT for w in shortened) and all(
                w in shortened or w in self._known_set for w in key_words):  # every other word spelt right
            # No title as a whole: the title the words name, each cut word spelt as the shortest word
            # of the list it begins that names a person ("Konstruktionsmech. Stahlbau": a
            # Konstruktionsmechaniker/in, not "Konstruktionsmechanik").
            person = [next((w for w in b if w.endswith(_AGENT_ENDINGS)), b[0]) for b in begun]
            inside = self._read_spelt(key_words, shortened, person, ("exact", "part"))
            if inside is not None:
                return inside
        spellings = [k[0] for k in kept]
        if alone and not several and spellings != shortened:  # a compound cut short that our layer names: "Paketzust."
            found = self._read_spelt(key_words, shortened, spellings, ("exact", "colloquial", "worker", "helper"))
            if found is not None:
                return found
        return self._patterned(text)

    def _patterned(self, text: str) -> Resolution | None:
        """A title whose words, run together, hold the text's words in order, each cut word as the
        beginning of a word or, where no word of the list begins so, as letters kept in order: as a
        register writes it, "Ind.-Mech." (Industriemechaniker/in), "Zahntechn.-Mstr.", "FA f.
        Allg.-Med.", "Gesundh.- u. Krankenpfl."; the shortest such title. Words after the last cut
        one may narrow it or not ("techn. Zeichner Maschinenbau"). A single cut word must name
        one Untergruppe so ("Ergoth."); None where no title fits, or the words say too little ("Dr. med.")."""
        said = [w for w in _WORD.findall(fold(text))
                if len(w) > 1 and w not in FILLER and w not in _FEMININE and w not in QUALIFIED]
        shortened = [fold(short) for short in _CUT_SHORT.findall(text)]  # "Ind.-Mech.": two, in one word
        last = max((k for k, w in enumerate(said) if w in shortened), default=-1)
        if last < 0 or len(said) > MAX_PATTERN_WORDS or (len(said) > 1 and sum(map(len, said)) < MIN_SPELT) or any(
                w not in shortened and len(w) > MAX_INITIALS and w not in self._known_set for w in said):
            return None  # a misspelt word is read otherwise
        # A word as typed, or cut where it begins a word of the list; else its letters kept in order.
        whole = {w: w not in shortened or bool(self._begun(w)) for w in said}
        if any(not whole[w] and len(w) > MAX_KEPT for w in said):
            return None  # letters kept in order only where few are ("Mstr."); "Technn." is misspelt
        pieces = [re.escape(w) if whole[w] else "[a-z]*".join(w) for w in said]
        keys = self._sorted_keys()
        first = said[0] if whole[said[0]] else said[0][0]
        start, stop = bisect_left(keys, first), bisect_left(keys, first + "\uffff")
        for end in range(len(said), last, -1):
            if end < len(said) and (said[end - 1] in shortened or len(said[end - 1]) <= MAX_INITIALS
                                    or self._lookup(said[end]) is not None):
                # A field after the title may be dropped ("techn. Zeichner Maschinenbau"), not the title's
                # own word, nor a title of the list ("Dipl.-Ing., Konstruktionsingenieur").
                break
            pattern = re.compile("[a-z]*".join(pieces[:end]) + "[a-z]*")
            found = [key for key in islice(keys, start, stop) if pattern.fullmatch(key)]
            if not found:
                continue
            if end == 1 and (len(said[0]) < MIN_PATTERN_ALONE
                                   or len({self.titles[self._exact[k]].code[:4] for k in found}) > 1):
                return None
            best = min(found, key=lambda key: (len(key), key))
            return self._hit(self._exact[best], "abbreviation")
        return None

    def _sorted_keys(self) -> list[str]:
        """Every title's key, sorted: the keys a word begins are a slice (worked out when first asked for)."""
        if self._keys_sorted is None:
            self._keys_sorted = sorted(self._keys)
        return self._keys_sorted

    def _read_spelt(self, key_words: list[str], shortened: list[str], spellings: list[str],
                    accepted: tuple[str, ...]) -> Resolution | None:
        """The words with each shortened word spelt as in `spellings`, read as any text is: what they
        name first, as an abbreviation spelt out, where it was read in one of the `accepted` ways."""
        found = self._one([spellings[shortened.index(w)] if w in shortened else w for w in key_words])
        if found and found[0].how in accepted:
            return Resolution(found[0].code, found[0].title, CONFIDENCE["abbreviation"], "abbreviation")
        return None

    def _titles_spelt(self, key_words: list[str], shortened: list[str], choices: list[list[str]],
                      first: bool = False) -> list[int]:
        """The titles a text's words make with its shortened words spelt each way of `choices`
        (the first only)."""
        places = [[k for k, word in enumerate(key_words) if word == short] for short in shortened]
        spelt, found = list(key_words), []
        for spelling in islice(product(*choices), MAX_SPELLINGS):
            for at, word in zip(places, spelling, strict=True):
                for k in at:
                    spelt[k] = word
            n = self._lookup("".join(spelt))
            if n is None and len(spelt) > 1:  # with the joint's "s" the list writes: "Verw.-Fachang."
                n = self._lookup("".join(w + "s" if w.endswith(_JOINT_S) else w for w in spelt[:-1]) + spelt[-1])
            if n is not None:
                found.append(n)
                if first:
                    break
        return found

    def _begun(self, short: str) -> list[str]:
        """The words of the list a shortened word begins, shortest first."""
        known = self._sorted_known
        return sorted(known[bisect_left(known, short + "a"):bisect_left(known, short + "\uffff")], key=len)

    def _expanded(self, short: str) -> list[str]:
        """A compound cut short at its end as people shorten the end ("Bankkffr.", "Lagerltr.",
        "Paketzust."), spelt out where that makes a word or a title of the list; else []."""
        for ending, full in CUT_ENDINGS:
            if short.endswith(ending) and len(short) - len(ending) >= MIN_HEAD:
                spelt = short[: -len(ending)] + full
                if spelt in self._known_set or self._lookup(spelt) is not None:
                    return [spelt]
        return []

    def _kept(self, short: str) -> list[str]:
        """The words of the list that begin with a shortened word's first letter and keep its letters
        in order, those that keep them closest together first ("kfm": "kaufmann")."""
        if len(short) < 3:
            return []
        known = self._sorted_known
        spread = {}
        for word in known[bisect_left(known, short[0]):bisect_left(known, short[0] + "\uffff")]:
            gaps = _letter_gaps(short, word)
            if gaps is not None:
                spread[word] = gaps
        return sorted(spread, key=lambda word: (spread[word], len(word)))

    def _resolve_plain(self, text: str) -> tuple[Resolution, ...]:
        code = CODE.search(text) if _FIVE_DIGITS.search(text) else None  # the plain search is three times faster
        if code and self.display_title(code.group(1)):
            n = self._display[code.group(1)]
            return (Resolution(code.group(1), self.titles[n].title, CONFIDENCE["code"], "code"),)
        if _DIGIT.search(text):
            text = _DURATION.sub(" ", text)
        if "/" in text or "(" in text:
            text = _GENDER_TAGS.sub(" ", text)
        collapsed = _collapse_pairs(text)
        whole = words(text, collapsed)
        if _SAY_NOTHING.issuperset(whole):  # "Aushilfe", "Hilfsarbeiter/in", "Hausfrau und Mutter": no field named
            return ()
        n = self._lookup("".join(whole))
        if n is not None:  # a title of the list as it stands, commas and all: "Kundenberater/in (Bank, Sparkasse)"
            return (self._hit(n, "exact"),)
        employer = _EMPLOYER.search(text)
        if employer is not None and employer.start() > 0 and not any(
                word in self._known_set or self._own(word) is not None for word in words(text[employer.end():])):
            # A title of the list before "bei" and a name after it: the title is what the text names,
            # "Einzelhandelskaufmann bei REWE" (a firm's name is no field to liken it by; "Sachbearbeiter
            # bei einer Versicherung" is read whole).
            head = self._resolve_plain(text[:employer.start()])
            if head and head[0].how in _LISTED:
                return head
        place = _PLACE.search(text) if employer is None and any(word in text for word in _PLACE_WORDS) else None
        if place is not None and place.start() > 0 and not any(
                word in self._known_set or self._own(word) is not None or self._typo(word) != word
                for word in words(text[place.end():])):
            # A title before "in" and a town's name after it: "Fahrad Mechaniker in Asmara" is the
            # misspelt title (a town is no field to liken it by, nor a word to correct).
            head = self._resolve_plain(text[:place.start()])
            if head and head[0].how in _WHOLE:
                return head
        segments = [s for s in _SEGMENTS.split(collapsed) if s.strip()] if _SEPARATORS.search(collapsed) else ()
        if len(segments) > 1:
            found, now = [], None
            for segment in segments:
                key_words = words(segment)
                for r in self._one(key_words)[:1]:
                    if not (found and r.how == "worker" and len(key_words) == 1 and key_words[0].endswith(SECTORS)):
                        found.append(r)  # "Vertriebsmitarbeiter, Maschinenbau": the sector, after the occupation
                        if now is None and found[1:] and (_NOW.match(segment) or (r.how in _NAMED_ROLE and (
                                found[0].how not in _LISTED and _FIRST_PERSON.match(collapsed)))):
                            # "früher Bäcker, jetzt Lagerarbeiter": what the person does now first; and after
                            # what they do, told in the first person, their title ("ich betreue Jugendliche
                            # in einer Wohngruppe, Erzieher")
                            now = r
            if now is not None:
                found = [now, *(r for r in found if r is not now)]
            if found:
                return tuple({r.code: r for r in reversed(found)}.values())[::-1]
        found = self._one(whole)
        if len(found) > 1:
            # A second occupation after "bei" is the employer: "Reinigungskraft bei Firma Müller"
            # cleans ("Beamtin bei der Polizei" names one occupation: the text stays whole).
            # A clerk's employer names the clerk's field: "Sachbearbeiterin bei der Krankenkasse" is a
            # Sozialversicherungsfachangestellte/r first (the clerk too).
            head = text[:employer.start()] if employer else ""
            clerk = CLERKS.issuperset(words(head)) and found[0].how in ("colloquial", "worker")
            if head and not _SAY_NOTHING.issuperset(words(head)) and not clerk:
                return self._resolve(head) or found
        return found

    def _completed(self, match: re.Match) -> str:
        """A first part cut short before "und", "oder" or a comma, completed with the end of the
        word after it where that makes a title of the list: "Alten- und Krankenpfleger" ->
        "altenpfleger / krankenpfleger" (two occupations, each read on its own). The match as it
        was where no end does."""
        first, second = fold(match.group(1)), fold(match.group(2))
        for start in range(3, len(second) - MIN_HEAD + 1):
            if self._lookup(first + second[start:]) is not None:
                return f"{first}{second[start:]} / "
        return match.group(0)

    def _one(self, key_words: list[str]) -> tuple[Resolution, ...]:
        """One occupation text's words: many texts of a city differ only in case, umlauts, spaces
        and gender forms, so each distinct run of words is worked out once."""
        key = " ".join(key_words)
        found = self._by_words.get(key)
        if found is None:
            found = self._by_words[key] = self._one_uncached(key_words)
        return found

    def _one_uncached(self, key_words: list[str]) -> tuple[Resolution, ...]:
        if _SAY_NOTHING.issuperset(key_words):  # no words, or only "Aushilfe" or "Mitarbeiter": no field named
            return ()
        if len(key_words) > 1 and _PRODUCTION_ROLE.match(key_words[0]):
            # "Produktionshelfer (m/w/d) Kunststoff": the field after a production helper's role says
            # which helper ("Helfer/in - Kunststoff, Kautschuk"); where it names none, the role alone
            # ("Produktionsmitarbeiter Lebensmittel" was a Produktionsingenieur/in, likened).
            fielded = self._exactly(["helfer", *key_words[1:]])
            if fielded and fielded[0].code[4] == HELPER_LEVEL and fielded[0].how in ("exact", "helper"):
                return (Resolution(fielded[0].code, fielded[0].title, CONFIDENCE["helper"], "helper"),)
            # The field as the list names its making: "Produktionshelferin Lebensmittel" is the list's
            # "Helfer/in - Lebensmittelherstellung".
            n = self._lookup("helfer" + "".join(key_words[1:]) + "herstellung")
            if n is None and len(key_words) > 2:  # "Produktionshelfer Kunststoff (Spritzguss)": its first word
                fielded = self._exactly(["helfer", key_words[1]])
                if fielded and fielded[0].code[4] == HELPER_LEVEL and fielded[0].how in ("exact", "helper"):
                    return (Resolution(fielded[0].code, fielded[0].title, CONFIDENCE["helper"], "helper"),)
            if n is not None:
                return (self._helper(self._hit(n, "exact")),)
            role = self._one(key_words[:1])
            if role:
                return role
        studied = self._study(key_words) if (len(key_words) > 1 and not STUDY_WORDS.isdisjoint(key_words)) or (
            key_words[0].endswith(STUDIUM) and len(key_words[0]) > len(STUDIUM) + 3) else None
        if studied is not None:
            return (studied,)
        if 1 < len(key_words) <= 3 and key_words[-1] in ENGLISH_ROLES:
            english = self._english(key_words)
            if english is not None:
                return (english,)
        if len(key_words) > 2 and key_words[1] == "of" and key_words[0] in LEADS_OF:
            key_words = ["leiter", *key_words[2:]]  # "Head of Marketing" is a Marketingleiter/in
        if len(key_words) > 1 and key_words[0] in LEADERS:
            led = self._leader(key_words)
            if led is not None:
                return (led,)
        if len(key_words) > 1 and key_words[0] in ROLES_BEFORE_FIELD:
            # "Assistenz der Geschäftsleitung" names the one who assists, the list's Assistent/in;
            # "Lehrkraft für Mathematik" a Mathematiklehrer/in.
            key_words = [ROLES_BEFORE_FIELD[key_words[0]], *key_words[1:]]
        if len(key_words) > 1 and key_words[0] in FOREMEN:
            # "Vorarbeiter Malerarbeiten": the list codes a trade's foreman as the trade itself
            # ("Vorarbeiter/in (Hochbau)" is a Maurer's 32102), not as a Vorarbeiter/in of production.
            trade = self._one(key_words[1:])
            if trade and trade[0].how in _SURE_FIELD:
                return trade
        if len(key_words) > 1 and key_words[0] in MASTERS:
            # "Meister im Augenoptiker-Handwerk": the list writes the trade's Meister as one word.
            trade = [w.removesuffix("handwerk") for w in key_words[1:] if w not in ("handwerk", "handwerks")]
            n = self._lookup("".join(trade) + "meister") if trade and len(trade[-1]) >= MIN_HEAD else None
            if n is not None:
                return (self._hit(n, "exact"),)
        present = self._present(key_words)
        if present is not None:  # "Büros geputzt" is "Büros putzen" (not an office clerk's "Büro")
            if SELLING_VERB in present and len(present) > 1:
                # "Schuhe verkauft bei Deichmann": the goods sold, or the shop, say which seller.
                sold = self._sold([self._typo(word) for word in present if word != SELLING_VERB])
                if sold is not None:
                    return (sold,)
            found = self._one(present)
            if found and found[0].how in ("colloquial", "worker"):  # an activity our layer knows, or its doer
                return found  # "staatlich geprüft" is none
        found = self._exactly(key_words)
        if not found and len(key_words) > 1:
            # Adjective and noun declined after "zur", "zum", "als" ("Ausbildung zur Medizinischen
            # Fachangestellten"): the list writes them undeclined.
            undeclined = [w[:-1] if w.endswith(_DECLINED) and w not in self._known_set and w not in self._verbs
                          and w[:-1] in self._known_set else w for w in key_words]
            if undeclined != key_words:
                found = self._exactly(undeclined)
                found = found if found and found[0].how in ("exact", "part") else ()  # a title, no loose word
        if self._sells(key_words, found):
            # "Verkäuferin in einem Schuhgeschäft": the goods of the shop say which seller.
            sold = self._sold([self._typo(word) for word in key_words[1:]])
            if sold is not None:
                return (sold,)
        if found and found[0].how == "worker":
            # A role named before the work is not the work's worker: "Assistent der Geschäftsführung"
            # assists, it is no Geschäftsführer/in.
            return self._narrowed(key_words, found)
        # A helper's role the list writes with fields after it, narrowed by the words after it:
        # "Pflegehelferin im Altenheim" is the list's Pflegehelfer/in - Altenpflege, and so is a
        # "Pflegehilfskraft in der Altenpflege" (the role said with another helper's word).
        helper_role = [_as_helfer(key_words[0]), *key_words[1:]] if found and found[0].how == "helper" else key_words
        if found and found[0].how == "helper" and len(key_words) > 1 and not self._by_role.keys().isdisjoint(
                variants(helper_role[0])):
            role = self._role_first(helper_role)
            if role is not None and role.code[4] == HELPER_LEVEL:
                return (role,)
        if found and found[0].how in ("colloquial", "field") and len(key_words) > 1:
            # A misspelt title beside our own word for its place: the title, spelt right, names the
            # occupation ("Erziehrin im Kindergarten" is an Erzieherin, "Staplerfaher im Lager" drives).
            spelt = self._spelt_title(key_words)
            if spelt:
                return spelt
            # A word typed without its umlauts beside our own word for a place says the work: "kuche helfen
            # im Restaurant" helps in the kitchen (each word restored only where it stands for one word).
            restored = [self._umlauts(word) or word if word not in self._known_set and self._own(word) is None
                        else word for word in key_words]
            if restored != key_words:
                again = self._one(restored)
                if again:
                    return again
        if found and found[0].how not in ("part", "head"):
            return found
        doer = self._doer(key_words[-2:]) if len(key_words) > 1 and (not found or found[0].how == "head") else None
        if doer is not None and len(key_words) > 2 and self._one(key_words[:-2]):
            # The verb and the thing before it, where the words before them name nothing else ("Traktoren
            # und Landmaschinen repariert"; "Gabelstapler fahren und Dach decken" names two jobs).
            doer = None
        infinitives = None  # the verbs as their infinitives, of the present tense above and of the past
        if doer is None and len(key_words) > 2 and (not found or found[0].how == "head"):
            # A verb inside the text, and where after it ("Englisch unterrichtet in einer Sprachschule",
            # "Straßen gefegt bei der Stadtreinigung"): the thing before the verb names the doer, where
            # the words around them name nothing else.
            infinitives = [_regular_infinitive(word) or word for word in present or key_words]
            verbs = [j for j, word in enumerate(infinitives)
                     if word != key_words[j] or word in self._verbs or word in DOERS
                     or (word.endswith("en") and self._lookup(word[:-2] + "er") is not None)]  # "bauen": a Bauer
            k = verbs[-1] if verbs else 0
            if 0 < k < len(infinitives) - 1:
                doer = self._doer(infinitives[k - 1:k + 1])
                if doer is not None and self._one(key_words[:k - 1] + key_words[k + 1:]):
                    doer = None
        if doer is not None:
            return (self._hit(doer, "worker"),)
        similar = self._similar(key_words)
        sure = similar is not None and similar.confidence >= SIMILAR_SURE * CONFIDENCE["similar"]
        if sure and self._keeps_head(key_words, similar):
            return (similar,)
        corrected = self._corrected(key_words)
        better = self._exactly(corrected) if corrected is not None else ()
        # A compound's head or a title inside the text gives way to the whole text spelt right:
        # "Farhzeuglackierer" is a Fahrzeuglackierer/in, not any Lackierer/in.
        if found and (not better or better[0].how in ("part", "head")):
            # A title of the list that begins a longer text is a role its field may narrow
            # ("Tierpfleger Fachrichtung Zoo": of the Tierpfleger/in titles, the one for that field).
            return self._narrowed(key_words, found) if found[0].how == "part" else found
        if better:
            return tuple(Resolution(r.code, r.title, min(r.confidence, CONFIDENCE["fuzzy"]), "fuzzy") for r in better)
        if similar:
            role = self._role_group(key_words)
            if role is not None and not self._keeps_head(key_words, similar):
                # A role whose titles are mostly one group names that group rather than a title likened
                # without it: "Elektroingenieur in der Entwicklung" is no Elektrotechniker/in.
                return (role,)
            return (similar,)
        # An abbreviation spelt out, as a last resort: "MFA" is a Medizinische/r Fachangestellte/r.
        if not self._abbreviated.isdisjoint(key_words):
            return self._one([w for word in key_words for w in self._abbreviations.get(word, (word,))])
        role = self._role_first(key_words)
        if role is not None:
            return (role,)
        # Work told in the past tense: read as its infinitive would be ("Parkett verlegt" as "Parkett
        # verlegen", "Kran gefahren" as "Kran fahren"), where the text names nothing else.
        infinitives = infinitives or [_regular_infinitive(word) or word for word in present or key_words]
        found = self._one(infinitives) if infinitives != key_words else ()
        if not found and len(key_words) > 2:
            # A role of the list and a field among other words, where nothing else reads: "Ingenieur
            # Wasserwerk (Wodokanal)" is a Wasserwerksingenieur/in.
            fielded = self._role_with_field(key_words)
            if fielded is not None:
                return (fielded,)
        return found

    def _spelt_title(self, key_words: list[str]) -> tuple[Resolution, ...]:
        """The text with its misspelt words corrected, where a corrected word is a title of the list
        itself; () where none is. No verb ("Regale einraeumen", "kellnern" stay our own activities),
        no word of our own layer ("Döner machen"), no short word ("heler" is no "Hehler")."""
        corrected = self._corrected(key_words)
        if corrected is None or not any(
                better != word and len(word) >= MIN_SPELT_TITLE and not word.endswith(("en", "rn", "ln"))
                and self._own(word) is None and self._lookup(better) is not None
                for word, better in zip(key_words, corrected, strict=True)):
            return ()
        found = self._exactly(corrected)
        if not found or found[0].how not in ("exact", "part"):
            return ()
        return tuple(Resolution(r.code, r.title, min(r.confidence, CONFIDENCE["fuzzy"]), "fuzzy") for r in found)

    @staticmethod
    def _sells(key_words: list[str], found: tuple[Resolution, ...]) -> bool:
        """Whether a text names selling before the goods or the shop that say which seller: a
        seller read as nothing surer than a part of the text ("Verkäuferin in einem Schuhgeschäft"),
        or "Verkauf" before a shop ("Verkauf im Handyladen"; "Verkauf und Möbel aufbauen" is two jobs),
        or "verkaufen" before what is sold."""
        if len(key_words) < 2:
            return False
        if key_words[0] in SELLERS:
            return not found or found[0].how in ("part", "head")
        if key_words[0] == SELLING_VERB:  # "verkaufen Brot und Kuchen in einer Bäckerei"
            return not found or found[0].how in ("part", "head", "colloquial")
        return (key_words[0] == SALES and (not found or found[0].how == "colloquial")
                and any(_SHOP.search(word) for word in key_words[1:]))

    def _sold(self, key_words: list[str]) -> Resolution | None:
        """The seller of the goods named, or of the goods of the shop named, where the list has a
        seller's title for them ("Schuhgeschäft" -> Fachverkäufer/in - Schuhe); of several, the last,
        which narrows ("Lebensmittelhandwerk Schwerpunkt Bäckerei"); else None."""
        for word in reversed(key_words):
            goods = _unjoined(_SHOP.sub("", word))
            for key in dict.fromkeys((GOODS.get(word, word), GOODS.get(goods, goods), word, goods)):
                # The list's own compounds only: the index of fields is built for classification names.
                found = self._seller(key, by_field=False) if len(key) >= MIN_HEAD else None
                if found is not None:
                    return found
        return None

    def _doer(self, key_words: list[str]) -> int | None:
        """A thing and what is done with it, named by the title of the one who does it where the
        list has that compound (the verb's "-er", or its doer in `DOERS`): "Estrich legen" ->
        Estrichleger/in, "Dächer decken" -> Dachdecker/in, "Gerüste aufbauen" -> Gerüstbauer/in (the
        verb's prefix dropped), "Kisten stapeln", "Landmaschinen reparieren" -> Landmaschinenmechaniker/in."""
        thing, verb = key_words
        if len(thing) < 3 or len(verb) < 5 or not verb.endswith(("en", "ln", "rn")):
            return None
        if verb in DOING and self._own(thing) is not None:
            return None  # "Fliesen machen" lays tiles (our layer's word), it makes none: no Fliesenmacher/in
        stem = verb[:-2] if verb.endswith("en") else verb[:-1]
        agents = [stem + "er", *DOERS.get(verb, ())]
        for prefix in (*_SEPARABLE[1:], *_INSEPARABLE):
            if stem.startswith(prefix) and len(stem) - len(prefix) >= 3:
                agents.append(stem[len(prefix):] + "er")
        things = dict.fromkeys((thing, *variants(thing), thing[:-1] if thing.endswith(("e", "n", "s")) else thing,
                                _singular_vowel(thing[:-2]) if thing.endswith("er") else thing,  # "Dächer"
                                thing[:-2] if thing.endswith("sse") else thing,  # "Busse"
                                thing + "n" if thing.endswith("e") else thing))  # "Musikinstrumente bauen"
        for agent in agents:
            for form in things:
                n = self._exact.get(form + agent) if len(form) >= 3 else None  # "Tü ren" is no "Re-"
                if n is not None:
                    return n
        return None

    def _present(self, key_words: list[str]) -> list[str] | None:
        """The words with each verb our own layer knows, told in the past or the present, as that
        verb; a verb told before the thing it is done with moves after it, where German puts an
        infinitive ("ich fahre LKW": "LKW fahren", "ich fahre Bagger": "Bagger fahren", a Baggerfahrer/in);
        None where there is no verb."""
        changed = None
        for k, particle in enumerate(key_words):  # a separable verb's particle after it: "trage Zeitungen aus"
            if k and particle in _PARTICLES:
                verb = next(((j, particle + form) for j in range(k - 1, -1, -1)
                             for form in _present_forms(key_words[j]) if particle + form in self._verbs), None)
                if verb is not None:
                    changed = changed or list(key_words)
                    changed[verb[0]], changed[k] = verb[1], ""
        if changed is not None:  # the particle joined to its verb, in the verb's place
            key_words = [word for word, now in zip(key_words, changed, strict=True) if now]
            changed = [word for word in changed if word]
        for k, word in enumerate(key_words):
            if changed is not None and changed[k] != word:
                continue
            verb = self._presents.get(word)
            if verb is None:
                verb = self._presents[word] = self._infinitive(word)
            if verb:
                changed = changed or list(key_words)
                changed[k] = verb
        if changed is None:
            return None
        for k, word in enumerate(list(changed)):  # "putze abends Büros für eine Reinigungsfirma"
            if word == key_words[k] or (k and (self._own(changed[k - 1] + word) is not None or (
                    len(changed[k - 1]) >= MIN_HEAD and self._doer([changed[k - 1], word]) is not None))):
                continue  # the thing before the verb is what it is done with: "Kran bedient im Hafen"
            after = next((j for j in range(k + 1, len(changed)) if len(changed[j]) >= MIN_HEAD and (
                self._own(changed[j] + word) is not None or self._doer([changed[j], word]) is not None)), None)
            if after is not None:
                changed.insert(after, changed.pop(k))
        return changed

    def _infinitive(self, word: str) -> str:
        """The verb of our layer a word is the past participle of ("geputzt": "putzen", "ausgetragen":
        "austragen", "repariert": "reparieren", "gebuegelt": "buegeln", "verkauft": "verkaufen") or a
        form of the present ("putze", "putzt", "fahre": "fahren"), else ""."""
        if word in self._verbs:
            return ""
        found = next((verb for verb in _infinitives(word) if verb in self._verbs), "")
        if not found and word[-1:] in "et" and word not in self._known_set and word not in self._colloquial:
            # The first and the third person: "ich putze", "er putzt" (a word of a title stays one).
            verb = word + "n" if word.endswith("e") else word[:-1] + "en"
            found = verb if verb in self._verbs else ""
        return found

    def _narrowed(self, key_words: list[str], found: tuple[Resolution, ...]) -> tuple[Resolution, ...]:
        """What was found inside a text, unless the text names a role first and one of that role's
        titles is alike enough (`_role_first`): the role's own titles come first."""
        if any(self._lookup(word) is not None for word in key_words[1:]):
            return found  # another title named: "Polier auf dem Bau (Maurerpolier)" is no Polier/in - Baumaschinen
        role = self._role_first(key_words)
        return (role,) if role is not None else found

    def _role_first(self, key_words: list[str]) -> Resolution | None:
        """The title closest to a text that names its role first and the field after it, as
        classifications write ("Techniker für Windenergieanlagen an Land": Techniker/in -
        Windenergietechnik), among the titles that begin with that role; where the likeness is
        clear (ROLE_SIMILAR_MIN). `_similar` anchors on a text's last letters, which here name the field."""
        if len(key_words) < 2 or key_words[0] in HELPER_WORDS or key_words[0] in GENERIC_WORDS:
            return None  # a helper's or a worker's field says which ("Helfer in der Lagerwirtschaft" farms nothing)
        found = [rows for role in variants(key_words[0]) if (rows := self._by_role.get(role)) is not None]
        if not found:
            return None
        query = self.trigrams.query("".join(key_words))
        if not query:
            return None
        rows = found[0] if len(found) == 1 else sorted(set().union(*found))
        best, score = self._key_vectors.best(list(rows), query)
        if score < ROLE_SIMILAR_MIN or not self._fields_meet(key_words, self._keys[best]):
            return None
        title = self.titles[self._exact[self._keys[best]]]
        return Resolution(title.code, title.title, round(CONFIDENCE["similar"] * score, 3), "similar")

    @staticmethod
    def _fields_meet(key_words: list[str], key: str) -> bool:
        """Whether the words after a text's role share enough letter pairs with what follows the role in
        a title's key: a long role alone makes a likeness ("Krankenpflegehelferin im Krankenhaus" is no
        "Krankenpflegehelfer/in - Altenpflege"; "Tierpfleger Fachrichtung Zooo" is one for the Zoo)."""
        role = key_words[0]
        field = key[len(role):] if key.startswith(role) else key[len(role) - 2:]
        for word in key_words[1:]:  # a word of it will do: "Tierpfleger Fachrchtung Zoo"
            pairs = {word[k:k + 2] for k in range(len(word) - 1)}  # pairs of letters: fields are often misspelt
            if pairs and sum(pair in field for pair in pairs) >= FIELDS_MEET * len(pairs):
                return True
        return False

    def _keeps_head(self, key_words: list[str], similar: Resolution) -> bool:
        """Whether a title likened to a text of several words keeps its first and its last word where
        that word is a title itself: "Filialleiter im Einzelhandel" is no "Filialmitarbeiter/in
        (Einzelhandel)", though both begin and end alike."""
        first, last = key_words[0], key_words[-1]
        if len(key_words) < 2:
            return True
        if last != first and self._lookup(last) is not None:
            # The last word, where it is a title itself, stays a word of the title: "Staatlich geprüfter
            # Bautechniker" is no "Staatlich geprüfter Landbautechniker".
            n = self._lookup("".join(words(similar.title)))
            forms = self.titles[n].forms if n is not None else ()
            named = [word for form in (similar.title, *forms) for word in _WORD.findall(fold(form))]
            if not any(word.startswith(form) or (len(word) >= SHARED_BEGINNING and form.startswith(word))
                       for word in named for form in variants(last)):
                return False
        if self._lookup(first) is None and first not in self._role_groups:
            return True
        key = "".join(_WORD.findall(fold(similar.title)))  # every form the title writes
        role = "".join(_WORD.findall(fold(re.split(r" - |/|\(|\.", similar.title, maxsplit=1)[0])))
        # The list shortens some titles ("Verfahrensmech. - Hütten-/Halbzeugindustrie") or puts
        # another form first ("Krankenschwester/-pfleger"): a long shared beginning where the title's
        # first word shortens the text's ("Industriemeister/in" is no Industriemechaniker/in), or the
        # word's last letters anywhere in the title will do.
        return any((key.startswith(variant[:SHARED_BEGINNING]) and variant.startswith(role))
                   or variant[-HEAD_LETTERS - 1:] in key for variant in variants(first))

    def _similar(self, key_words: list[str]) -> Resolution | None:
        """The title closest to the whole text by trigrams, among those that begin and end like
        it: the head word stays ("Kanalarbeiter" never becomes "Kanalmeister"), and so does the field."""
        joined = "".join(key_words)
        found = [rows for head in {v[-HEAD_LETTERS:] for v in variants(joined)}
                 if (rows := self._anchored.get((joined[:3], head))) is not None]
        if not found:
            return None
        query = self.trigrams.query(joined)
        if not query:
            return None
        rows = found[0] if len(found) == 1 else sorted(set().union(*found))
        # A title more than twice as long says much more than the text: "Schule" is no
        # "Schnittmeister/in (Fachschule)", though both begin and end alike.
        longest, lengths = SIMILAR_LONGER * len(joined), self._key_lengths
        rows = [row for row in rows if lengths[row] <= longest]
        if len(key_words) == 1 and not self._known_set.isdisjoint(variants(joined)):
            # A word the list uses, spelt right, is no other word that ends alike: a "Pfleger" is
            # no "Pflasterleger", "Labortechniker" no "Laborelektroniker" (nor their feminine forms). The
            # title keeps its end.
            keys, tails = self._keys, {v[-KEPT_LETTERS:] for v in variants(joined) if v in self._known_set}
            rows = [row for row in rows if any(tail in keys[row] for tail in tails)]
        if not rows:
            return None
        best, score = self._key_vectors.best(rows, query)
        if score < SIMILAR_MIN:
            return None
        title = self.titles[self._exact[self._keys[best]]]
        found = Resolution(title.code, title.title, round(CONFIDENCE["similar"] * score, 3), "similar")
        helper = not HELPER_WORDS.isdisjoint(key_words) or joined.endswith(HELPER_ENDINGS)
        return self._helper(found) if helper and title.code[4] != HELPER_LEVEL else found

    def _nearest(self, key: str, count: int) -> tuple[list[int], list[float]]:
        """The `count` title keys with the most trigram likeness to a key, best first (only the
        keys sharing a trigram are ever looked at)."""
        grams, weights = self.trigrams.weights(key)
        if not len(grams):
            return [], []
        if len(grams) > NEAREST_GRAMS:  # the rarest trigrams find the same titles, at a fraction of the work
            keep = np.argsort(-weights, kind="stable")[:NEAREST_GRAMS]
            grams, weights = grams[keep], weights[keep]
        postings = self._key_vectors_t
        starts, ends = postings.indptr[grams], postings.indptr[grams + 1]
        columns = np.concatenate([postings.indices[a:b] for a, b in zip(starts, ends, strict=True)])
        values = np.concatenate([postings.data[a:b] * w for a, b, w in zip(starts, ends, weights, strict=True)])
        dense = np.bincount(columns, weights=values, minlength=len(self._keys))
        columns = np.flatnonzero(dense)
        scores = dense[columns]
        if len(scores) > count:
            keep = np.argpartition(-scores, count)[:count]
            columns, scores = columns[keep], scores[keep]
        order = np.lexsort((columns, -scores))
        return columns[order].tolist(), scores[order].tolist()

    def _exactly(self, key_words: list[str]) -> tuple[Resolution, ...]:
        joined = "".join(key_words)
        # A helper's ending on a field after a title is that field, no helper: "Sozialpädagoge in der
        # Jugendhilfe" works in youth welfare.
        helper = not HELPER_WORDS.isdisjoint(key_words) or (joined.endswith(HELPER_ENDINGS) and (
            len(key_words) == 1 or self._lookup(key_words[0]) is None))
        n = self._lookup(joined)
        if n is not None:  # a title of the list carries its own level ("Fachberater/in - Altenhilfe")
            return (self._hit(n, "exact"),)
        n = self._own(joined)
        if n is not None:
            return (self._hit(n, "colloquial", helper),)
        n = self._worker(joined)
        if n is not None:
            return (self._hit(n, "worker", helper),)
        if len(key_words) == 1 and joined.endswith(FACTORIES):
            # Work in a factory named for what it makes is its field's helper work: "Papierfabrik"
            # is the list's "Helfer/in - Papier, Verpackung".
            made = _unjoined(joined.removesuffix("en").removesuffix("fabrik"))
            n = self._made_helper(made) if len(made) >= MIN_HEAD else None
            helper_of = self._helper(self._hit(n, "exact")) if n is not None else None
            if helper_of is not None and helper_of.code[4] == HELPER_LEVEL:  # "Reifenfabrik" sells no tyres
                return (helper_of,)
        labourer = joined.endswith(LABOURER_ENDINGS) and not joined.endswith(SKILLED_ENDINGS)
        if len(key_words) == 1 and (labourer or joined.endswith(GENERIC_ENDINGS)):  # "Produktionsmitarbeiterin"
            field = next(joined[: -len(e)] for e in (*GENERIC_ENDINGS, *LABOURER_ENDINGS) if joined.endswith(e))
            field = _unjoined(field)
            if len(field) >= MIN_HEAD:
                n = self._own(field) or self._lookup(field)
                if n is None and field.endswith("n") and len(field) > MIN_HEAD + 1:  # the joining n: "Küchenarbeiter"
                    n = self._own(field[:-1]) or self._lookup(field[:-1])
                n = n if n is not None else self._field(field)
                if n is not None:  # as sure as the field word itself: no likeness overrules it
                    # A labourer of a field the list has no title for is its helper: "Produktionsarbeiter"
                    # works in production, unskilled (it was a Produktionsleiter/in, likened).
                    return (self._hit(n, "field", helper or labourer),)
        if helper:
            rest = [w for w in key_words if w not in HELPER_WORDS]
            if rest and rest != key_words:
                n = self._lookup("helfer" + "".join(rest))  # the list's own "Helfer/in - Straßenbau"
                if n is not None:
                    return (self._helper(self._hit(n, "exact")),)
                found = self._exactly(rest)
                if found:
                    return self._helpers_of(found)
                made = _unjoined(_PRODUCTION.sub("", rest[-1])) if len(rest) == 1 else ""
                if len(made) >= MIN_HEAD and made != rest[0]:
                    # "Hilfsarbeiter in der Keramikherstellung": the list's "Helfer/in - Keramik"
                    # ("Schuhherstellung": "Helfer/in - Pelz, Leder, Schuhe")
                    n = self._made_helper(made)
                    if n is not None:
                        return (self._helper(self._hit(n, "exact")),)
            stripped = _strip_helper(joined)
            if stripped and stripped != joined:
                found = self._exactly([stripped])
                if found:
                    return self._helpers_of(found)
        if len(key_words) == 1 and joined.endswith(LESSONS) and len(joined) > len(LESSONS) + 2:
            # Lessons of a subject are its teacher's work: "Klavierunterricht (geben)", "Deutschunterricht".
            n = self._lookup(joined[: -len(LESSONS)] + "lehrer")
            if n is not None:
                return (self._hit(n, "worker"),)
        if len(key_words) == 1 and joined.endswith(TRAINEE_ENDINGS):
            # A trainee trains for the occupation: "Schreinerlehre", "Elektrikerlehrling", "Bäckerazubi".
            trade = next(joined[: -len(e)] for e in TRAINEE_ENDINGS if joined.endswith(e))
            found = self._exactly([_unjoined(trade)]) if len(trade) >= MIN_HEAD else ()  # "Kaufmannslehre"
            if found and found[0].how not in ("part", "head"):
                return found
        if 2 <= len(key_words) <= 3 and len(key_words[0]) >= MIN_HEAD:  # "Leiter Lager": the list writes the compound
            role, rest = key_words[0], key_words[1:]
            role = "leiter" if role == "leitung" else role  # "Leitung für unsere Kindertagesstätte"
            # The field as it stands, or without a word for its kind: "Berater für IKT-Systeme" is an
            # IT-Berater/in, "Sachbearbeiter für Personalwesen" a Personalsachbearbeiter/in.
            whole = "".join(rest)
            # A leader's place alone, of two words: "Leiter einer Verkaufsstelle für Sportartikel".
            place = rest[:len(rest) - 1] if role == "leiter" else ()
            fields = dict.fromkeys((whole, _FIELD_KIND.sub("", whole), *place))
            # An operator of machines is named for them as their Führer/in: "Bediener von Textilmaschinen"
            # is a Textilmaschinenführer/in, "Maschinenbediener in der Glasherstellung" a Glasmaschinenführer/in.
            for first, field in product((role, *OPERATORS.get(role, ())), fields):
                if len(field) < 2:
                    continue
                titled = first[-MIN_HEAD:] in self._head_lengths  # some title of the list ends like it
                joints = (field + first, field + "s" + first, field + "n" + first, field + "en" + first)
                if field.endswith(("e", "s")) and len(field) > MIN_HEAD:
                    # The joint drops a final e ("Leiter einer Bankfiliale": Bankfilialleiter/in) and a
                    # genitive s ("Leiter des Lagers": Lagerleiter/in).
                    joints += (field[:-1] + first,)
                if field.endswith("ung") and len(field) > MIN_HEAD + 3:
                    # The work's doer before the role: "Assistentin der Geschäftsführung" is the list's
                    # Geschäftsführerassistent/in.
                    joints += (field[:-3] + "er" + first,)
                made = _PRODUCTION.sub("", field)  # "Maschinenbediener Holzverarbeitung": Holzmaschinenbediener/in
                if made != field and len(made) >= MIN_HEAD:
                    joints += (made + first, (made[:-1] if made.endswith("s") else made) + first)
                for compound in joints:
                    n = self._lookup(compound) if titled else None
                    if n is not None:
                        return (self._hit(n, "exact", helper),)
                    n = self._own(compound)  # our own words: "Fahrer Lkw" is a Lkw-Fahrer
                    if n is not None:
                        return (self._hit(n, "colloquial", helper),)
            if (role in OPERATORS or role in CLERKS) and len(rest) == 1:
                # An operator or a clerk in a field the list or our own words name by its work, where no
                # compound of the role is a title: that work ("Maschinenbediener Spritzguss" is a
                # Spritzgießer/in, "Sachbearbeiterin Kreditoren" a Kreditorenbuchhalter/in).
                n = self._own(whole) or self._worker(whole)
                if n is not None and self.titles[n].code[4] != HELPER_LEVEL:
                    clerk = self._lookup(role) if role in CLERKS else None  # the work first; a clerk stays one too
                    if clerk is not None:
                        return self._hit(n, "worker", helper), self._hit(clerk, "part", helper)
                    return (self._hit(n, "worker", helper),)
        return self._parts(key_words, helper)

    def _english(self, key_words: list[str]) -> Resolution | None:
        """An English title of a field and a role, as the list's compound of the two ("dental
        technician": Zahntechniker/in, "tax advisor": Steuerberater/in); None where a field word is
        no English one we know, or the list has no such title."""
        fields = [ENGLISH_FIELDS.get(word) for word in key_words[:-1]]
        if None in fields:
            return None
        n = self._lookup("".join(fields) + ENGLISH_ROLES[key_words[-1]])
        return None if n is None else self._hit(n, "colloquial")

    def _leader(self, key_words: list[str]) -> Resolution | None:
        """A leader of the field the words after the role name (`LEADERS`): the list's title for the
        two together where it has one ("Teamleiter Callcenter", "Leiter Einkauf": Einkaufsleiter/in),
        else the supervisors or managers of the group the field is read as ("Abteilungsleiter
        Konstruktion": Leiter/in - Konstruktion, 27294), at the level the role says where the group has
        it, else at the other. None where the field reads as no occupation for sure, or its group has
        no leaders: the role alone is read then ("Abteilungsleiter" of the Unternehmensorganisation)."""
        role, field = key_words[0], key_words[1:]
        corrected = self._corrected(key_words)  # "Teamleiterin im Callenter"
        for said in (key_words, corrected) if corrected else (key_words,):
            found = self._exactly(said)
            if found and (found[0].how == "exact" or (found[0].code[3] == LEADS
                                                      and all(r.code != found[0].code for r in self._one([role])))):
                return found[0]  # the list's leader of this field ("Leiterin einer Station (Pflege)": 81393)
        # A manager's field as the list writes it ("Einkaufsleiter/in"); a shift's or a team's leader
        # supervises ("Schichtleiter Montage" is no Montageleiter/in of the building trade).
        named = self._exactly(["leiter", *field]) if role != "leiter" and LEADERS[role] == MANAGE else ()
        if named and named[0].how == "exact" and named[0].code[3] == LEADS:
            group, read = named[0].code[:3], named[0]
        else:
            spelt = [w for word in field for w in self._abbreviations.get(word, (word,))]  # "Head of HR"
            if len(spelt) == 1 and _PRODUCTION.fullmatch(spelt[0]):
                return None  # production as such is the role's own field: "Schichtleiter Produktion"
            group, read = self._leaders_group(spelt)
            # The list's title of this role most alike to the text, where the field names no other group:
            # "Teamleiter Kundenservice Callcenter" is its Teamleiter/in - Callcenter (not a 9x code),
            # "Gruppenleiter in einer Werkstatt für behinderte Menschen" its Gruppenleiter/in -
            # Behindertenwerkstatt.
            alike = self._role_first(key_words) or self._similar(key_words)
            if alike is not None and (group is None or alike.code[:3] == group) and words(alike.title)[0] == role:
                return alike
            if group is None and len(spelt) > 1:  # "Leiter Haustechnik Klinikum": the Klinikum is where
                group, read = self._leaders_group(spelt[:1])
            if group is None:
                return None
        for level in LEADERS[role]:
            code = group + level
            if read is not None and read.code == code:
                return read
            if code in self._display:
                return self._hit(self._naming(code, field[0]), "worker")
        return None

    def _naming(self, code: str, word: str) -> int:
        """The title of the list at `code` that names `word` (its first letters), else the code's
        display title: the leaders of the purchasing group are shown as Einkaufsleiter/in."""
        stem = word[:MIN_FIELD]
        titles = self._levels_of_untergruppe()[code[:4]][code[4]]
        named = [n for n in titles if stem in "".join(words(self.titles[n].title))]
        return min(named, key=lambda n: (STATE_RANK.get(self.titles[n].state, 3), len(self.titles[n].title), n),
                   default=self._display[code])

    def _leaders_group(self, field: list[str]) -> tuple[str | None, Resolution | None]:
        """The Berufsgruppe a leader's field names, and the reading it came from: the field read as an
        occupation for sure, else as the list names fields after a title's dash; (None, None) where
        it names none."""
        read = next(iter(self._one(field)), None)
        if read is not None and read.how in _SURE_FIELD:
            return read.code[:3], read
        group, _, read = self._named_field(" ".join(field), closest=False)
        return group, read

    def _made_helper(self, made: str) -> int | None:
        """The list's helper title for the field that makes `made`, or the field's title: "keramik"
        -> "Helfer/in - Keramik", "schuh" -> "Helfer/in - Pelz, Leder, Schuhe"; None where none is."""
        return (self._lookup("helfer" + made) or self._lookup("helfer" + made + "e")
                or self._lookup("helfer" + made + "herstellung") or self._field(made))

    def _helpers_of(self, found: tuple[Resolution, ...], own_field: bool = False) -> tuple[Resolution, ...]:
        """The helper codes of occupations, each once: "Helfer im Garten- und Landschaftsbau" names
        a gardener and a landscape gardener, whose helper is one. With `own_field`, an occupation
        keeps its code where its helper is another Untergruppe's (one the text names aside): the
        group's commonest helper may do other work (Landmaschinenführer/in, Gabelstaplerfahrer/in)."""
        codes = {r.code for r in found}
        helpers = [helper if not own_field or helper.code.startswith(r.code[:4]) or helper.code in codes
                   or helper.code == r.code[:3] + "0" + HELPER_LEVEL else r
                   for r in found for helper in (self._helper(r),)]
        return tuple({r.code: r for r in reversed(helpers)}.values())[::-1]

    def _helper(self, found: Resolution) -> Resolution:
        if found.code[4] == HELPER_LEVEL:
            return Resolution(found.code, found.title, min(found.confidence, CONFIDENCE["helper"]), "helper")
        code = self._helpers.get(found.code, found.code)
        return Resolution(code, self.display_title(code) or found.title, CONFIDENCE["helper"], "helper")

    def _parts(self, key_words: list[str], helper: bool) -> tuple[Resolution, ...]:
        """Titles named inside a longer text (longest word runs first), else compound heads."""
        found: list[tuple[int, Resolution]] = []
        generic = not GENERIC_WORDS.isdisjoint(key_words)
        count = len(key_words)
        used = 0  # bit k set: word k belongs to something found
        if count > 1:
            exact, own = self._exact, self._colloquial
            for size in range(min(4, count - 1), 0, -1):
                run = (1 << size) - 1
                for start in range(count - size + 1):
                    if used & (run << start):
                        continue
                    key = "".join(key_words[start:start + size]) if size > 1 else key_words[start]
                    if size == 1 and key in self._abbreviated:
                        # An abbreviation of a title of the list is that title: "MFA beim Hausarzt", "StFa
                        # beim Steuerberater" ("Kfz" and "LKW" name no title: beside other words, they say what).
                        n = self._lookup("".join(self._abbreviations[key]))
                        if n is not None:
                            found.append((start, self._hit(n, "part", helper)))
                            used |= run << start
                            continue
                        if len(key) < MIN_HEAD:
                            continue
                    # An acronym is one word as written: "at a" is no ATA.
                    if (len(key) < MIN_HEAD and (size > 1 or key not in self._acronyms)) or (
                            size == 1 and (key in HELPER_WORDS or key in GENERIC_WORDS)):
                        continue  # "Helferin" or "Mitarbeiter" alone names no field: the words beside it do
                    plain = key[-1] not in _VARIANT_ENDINGS  # no other forms: the lookups in one step each
                    n = exact.get(key) if plain else self._lookup(key)
                    how = "part"
                    if n is None:
                        n, how = own.get(key) if plain else self._own(key), "colloquial"
                    if n is None and generic:  # "Mitarbeiter im Reinigungsdienst": who does the work, no leader
                        n, how = self._worker(key), "worker"
                    if n is None and (helper or generic):  # "Helfer in der Lagerlogistik": the field says which
                        n, how = self._field(key), "field"
                        if n is not None and generic and self.titles[n].code[3] == LEADS:
                            # A worker in a field the list names for its supervisors ("Mitarbeiter im
                            # Bestattungswesen": Meister/in - Bestattungswesen) works at the group's skilled level.
                            n = self._display.get(self.titles[n].code[:3] + "02", n)
                    if n is None and len(key) >= MIN_WORKER_PART:  # "Escape-Room-Betreuung" is no Betreuer/in
                        n, how = self._worker(key, whole=False), "worker"
                    if n is None and size == 2:  # "… fahre Kran auf der Baustelle": a Kranfahrer/in
                        n, how = self._doer(key_words[start:start + 2]), "worker"
                    if n is not None:
                        found.append((start, self._hit(n, how, helper)))
                        used |= run << start
                    elif size == 1 and (stripped := _strip_helper(key)):  # "Produktionshelfer im Schichtbetrieb"
                        inner = self._exactly([stripped])
                        if not inner and stripped.endswith("n") and len(stripped) > MIN_HEAD + 1:
                            inner = self._exactly([stripped[:-1]])  # the joining n: "Tankstellenaushilfe nachts"
                        if inner and inner[0].how not in ("part", "head"):
                            found.append((start, self._helper(inner[0])))
                            used |= 1 << start
                    elif size == 1 and key.endswith((*TRAINEE_ENDINGS, LESSONS)):  # "Schreinerlehre im 3. Lehrjahr"
                        inner = self._exactly([key])
                        if inner and inner[0].how not in ("part", "head"):
                            found.append((start, inner[0]))
                            used |= 1 << start
                    elif size == 1 and key.endswith(FACTORIES):  # "am Fließband in einer Textilfabrik"
                        # A place, as our own words for one are: a title beside it says the work.
                        inner = self._exactly([key])
                        if inner and inner[0].how == "helper":
                            r = inner[0]
                            found.append((start, Resolution(r.code, r.title, CONFIDENCE["field"], "field")))
                            used |= 1 << start
        for position, word in enumerate(key_words):
            if not used >> position & 1:
                head = self._head(word)
                if head is not None:
                    found.append((position, self._hit(head, "head", helper)))
        if any(r.how == "part" for _, r in found):
            # Beside a title of the list, our own loose words say where or what, not another
            # occupation: "Reinigungskraft für Büros" cleans offices, it is no office job. A worker
            # the list itself names stays ("Sachbearbeiterin Lohnbuchhaltung": a Lohnbuchhalter/in too).
            found = [(position, r) for position, r in found if r.how not in ("colloquial", "field")]
        if len(found) > 1 and self._line_work is not None and any(r.code == self._line_work for _, r in found):
            # Work on a factory's line is that factory's helper work where the text names what the
            # factory makes: "Fließband in einer Konservenfabrik" is food production.
            others = [(position, r) for position, r in found if r.code != self._line_work]
            if any(r.code[4] == HELPER_LEVEL and key_words[position].endswith(FACTORIES) for position, r in others):
                found = others
        found.sort(key=lambda item: item[0])
        unique: dict[str, Resolution] = {}
        for _, resolution in found:
            unique.setdefault(resolution.code, resolution)
        return tuple(unique.values())

    def _head(self, word: str) -> int | None:
        """The longest known last part of a compound: "natursteinmaurer" -> "maurer". A head counts
        only where most compounds ending in it share its code: "-bauer" builds, a "Bauer" farms."""
        for length in self._head_lengths.get(word[-MIN_HEAD:], ()):
            if length > len(word) - 3:
                continue
            head = word[-length:]
            n = self._exact.get(head)
            if n is None:  # our own words are no heads: "Gartenpflege" is no care work
                continue
            family = self._families.get(head)
            if family and family[self.titles[n].code] / sum(family.values()) >= PURE:
                return n
            return None
        return None

    def _corrected(self, key_words: list[str]) -> list[str] | None:
        """Each unknown word replaced by the one known word a single edit away, if there is exactly one
        best; None when nothing changed. The edit must not touch the word's last letters if they make
        another head word ("maurer" never becomes "maler")."""
        changed, result = False, []
        for word in key_words:
            better = self._typo(word)
            changed |= better != word
            result.append(better)
        return result if changed else None

    def _typo(self, word: str) -> str:
        found = self._typos.get(word)
        if found is None:
            found = self._typos[word] = self._typo_uncached(word)
        return found

    def _typo_uncached(self, word: str) -> str:
        if (len(word) < MIN_TYPO or word in GENERIC_WORDS or word in self._known_set or word in MANY_TRADES_VERBS
                or word in self._exact):  # a title's own form ("Logopädin") is spelt right
            return word  # "worker" is no misspelt "Werker"
        restored = self._umlauts(word)
        if restored is not None:
            return restored
        better = self._neighbour(word)
        if better != word and self._infinitive(word):  # a verb our layer knows, as told: "mache" is no "Masche"
            return word
        if better == word:  # a misspelt feminine form: "Verkeuferin", "Erzieherinn", "Tischlerrin"
            for ending, kept, spelt in _FEMININE_ENDINGS:
                if word.endswith(ending) and len(word) - len(ending) >= MIN_TYPO:
                    stem = word[: -len(ending)] + kept
                    if stem not in self._known_set:
                        known = self._umlauts(stem) or self._neighbour(stem, agent=True)
                        if known in (stem, stem + "e"):  # "Technologin" is spelt right: a Technologe
                            break
                        stem = known
                    # Still feminine: beside it, "Medizinische" must still agree with "Laborantin".
                    return stem + spelt
        return better

    def _umlauts(self, word: str) -> str | None:
        """The word of the list that the word is without its umlauts' e, as typed on a keyboard
        without umlauts ("backer": "baecker", "burokauffrau": "buerokaufmann"), where exactly one
        word of the list is; None where none is, or where the word or another form of it is a word of
        the list itself ("Glaserin" is spelt right)."""
        if "a" not in word and "o" not in word and "u" not in word:
            return None
        forms = variants(word)
        if not self._known_set.isdisjoint(forms):
            return None
        for variant in forms:
            found = self._skeletons.get(_skeleton(variant))
            if found:
                rest = word[len(variant):] if word.startswith(variant) else ""
                return found + rest if rest in ("in", "innen") else found  # still feminine
        return None

    def _neighbour(self, word: str, agent: bool = False) -> str:
        """The known word one edit away from `word` (the closest in length, then the first by
        spelling), or `word` itself where there is none. For the stem of a feminine form (`agent`),
        one naming a person first: "Altenpflegrin" is an Altenpflegerin, not "Altenpflege" + "in"."""
        known = self._known_words
        neighbours = set(known.get(word, "").split())
        for shorter in known.keys() & {word[:k] + word[k + 1:] for k in range(len(word))}:
            neighbours.update(known[shorter].split())
        neighbours = {n for n in neighbours if _one_edit(word, n)}
        if not neighbours:
            return word
        # A letter typed twice is the commonest slip: "Glasser" is a Glaser, not "Gläser" (where that
        # makes a title: "Maschinne bedienen" stays "Maschinen").
        # Between as long words, a word's last letter is seldom the slip: "Mechanikr" is a Mechaniker,
        # not "Mechanik".
        # Of words one edit away alike, the list's before our layer's: "Felischerin" is a Fleischerin.
        exact, last, layer = self._exact, word[-1], self._layer_only
        return min(neighbours, key=lambda n: (agent and not n.endswith(_AGENT_ENDINGS),
                                              not (n in exact and _doubled(word, n)), abs(len(n) - len(word)),
                                              n[-1] != last, n in layer, n))


FEW_ROWS = 32  # up to this many rows, a loop in Python beats numpy's fixed cost per call


class _KeyVectors:
    """The title keys' trigram vectors, and which of a few is closest to a query."""

    def __init__(self, matrix: sparse.csr_matrix, idf: list[float]):
        """`matrix`: `Trigrams.vectors` of the keys; `idf`: the trigrams' weights it was made with."""
        self.matrix = matrix
        # A key's trigrams count once each: its vector is the trigrams' idf times one factor per key
        # (one over its norm), read off its first entry. A product with a query is then the sum of
        # the query's weights times idf, over the trigrams the two share, times that factor: summed
        # in C (`best`).
        self._starts = matrix.indptr.tolist()
        filled = np.flatnonzero(np.diff(matrix.indptr))
        first = matrix.indptr[filled]
        scale = np.zeros(matrix.shape[0])
        scale[filled] = matrix.data[first] / np.asarray(idf)[matrix.indices[first]]
        self._scale = scale.tolist()
        self._idf = idf

    def best(self, rows: list[int], query: dict[int, float]) -> tuple[int, float]:
        """The row (of `rows`, ascending) with the highest product with a sparse query, and that
        product; the first of equals. Most texts meet a handful of titles: those are summed one
        by one, each in one call."""
        matrix = self.matrix
        if len(rows) > FEW_ROWS:
            vector = np.zeros(matrix.shape[1])
            vector[list(query)] = list(query.values())
            scores = _row_products(matrix, np.asarray(rows, dtype=np.int64), vector)
            best = int(np.argmax(scores))
            return rows[best], float(scores[best])
        idf = self._idf
        weight = {column: value * idf[column] for column, value in query.items()}.get
        starts, indices, scale = self._starts, matrix.indices, self._scale
        best, top = -1, -1.0
        for row in rows:
            score = sum(map(weight, indices[starts[row]:starts[row + 1]].tolist(), _NOTHING)) * scale[row]
            if score > top:
                best, top = row, score
        return best, top


_NOTHING = repeat(0.0)  # what a trigram the query lacks weighs


def _row_products(matrix, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix[rows] @ vector for a few rows of a large CSR matrix, without slicing it."""
    positions, lengths = row_entries(matrix.indptr, rows)
    owner = np.repeat(np.arange(len(rows)), lengths)
    values = vector[matrix.indices[positions]] * matrix.data[positions]
    return np.bincount(owner, weights=values, minlength=len(rows))


def _shared_start(one: str, other: str) -> int:
    """How many letters two texts begin with alike."""
    return next((k for k, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other)))


def _as_helfer(word: str) -> str:
    """A helper's word with another helper's ending, as the list writes its roles: "pflegehilfskraft"
    -> "pflegehelfer"."""
    return word[: -len("hilfskraft")] + "helfer" if word.endswith("hilfskraft") else word


def _helper_telltale(low: str) -> bool:
    """Whether a text (in lower case) may say that the work was a helper's (substrings: a pattern
    ignoring case is several times slower, and this runs for nearly every text)."""
    return any(telltale in low for telltale in _HELPER_TELLTALES)


def _present_forms(word: str) -> tuple[str, ...]:
    """The infinitives a verb told in the first or third person may be: "trage" -> tragen, "baut" -> bauen."""
    if len(word) < 3:
        return ()
    if word.endswith("e"):
        return (word + "n",)
    if word.endswith("t"):
        return (word[:-1] + "en", word[:-1] + "n")
    return ()


def _infinitives(word: str) -> tuple[str, ...]:
    """The infinitives a past participle may come from, likeliest first: "geputzt" -> putzen,
    "ausgetragen" -> austragen (a separable prefix before "ge"), "verkauft" -> verkaufen (an
    inseparable one takes none), "repariert" -> reparieren, "gebuegelt" -> buegeln; a strong one
    with another vowel only as `_STRONG` knows it ("geschnitten", "abgenommen"). () for a word that is none."""
    if word in _STRONG:
        return (_STRONG[word],)
    if len(word) < 5 or word[-1] not in "tn":
        return ()
    strong = tuple(prefix + _STRONG[word[len(prefix):]] for prefix in _PARTICLES
                   if word.startswith(prefix) and word[len(prefix):] in _STRONG)  # "abgenommen": abnehmen
    if strong:
        return strong
    if word.endswith("iert"):
        return (word[:-1] + "en",)
    found: list[str] = []
    for prefix in _SEPARABLE:
        if word.startswith(prefix + "ge") and len(word) > len(prefix) + 4:
            found += _weak_infinitives(prefix + word[len(prefix) + 2:])
    if word.startswith(_INSEPARABLE):
        found += _weak_infinitives(word)
    return tuple(dict.fromkeys(found))


def _subject_key(key: str) -> str:
    """A subject's key without its "-lehre" ("Betriebswirtschaftslehre" is "Betriebswirtschaft")."""
    return _unjoined(key[: -len("lehre")]) if key.endswith("lehre") else key


def _unjoined(word: str) -> str:
    """A compound's first part without the joining s it takes before the next ("Bekleidungs-",
    "Produktions-"), where enough is left to name something."""
    return word[:-1] if word.endswith("s") and len(word) > MIN_HEAD + 1 else word


def _regular_infinitive(word: str) -> str:
    """The infinitive of a regular past participle ("verlegt", "gearbeitet", "ausgeliefert",
    "gestapelt"), else ""; a strong one only as `_STRONG` knows it."""
    if word not in _STRONG and (len(word) < 6 or word[-1] != "t"):
        return ""
    return next(iter(_infinitives(word)), "")


def _weak_infinitives(stem: str) -> tuple[str, ...]:
    """The infinitives a participle without its "ge" may come from, likeliest first: "putzt" ->
    putzen, "arbeitet" -> arbeiten, "buegelt" -> buegeln, "oeffnet" -> oeffnen; "austragen" stays."""
    if stem.endswith("en"):
        return (stem,)
    if not stem.endswith("t"):
        return ()
    base = stem[:-2] if stem.endswith(("tet", "det")) else stem[:-1]  # "arbeitet": "arbeit"
    return (base + "n", base + "en") if base.endswith(("el", "er", "e")) else (base + "en", base + "n")


def _field_keys(field_words: list[str]) -> tuple[str, ...]:
    """A field's key, and with its adjectives as the list writes them after a dash ("öffentlichen
    Verwaltung": "Öffentliche Verwaltung")."""
    key = "".join(field_words)
    last = len(field_words) - 1
    inflected = "".join(w[:-1] if k < last and w.endswith("en") else w for k, w in enumerate(field_words))
    return (key, inflected) if inflected != key else (key,)


def _doubled(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one of its letters typed twice ("glasser", "glaser")."""
    return len(typed) == len(word) + 1 and any(
        typed[k] == typed[k + 1] and typed[:k] + typed[k + 1:] == word for k in range(len(typed) - 1))


def _display_rank(title: Title) -> tuple:
    """Which title shows a code: a current one, a helper code's "Helfer/in - …" title
    ("Helfer/in - Lagerwirtschaft, Transport", not "Abfüller/in"), then the shortest."""
    helper_named = title.code[4] == HELPER_LEVEL and title.title.startswith("Helfer/in - ")
    return STATE_RANK.get(title.state, 3), not helper_named, len(title.title)


def _purity(titles: Sequence[Title], found: list[int], digits: int = 5) -> float:
    """The share of the titles that agree on the first `digits` digits of their code."""
    codes = Counter(titles[n].code[:digits] for n in found)
    return max(codes.values()) / len(found)


def _usual_level(title: Title) -> tuple:
    """Which of one work's titles at several levels a title without its level means: the skilled
    level (Fachkraft, 2) first, then the next above it, the helper last; then as `_display_rank`."""
    level = int(title.code[4])
    return (abs(level - 2) if level >= 2 else 9, *_display_rank(title))


def _strip_helper(joined: str) -> str:
    if not joined.endswith(HELPER_ENDINGS):
        return ""
    for ending in HELPER_ENDINGS:
        if joined.endswith(ending) and len(joined) - len(ending) >= MIN_HEAD:
            return joined[: -len(ending)]
    return ""


def _letter_gaps(short: str, word: str) -> int | None:
    """How many letters of `word` lie between the letters of `short`, found in order from the first
    ("kfm" in "kaufmann": a, u); None where `word` does not hold them all or is no longer."""
    if len(word) <= len(short):
        return None
    position, gaps = 0, 0
    for letter in short:
        found = word.find(letter, position)
        if found < 0:
            return None
        gaps += found - position if position else 0
        position = found + 1
    return gaps


def _skeleton(word: str) -> str:
    """A folded word without the e of ae, oe and ue: "baeckereifachverkaeufer" -> "backereifachverkaufer"."""
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u") if "e" in word else word


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours apart; the head survives:
    a change in the last three letters is allowed only where the words agree otherwise."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            return len(a) >= 7 or diff[0] < len(a) - 3
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for k in range(len(long_)):
        if long_[:k] + long_[k + 1:] == short:
            return len(short) >= 6 or k < len(long_) - 3
    return False
