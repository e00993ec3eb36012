"""The citation grammar: any llama.cpp model can only answer with cited sentences or refuse."""

from __future__ import annotations

import pytest
from llama_cpp import LlamaGrammar

from assistant.llm.fake import ScriptedLLM
from assistant.service import REFUSAL, Assistant
from guardrails.citation_grammar import citation_grammar
from tests.fakes import FixedRetriever, RegexAnonymizer, source

PASSAGE = "De burgemeester kan besluiten een woning te sluiten bij verstoring van de orde."


@pytest.mark.parametrize("n_sources", [1, 3, 12])
def test_grammar_compiles_in_llama_cpp_and_allows_only_given_sources(n_sources: int) -> None:
    gbnf = citation_grammar(n_sources, REFUSAL)
    LlamaGrammar.from_string(gbnf, verbose=False)  # raises on a syntax error
    source_rule = next(line for line in gbnf.splitlines() if line.startswith("source ::="))
    allowed = {alt.strip().strip('"') for alt in source_rule.split("::=")[1].split("|")}
    assert allowed == {str(n) for n in range(1, n_sources + 1)}
    assert REFUSAL in gbnf


def test_grammar_needs_at_least_one_source() -> None:
    with pytest.raises(ValueError):
        citation_grammar(0, REFUSAL)


def _ask(cite_with_grammar: bool, n_sources: int) -> ScriptedLLM:
    llm = ScriptedLLM("Zie [1].")
    sources = [source(i, PASSAGE) for i in range(1, n_sources + 1)]
    Assistant(FixedRetriever(sources), RegexAnonymizer(), lambda: llm,
              cite_with_grammar=cite_with_grammar, strategy="grammar").ask_complete(
                  "Wanneer mag dat?")
    return llm


def test_assistant_constrains_the_model_to_the_sources_it_was_given() -> None:
    llm = _ask(True, 2)
    assert llm.grammars == [citation_grammar(2, REFUSAL)]


def test_grammar_can_be_switched_off() -> None:
    assert _ask(False, 2).grammars == [None]
