"""Person names as people type them in chats and quick e-mails: the sender before a colon at the
start of a line ("[14:02] Noor: heb je ...", "marco: die witte bus ..."), and a given name
with a surname in lower case ("hij heet kevin de bruijn").

Both shapes are common in ordinary text too ("Onderwerp: ...", "de bank"), so the words are
checked against the name lists: the first word must be a known given name that is no Dutch
word, and a lower-case surname must be a known surname.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.nl.stop_words import STOP_WORDS

from ingest.recognizers.base import REGEX_TIMEOUT_SECONDS, DutchPatternRecognizer
from ingest.recognizers.chat import TIME, WORD, typed_line
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import (
    FORMS_OF_ADDRESS,
    PARTICLES,
    RELATIVES,
    institution_word,
    not_a_name,
)
from ingest.recognizers.propagation import trie_pattern

_LOWER_WORD = r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’]+"
_LOWER_PARTICLE = r"(?:(?:van der|van den|van de|van|de|den|der|ter|ten|el|al)[ ])"
_KIN = rf"(?:{RELATIVES}|jongen|meisje|agent|wijkagent|handhaver|boa|{FORMS_OF_ADDRESS})\.?"
_KIN_BEFORE = re.compile(rf"\b{_KIN}[ ]$")
_TITLE_BEFORE = re.compile(rf"\b(?i:{FORMS_OF_ADDRESS})\.?[ ]$")
_TIME_START = re.compile(rf"[ \t]*{TIME}")
_LOWER_TOKEN = re.compile(r"(?<![\w'’-])[a-zà-öø-ÿ]{3,}(?![\w'’-])")


#: A given name alone on the line under a message's last sentence (which ends in . ! ? or ,)
_SIGNATURE = re.compile(
    r"[.!?,][ \t]*\n[ \t]*(?P<value>\p{L}[\p{Ll}-]{2,20})[ \t]*(?=\n[ \t]*\n|\n-{3,}|\n>"
    r"|\n(?:Van|From|Op)[ :]|\s*$)")


#: The label of a form field before its value on the same line: "Naam veroorzaker (indien
#: bekend): "
_FORM_VALUE_BEFORE = re.compile(
    r"[ \t]*[\w() /-]{0,40}(?i:naam|veroorzaker|melder|betrokkene|bewoner|verdachte|dader"
    r"|persoon|personen|wie)[\w() /-]{0,40}:[ \t]*")


class PersoonInformeelRecognizer(DutchPatternRecognizer):
    """Chat senders and lower-case full names, both checked against the name lists."""

    ENTITY = "PERSOON"
    PATTERNS = (
        # "mijn zoon bilal", "tegen agent de graaf": a name in lower case after a kin or role word
        Pattern(
            "lower_name_after_kin",
            rf"\b{_KIN}[ ](?!{_KIN}[ ])(?P<value>{_LOWER_PARTICLE}{{0,2}}{_LOWER_WORD})(?![\w'’-])",
            0.6,
        ),
        Pattern(
            "chat_sender",
            rf"(?m:^)[ \t]*{TIME}?(?P<value>{WORD}(?:[ ]{WORD}){{0,2}})[ ]?:[ ]+(?=\S)",
            0.6,
        ),
    )

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self._lexicon = lexicon
        self._lower_given = frozenset(
            name.lower() for name in lexicon.first_names if self._given(name)
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Chat senders by pattern; lower-case full names only after a known given name in
        lower case, looked up in the words of the text (no pattern over every word pair)."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        results.extend(self._signed_with_given_name(text))
        given = self._lower_given.intersection(_LOWER_TOKEN.findall(text))
        if not given:
            return results
        names = trie_pattern(given)  # the given names of this text, as one regex
        pattern = re.compile(
            rf"(?<![\w'’-])(?P<value>{names}[ ]{_LOWER_PARTICLE}{{0,2}}"
            rf"{_LOWER_WORD})(?![\w'’-])"
        )
        explanation = Pattern("lower_case_full_name", pattern.pattern, 0.6)
        for match in pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
            start, end = match.span("value")
            if self._lower_full_name(match.group("value").split()):
                results.append(self._result(explanation, start, end, 0.6, None))
        results.extend(self._introduced(text, names))
        results.extend(self._given_after_preposition(text, names))
        results.extend(self._given_pairs(text, names))
        return results

    def _introduced(self, text: str, names: str) -> list[RecognizerResult]:
        """ "mijn naam is gerda van zwolle", "ik ben kevin": after a self-introduction a known
        given name in lower case, with the words of a surname that follow it (any word: the
        introduction says it is a name)."""
        pattern = re.compile(
            rf"(?i:\b(?:mijn naam is|ik ben|ik heet|heet|genaamd|ondergetekende))[ ]+"
            rf"(?P<value>{names}(?:[ ]{_LOWER_PARTICLE}{{0,2}}{_LOWER_WORD})?)"
            rf"(?![\w'’-])"
            # "zegt dat ie andrei heet": the given name before the verb
            rf"|(?i:\b(?:hij|zij|ie|ze|die|dat))[ ](?P<value>{names})[ ](?i:heet|heette)\b"
        )
        explanation = Pattern("lower_name_introduced", pattern.pattern, 0.6)
        out = []
        for match in pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
            words = (match.group("value") or "").split()
            if len(words) > 1 and not any(w in PARTICLES for w in words[1:]) and (
                    words[-1] in STOP_WORDS or words[-1] in self._lexicon.common_words):
                words = words[:1]  # "ik ben kevin en ..." : the given name only
            start = match.start("value")
            end = start + len(" ".join(words))
            out.append(self._result(explanation, start, end, 0.6, None))
        return out

    def _signed_with_given_name(self, text: str) -> list[RecognizerResult]:
        """ "graag actie!!\nria": a message signed with a known given name (no Dutch word) on
        a line of its own, right under the message's last sentence and above a blank line,
        a forwarded header or the end."""
        explanation = Pattern("given_name_signature", _SIGNATURE.pattern, 0.6)
        return [self._result(explanation, m.start("value"), m.end("value"), 0.6, None)
                for m in _SIGNATURE.finditer(text, timeout=REGEX_TIMEOUT_SECONDS)
                if self._given(m.group("value"))]

    def _given_pairs(self, text: str, names: str) -> list[RecognizerResult]:
        """ "vraag maar aan youssef of dani", "met bilal en ricardo": two known given names in
        lower case (no Dutch words) joined by "en", "of" or a comma, in a line typed as in a
        chat or as a form's value ("Naam veroorzaker: marco of mario"), are two people ("voor
        zomer en winter" in policy text stays)."""
        pattern = re.compile(
            rf"(?<![\w'’-])(?P<first>{names})(?:,[ ]|[ ]en[ ]|[ ]of[ ]|[ ]&[ ])"
            rf"(?P<second>{names})(?![\w'’-])"
        )
        explanation = Pattern("lower_given_names_joined", pattern.pattern, 0.6)
        return [self._result(explanation, m.start(group), m.end(group), 0.6, None)
                for m in pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS)
                if typed_line(text, m.start()) or _FORM_VALUE_BEFORE.fullmatch(
                    text, text.rfind("\n", 0, m.start()) + 1, m.start())
                for group in ("first", "second")]

    def _given_after_preposition(self, text: str, names: str) -> list[RecognizerResult]:
        """ "dan bij ferhat zn schuur", "de broer van rinske": a known given name in lower case
        (no Dutch word) after a preposition, as people type names in chats."""
        pattern = re.compile(
            rf"\b(?:bij|met|tegen|van|voor|naast|door|volgens|zonder|aan)[ ]"
            rf"(?P<value>{names})(?![\w'’-]|[ ]{_LOWER_PARTICLE}?{_LOWER_WORD}[ ]\d)"
        )
        explanation = Pattern("lower_given_after_preposition", pattern.pattern, 0.5)
        return [self._result(explanation, m.start("value"), m.end("value"), 0.5, None)
                for m in pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS)
                if typed_line(text, m.start())]

    def reject(self, text: str, start: int, end: int) -> bool:
        words = text[start:end].split()
        if _TITLE_BEFORE.search(text, max(0, start - 12), start) and len(words) == 1 and (
                self._lower_surname(words[0])):
            return False  # "mevr. bakker durft niet meer naar buiten"
        if _KIN_BEFORE.search(text, max(0, start - 30), start):
            return not self._lower_name_after_kin(words)
        line = text.rfind("\n", 0, start) + 1
        timed = _TIME_START.match(text, line) is not None and text[line:start].strip() != ""
        return not self._sender(words, timed)

    def _lower_name_after_kin(self, words: list[str]) -> bool:
        """ "mijn zoon bilal", "agent de graaf": a known given name, or a tussenvoegsel and a
        known surname, in lower case after a family or role word."""
        if words[0] in PARTICLES:
            surname = words[-1].title()
            if not_a_name(words[-1]) or institution_word(words[-1]):
                return False  # "mevrouw de burgemeester"
            return len(words) >= 2 and surname in self._lexicon.surnames and (
                words[-1] not in STOP_WORDS) and (
                not self._lexicon.is_place(surname) or surname in self._lexicon.interfix_surnames)
        return self._given(words[0]) and len(words) == 1

    def _lower_surname(self, word: str) -> bool:
        """A known surname in lower case that is no place, body or function ("bakker")."""
        lex = self._lexicon
        return (word.title() in lex.surnames and word not in STOP_WORDS and not lex.is_place(word)
                and not not_a_name(word, lex.common_words) and not institution_word(word))

    def _given(self, word: str) -> bool:
        lex = self._lexicon
        lower = word.lower()
        return (
            word[:1].isalpha()
            and len(lower) >= 3
            and word.title() in lex.first_names
            and lower not in lex.common_words
            and lower not in STOP_WORDS
            and not lex.is_place(word)
        )

    def _lower_full_name(self, words: list[str]) -> bool:
        """ "kevin de bruijn", "henk jansma": a given name, then a known surname (which may be
        a word when a tussenvoegsel shows it is a name: "de kok")."""
        first, last = words[0], words[-1]
        if not self._given(first):
            return False
        surname = last.title()
        lex = self._lexicon
        if surname not in lex.surnames or lex.is_place(surname) or last in STOP_WORDS:
            return False
        has_particle = any(w in PARTICLES for w in words[1:-1])
        return has_particle or (last not in lex.common_words and last not in STOP_WORDS)

    def _sender(self, words: list[str], timed: bool) -> bool:
        """ "Noor", "petra v", "Gert-Jan", "Anja B": a given name first; the rest short or a
        name. After a time stamp any name-like word will do."""
        lex = self._lexicon
        if any(institution_word(w) for w in words):
            return False
        first = words[0]
        if self._given(first) or all(self._given(part) for part in first.split("-")):
            rest = words[1:]
            return all(len(w) <= 2 or w.lower() in PARTICLES or w.title() in lex.surnames
                       or w.title() in lex.first_names for w in rest)
        return timed and first[:1].isupper() and first.lower() not in lex.common_words and (
            first.lower() not in STOP_WORDS
        )
