"""Building blocks for Dutch person names and the words that are never names."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import regex as re

from ingest.recognizers.base import word_set

if TYPE_CHECKING:
    from ingest.recognizers.lexicon import Lexicon

# One capitalised name word, optionally hyphenated (double surnames: Jansen-Bakker, Ait-Ali).
NAME_WORD = (
    r"(?:(?:[A-ZÀ-ÖØ-Þ]['’](?=[A-ZÀ-ÖØ-Þ])|Mc(?=[A-Z])|Mac(?=[A-Z]))?"  # O'Brien, McDonald
    r"[A-ZÀ-ÖØ-ÞĀ-ŽȘȚ][a-zß-öø-ÿā-žșț'’]+"  # Romanian ș and ț lie outside Latin Extended-A
    r"(?:-(?:(?:van|de|der|den|ter|ten|el|al)[ ])*[A-ZÀ-ÖØ-ÞĀ-ŽȘȚ][a-zß-öø-ÿā-žșț'’]+)?)"
)
# Tussenvoegsels, including Arabic, Spanish, Portuguese and German particles.
TUSSEN = (
    r"(?:(?:van der|van den|van de|van het|van 't|van|de la|de|den|der|ter|ten|te|in 't|in het"
    r"|op de|op den|op 't|uit de|uit den|'t|el|al|da|di|du|dos|das|del|le|la|von|zu|zur|bin|ben"
    r"|ibn|abu|abou|ait|Van der|Van den|Van de|Van|De|Den|Der|Ter|Ten|El|Al|Da|Dos|Von|Ben|Bin"
    r"|Abu|Abou"
    # "van der" or "van den" shortened, as in "J. v.d. Berg", "J. v. d. Berg", "v/d Linden"
    r"|[vV]\.[ ]?d\.|[vV]/d|vd|[vV]\.)[ ])"
)
#: Tussenvoegsels written with a capital, as a surname is written without its given name in the
#: middle of a sentence or a table cell ("de mail van Van Dijk", "| Van Leeuwen |")
CAPITAL_PARTICLES = "Van der|Van den|Van de|Van|De|Den|Ter|Ten"
#: One of those (or Arabic "El", "Al") and its space, before a surname
CAPITAL_TUSSEN = rf"(?:(?:{CAPITAL_PARTICLES}|El|Al)[ ])"
#: Relatives, neighbours and the like, through whom a text names a person ("de zoon van Groen",
#: "buurvrouw jansen")
RELATIVES = (
    "zoon|dochter|man|vrouw|vriend|vriendin|broer|zus|zusje|broertje|vader|moeder|opa|oma|neef"
    "|nicht|oom|tante|ex|partner|zwager|schoonzus|kleinzoon|kleindochter|buurman|buurvrouw"
    "|huisbaas|verhuurder|collega"
)
# Initials: "J.", "J.H.M.", "Th.", "Chr.", "IJ."
INITIALS = r"(?:(?:[A-Z]|Th|Ch|Chr|Ph|IJ|Tj|Joh|Jac|Wm|Corn|Hendr|Gerr)\.[ ]?){1,5}"
# The forms of address people type before a name, bare and in lower case ("mevr", "dhr"); the
# patterns that use them add the optional dot and the case they need.
FORMS_OF_ADDRESS = r"mevrouw|meneer|mijnheer|mevr|mvr|mw|dhr|hr"
# Forms of address and academic titles written before a name.
TITLE = (
    r"(?:mevrouw|mevr\.|mw\.|mej\.|juffrouw|de heer|heer|dhr\.|meneer|mijnheer|mr\.|drs\.|dr\."
    r"|ir\.|ing\.|prof\.|ds\.|bc\.|Mevrouw|Mevr\.|Mw\.|De heer|Dhr\.|Meneer|Mr\.|Drs\.|Dr\."
    r"|Ir\.|Ing\.|Prof\.|hr\.|Hr\.|mvr\.|Mvr\.|mevr|Mevr|dhr|Dhr|mw|Mw|hr|Hr|mvr|Mvr)"
    r"(?![\w])"
)
# "mevrouw mr. drs." -> several titles in a row
# a dot typed after a space ("mevr . Kuipers") is still the title's dot
TITLES = rf"{TITLE}(?:[ ]\.)?(?:[ ]{{1,2}}{TITLE}(?:[ ]\.)?)*"

FULL_NAME = rf"(?:{INITIALS}[ ]?)?(?:{NAME_WORD}[ ])?(?:{NAME_WORD}[ ])?{TUSSEN}{{0,2}}{NAME_WORD}"

# Capitalised words that appear after titles or role words in municipal text but are not names.
NOT_NAME_WORDS = word_set(
    "burgemeester wethouder wethouders gemeente gemeenteraad raad college minister "
    "staatssecretaris officier justitie politie openbare orde veiligheid handhaving toezicht "
    "afdeling team directeur directie voorzitter secretaris griffier ombudsman commissaris "
    "koning koningin rijk staat provincie gedeputeerde staten inspectie rechtbank rechter "
    "raadsheer opiumwet gemeentewet apv wet besluit regeling beleid beleidsregel verordening "
    "artikel lid hoofdstuk paragraaf bijlage afdeling titel boek onderdeel sub hierbij "
    "daarnaast de het een en of in op aan bij van voor met naar om te uit over als dan dat die "
    "dit deze zijn haar hun ons onze uw mijn wij zij hij ik u jij je men er wel niet geen ook "
    "nog heer mevrouw meneer geachte beste zeer volgens tijdens namens hierbij daarna omdat "
    "sinds zoals vanwege wegens door na tot via per binnen buiten tegen zonder onder boven "
    "naast rond langs vanaf hoewel indien wanneer nadat voordat zodat maar want dus toch echter "
    "daarom verder tevens alsmede conform inzake betreft onderwerp datum aanwezig afwezig "
    "verslag melding melder bewoner betrokkene beleidsregel damocles damoclesbeleid bibob "
    "oranje nassau boek wetboek strafrecht kader index risico bank amendement motie "
    "b.v bv n.v nv v.o.f vof c.v u.a eenmanszaak holding bestuurder eigenaar eigenaresse "
    "vennoot exploitant aandeelhouder compagnon uitbater huurder verhuurder aanvrager stichting"
)

#: Words ending like this are names of rules, bodies or teams, not of people.
POLICY_SUFFIXES = (
    "beleid",
    "regel",
    "regels",
    "wet",
    "besluit",
    "verordening",
    "plan",
    "nota",
    "regeling",
    "protocol",
    "convenant",
    "overleg",
    "raad",
    "commissie",
    "dienst",
    "afdeling",
    "team",
)
PARTICLES = word_set(
    "van de der den het 't te ter ten el al da di du dos le la von zur bin ben ibn abu abou ait"
    " in op aan uit"
)


#: Countries (Dutch names): where someone comes from, never the person ("Yonas T., Eritrea, geb.")
COUNTRIES = word_set(
    "afghanistan albanië algerije andorra angola argentinië armenië aruba australië "
    "azerbeidzjan bahrein bangladesh belarus wit-rusland belgië benin bhutan bolivia bonaire "
    "bosnië botswana brazilië bulgarije burundi cambodja cameroen canada chili china colombia "
    "congo curaçao cuba cyprus denemarken djibouti dominicaanse duitsland ecuador egypte "
    "eritrea estland ethiopië filipijnen finland frankrijk gabon gambia georgië ghana "
    "griekenland guatemala guinee haïti haiti honduras hongarije ierland ijsland india "
    "indonesië irak iran israël italië ivoorkust jamaica japan jemen jordanië kaapverdië "
    "kameroen kazachstan kenia kirgizië koeweit kosovo kroatië laos lesotho letland libanon "
    "liberia libië litouwen luxemburg macedonië madagaskar malawi maleisië mali malta marokko "
    "mauritanië mexico moldavië mongolië montenegro mozambique myanmar namibië nederland nepal "
    "nicaragua niger nigeria noorwegen oekraïne oezbekistan oman oostenrijk pakistan palestina "
    "panama paraguay peru polen portugal qatar roemenië rusland rwanda saoedi-arabië senegal "
    "servië singapore slovenië slowakije soedan somalië spanje suriname syrië "
    "tadzjikistan taiwan tanzania thailand togo tsjaad tsjechië tunesië turkije turkmenistan "
    "uganda uruguay venezuela verenigde vietnam zambia zimbabwe zuid-afrika zuid-korea "
    "noord-korea zuid-soedan zweden zwitserland engeland schotland wales"
)

def not_a_name(word: str, common_words: frozenset[str] = frozenset()) -> bool:
    """True for words that never make up a person's name in municipal text."""
    lower = word.lower().strip(".,'’")
    return (lower in NOT_NAME_WORDS or lower in common_words or lower in COUNTRIES
            or lower.endswith(POLICY_SUFFIXES))


_NAME_SPLIT = re.compile(r"[\s-]+")


def name_words(value: str) -> list[str]:
    """The capitalised parts of a name: no initials, no particles (van, de, el)."""
    parts = _NAME_SPLIT.split(value.strip(" .,"))
    return [p for p in parts if p and not p.endswith(".") and p.lower() not in PARTICLES]


#: A house number right after a capitalised word ("Dijk 44"): that word is a street, not a name.
#: A phone number ("Jan de Vries 06-12345678") is not a house number.
HOUSE_NUMBER_AFTER = re.compile(r"[ ]\d{1,4}(?!\d|[.,:]\d|-\d{5})")


#: Capitalised words of institutions, bodies and programmes ("Openbaar Ministerie", "Raad van
#: State", "Centrum voor Jeugd en Gezin"): a word sequence with one of them is not a person.
INSTITUTION_WORDS = word_set(
    "openbaar openbare ministerie landelijk landelijke regionaal regionale nationaal nationale "
    "centraal centrale algemeen algemene koninklijk koninklijke nederlands nederlandse europees "
    "europese internationaal bureau centrum informatie expertisecentrum expertise raad state "
    "rechtbank kantongerecht tribunaal parket politie gemeente provincie waterschap minister "
    "ministerie dienst inspectie autoriteit agentschap stichting vereniging instituut college "
    "commissie directie afdeling team unit sector bestuur zorg veilig veiligheid veiligheidshuis "
    "veiligheidsregio jeugd gezin justitie meldkamer kamer koophandel belastingdienst douane "
    "marechaussee brandweer ggd halt reclassering woningcorporatie corporatie fonds orgaan "
    "programma project aanpak netwerk platform loket steunpunt academie universiteit hogeschool "
    "school ziekenhuis kliniek huisartsenpost apotheek kerk moskee synagoge museum theater "
    "bibliotheek station luchthaven markt plein wijk buurt dorp stad "
    "staten kabinet parlement senaat eerste tweede derde noord zuid oost west noorder zuider "
    "ooster wester binnenstad "
    "sint heilige onze lieve vrouwe maandag dinsdag woensdag donderdag vrijdag zaterdag zondag "
    "januari februari maart april mei juni juli augustus september oktober november december "
    "proces-verbaal mutatie melding zaak dossier bijlage formulier rapport rapportage advies "
    "besluit beschikking convenant protocol handhaving toezicht ondermijning overlast "
    "opsporing integriteit beleidslijn beleidsregel verordening wet wetboek nederland holland "
    "europa belgië duitsland misdaad anoniem kruis leger heils spoorwegen jeugdzorg "
    "slachtofferhulp vluchtelingenwerk kinderbescherming humanitas vervoer openbaarvervoer "
    "circulaire aanwijzing richtlijn memorie toelichting verdrag midden"
)
#: Endings of Dutch abstract nouns and bodies; person names do not end like this.
INSTITUTION_SUFFIXES = (
    "heid", "schap", "teit", "isme", "atie", "centrum", "dienst", "bureau", "regio",
    "ministerie", "instituut", "college", "fonds", "orgaan", "loket", "plein", "straat", "laan",
    "kade", "gracht", "singel", "markt", "landse", "ische", "lijke", "isch", "nederland",
    "ieel", "ueel", "register", "regeling", "systeem", "toezicht", "handhaving", "zorg",
    "hulp", "verdrag", "bank", "organen", "iale", "onale", "iële",
)


def institution_word(word: str) -> bool:
    """True for a word of an institution's or programme's name, not of a person's."""
    lower = word.lower().strip(".,'’")
    return lower in INSTITUTION_WORDS or lower.endswith(INSTITUTION_SUFFIXES)


#: A word that names a street, bridge or park after a person ("Coenstraat", "Barentszpark",
#: "Clausbrug"): a name that ends in one is the place, not the person.
_STREET_WORD_END = re.compile(
    r"\p{Lu}[\p{Ll}'’-]{2,}(?:straat|laan|plein|park|brug|gracht|singel|kade|steeg|dreef"
    r"|plantsoen|boulevard|promenade|straatweg)$"
)


#: National chains that carry their founder's name: a shop or hotel, not a person
_CHAINS = frozenset({
    "albert heijn", "van der valk", "jan linders", "dirk van den broek", "hans anders",
    "bart smit", "henk ten hoor", "van haren", "douwe egberts", "jacob hooy", "pieter pot",
    "hanos", "marskramer", "wibra", "zeeman",
})


_LIST_REACH = 3000  # characters around a list item to look for its neighbours
_LIST_ITEM = re.compile(r"[A-Z]\.[ ]{1,3}(?P<word>\p{Lu}[\p{Ll}-]+)")


def list_heading(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """ "A. Inrichting" at the start of a line, with the letter before or after it also opening
    a line nearby ("B. Exploitant"): the heading of a list item, not an initial and a surname
    (the word is no known name). A signature "K. Talussi" has no such neighbours."""
    item = _LIST_ITEM.fullmatch(text, start, end)
    line = text.rfind("\n", 0, start) + 1
    if item is None or text[line:start].strip() or lexicon.is_name(item.group("word")):
        return False
    letter = ord(text[start])
    neighbours = re.compile(
        rf"(?m:^)[ \t]*(?:{re.escape(chr(letter - 1))}|{re.escape(chr(letter + 1))})\.[ ]{{1,3}}"
        r"\p{Lu}")
    return neighbours.search(text, max(0, start - _LIST_REACH), min(len(text), end + _LIST_REACH)
                             ) is not None


def named_after_a_person(value: str) -> bool:
    """True for "Jan Pieterszoon Coenstraat", "Prins Clausbrug": a street, bridge or park."""
    words = value.split()
    return len(words) >= 2 and _STREET_WORD_END.search(words[-1]) is not None


def chain_named_after_a_person(value: str) -> bool:
    """True for "Albert Heijn", "Van der Valk": a chain that carries its founder's name (a
    business where a case names it, never a person)."""
    return " ".join(value.lower().split()) in _CHAINS


#: A district of a place: "Elst-Noord", "Amsterdam-Zuidoost", "Zwolle-Centrum"
_DISTRICT = re.compile(
    r"(?P<place>[^\W\d_][\w'’]+)-(?:Noord|Zuid|Oost|West|Noordoost|Noordwest|Zuidoost|Zuidwest"
    r"|Centrum|Midden|Binnenstad|Dorp|Stad)"
)


def district_of(word: str, is_place: Callable[[str], bool]) -> bool:
    """True for a place with a district after a hyphen ("Elst-Noord")."""
    match = _DISTRICT.fullmatch(word)
    return match is not None and is_place(match.group("place"))
