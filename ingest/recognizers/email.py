"""E-mail addresses (own pattern: Presidio's e-mail recognizer would look up TLDs online).

A public body's general mailbox ("info@gemeente-oss.nl", "meldpunt@politie.nl") is no
personal data and stays readable, so that a text keeps saying where to write. Only a role word
before the @ and a public body's domain together make such a mailbox; anything with a name in
it, and any business's mailbox, is replaced.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer
from ingest.recognizers.lexicon import Lexicon

#: What a shared mailbox is called before the @
_ROLE_MAILBOX = re.compile(
    r"(?:info|informatie|contact|post|postbus|secretariaat|meldpunt|meldingen|klantcontact"
    r"|klantenservice|servicedesk|helpdesk|handhaving|vergunningen|bibob|oov|veiligheid"
    r"|openbareorde|apv|evenementen|griffie|communicatie|pers|persvoorlichting|receptie"
    r"|administratie|gemeente|burgerzaken|wijkteam|toezicht|noreply|no-reply|privacy|fg"
    r"|bezwaar|bezwaarschriften|klachten|subsidies|loket|team|afdeling|zorg|jeugd|wonen"
    r"|welzijn|leefbaarheid|ondermijning|crisisbeheersing|jeugdzaken)"
    # a topic or number after it: "postbus172b", "meldpunt-overlast", "info.oov"
    r"(?:[-._]?(?P<suffix>[a-z0-9]{1,15}))?",
    re.IGNORECASE,
)
#: Domains of public bodies: a municipality, the police, the national government and its
#: services, courts, safety regions and health services
_PUBLIC_DOMAIN = re.compile(
    r"(?:^|[.-])(?:gemeente|politie|overheid|rijksoverheid|minbzk|minjenv|minvws|rechtspraak"
    r"|veiligheidsregio|ggd|belastingdienst|justis|raadvanstate|nationaleombudsman"
    r"|autoriteitpersoonsgegevens|hetccv|riec|veiligheidshuis|zorgenveiligheidshuis"
    r"|omgevingsdienst|waterschap|provincie)(?:[.-]|$)"
    # short names of public bodies only as the whole domain: om.nl, ind.nl, kvk.nl
    r"|^(?:om|ind|coa|cjib|rvig|rvo|kvk|ccv|vng)$"
    r"|^(?:gemeente|provincie|veiligheidsregio)[a-z-]+$",
    re.IGNORECASE,
)
#: a dot as such addresses write it: ".", " . ", "[dot]", "(punt)", " punt ", " DOT "
_DOT = r"(?:[ ]?(?:\.|\[dot\]|\(dot\)|\[punt\]|\(punt\))[ ]?|[ ](?:punt|dot|DOT|PUNT)[ ])"
_DOMAIN_TAIL = re.compile(r"\.[a-z]{2,24}$", re.IGNORECASE)


class EmailRecognizer(DutchPatternRecognizer):
    """``naam@domein.nl``; a top-level domain of 2-24 letters is required."""

    ENTITY = "EMAIL"
    PATTERNS = (
        Pattern(
            "email",
            r"(?<![\w.+%-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])",
            0.95,
        ),
        # written so that spam robots miss it: "j.jansen[at]gmail.com", "piet (at) ziggo (dot) nl",
        # "j.smit @ hotmail . com", "jansmit AT ziggo DOT nl"
        Pattern(
            "email_obfuscated",
            rf"(?<![\w.+%-])[\w.%+-]{{1,64}}[ ]?(?:\[at\]|\(at\)|\{{at\}}|[ ]apenstaartje[ ]"
            rf"|[ ]@[ ]|[ ](?:AT|at)[ ])[ ]?[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,3}}{_DOT}"
            r"[A-Za-z]{2,24}(?![\w-])",
            0.9,
        ),
    )
    CONTEXT = ("e-mail", "email", "mail", "mailadres")

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        super().__init__()
        self._lexicon = lexicon

    def reject(self, text: str, start: int, end: int) -> bool:
        return public_mailbox(text[start:end], self._lexicon)


def public_mailbox(address: str, lexicon: Lexicon | None = None) -> bool:
    """True for a public body's shared mailbox: "info@gemeente-kromwijk.nl", "meldpunt@politie.nl",
    "handhaving@oss.nl" (a municipality's own domain)."""
    local, at, domain = address.partition("@")
    role = _ROLE_MAILBOX.fullmatch(local) if at else None
    if role is None:
        return False
    suffix = role.group("suffix")
    if suffix and lexicon is not None and lexicon.is_name(suffix.title()):
        return False  # "team.jansen@...": a person after all
    base = _DOMAIN_TAIL.sub("", domain.lower())
    if _PUBLIC_DOMAIN.search(base):
        return True
    return lexicon is not None and base.replace("-", " ") in lexicon.municipalities
