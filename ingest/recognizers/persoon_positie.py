"""Person names by their place in a sentence or form, for names that are in no lexicon.

"Dritan Hoxha weigerde ...", "zagen wij Ionut Popescu zitten", "Achternaam: OKONKWO",
"burgemeester Van Schaik": no title or role word right before the name, but the position says
it is a person. A name in such a position must not look like an institution, a place, a street
or a business ("Openbaar Ministerie heeft", "Raad van State oordeelde").
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern
from spacy.lang.nl.stop_words import STOP_WORDS

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words
from ingest.recognizers.bedrijf import KIND_WORDS, TRADE_WORDS
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import (
    CAPITAL_PARTICLES,
    CAPITAL_TUSSEN,
    HOUSE_NUMBER_AFTER,
    INITIALS,
    NAME_WORD,
    NOT_NAME_WORDS,
    RELATIVES,
    TITLES,
    TUSSEN,
    institution_word,
    name_words,
    not_a_name,
)

# A name without a title: two to four capitalised words, tussenvoegsels between them.
_BARE_NAME = rf"{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD}){{1,3}}"
# What a person does in a report, a complaint or minutes (the verb right after the subject).
_VERBS = (
    "verklaarde|verklaart|verklaarden|zag|ziet|belde|belt|meldde|meldt|vertelde|vertelt|zei|zegt"
    "|liet|laat|weigerde|weigert|rende|liep|loopt|sloeg|schopte|dreigde|bedreigde|gaf|geeft|kwam"
    "|komt|ging|gaat|reed|rijdt|woont|woonde|heeft|had|werd|wordt|wil|wilde|erkent|erkende"
    "|ontkent|ontkende|betwist|betwistte|vraagt|vroeg|noemde|noemt|antwoordde|antwoordt"
    "|bevestigde|bevestigt|verscheen|vluchtte|pakte|duwde|trok|gooide|hoorde|herkende|verliet"
    "|diende|tekende|ondertekende|bleek|lijkt|leek|stelde|stelt|nam|neemt|licht|lichtte"
    "|verhuisde|is verhuisd|werkt|werkte|huurt|huurde|verhuurt|kocht|koopt|bezit|bezat|beheert"
    "|exploiteert|exploiteerde|was|is|zit|zat|stond|staat|opende|verliet|keerde|vertrok|arriveerde"
)
_VERB = keyword_regex(_VERBS, any_case=False)
#: The verbs as words, to tell "AYSEL GAF AAN" (a name and a verb) from "AYSEL DEMIR"
VERB_WORDS = frozenset(w for w in _VERBS.split("|") if " " not in w)
#: Prepositions after which one known given name is a person ("bij Orhan", "met Mariam")
_PREPOSITIONS = "bij|met|van|door|tegen|naast|voor|aan|over|namens|volgens|Volgens"
#: Words after which a name is said or spelled out ("hij zei Ahmad", "achternaam Noorzai")
_SAYING = "zei|zegt|heette|heet|noemde|noemt|spelde|achternaam|voornaam|roepnaam"
#: Tussenvoegsels in lower case before a surname in prose ("met de Vries", "van Dijk belde")
_SURNAME_PARTICLES = "(?:van der|van den|van de|van|de|den|ter|ten)"
#: The same capitalised or shortened, as a surname is written in the middle of a sentence or a
#: table cell ("de mail van Van Dijk", "| Van Leeuwen |", "dat vd Berg pas later thuis is")
_CAP_SURNAME_PARTICLES = rf"(?:{CAPITAL_PARTICLES}|vd|v\.d\.|Vd|V\.d\.)"
#: Verbs only a person does (not "is", "heeft", "staat"): after one known name alone
_PERSON_VERB = keyword_regex(
    "verklaarde|verklaart|belde|belt|meldde|meldt|vertelde|vertelt|zei|zegt|weigerde|weigert"
    "|rende|sloeg|schopte|dreigde|bedreigde|erkent|erkende|ontkent|ontkende|vroeg|antwoordde"
    "|bevestigde|vluchtte|duwde|gooide|schreeuwde|riep|mailde|appte|stuurde|klaagde|klaagt",
    any_case=False,
)
# Verbs after which a report names the person seen, met or spoken to.
_SEEING = keyword_regex(
    "zag|zagen|zien|trof|troffen|aangetroffen|herkende|herkenden|hoorde|hoorden|sprak|spraken"
    "|belde|belden|verhoorde|verhoorden|ondervroeg|fouilleerde|fouilleerden|sommeerde"
    "|sommeerden|waarschuwde|waarschuwden|bekeurde|bekeurden|arresteerde|arresteerden"
    "|aangehouden|hield|hielden|aangesproken|spraken",
    any_case=False,
)
_FILLER = r"(?:[ ](?:wij|we|ik|hij|zij|ze|verbalisant|verbalisanten|ter|plaatse|daar|toen|ook"
_FILLER += r"|opnieuw|nog|later|direct|meteen|de|heer|mevrouw|aldaar|binnen|buiten)){0,4}"
# Form fields whose value is a person's name: "Achternaam: OKONKWO", "NAAM MELDER: ...".
_LABELS = (
    "naam|achternaam|voornaam|voornamen|voorletters|geslachtsnaam|roepnaam|familienaam"
    "|naam melder|naam aanvrager|naam verdachte|naam betrokkene|naam bewoner|naam eigenaar"
    "|naam veroorzaker|naam contactpersoon|naam organisator|naam getuige|naam huurder"
    "|naam aangever|naam overtreder|naam exploitant|naam leidinggevende|ondertekenaar"
)
_LABEL = keyword_regex(_LABELS)
_NOT_PERSON_FIELDS = re.compile(
    r"organisatie|bedrijf|onderneming|instantie|instelling|gemeente|evenement|straat|school"
    r"|vereniging|stichting|zaak|inrichting|locatie|project|document|bestand|voertuig|bank",
    re.IGNORECASE,
)
_FIELD_VALUE = (
    r"(?P<value>(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*|[a-z]{1,3}|'t)(?:[ ,]{1,2}(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*"
    r"|van|de|der|den|het|ter|ten|te|el|al|da|di|du|dos|le|la|von|bin|ben|'t)){0,6})"
)
# Function titles written right before a surname: "burgemeester Van Schaik".
_FUNCTIONS = (
    "burgemeester|wethouder|verbalisant|verbalisanten|brigadier|hoofdagent|agent|inspecteur"
    "|hoofdinspecteur|teamchef|rechercheur|officier van justitie|advocaat-generaal|notaris"
    "|huisarts|rechter|griffier|raadslid|gedeputeerde|commissaris|secretaris|directeur"
    "|wijkagent|wijkagente|boa|handhaver|toezichthouder|regisseur|wijkregisseur|casemanager"
    "|jongerenwerker|wijkbeheerder|coördinator|coordinator|behandelaar|buurtbemiddelaar"
    "|portier|nachtportier|beveiliger|uitsmijter|bedrijfsleider|huismeester|conciërge"
)
_FUNCTION = keyword_regex(_FUNCTIONS)
#: "de zoon van Groen", "de vrouw van Bakker": a person named through a relative
_KIN_OF = rf"{RELATIVES}|kinderen|kind|familie|baas|hond|auto"
#: Fields that carry who wrote or handled a document, often as initials or a user name
_SIGN_OFF_LABELS = (
    "paraaf|notulist|notulen|ingevuld door|opgesteld door|afgehandeld door|behandeld door"
    "|verwerkt door|ingevoerd door|operator|operators|operator\\(s\\)|gezien door|akkoord"
    "|ontvangen door|aangemaakt door|toegewezen aan|gewijzigd door|handtekening"
    "|handtekening intaker|handtekening medewerker"
)
#: What such a field holds: initials ("KvD", "jvdh", "SB"), a user name ("k.vandijk") or a
#: given name in lower case; the last of names split by a slash ("S. Baldewsingh / niels")
_SIGN_OFF_VALUE = r"[A-Za-z]{2,5}|[a-z]\.[a-z]{3,20}|[a-z]{2,15}_[a-z]{1,5}|[a-zà-öø-ÿ]{3,15}"
#: Initials with a "van" ("AvK", "KvdB") on a signature line of their own: "– AvK"
_VAN_INITIALS = r"[A-Z]v[dD]?[A-Z]"
#: Abbreviations a sign-off field or line may hold that are no person's initials
_ABBREVIATIONS = frozenset({"KvK", "RvS", "OvJ", "PvA", "PvE", "VvE", "RvB", "RvC", "RvT",
                                "HvJ", "CvB", "BvO", "AvG", "WvS", "WvSv", "RvdK", "RvR",
                                # teams and bodies a field may name instead of a person
                                "OOV", "BOA", "GGD", "APV", "VTH", "KCC", "WMO", "IND", "COA",
                                "RIEC", "CJG", "ZVH", "OM", "BRP", "BGT", "ICT", "FB", "HRM"})
#: Words for a person that a description may end in, before the name in apposition
_PERSON_NOUN = (
    r"(?:jongen|man|vrouw|meid|meisje|knul|gast|eigenaar|buurman|buurvrouw|portier|uitbater"
    r"|huurder|bewoner|zoon|dochter|vriend|vriendin|collega|medewerker|chauffeur)"
)
#: a lower-case user name that starts with initials and a "v(d)": "jvdwiel", "kvdberg"
_INITIALS_GLUED = re.compile(r"[a-z]{1,2}v[dt]?[a-z]{3,}$")
_NOT_INITIALS = frozenset({"nvt", "ja", "nee", "geen", "volgt", "volgen", "gezien", "akkoord",
                           "ok", "oke", "idem", "zie", "n.v.t", "onbekend", "nog", "wel"})
#: Words for a case or a measure that case lists put before the person's surname
_CASE_WORDS = (
    "casus|dossier|inzake|gebiedsverbod|huisverbod|contactverbod|verblijfsontzegging"
    "|samenscholingsverbod|verlenging|sluiting|woningsluiting|waarschuwing|dwangsom"
    "|voornemen|zienswijze|bezwaar|top-x|pga|ggz-casus|mda"
)
_FUNCTION_BEFORE = re.compile(rf"\b{_FUNCTION},?[ ]$")
_FUNCTION_WORD = re.compile(rf"(?i:{_FUNCTIONS})")
_AND_AFTER = re.compile(r"[ ](?:en|&)[ ]([\w'’-]+)")
_ARTICLE_BEFORE = re.compile(
    r"\b(?i:de|het|een|die|dat|deze|dit|onze|mijn|zijn|haar|hun|jullie)[ ]$")
_LOWER_WORD_BEFORE = re.compile(r"\b(\p{Ll}+)[ ]$")
_PARTICLE_SURNAME = re.compile(rf"{_SURNAME_PARTICLES}[ ]{NAME_WORD}")
_CAPITALISED_WORD_BEFORE = re.compile(r"\p{Lu}[\w'’-]*[ ]$")
_PLACE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:aan|op|in|langs|over|naar|onder|achter|via|richting|tot|rond|nabij|uit)[ ]$",
    re.IGNORECASE,
)
_SURNAME_COMMA_INITIALS = re.compile(rf"{TUSSEN}{{0,2}}{NAME_WORD},[ ]{INITIALS}.*")
#: Where one word alone may be a name: before a person's verb, after seeing or saying
_PREPOSITION_BEFORE = re.compile(rf"\b(?:{_PREPOSITIONS})[ ]$")
_SAID_NAME = rf"{CAPITAL_TUSSEN}?{NAME_WORD}"
_ALTERNATIVE = re.compile(r"[ ](?:of|en|/)[ ]")
_PERSON_VERB_AFTER = re.compile(rf"[ ]{_PERSON_VERB}(?![\w])")
_SEEING_OR_SAYING_BEFORE = re.compile(
    rf"\b(?:{_SEEING}{_FILLER}|(?i:{_SAYING})[ ,:]?)[ ]$"
)
_CAPS_ROLE = keyword_regex(
    "verdachte|betrokkene|melder|aangever|getuige|slachtoffer|vriend|vriendin|broer|zus|zoon"
    "|dochter|vader|moeder|partner|echtgenoot|echtgenote|eigenaar|huurder|bestuurder|genaamd"
    "|buurman|buurvrouw|bewoner|bewoonster|aanvrager|klager|klaagster|overtreder"
    "|alias|bijnaam|fam.|familie",
)
_CAPS_NAME = (
    r"(?!(?:FAM|FAMILIE|HET|EEN|BIJNAAM|ALIAS|GENAAMD)\b)"
    r"(?:(?:VAN DER|VAN DEN|VAN DE|VAN|DE|DEN|TER|TEN|EL|AL|BEN)[ ])?\p{Lu}[\p{Lu}'’-]+"
)
_ALL_CAPS = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž'’.\- ,]+")
_UPPER_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]{2,}")


#: Where a neighbour lives, as people name them by it: "Winter van driehoog", "henk van nr 9"
_HOME = (
    r"driehoog|tweehoog|vierhoog|eenhoog|hiernaast|ernaast|boven|beneden|de[ ]overkant"
    r"|nummer[ ]\d|nr\.?[ ]?\d"
)


class PersoonPositieRecognizer(DutchPatternRecognizer):
    """A name as subject or object of a person's verb, in a name field, after a function."""

    ENTITY = "PERSOON"
    PATTERNS = (
        # "Dritan Hoxha weigerde", "Anastasiia Kovalenko verklaarde:"
        Pattern(
            "name_before_verb",
            rf"(?<![\w'’-])(?P<value>{_BARE_NAME})[ ,]{{1,2}}{_VERB}(?![\w])",
            0.6,
        ),
        # "Volgens de buren verklaarde Tchalla Mbuyi dat ...", "Daarna belde Oksana Melnyk"
        Pattern(
            "name_after_verb",
            rf"\b{_VERB}[ ](?P<value>{_BARE_NAME})(?![\w'’-])",
            0.6,
        ),
        # "zagen wij Dritan Hoxha op de bank zitten", "hoorde Tsegaye roepen"
        Pattern(
            "name_after_seeing",
            rf"\b{_SEEING}{_FILLER}[ ](?P<value>{_BARE_NAME}|{NAME_WORD})(?![\w'’-])",
            0.6,
        ),
        # "Bakker belde weer", "Mustafa zei": one known name as the subject of a person's verb
        Pattern(
            "known_name_before_person_verb",
            rf"(?<![\w'’-])(?P<value>{NAME_WORD})[ ]{_PERSON_VERB}(?![\w])",
            0.6,
        ),
        # "hij zei Ahmad", "achternaam Noorzai of Nurzai": a name said or spelled out
        Pattern(
            "name_after_saying",
            rf"\b(?i:{_SAYING})[ ,:]{{1,2}}"
            rf"(?P<value>{_SAID_NAME}(?:[ ](?:of|en|/)[ ]{_SAID_NAME})?)(?![\w'’-])",
            0.6,
        ),
        # registers and lists: "Jansen, P.", "Kaya, M. (melder)", "Van der Berg, J.H."
        Pattern(
            "surname_comma_initials",
            rf"(?<![\w'’-])(?P<value>{TUSSEN}{{0,2}}{NAME_WORD},[ ]{INITIALS}(?<=\.)"
            rf"(?:[ ](?:van der|van den|van de|van|de|den|ter|ten|el|al)(?![\w]))?)(?![\w])",
            0.6,
        ),
        # a surname in capitals after a form of address: "Dhr. VAN DEN BERG", "mevrouw KAYA"
        Pattern(
            "caps_name_after_title",
            rf"\b{TITLES}[ ]{{1,2}}(?P<value>(?:{INITIALS}[ ]?)?(?:(?:VAN DER|VAN DEN|VAN DE|VAN"
            rf"|DE|DEN|TER|TEN|EL|AL|BEN)[ ])?\p{{Lu}}[\p{{Lu}}'’-]+)(?![\w])",
            0.6,
        ),
        # the object of a preposition: "geslagen door Dritan Hoxha", "ruzie met Ionut Popescu"
        Pattern(
            "name_after_preposition",
            rf"\b(?:door|met|tegen|namens|bij|voor|over|zonder|naast|tussen|aan)[ ]"
            rf"(?P<value>{_BARE_NAME})(?![\w'’-])",
            0.6,
        ),
        # police style in capitals: "VERBALISANT, JANSSEN, BRIGADIER", "VRIEND VAN BOUCHRA A."
        Pattern(
            "caps_name_after_role",
            rf"\b(?:{_FUNCTION}|{_CAPS_ROLE})(?:[ ]VAN)?(?:[ ]\d{{1,2}})?[,:]?[ ]{{1,2}}"
            rf"(?P<value>(?:{INITIALS}[ ]?)?{_CAPS_NAME}(?:,[ ]{_CAPS_NAME})?"
            rf"(?:[ ][A-Z]\.)*)(?![\w'’-])",
            0.6,
        ),
        # "bij Orhan geweest", "een man, Vasyl, komt", "hoi, Ahmed hier": one given name by its
        # place (a known given name after a preposition; any name in apposition or introduced)
        Pattern(
            "given_name_after_preposition",
            rf"\b(?:{_PREPOSITIONS})[ ](?P<value>{NAME_WORD})"
            r"(?![\w'’-]|[ ]\p{Lu})",
            0.6,
        ),
        Pattern(
            "name_in_apposition",
            rf"\b(?:man|vrouw|jongen|meisje|jongeman|dame|buurman|buurvrouw|kerel|gast|vent)"
            rf",[ ](?P<value>{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD})?),",
            0.6,
        ),
        Pattern(
            "name_introducing_itself",
            rf"(?:^|[,.!][ ]|\b(?:hoi|hallo|hey|hee|goedemiddag|goedemorgen|goedenavond|dag)[, ]+)"
            rf"(?:met[ ])?(?P<value>{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD})?)[ ]hier\b",
            0.6,
        ),
        # "met de Vries", "van Dijk belde": a known surname after its tussenvoegsel, in prose
        Pattern(
            "surname_after_particle",
            rf"(?<![\w'’-])(?P<value>{_SURNAME_PARTICLES}[ ]{NAME_WORD})"
            rf"(?![\w'’-]|[ ]\p{{Lu}})",
            0.6,
        ),
        # "de mail van Van Dijk", "| Van Leeuwen |": a capitalised tussenvoegsel and a known
        # surname, not at the start of a sentence or line
        Pattern(
            "surname_after_capital_particle",
            rf"(?=[VvDT])(?<=[\p{{Ll}},;:|(][ ]{{1,3}}|\|[ ]?)(?P<value>{_CAP_SURNAME_PARTICLES}[ ]"
            rf"{NAME_WORD})(?![\w'’-]|[ ]\p{{Lu}})",
            0.6,
        ),
        # "Winter van driehoog", "Jansen van nummer 8": a neighbour named by where they live;
        # "Mulder van facilitair", "Winter van de nachtploeg": a colleague by their unit
        Pattern(
            "surname_by_home_or_unit",
            rf"(?<![\w'’-])(?P<value>{CAPITAL_TUSSEN}?{NAME_WORD})[ ]van[ ](?:{_HOME}"
            rf"|drie[ ]hoog|twee[ ]hoog|de[ ]overburen"
            rf"|(?:(?:de[ ])?(?:nacht|dag|avond|vroege|late)(?:ploeg|dienst)|facilitair"
            rf"|de[ ](?:receptie|balie|buitendienst|binnendienst|postkamer|meldkamer|planning))"
            rf"(?![\w-]))",
            0.6,
        ),
        # "die henk van nr 9": a known given name typed in lower case, named by where they live
        Pattern(
            "lower_given_name_by_floor_or_number",
            rf"(?<![\w'’-])(?P<value>[a-zà-öø-ÿ]{{3,}})[ ]van[ ](?:{_HOME})",
            0.6,
        ),
        # "Paraaf: KvD", "Notulist: jvdh", "Ingevuld door: k.vandijk (klantmanager)",
        # "Operator(s): S. Baldewsingh / niels", and "– AvK" under a note
        Pattern(
            "initials_in_sign_off_field",
            rf"(?:(?m:^)[ \t]*|[ \t]{{2,}})(?:(?i:{_SIGN_OFF_LABELS})[ \t]*(?::|\.{{3,}}:?)[ \t.]*"
            rf"(?:[^\n/]{{1,40}}/[ ]?)?(?P<value>{_SIGN_OFF_VALUE})"
            rf"|(?m:^)[ \t]*[-–—][ ]?(?P<value>{_VAN_INITIALS}))"
            rf"(?:[ ]?\([^)\n]{{1,40}}\))?(?=[ \t]{{2,}}\S|[ \t]*\||[ \t]*(?m:$))",
            0.6,
        ),
        # "werden wij, Brouwer en El Idrissi, gestuurd": officers naming themselves
        Pattern(
            "name_after_we",
            rf"\b(?:[Ww]ij|[Ww]e),[ ](?:(?i:verbalisanten|verbalisant|collega's|agenten|boa's"
            rf"|handhavers)[ ])?(?P<value>(?:{INITIALS}[ ]?)?{TUSSEN}{{0,2}}{NAME_WORD})"
            rf"(?=[ ](?:en|&)[ ]\p{{Lu}})",
            0.6,
        ),
        # "Rapporteur: hoofdagent 4718 / BROUWER": a rank, the service number and the name
        Pattern(
            "name_after_service_number",
            rf"\b{_FUNCTION}[ ]\d{{3,6}}[ ]?/[ ]?(?P<value>(?:{INITIALS}[ ]?)?{TUSSEN}{{0,2}}"
            rf"(?:{NAME_WORD}|\p{{Lu}}{{2,}}(?:-\p{{Lu}}{{2,}})?))(?![\w'’-])",
            0.6,
        ),
        # "Abrehet Ghebremariam (v), 1999": a name with the person's sex in brackets
        Pattern(
            "name_before_sex",
            rf"(?<![\w'’-])(?P<value>(?:{INITIALS}[ ]?)?{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}"
            rf"{NAME_WORD}){{0,3}})[ ]\((?:[mvMV]|m/v|v/m|man|vrouw)\)",
            0.6,
        ),
        # "casus Brouwer", "gebiedsverbod verlenging Smit", "dossier Visser": a known surname
        # after a word for a case or a measure, as case lists and agendas name people
        Pattern(
            "surname_after_case_word",
            rf"\b(?i:{_CASE_WORDS})[ ](?P<value>{NAME_WORD})(?![\w'’-]|[ ]\p{{Lu}})",
            0.6,
        ),
        # "Die lange, Stijn.", "Die jongen van de zaak, Yusuf, zegt": a given name after a
        # description of the person
        Pattern(
            "given_name_after_description",
            rf"\b(?:[Dd]ie|[Dd]at|[Dd]e|[Ee]en)[ ](?:\p{{Ll}}+e|(?:\p{{Ll}}+[ ])?{_PERSON_NOUN}"
            rf"(?:[ ]van[ ](?:de|het|hiernaast|boven|beneden)(?:[ ]\p{{Ll}}+)?)?)"
            rf",[ ](?P<value>{NAME_WORD})(?=[.,!?;]|$)",
            0.6,
        ),
        # "bij de Hoekstra's op nummer 10": a family by its (known) surname in the plural
        Pattern(
            "family_in_the_plural",
            rf"\b(?:de|De|bij[ ]de)[ ](?P<value>{NAME_WORD}['’]s)(?![\w'’-])",
            0.6,
        ),
        # "de zoon van Groen", "de vrouw van Bakker": a known surname after a relative
        Pattern(
            "surname_after_relative",
            rf"\b(?:{_KIN_OF})[ ]van[ ](?P<value>{NAME_WORD})(?![\w'’-]|[ ]\p{{Lu}}|[ ]\d)",
            0.6,
        ),
        # e-mail and memo headers: "Van: Thijs", "Aan: Loes Hendriks", "Cc: R. Doornbos"
        Pattern(
            "name_in_header",
            rf"(?m:^)[ \t]*(?i:van|aan|cc|bcc|afzender|from|to|geadresseerde)[ \t]*:[ \t]*"
            rf"(?P<value>(?:{INITIALS}[ ]?)?{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD}){{0,2}})"
            rf"(?=[ \t]*(?:$|[,;<(]))",
            0.6,
        ),
        # "Achternaam: OKONKWO", "VOORLETTERS: M.C.", "Naam melder: Janssen-Opdam", and forms
        # with dotted leaders: "Roepnaam .............. Juju"
        Pattern(
            "name_in_field",
            rf"(?m:^)[ \t]*(?P<label>(?:[\w-]+[ /]){{0,2}}{_LABEL}(?:[ ][\w()/-]+){{0,4}})"
            rf"(?:[ \t]*:|[ \t]+\.{{3,}}:?)[ \t]*{_FIELD_VALUE}[ \t]*$",
            0.6,
        ),
        # "De huurder heet volgens de brievenbus Dimitrov", "een man die zich Rocco noemt"
        Pattern(
            "name_after_naming_verb",
            rf"\b(?:heet|heten|noemt[ ]zich|noemde[ ]zich|naam[ ]is|naam[ ]was"
            rf"|opgegeven[ ]als|opgaf[ ]als)"
            rf"(?:[ ](?:volgens|de|het|zijn|haar|hun|brievenbus|naambordje|bel|voluit|officieel"
            rf"|eigenlijk|echt|ook|wel|zelf)){{0,4}}[ ](?P<value>{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}"
            rf"{NAME_WORD}){{0,2}})(?![\w'’-])",
            0.6,
        ),
        # "burgemeester Van Schaik", "verbalisant De Wit", "wethouder El Khadiri"
        Pattern(
            "name_after_function",
            rf"\b{_FUNCTION},?[ ](?P<value>(?:{INITIALS}[ ]?)?(?:Van der|Van den|Van de|Van|De|Den"
            rf"|Ter|Ten|El|Al|Ben)[ ]{NAME_WORD}|(?:{INITIALS}[ ]?)?{NAME_WORD})(?![\w'’-])",
            0.6,
        ),
    )
    CONTEXT = ()
    TRIGGERS = {
        "name_after_seeing": trigger_words(
            "zag|zagen|zien|trof|troffen|aangetroffen|herkende|herkenden|hoorde|hoorden|sprak"
            "|spraken|belde|belden|verhoorde|verhoorden|ondervroeg|fouilleerde|fouilleerden"
            "|sommeerde|sommeerden|waarschuwde|waarschuwden|bekeurde|bekeurden|arresteerde"
            "|arresteerden|aangehouden|hield|hielden|aangesproken"
        ),
        "name_in_field": trigger_words(_LABELS + "|voorletter"),
        "name_after_function": trigger_words(_FUNCTIONS),
        "surname_after_relative": trigger_words(_KIN_OF),
        "surname_by_home_or_unit": trigger_words("van"),
        "surname_after_case_word": trigger_words(_CASE_WORDS),
        "lower_given_name_by_floor_or_number": trigger_words("van"),
        "name_after_naming_verb": trigger_words("heet|heten|noemt|noemde|naam|opgegeven|opgaf"),
    }

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self._lexicon = lexicon
        self._field = next(c for p, c in self._compiled if p.name == "name_in_field")

    def reject_match(self, text: str, start: int, end: int, pattern_name: str) -> bool:
        """The patterns of this round have their own checks; the others share ``reject``."""
        if pattern_name == "surname_after_capital_particle":
            return self._not_a_particle_surname(text, start, text[start:end])
        if pattern_name in ("surname_by_home_or_unit", "given_name_after_description"):
            return not self._named_by_place_or_look(text, start, end, pattern_name)
        if pattern_name == "lower_given_name_by_floor_or_number":
            value = text[start:end]
            return not (value.title() in self._lexicon.first_names
                        and value not in STOP_WORDS and value not in self._lexicon.common_words)
        if pattern_name in ("name_after_we", "name_after_service_number"):
            return not self._officer(text[start:end])
        if pattern_name == "initials_in_sign_off_field":
            return not self._initials_or_user_name(text[start:end])
        if pattern_name == "surname_after_case_word":
            return not self._surname_after_case_word(text, start, end)
        if pattern_name == "surname_after_relative":
            return not self._known_surname(text[start:end])
        if pattern_name == "family_in_the_plural":
            surname = text[start : end - 2]
            return not (surname in self._lexicon.surnames and person_like(surname, self._lexicon)
                        and surname.lower() not in self._lexicon.common_words)
        return self.reject(text, start, end)

    def _named_by_place_or_look(self, text: str, start: int, end: int, pattern_name: str
                                ) -> bool:
        """ "Winter van driehoog", "Die lange, Stijn.": a name, not "die Chinees van
        hiernaast" (a noun after an article) or a place, body or word."""
        value, lex = text[start:end], self._lexicon
        if pattern_name == "given_name_after_description" and value not in lex.first_names:
            return False
        if _ARTICLE_BEFORE.search(text, max(0, start - 8), start) or (
                _CAPITALISED_WORD_BEFORE.search(text, max(0, start - 30), start)):
            return False
        lower = value.lower()
        if lower in STOP_WORDS or lower in lex.common_words or lex.is_place(value) or (
                institution_word(value)):
            return False
        return lex.is_name(value) or value in lex.surnames or self._person_like(value)

    def _officer(self, value: str) -> bool:
        """ "Brouwer", "BROUWER", "De Vries": the (last) word a known surname, also where it
        is a word, or a word that looks like a name; no body or function ("wij, Burgemeester
        en Wethouders")."""
        last = value.split()[-1]
        last = last.title() if last.isupper() else last
        if _FUNCTION_WORD.fullmatch(last):
            return False
        return self._known_surname(last) or self._person_like(last)

    def _initials_or_user_name(self, value: str) -> bool:
        """A sign-off field's value: no Dutch word ("Paraaf: akkoord", "Notulen: volgen"), no
        abbreviation ("KvK"); a word of more than five letters only as a known given name."""
        lower, lex = value.lower(), self._lexicon
        if value.upper() in _ABBREVIATIONS or value in _ABBREVIATIONS or (
                lower in STOP_WORDS or lower in lex.common_words or lower in _NOT_INITIALS
                or institution_word(value)):
            return False
        if "." in value or "_" in value or len(value) <= 5 and not lex.is_place(value):
            return True
        if _INITIALS_GLUED.match(value):
            return True  # "jvdwiel": initials written together with the surname
        return value.title() in lex.first_names and not lex.is_place(value)

    def _surname_after_case_word(self, text: str, start: int, end: int) -> bool:
        """ "casus Bakker": a known surname, not a function ("voornemen Burgemeester en
        wethouders") or a word that begins a department's name ("bezwaar Bouw en Toezicht")."""
        value, lex = text[start:end], self._lexicon
        joined = _AND_AFTER.match(text, end)
        if _FUNCTION_WORD.fullmatch(value) or (joined and not lex.is_name(joined.group(1))):
            return False
        return self._known_surname(value)

    def _known_surname(self, value: str) -> bool:
        """ "de zoon van Groen", "casus Bakker": a known surname (also where it is a word), not
        "de vader van Amsterdam" or "dossier Politie"."""
        lex = self._lexicon
        return (value in lex.surnames and not lex.is_place(value)
                and not institution_word(value) and value.lower() not in STOP_WORDS)

    def reject(self, text: str, start: int, end: int) -> bool:
        value = text[start:end]
        if _PARTICLE_SURNAME.fullmatch(value):
            return self._not_a_particle_surname(text, start, value)
        if _SURNAME_COMMA_INITIALS.fullmatch(value):
            # "van der Meer, J.P.": initials after a comma make even a word ("Meer") a surname
            surname = value.split(",")[0].split()[-1]
            with_particle = " " in value.split(",")[0]
            return institution_word(surname) or surname.lower() in NOT_NAME_WORDS or (
                not with_particle and self._lexicon.is_place(surname))
        if " " not in value and _PREPOSITION_BEFORE.search(text, max(0, start - 10), start) and (
                not text.startswith(" hier", end)):
            # "bij Orhan": only a known given name that is no word, place or body
            return not (value in self._lexicon.first_names
                        and value.lower() not in self._lexicon.common_words
                        and value.lower() not in STOP_WORDS and not institution_word(value)
                        and not self._lexicon.is_place(value)
                        and not (_CAPITALISED_WORD_BEFORE.search(text, max(0, start - 30), start)
                                 and not text.endswith("Volgens ", 0, start)))
        if _ALTERNATIVE.search(value) and _SEEING_OR_SAYING_BEFORE.search(
                text, max(0, start - 60), start):
            # "achternaam Noorzai of Nurzai": each spelling must be a name
            return not all(self._person_like(part) for part in _ALTERNATIVE.split(value))
        if " " not in value and not value.isupper() and (
            _PERSON_VERB_AFTER.match(text, end)
            or _SEEING_OR_SAYING_BEFORE.search(text, max(0, start - 60), start)
        ):
            return not self._one_name(text, start, value)
        if value.isupper() and not value.endswith("."):
            words = [w.title() for w in _UPPER_WORD.findall(value)]
            return not words or not self._person_like(" ".join(words))
        if " " not in value and _FUNCTION_BEFORE.search(text, max(0, start - 30), start):
            # "burgemeester Cremers", "de wijkagent, Koning" (a known surname, also where it is
            # a word), not "wethouder Financiën" or "commissaris Noord"
            lex = self._lexicon
            return not ((lex.is_name(value) or value in lex.surnames)
                        and not institution_word(value) and not lex.is_place(value)
                        and value.lower() not in STOP_WORDS)
        line_start = text.rfind("\n", 0, start) + 1
        field = self._field.match(text, line_start)
        if field is not None and field.span("value") == (start, end):
            return self._not_a_field_name(field.group("label"), value)
        return not self._person_like(value)

    def _person_like(self, value: str) -> bool:
        return person_like(value, self._lexicon)

    def _not_a_particle_surname(self, text: str, start: int, value: str) -> bool:
        """ "de Vries" and "van Dijk" are names; "van Amsterdam" (a municipality), "op de
        Brink" (after a preposition of place) and "van de Weg" (a word) are not."""
        surname = value.rsplit(" ", 1)[-1]
        lex = self._lexicon
        if surname not in lex.interfix_surnames or institution_word(surname) or (
            surname.lower() in NOT_NAME_WORDS
        ):
            return True  # "de anonimisering van Baken": no name written with "van"
        if lex.is_place(value):
            return True  # "naar Den Haag", "van De Bilt"
        before = _LOWER_WORD_BEFORE.search(text, max(0, start - 30), start)
        if value[0].isupper() and before and (
                institution_word(before.group(1)) or _business_word(before.group(1))):
            return True  # "wijkcentrum De Kuip", "café De Zwaan": the name of a place
        rest = text[start + len(value) - len(surname) :].lower()
        if not value.startswith("Van") and any(
                rest.startswith(m) for m in lex.municipalities if m.startswith(surname.lower())):
            return True  # "het college van Horst aan de Maas"
        if _CAPITALISED_WORD_BEFORE.search(text, max(0, start - 30), start) or (
            HOUSE_NUMBER_AFTER.match(text, start + len(value))
        ):
            return True  # "Land van Cuijk", "Raad van State"; "van Boek 2", "de Weg 12"
        return bool(_PLACE_PREPOSITION_BEFORE.search(text, max(0, start - 12), start))

    def _one_name(self, text: str, start: int, value: str) -> bool:
        """One word is a name when it is a known name (before a person's verb) or, after a
        verb of seeing or saying, no word at all (no Dutch word, institution, place)."""
        if value.lower() in STOP_WORDS or self._lexicon.is_place(value):
            return False
        if _CAPITALISED_WORD_BEFORE.search(text, max(0, start - 30), start):
            return False  # "Zeeuwse Stromen verklaarde": the tail of a longer name
        if self._lexicon.is_name(value):
            return True
        return bool(_SEEING_OR_SAYING_BEFORE.search(text, max(0, start - 60), start)) and (
            self._person_like(value) and value.lower() not in self._lexicon.common_words)

    def _not_a_field_name(self, label: str, value: str) -> bool:
        if _NOT_PERSON_FIELDS.search(label):
            return True
        if "voorletter" in label.lower():
            return not re.fullmatch(rf"{INITIALS}", value.strip() + ("" if value.endswith(".")
                                                                     else "."))
        if _ALL_CAPS.fullmatch(value):
            words = [w.title() for w in _UPPER_WORD.findall(value)]
            return not words or not self._person_like(" ".join(words))
        return not self._person_like(value)


def person_like(value: str, lex: Lexicon) -> bool:
    """Words that could be a person's name and together are no institution, business, street
    or place ("Dritan Hoxha" yes; "Openbaar Ministerie", "Lange Bisschopstraat" no)."""
    words = [w.strip(",") for w in name_words(value) if len(w.strip(",")) > 1]  # no initials
    if not words:
        return False
    for word in words:
        lower = word.lower()
        if _COLOUR.fullmatch(lower):
            return False  # "LICHTGRIJZE AUDI": a description, not a name
        if (
            (not_a_name(word, lex.common_words) and not lex.is_name(word))
            or lower in NOT_NAME_WORDS
            or lower in STOP_WORDS
            or institution_word(word)
            or (lex.is_street(word) and not lex.is_name(word))
            or _business_word(lower)
            or (lower.endswith("se") and not lex.is_name(word))  # "Zeeuwse", "Haagse"
        ):
            return False
    if (lex.is_place(value) or lex.is_street(value)) and value not in lex.first_names:
        return False
    alone = len(words) == 1 and value.split()[0].strip(",") == words[0]
    if alone and lex.is_place(words[0]) and words[0] not in lex.first_names:
        return False  # "Apeldoorn, J." in a list of sources
    return not (lex.is_place(words[-1]) and not lex.is_name(words[-1]))


#: Colours as a description ("LICHTGRIJZE AUDI", "zwarte Golf"); the plain forms (Wit, Bruin,
#: Groen, De Zwart) are also surnames and stay possible names.
_COLOUR = re.compile(
    r"(?:licht|donker|mat)(?:grijs|grijze|zwart|zwarte|wit|witte|rood|rode|blauw|blauwe|groen"
    r"|groene|geel|gele|bruin|bruine|paars|paarse)"
    r"|grijze|zwarte|rode|blauwe|groene|gele|bruine|paarse|zilveren|zilverkleurige"
    r"|goudkleurige|antraciet|donkere|lichte"
)
_LONG_KINDS = tuple(k for k in KIND_WORDS if len(k) >= 5)


def _business_word(lower: str) -> bool:
    """ "cafetaria", "supermarkten": a kind of business, also in the plural."""
    return lower in KIND_WORDS or lower in TRADE_WORDS or lower.startswith(_LONG_KINDS)
