"""Street addresses: street + house number (+ toevoeging), then optionally the postcode."""

from __future__ import annotations

from collections.abc import Sequence

import regex as re
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from assistant.core.protocols import Finding
from ingest.recognizers.base import DutchPatternRecognizer, word_before, word_set
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.propagation import trie_pattern

_SUFFIX = (
    r"(?:straat|str\.|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|pad|steeg|markt"
    r"|baan|allee|boulevard|erf|gaarde|hoek|kamp|veld|wal|haven|plantsoen|promenade|dam|brink"
    r"|schans|vliet|sloot|tuin|zoom|straatweg|dijkje|laantje|pleintje|stede|akker|weide|berg"
    r"|bos|heuvel|vaart|wetering|kanaal|hout|hage|veste|burcht|poort|toren|dal|wei|kerkhof"
    r"|oever|stoep|tocht|werf|meent|hoven|horst|donk"
    # shortened as people type them: "Pr. Bernhardln. 7", "Mgr. Nolensstr 10", "Oranjesngl. 4"
    r"|ln\.|str|pln\.|sngl\.|gr\.|kd\.|wg\."
    # German and Belgian addresses in Dutch files: "Lindenstraße 18", "Marktplatz 4"
    r"|straße|strasse|gasse|platz|damm|ufer)"
)
_CAP = r"[A-ZÀ-ÖØ-Þ]"
_LOW = r"[a-zß-öø-ÿ'’.]"
_PARTICLE = r"(?:van|de|der|den|het|'t|ter|ten|op|aan|in|la|le|du|bij|achter|over|en)"
# A word of the street name; numbers like "1e" or "2de" may open it ("1e Hugo de Grootstraat").
_WORD = rf"(?:(?:'s-|’s-)?{_CAP}{_LOW}*(?:-{_CAP}?{_LOW}+)*|\d{{1,2}}(?:e|ste|de))"
_STREET = rf"(?:(?:{_WORD}[ ](?:{_PARTICLE}[ ]){{0,3}}){{0,3}}{_WORD})"
# Toevoegingen: a letter, "hs", "bis", a floor ("III", "-2", "3-hoog"), a door code ("A3",
# "-B02") or a unit ("unit 4", "app. 12").
_HOUSE_NUMBER = (
    r"\d{1,5}(?:[ ]?-?[ ]?(?:[A-Z]{1,2}\d{0,3}|[a-z]|hs|bis|rd|zw|bg|I{1,3}|boven|beneden|huis)"
    r"(?![\w])|[-/]\d{1,4}(?:[ ]?(?:hg|hoog)|[a-z])?(?![\w]))?"
    r"(?:[ ](?:unit|app\.?|appartement|kamer)[ ]?\d{1,4}[A-Za-z]?(?![\w]))?"
)
#: The word some write before the house number: "Kerkstraat nr. 12", "Dorpsweg no 3"
_NUMBER_WORD = r"(?:(?:nr|no|nummer|huisnummer)\.?[ ]{1,2})"
#: A houseboat or caravan placed opposite a number: "Houtmankade t/o 46", "Kade t.o. 36"
_OPPOSITE = r"(?:(?:t/o|t\.o\.|tegenover)[ ]{1,2})"
_OPPOSITE_END = re.compile(r"[ ]{1,2}(?:t/o|t\.o\.|tegenover)$")
#: The house number after a street name, inside a found address
_NUMBER_AFTER_STREET = re.compile(rf"[ ]{{1,2}}{_NUMBER_WORD}?{_HOUSE_NUMBER}")
# A postcode directly after the number belongs to the address; the city does not (place names
# are not identifiers, and "[ADRES-1] Apeldoorn" keeps the municipality readable).
_POSTCODE = r"(?:,?[ ]{1,2}[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![\w-]))"
# What may follow a number that is not a house number: units, amounts, articles.
_NOT_AFTER = (
    r"(?![\d,.:%°]\d|[ ]?(?:%|euro|jaar|jaren|uur|minuten|km|m2|m²|meter|cm|kg|procent|keer"
    r"|dagen|weken|maanden|personen|woningen|lid|leden|van de|van het)\b)"
)
# Words that open multi-word street names: "Burgemeester de Withstraat", "Oude Gracht".
_OPENERS = word_set(
    "Van De Den Het Oude Nieuwe Grote Kleine Lange Korte Hoge Lage Sint St. Burgemeester Burg. "
    "Dr. Prof. Mr. Ds. Prins Prinses Koning Koningin Graaf Gravin Hertog Jonker President "
    "Generaal Kardinaal Pastoor Dominee Meester Noord Zuid Oost West Binnen Buiten Achter Nieuw "
    "Oud Eerste Tweede Derde 1e 2e 3e Noorder Zuider Ooster Wester Jan Johan Mgr. Pr. Kon. "
    "Gen. Past. Graaf."
)
_PARTICLES = frozenset(
    ["van", "de", "der", "den", "het", "'t", "ter", "ten", "op", "aan", "in", "la", "le", "du"]
)
_NOT_STREET = word_set(
    "artikel artikelen hoofdstuk paragraaf afdeling bijlage lid titel boek onderdeel fase zone "
    "stap week jaar nummer model tabel figuur versie route sector categorie niveau klasse groep "
    "pagina blz bladzijde regel punt sub staatsblad staatscourant gemeenteblad kamerstukken wet "
    "besluit verordening apv opiumwet gemeentewet politiewet awb bibob uur dag maand januari "
    "februari maart april mei juni juli augustus september oktober november december cao "
    "rijksbegroting begroting programma schaal bus lijn tram metro trein kanaal prijs"
)


_SUFFIX_END = re.compile(rf"{_SUFFIX}$")
#: Kinds of street that open the name, often shortened: "Laan van Meerdervoort", "Ln. van Nieuw
#: Oosten", "Plein 1944", "Weg naar Zee"
_KIND_OPENERS = word_set(
    "Laan Ln. Plein Pln. Straat Str. Weg Kade Singel Sngl. Dijk Hof Park Dreef Steeg Gracht "
    "Burgwal Wal Pad"
)


class AdresRecognizer(DutchPatternRecognizer):
    """``Lindelaan 14``, ``Burgemeester de Withstraat 12-III``, ``Markt 3``, ``Dijk 44 A``.

    Street names with a typical ending are found by pattern; street names that are ordinary
    words (Markt, Brink, Dijk) are found through the list of Dutch streets shipped with deduce.
    """

    ENTITY = "ADRES"
    PATTERNS = (
        Pattern(
            "street_and_number",
            rf"(?<![\w-]){_STREET}[ ]{{1,2}}{_OPPOSITE}?{_NUMBER_WORD}?{_HOUSE_NUMBER}{_NOT_AFTER}"
            rf"{_POSTCODE}?",
            0.5,
        ),
        # forms in capitals: "ADRES: DORPSSTRAAT 88"
        Pattern(
            "caps_street_and_number",
            rf"(?<![\w-])(?:[A-Z]{{2,}}[ ]){{0,2}}[A-Z]{{2,}}{_SUFFIX.upper()}[ ]{{1,2}}"
            rf"{_HOUSE_NUMBER}{_NOT_AFTER}{_POSTCODE}?",
            0.5,
        ),
        # typed in lower case: "woont op de lindenlaan 3" (only streets the list knows)
        Pattern(
            "lower_street_and_number",
            rf"\b(?<![\w-])(?=[a-zß-öø-ÿ]+[ ]{{1,2}}\d)[a-zß-öø-ÿ]{{2,}}{_SUFFIX}[ ]{{1,2}}"
            rf"{_HOUSE_NUMBER}{_NOT_AFTER}",
            0.5,
        ),
    )
    CONTEXT = ("adres", "woonadres", "woning", "wonende", "woonachtig", "pand", "perceel")

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        super().__init__()
        self._lexicon = lexicon

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for result in results:
            span = self._street_span(text, result.start, result.end)
            if span is None:
                continue
            result.start = span
            result.score = 0.85
            kept.append(result)
        return kept

    def _street_span(self, text: str, start: int, end: int) -> int | None:
        """The start of the street name inside the match, or None if it is no street.

        The regex may take in words before the street ("café De Gouden Leeuw aan de Markt 3"):
        the street is the longest tail of at most four words that is a known Dutch street,
        otherwise the last word when it has a street ending, with the usual street-name
        openers before it (Burgemeester de ..., Van ..., Grote ...).
        """
        value = text[start:end]
        number = _NUMBER_AFTER_STREET.search(value)
        if number is None:
            return None
        words = _OPPOSITE_END.sub("", value[: number.start()]).split(" ")
        if value[:1].islower() and not (self._lexicon and self._lexicon.is_street(words[-1])):
            return None  # a lower-case street must be a known one
        last = words[-1]
        if last.lower() in _NOT_STREET or word_before(text, start) in (
            "artikel",
            "lid",
            "hoofdstuk",
        ):
            return None
        lex = self._lexicon
        for i in range(max(0, len(words) - 4), len(words)):
            if lex and lex.is_street(" ".join(words[i:])):
                while i > 0 and words[i - 1] in _OPENERS:
                    i -= 1  # "Meester Kochstraat" where the list only knows "Kochstraat"
                return start + sum(len(w) + 1 for w in words[:i])
        opener = next((i for i in range(len(words) - 1) if words[i] in _KIND_OPENERS
                       and words[i + 1].lower() in _PARTICLES | {"naar"}), None)
        if opener is not None:
            return start + sum(len(w) + 1 for w in words[:opener])  # "Ln. van Nieuw Oosten 12"
        if (lex and lex.is_place(last)) or not _SUFFIX_END.search(last.lower()):
            return None
        i = len(words) - 1
        while i > 0 and (words[i - 1] in _OPENERS or words[i - 1].lower() in _PARTICLES):
            i -= 1
        while i < len(words) - 1 and words[i].lower() in _PARTICLES:
            i += 1  # a street name does not start with "de" or "van" in lower case
        return start + sum(len(w) + 1 for w in words[:i])


_HOUSE_NUMBER_AT = re.compile(rf"[ ]{{1,2}}{_HOUSE_NUMBER}{_NOT_AFTER}{_POSTCODE}?")


def repeat_streets(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """A street found once with a house number is an address wherever it occurs again with a
    number, in any case: "Groene Weide 4" ... "groene weide 16", "GROENE WEIDE 10"."""
    streets = set()
    for f in findings:
        if f.entity_type != "ADRES":
            continue
        value = text[f.start : f.end]
        number = _NUMBER_AFTER_STREET.search(value)
        if number is not None and number.start() >= 3:
            streets.add(" ".join(value[: number.start()].lower().split()))
    if not streets:
        return []
    pattern = re.compile(rf"(?i)(?<![\w-]){trie_pattern(streets)}(?=[ ]{{1,2}}\d)")
    extra = []
    for match in pattern.finditer(text):
        number = _HOUSE_NUMBER_AT.match(text, match.end())
        if number is not None:
            extra.append(Finding("ADRES", match.start(), number.end(), 0.85, "StraatHerhaling"))
    return extra
